"""Two connections to one SQLite file: a transaction that reads and then writes never fails
because the other connection committed in between (a payment while the sync applies a batch)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import OperationalError

from pishkhan.store.db import make_engine, session_factory, sqlite_url, upgrade
from pishkhan.store.dialect import begin_write
from pishkhan.store.models import AuditEvent

INSERT = "INSERT INTO audit_events (at, action, details) VALUES (CURRENT_TIMESTAMP, 'sync', '{}')"


@pytest.fixture
def engines(tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    desk = make_engine(sqlite_url(tmp_path / "desk.sqlite3"))
    upgrade(desk)
    other = make_engine(sqlite_url(tmp_path / "desk.sqlite3"))
    yield desk, other
    desk.dispose()
    other.dispose()


def _read_commit_elsewhere_then_write(desk: Engine, other: Engine, *, immediate: bool) -> int:
    sessions = session_factory(desk)
    committed = threading.Event()

    def sync_like_writer() -> None:
        with other.begin() as conn:
            conn.execute(text(INSERT))
        committed.set()

    with sessions() as session, session.begin():
        if immediate:
            begin_write(session)
        session.scalar(select(func.count()).select_from(AuditEvent))
        writer = threading.Thread(target=sync_like_writer)
        writer.start()
        committed.wait(0.5)
        session.add(AuditEvent(action="payment", details={}))
    writer.join(15)
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_a_write_transaction_waits_instead_of_failing(engines: tuple[Engine, Engine]) -> None:
    assert _read_commit_elsewhere_then_write(*engines, immediate=True) == 2


def test_without_it_sqlite_refuses_the_stale_write(engines: tuple[Engine, Engine]) -> None:
    """The failure begin_write exists for (so this test shows it still matters)."""
    with pytest.raises(OperationalError, match="locked"):
        _read_commit_elsewhere_then_write(*engines, immediate=False)


def test_readers_stay_deferred_and_do_not_queue(engines: tuple[Engine, Engine]) -> None:
    desk, other = engines
    with other.connect() as writer:
        writer.begin()
        writer.execute(text(INSERT))
        with desk.connect() as reader:
            # Sees the last committed state at once, without waiting for the writer.
            assert reader.scalar(text("SELECT count(*) FROM audit_events")) == 0
        writer.commit()

"""Pulled subscribers applied in bulk, on SQLite and PostgreSQL: new rows get their own ids and
their property, the search index follows, and a suspended index (a first pull) is caught up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, select

from pishkhan.store import repo
from pishkhan.store.db import make_engine, session_factory, sqlite_url, upgrade
from pishkhan.store.dialect import FTS_TABLE, SQLiteAdapter, adapter_for, begin_write
from pishkhan.store.models import Subscriber
from pishkhan.sync import schemas as api
from pishkhan.sync.apply import apply_subscribers_bulk

from ..pg import PG_URL, throwaway_schema

FIRST_NAMES = ("زهره", "علی‌رضا", "كاظم", "مهدي")


def _items(start: int, count: int) -> list[api.Subscriber]:
    return [
        api.Subscriber(
            subscription_no=str(30_000_000 + n),
            computer_code=str(7_000_000 + n),
            bill_id=str(9_000_000_000 + n),
            first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
            last_name=f"نیک‌نام {n}",
            status="active",
            use="domestic",
            units=1,
            diameter="1/2",
            has_sewer=True,
            city="کرمان",
            address=f"خیابان شفا، کوچه {n}",
            postal_code="",
            meter_digits=5,
            balance_rials=1000 * n,
            revision=n + 1,
        )
        for n in range(start, start + count)
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        found = make_engine(sqlite_url(tmp_path / "desk.sqlite3"))
        upgrade(found)
        yield found
        found.dispose()
        return
    if not PG_URL:
        pytest.skip("PISHKHAN_TEST_PG_URL is not set")
    with throwaway_schema("pishkhan_apply") as found:
        upgrade(found)
        yield found


def _apply(engine: Engine, items: list[api.Subscriber]) -> None:
    with session_factory(engine)() as session, session.begin():
        begin_write(session)
        assert apply_subscribers_bulk(session, items, set()) == (len(items), 0)


def test_new_subscribers_get_their_own_ids_and_property(engine: Engine) -> None:
    _apply(engine, _items(0, 40))
    _apply(engine, _items(40, 25))
    with session_factory(engine)() as session:
        subscribers = list(session.scalars(select(Subscriber).order_by(Subscriber.id)))
        assert len({s.id for s in subscribers}) == 65
        assert len({s.property_id for s in subscribers}) == 65
        for n, subscriber in enumerate(subscribers):
            assert subscriber.subscription_no == str(30_000_000 + n)
            assert subscriber.property.address == f"خیابان شفا، کوچه {n}"
        # An «ي» typed for «ی» and a joined «علیرضا» still find them.
        assert len(repo.search_by_name(session, "مهدي نیک‌نام", limit=100)) == 16
        assert len(repo.search_by_name(session, "علیرضا", limit=100)) == 16


def test_a_suspended_index_is_caught_up_once(engine: Engine) -> None:
    with engine.begin() as conn:
        adapter_for(conn).suspend_search_index(conn)
    _apply(engine, _items(0, 30))
    sqlite = engine.dialect.name == "sqlite"
    with session_factory(engine)() as session:
        found = repo.search_by_name(session, "زهره", limit=100)
        # SQLite's index waits for the catch-up; PostgreSQL's trigram indexes never stop.
        assert len(found) == (0 if sqlite else 8)
    with engine.begin() as conn:
        adapter = adapter_for(conn)
        assert adapter.search_index_suspended(conn) is sqlite
        assert adapter.resume_search_index(conn) is sqlite
        assert adapter.resume_search_index(conn) is False
    _apply(engine, _items(30, 10))  # kept current again, row by row
    with session_factory(engine)() as session:
        assert len(repo.search_by_name(session, "زهره", limit=100)) == 10
        assert len(repo.search_by_name(session, "نیک‌نام 35")) == 1
        if sqlite:  # the index agrees with its content table, row for row
            session.connection().exec_driver_sql(
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
            )


class _CountingAdapter(SQLiteAdapter):
    rebuilds = 0

    def rebuild_search_index(self, conn: Connection) -> None:
        self.rebuilds += 1
        super().rebuild_search_index(conn)


def test_an_index_built_alongside_is_used_only_if_it_covers_every_row(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "desk.sqlite3"))
    upgrade(engine)
    adapter = _CountingAdapter()
    for edit in (False, True):
        with engine.begin() as conn:
            adapter.suspend_search_index(conn)
        _apply(engine, _items(100 * edit, 50))
        follower = adapter.follow_search_index(engine)
        assert follower is not None
        assert follower.wait_indexed() == 50 * (1 + edit)
        if edit:  # after the follower indexed it: its index no longer covers the table
            with engine.begin() as conn:
                conn.exec_driver_sql(
                    "UPDATE subscriber_search SET words = 'کیخسرو', joined = 'کیخسرو' "
                    "WHERE subscriber_id = 1"
                )
        adapter.rebuilds = 0
        assert adapter.finish_search_index(engine, follower) is True
        assert adapter.rebuilds == (1 if edit else 0)
        assert not follower.path.exists()
        with engine.connect() as conn:
            assert adapter.search_subscribers(conn, "کیخسرو") == ([1] if edit else [])
            zohreh = adapter.search_subscribers(conn, "زهره", limit=100)
            assert len(zohreh) == 13 * (1 + edit) - edit  # row 1 was a زهره
            conn.exec_driver_sql(
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
            )
    engine.dispose()


def test_an_import_relaxes_its_connection_and_restores_it(tmp_path: Path) -> None:
    """Pulled pages skip the per-commit fsync; the connection goes back to the pool as it was
    (a payment committed through it later must be synced)."""
    engine = make_engine(sqlite_url(tmp_path / "desk.sqlite3"))
    upgrade(engine)
    adapter = SQLiteAdapter()

    def settings(conn: Connection) -> tuple[int, int, int]:
        raw = conn.connection.driver_connection  # no SQLAlchemy transaction begun
        assert raw is not None
        return tuple(  # type: ignore[return-value]
            int(raw.execute(f"PRAGMA {p}").fetchone()[0])
            for p in ("synchronous", "wal_autocheckpoint", "cache_size")
        )

    with engine.connect() as conn:
        before = settings(conn)
        assert before[:2] == (2, 1000)  # FULL, SQLite's default checkpointing
        with pytest.raises(RuntimeError), adapter.importing(conn, checkpoint_elsewhere=True):
            assert settings(conn)[:2] == (1, 0)  # NORMAL, checkpoints left to another process
            assert settings(conn)[2] < before[2]  # a bigger cache (negative: KiB)
            _apply_on(conn, _items(0, 5))
            raise RuntimeError("the feed broke off")
        assert settings(conn) == before
        with adapter.importing(conn, checkpoint_elsewhere=False):
            assert settings(conn)[:2] == (1, 1000)
    engine.dispose()


def _apply_on(conn: Connection, items: list[api.Subscriber]) -> None:
    with session_factory(conn.engine)(bind=conn) as session, session.begin():
        apply_subscribers_bulk(session, items, set())

"""Engine settings and migrations of the local store."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, event, inspect, select, text
from sqlalchemy.orm import Session

from pishkhan.store.db import (
    alembic_config,
    current_revision,
    head_revision,
    is_current,
    make_engine,
    session_factory,
    shipped_head,
    sqlite_url,
    stored_revisions,
    upgrade,
)
from pishkhan.store.dialect import FTS_TABLE, adapter_for, include_name
from pishkhan.store.dialect.sqlite import PAGE_SIZE
from pishkhan.store.models import Base, User


def _diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_name": include_name, "compare_type": True}
        )
        return list(compare_metadata(ctx, Base.metadata))


def test_upgrade_from_empty_matches_the_models(db_path: Path) -> None:
    engine = make_engine(sqlite_url(db_path))
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision() is not None
    assert _diff(engine) == []
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert FTS_TABLE in tables
    upgrade(engine)  # already at head: nothing to do, no error
    engine.dispose()


def test_compare_metadata_sees_a_missing_index(engine: Engine) -> None:
    """The migration check above can fail: drop an index and the diff shows it."""
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_subscribers_mobile"))
    assert any("ix_subscribers_mobile" in repr(d) for d in _diff(engine))


def test_downgrade_to_base_and_up_again(engine: Engine) -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    names = set(inspect(engine).get_table_names())
    assert names <= {"alembic_version"}
    upgrade(engine)
    assert _diff(engine) == []


def test_pragmas_in_effect_on_a_fresh_connection(engine: Engine) -> None:
    engine.dispose()  # the pool is empty: the next connection is a new one
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_wal_mode_is_persistent_in_the_file(engine: Engine, db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_a_new_store_gets_the_large_page_size(engine: Engine, db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE == 16384
    finally:
        raw.close()


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_an_existing_store_keeps_its_page_size(tmp_path: Path, journal: str) -> None:
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA page_size = 4096")
    raw.execute(f"PRAGMA journal_mode = {journal}")
    raw.execute("CREATE TABLE kept (x INTEGER)")
    raw.execute("INSERT INTO kept VALUES (7)")
    raw.commit()
    raw.close()
    old = make_engine(sqlite_url(path))
    try:
        upgrade(old)
        with old.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 4096
            assert conn.exec_driver_sql("SELECT x FROM kept").scalar() == 7
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        old.dispose()


def test_ddl_and_savepoints_are_transactional(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
        conn.rollback()
        assert "scratch" not in inspect(conn).get_table_names()

    factory = session_factory(engine)
    with factory() as s:
        s.add(User(username="outer", full_name="بیرونی", role="clerk", password_hash="x"))
        with s.begin_nested() as nested:
            s.add(User(username="inner", full_name="درونی", role="clerk", password_hash="x"))
            s.flush()
            nested.rollback()
        s.commit()
    with factory() as s:
        assert s.scalars(select(User.username)).all() == ["outer"]


def test_objects_stay_readable_after_commit(engine: Engine) -> None:
    with session_factory(engine)() as s:
        user = User(username="u", full_name="کاربر", role="clerk", password_hash="x")
        s.add(user)
        s.commit()
    assert user.full_name == "کاربر"  # expire_on_commit=False: no lazy load after close


def test_sqlite_url_round_trips_odd_paths(tmp_path: Path) -> None:
    path = tmp_path / "a b" / "دفتر #1%.db"
    path.parent.mkdir()
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    engine.dispose()
    assert path.exists()


def test_session_works_with_the_migrated_schema(session: Session) -> None:
    session.add(User(username="admin", full_name="مدیر", role="admin", password_hash="h"))
    session.commit()
    assert session.scalar(select(User.role).where(User.username == "admin")) == "admin"


def test_make_engine_refuses_nothing_for_postgres_urls() -> None:
    pytest.importorskip("psycopg")
    engine = make_engine("postgresql+psycopg://u:p@localhost:1/none")  # no connection yet
    assert engine.dialect.name == "postgresql"
    engine.dispose()


def test_upgrade_at_head_does_nothing(engine: Engine) -> None:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    upgrade(engine)
    assert not any("foreign_key_check" in s or "alembic_version (" in s for s in seen), seen
    assert len(seen) <= 3


def test_migration_with_broken_foreign_keys_is_refused(engine: Engine) -> None:
    with engine.connect() as conn:
        adapter = adapter_for(conn)
        with pytest.raises(RuntimeError, match="foreign keys"), adapter.migrating(conn):
            conn.exec_driver_sql(  # foreign keys are off while migrating
                "INSERT INTO subscriber_search (subscriber_id, words, joined) VALUES (42, 'x', 'x')"
            )
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("SELECT count(*) FROM subscriber_search").scalar() == 0


_OPEN_AND_REPORT = """
import sys
from pishkhan.store.db import make_engine, sqlite_url, stored_revisions, upgrade
engine = make_engine(sqlite_url(sys.argv[1]))
upgrade(engine)
print(stored_revisions(engine), "alembic" in sys.modules)
"""


def _open_in_a_new_process(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _OPEN_AND_REPORT, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip()


def test_head_read_from_the_scripts_is_alembics_head() -> None:
    assert shipped_head() == head_revision() is not None


def test_a_current_database_opens_without_importing_alembic(engine: Engine, db_path: Path) -> None:
    """Start-up at an up-to-date store: a plain SELECT, Alembic not even imported."""
    assert is_current(engine)
    engine.dispose()
    assert _open_in_a_new_process(db_path) == f"['{head_revision()}'] False"


def test_a_fresh_database_is_still_migrated_by_alembic(db_path: Path) -> None:
    assert _open_in_a_new_process(db_path) == f"['{head_revision()}'] True"
    engine = make_engine(sqlite_url(db_path))
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    assert _diff(engine) == []
    engine.dispose()


def test_an_older_or_unknown_revision_is_not_taken_for_current(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'elsewhere'"))
    assert stored_revisions(engine) == ["elsewhere"]
    assert not is_current(engine)

"""SQLite bulk loads: :meth:`SQLiteAdapter.bulk_load`'s switches, index drops and rebuilds."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Index
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.schema import CreateIndex

from pishkhan.store.dialect.base import _create_indexes, _drop_indexes, secondary_indexes
from pishkhan.store.models import Base
from pishkhan.store.sqlite_bulk import SideSearchIndex
from pishkhan.store.sqlite_writer import BULK_JOURNAL_MODE, SQLITE_BUSY_TIMEOUT_MS, build_indexes

if TYPE_CHECKING:
    from pishkhan.store.dialect.sqlite import SQLiteAdapter

log = logging.getLogger(__name__)

BULK_CACHE_KIB = 256 * 1024

# A regenerable load's index builds: at a million rows a table, sorts in small runs finish
# sooner than with a large cache.
INDEX_BUILD_CACHE_KIB = 16 * 1024


@contextmanager
def bulk_load(
    adapter: SQLiteAdapter, conn: Connection, tables: Collection[str], regenerable: bool
) -> Iterator[None]:
    """See :meth:`SQLiteAdapter.bulk_load`."""
    owned = not conn.in_transaction()
    raw = conn.connection.driver_connection
    assert raw is not None
    pragmas = ("synchronous", "cache_size", "temp_store", "foreign_keys")
    saved = {p: int(raw.execute(f"PRAGMA {p}").fetchone()[0]) for p in pragmas}
    fast = owned and regenerable
    left_wal = False
    if owned:  # none of these can change inside a transaction
        raw.execute("PRAGMA synchronous = OFF")
        # A regenerable load is large: the index builds' sorts spill to temporary files
        # (the OS caches them) instead of growing the process by gigabytes.
        raw.execute(f"PRAGMA temp_store = {'FILE' if regenerable else 'MEMORY'}")
    if fast:
        raw.execute("PRAGMA foreign_keys = OFF")
        if str(raw.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
            left_wal = _leave_wal(raw)
    raw.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    indexes = secondary_indexes(tables, unique_too=fast)
    side: SideSearchIndex | None = None
    try:
        adapter._drop_triggers(conn)
        _drop_indexes(conn, indexes)
        started = time.perf_counter()
        yield
        loaded = time.perf_counter()
        database = conn.engine.url.database
        if fast and database and database != ":memory:" and Path(database).is_file():
            conn.commit()
            side = SideSearchIndex.start(database)
        copied = time.perf_counter()
        if side is not None and indexes:  # another process, with APSW's newer SQLite
            build_indexes(
                database,  # type: ignore[arg-type]
                [str(CreateIndex(i).compile(dialect=conn.dialect)) for i in indexes],
                INDEX_BUILD_CACHE_KIB,
            )
        _create_indexes(conn, indexes)  # nothing left to do after build_indexes
        adapter._create_triggers(conn)
        indexed = time.perf_counter()
        if side is None:
            adapter.rebuild_search_index(conn)
        else:
            conn.commit()
            side.copy_into(raw)
        log.info(
            "bulk load: rows %.1f s, search rows copied aside %.1f s, %d indexes %.1f s, "
            "search index ready %.1f s later",
            loaded - started, copied - loaded, len(indexes), indexed - copied,
            time.perf_counter() - indexed,
        )  # fmt: skip
        if owned:
            conn.commit()
    except BaseException:
        if side is not None:  # its scratch file is not wanted any more
            side.discard()
        _restore_after_error(adapter, conn, owned, indexes, tables if fast else ())
        raise
    finally:
        if owned and not conn.in_transaction():
            raw.execute(f"PRAGMA synchronous = {saved['synchronous']}")
            raw.execute(f"PRAGMA temp_store = {saved['temp_store']}")
            if left_wal:
                raw.execute("PRAGMA journal_mode = WAL")
            raw.execute(f"PRAGMA foreign_keys = {saved['foreign_keys']}")
        raw.execute(f"PRAGMA cache_size = {saved['cache_size']}")


def _restore_after_error(
    adapter: SQLiteAdapter,
    conn: Connection,
    owned: bool,
    indexes: list[Index],
    regenerable: Collection[str],
) -> None:
    """Put back what the load took away. If a unique index of a ``regenerable`` load cannot
    be built (the loaded rows break it), those tables are emptied first: a store without
    the index would take more duplicates, and their data can be made again."""
    try:
        if owned:
            conn.rollback()
        try:
            with conn.begin_nested():
                _create_indexes(conn, indexes)
        except IntegrityError:
            if not regenerable:
                raise
            log.error("bulk load broke a unique index; emptying %s", ", ".join(regenerable))
            for table in reversed(Base.metadata.sorted_tables):
                if table.name in regenerable:
                    conn.execute(table.delete())
            _create_indexes(conn, indexes)
        adapter._create_triggers(conn)
        adapter.rebuild_search_index(conn)
        if owned:
            conn.commit()
    except DBAPIError:  # the caller's rollback still undoes the trigger drop
        log.exception("could not restore the search index after a failed bulk load")


def _leave_wal(raw: Any) -> bool:
    """Switch a SQLite connection from WAL to :data:`BULK_JOURNAL_MODE`, without waiting.

    False (and still in WAL) when another connection has the database open.
    """
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        mode = raw.execute(f"PRAGMA journal_mode = {BULK_JOURNAL_MODE}").fetchone()[0]
    except sqlite3.OperationalError:
        mode = "wal"
    finally:
        raw.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    if str(mode).lower() != BULK_JOURNAL_MODE.lower():
        log.info("bulk load stays in WAL: another connection has the database open")
        return False
    return True

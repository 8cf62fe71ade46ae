"""The writing half of a large regenerable SQLite load, through APSW where it is installed.

Python's ``sqlite3`` is bound to the system's SQLite (3.40 on Debian 12) and spends most of an
``executemany`` binding parameters. APSW (``apsw`` on PyPI, a wheel with its own current
SQLite) binds the same rows in about half the time and its SQLite builds indexes about a fifth
faster; measured at a million demo subscribers: 2.9 → 1.6 µs per bill row, 65 → 53 s for the
22 indexes. The file format is SQLite's own either way, so the store opened by ``sqlite3``
afterwards sees ordinary tables and indexes. Without APSW everything falls back to ``sqlite3``.

Two libraries must never hold the same database file open in one process (closing one's file
handle drops the other's POSIX locks), so APSW is only used in processes of its own: the demo
loader's writers (:func:`open_bulk_writer`) and the index builder (:func:`build_indexes`). The
FTS5 index is still built by ``sqlite3`` (``sqlite_bulk.SideSearchIndex``): an FTS5 index made
by a newer SQLite need not be readable by an older one.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

try:
    import apsw
except ImportError:  # pragma: no cover - apsw is a dependency; kept for odd installs
    apsw = None  # type: ignore[assignment]

SQLITE_BUSY_TIMEOUT_MS = 10_000
BULK_WRITER_CACHE_KIB = 64 * 1024  # per worker of open_bulk_writer: it only appends
BULK_JOURNAL_MODE = "TRUNCATE"  # see SQLiteAdapter.bulk_load


class IndexBuildError(RuntimeError):
    """The index builder failed; the message is SQLite's (a duplicate for a unique index)."""


def engine_name() -> str:
    """Which library writes: ``apsw`` or ``sqlite3`` (reported by the benchmarks)."""
    return "apsw" if apsw is not None else "sqlite3"


def _connect(database: str) -> Any:
    if apsw is not None:
        conn = apsw.Connection(database)
        conn.setbusytimeout(SQLITE_BUSY_TIMEOUT_MS)
        return conn
    raw = sqlite3.connect(database, isolation_level=None)
    raw.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    return raw


def _pragma(raw: Any, setting: str) -> Any:
    """Run ``PRAGMA setting`` to the end (an APSW statement left unfinished keeps a lock)."""
    rows = raw.execute(f"PRAGMA {setting}").fetchall()
    return rows[0][0] if rows else None


def _bulk_settings(raw: Any, cache_kib: int) -> None:
    """The switches of ``SQLiteAdapter.bulk_load``'s own connection: ``synchronous`` and
    foreign keys off, a rollback journal unless the file stays in WAL."""
    if str(_pragma(raw, "journal_mode")).lower() != "wal":
        _pragma(raw, f"journal_mode = {BULK_JOURNAL_MODE}")
    _pragma(raw, "synchronous = OFF")
    _pragma(raw, "foreign_keys = OFF")
    _pragma(raw, f"cache_size = -{cache_kib}")


class BulkWriter:
    """A connection through which another process writes part of a bulk load
    (see :func:`open_bulk_writer`)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def write(self, statements: Mapping[str, str], rows: Mapping[str, list[Any]]) -> dict[str, int]:
        """``executemany`` of ``statements[table]`` over ``rows[table]``, one transaction."""
        raw = self.raw
        raw.execute("BEGIN IMMEDIATE")
        try:
            for table, table_rows in rows.items():
                if table_rows:
                    raw.executemany(statements[table], table_rows)
            raw.execute("COMMIT")
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        return {table: len(table_rows) for table, table_rows in rows.items()}


@contextmanager
def open_bulk_writer(database: str) -> Iterator[BulkWriter]:
    """A connection to the SQLite file ``database`` for a worker process of a regenerable
    ``SQLiteAdapter.bulk_load`` run by another connection (which owns the indexes, triggers and
    journal mode): the same switches, a smaller cache."""
    raw = _connect(database)
    try:
        _bulk_settings(raw, BULK_WRITER_CACHE_KIB)
        yield BulkWriter(raw)
    finally:
        raw.close()


def build_indexes(database: str, statements: Sequence[str], cache_kib: int) -> None:
    """Run the CREATE INDEX ``statements`` on ``database`` in a process of their own, in one
    transaction, and wait. The caller's connections must hold no transaction meanwhile.

    Raises :class:`IndexBuildError` (nothing is built then).
    """
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(
        target=_build, args=(database, list(statements), cache_kib, child), name="index-build"
    )
    process.daemon = True
    process.start()
    child.close()
    try:
        error = parent.recv()
    except EOFError:
        error = f"the index builder exited ({process.exitcode})"
    finally:
        parent.close()
        process.join()
    if error is not None:
        raise IndexBuildError(error)


def _build(database: str, statements: list[str], cache_kib: int, pipe: Any) -> None:
    error: str | None = None
    try:
        raw = _connect(database)
        try:
            _bulk_settings(raw, cache_kib)
            _pragma(raw, "temp_store = FILE")  # the sorts spill to files, not to memory
            raw.execute("BEGIN IMMEDIATE")
            try:
                for statement in statements:
                    raw.execute(statement)
                raw.execute("COMMIT")
            except BaseException:
                raw.execute("ROLLBACK")
                raise
        finally:
            raw.close()
    except Exception as exc:  # handed to the loading process, which raises it
        error = f"{type(exc).__name__}: {exc}"
    pipe.send(error)
    pipe.close()

"""SQLite bulk-load helpers: worker connections and the search index built on another core.

Used by ``pishkhan.store.dialect.SQLiteAdapter.bulk_load`` and the demo-data workers
(``pishkhan.demo.parallel``). SQLite-only by nature; nothing else imports ``sqlite3`` directly.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SQLITE_BUSY_TIMEOUT_MS = 10_000
BULK_WRITER_CACHE_KIB = 64 * 1024  # per worker of open_bulk_writer: it only appends
BULK_JOURNAL_MODE = "TRUNCATE"  # see SQLiteAdapter.bulk_load
FTS_TABLE = "subscriber_fts"
_MASK = (1 << 64) - 1  # checksums of indexed rows are sums modulo 2**64


class SideSearchIndex:
    """The FTS index of a large regenerable load, built on another core.

    Its content (``subscriber_search``) is copied into a scratch file next to the database and
    indexed there by a thread (SQLite releases the GIL) while the loading connection builds the
    other indexes; the FTS shadow tables are then copied in. The index is the same as a
    ``rebuild`` would make: same definition, same rows (the loader tests run FTS5's
    integrity-check against the content table).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._build, name="search-index", daemon=True)

    @classmethod
    def start(cls, database: str) -> SideSearchIndex:
        side = cls(Path(database + "-search-build"))
        _scratch_like(database, side.path)
        scratch = sqlite3.connect(side.path, isolation_level=None)
        try:
            scratch.execute("PRAGMA journal_mode = OFF")
            scratch.execute("PRAGMA synchronous = OFF")
            scratch.execute("ATTACH DATABASE ? AS src", (database,))
            scratch.execute(
                "INSERT INTO main.subscriber_search SELECT * FROM src.subscriber_search"
            )
            scratch.execute("DETACH DATABASE src")
        finally:
            scratch.close()
        side.thread.start()
        return side

    def _build(self) -> None:
        try:
            scratch = sqlite3.connect(self.path, isolation_level=None)
            try:
                scratch.execute("PRAGMA journal_mode = OFF")
                scratch.execute("PRAGMA synchronous = OFF")
                scratch.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            finally:
                scratch.close()
        except BaseException as exc:  # re-raised by copy_into
            self.error = exc

    def copy_into(self, raw: Any) -> None:
        """Wait for the build and replace ``raw``'s FTS shadow tables with it (no transaction
        may be open on ``raw``)."""
        self.thread.join()
        try:
            if self.error is not None:
                raise self.error
            raw.execute("ATTACH DATABASE ? AS search_build", (str(self.path),))
            try:
                raw.execute("BEGIN")
                copy_search_index(raw.execute)
                raw.execute("COMMIT")
            except BaseException:
                if raw.in_transaction:
                    raw.execute("ROLLBACK")
                raise
            finally:
                raw.execute("DETACH DATABASE search_build")
        finally:
            self.path.unlink(missing_ok=True)


def copy_search_index(execute: Callable[[str], Any]) -> None:
    """Replace the FTS shadow tables of ``main`` with those of the attached ``search_build``
    (same definition; ``columnsize=0`` and external content leave data, idx and config)."""
    for shadow in ("data", "idx", "config"):
        name = f"{FTS_TABLE}_{shadow}"
        execute(f"DELETE FROM main.{name}")
        execute(f"INSERT INTO main.{name} SELECT * FROM search_build.{name}")


def _scratch_like(database: str, path: Path) -> None:
    """A scratch SQLite file at ``path`` with ``database``'s search tables, empty."""
    path.unlink(missing_ok=True)
    scratch = sqlite3.connect(path, isolation_level=None)
    try:
        scratch.execute("PRAGMA journal_mode = OFF")
        scratch.execute("ATTACH DATABASE ? AS src", (database,))
        for (sql,) in scratch.execute(
            "SELECT sql FROM src.sqlite_master WHERE name IN (?, ?) ORDER BY name != ?",
            ("subscriber_search", FTS_TABLE, "subscriber_search"),
        ).fetchall():
            scratch.execute(sql)
        scratch.execute("DETACH DATABASE src")
    finally:
        scratch.close()


class FollowingSearchIndex:
    """The FTS index of a first pull, built on another core while the pull goes on.

    A thread reads the ``subscriber_search`` rows committed since its last look (in id order:
    new rows only ever get larger ids) and indexes them in a scratch file; :meth:`catch_up`
    after each committed page wakes it. It keeps a count and a checksum of what it indexed, so
    the final step can tell, under the write lock, whether the scratch index covers exactly the
    table's rows (anything edited or deleted meanwhile, by the pull or a clerk, shows as a
    mismatch and the index is rebuilt instead).
    """

    def __init__(self, database: str) -> None:
        self.database = database
        self.path = Path(database + "-search-follow")
        self.count = 0
        self.checksum = 0
        self.error: BaseException | None = None
        self._last = 0
        self._wake = threading.Event()
        self._stop = False
        _scratch_like(database, self.path)
        self.thread = threading.Thread(target=self._run, name="search-follow", daemon=True)
        self.thread.start()

    def catch_up(self) -> None:
        self._wake.set()

    def finish(self) -> bool:
        """Index what is left and stop; whether the scratch index can be used."""
        self._stop = True
        self._wake.set()
        self.thread.join()
        return self.error is None

    def matches(self, rows: Iterator[tuple[Any, ...]]) -> bool:
        """Whether ``rows`` (the table's ``subscriber_id, words, joined``) are what was indexed."""
        count = checksum = 0
        for row in rows:
            count += 1
            checksum = (checksum + hash(tuple(row))) & _MASK
        return (count, checksum) == (self.count, self.checksum)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    def _run(self) -> None:
        try:
            source = sqlite3.connect(
                f"file:{self.database}?mode=ro", uri=True, isolation_level=None
            )
            scratch = sqlite3.connect(self.path, isolation_level=None)
            try:
                source.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
                scratch.execute("PRAGMA journal_mode = OFF")
                scratch.execute("PRAGMA synchronous = OFF")
                while True:
                    self._wake.wait()
                    self._wake.clear()
                    stopping = self._stop
                    self._index_new(source, scratch)
                    if stopping:
                        return
            finally:
                source.close()
                scratch.close()
        except BaseException as exc:  # the pull then rebuilds the index
            self.error = exc

    def _index_new(self, source: sqlite3.Connection, scratch: sqlite3.Connection) -> None:
        rows = source.execute(
            "SELECT subscriber_id, words, joined FROM subscriber_search "
            "WHERE subscriber_id > ? ORDER BY subscriber_id",
            (self._last,),
        )
        scratch.execute("BEGIN")
        while batch := rows.fetchmany(2000):
            scratch.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, words, joined) VALUES (?, ?, ?)", batch
            )
            for row in batch:
                self.checksum = (self.checksum + hash(tuple(row))) & _MASK
            self.count += len(batch)
            self._last = batch[-1][0]
        scratch.execute("COMMIT")


class BulkWriter:
    """A plain SQLite connection through which another process writes part of a bulk load
    (see :func:`open_bulk_writer`)."""

    def __init__(self, raw: sqlite3.Connection) -> None:
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
    journal mode): same switches (``synchronous`` and foreign keys off, rollback journal unless
    the database stays in WAL), a smaller cache."""
    raw = sqlite3.connect(database, isolation_level=None)
    try:
        raw.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if str(raw.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            raw.execute(f"PRAGMA journal_mode = {BULK_JOURNAL_MODE}")
        raw.execute("PRAGMA synchronous = OFF")
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute(f"PRAGMA cache_size = -{BULK_WRITER_CACHE_KIB}")
        yield BulkWriter(raw)
    finally:
        raw.close()

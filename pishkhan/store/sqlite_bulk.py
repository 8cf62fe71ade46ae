"""SQLite bulk-load helpers: the search index built on another core, during or after a load.

Used by ``pishkhan.store.dialect.SQLiteAdapter.bulk_load`` and a first pull (the demo-data
workers write through ``pishkhan.store.sqlite_writer``). SQLite-only by nature, like that
module and the dialect package; nothing else imports ``sqlite3`` directly.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

from pishkhan.store.sqlite_writer import SQLITE_BUSY_TIMEOUT_MS

FTS_TABLE = "subscriber_fts"
_MASK = (1 << 64) - 1  # checksums of indexed rows are sums modulo 2**64
_FOLLOW_BATCH = 5000  # search rows the following index reads at a time
SIDE_CACHE_KIB = 64 * 1024  # page cache of the side index build
SIDE_HASH_BYTES = 64 * 1024 * 1024  # FTS5 'hashsize' of the side index build


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
                scratch.execute(f"PRAGMA cache_size = -{SIDE_CACHE_KIB}")
                # Terms gathered in memory before each segment is written: with FTS5's 1 MB
                # the rebuild spends a third of its time merging small segments (measured on
                # 300,000 subscribers: 16.6 s → 10.7 s, same answers, same query times). The
                # setting is taken out again, so the copied index has the default config.
                scratch.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('hashsize', ?)",
                    (SIDE_HASH_BYTES,),
                )
                scratch.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
                scratch.execute(f"DELETE FROM {FTS_TABLE}_config WHERE k = 'hashsize'")
            finally:
                scratch.close()
        except BaseException as exc:  # re-raised by copy_into
            self.error = exc

    def discard(self) -> None:
        """Wait for the build and delete its scratch file (the load failed)."""
        self.thread.join()
        self.path.unlink(missing_ok=True)

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

    A child process reads the ``subscriber_search`` rows committed since its last look (in id
    order: new rows only ever get larger ids), indexes them in a scratch file and checkpoints
    the database's WAL (the importing connection does not, see ``SQLiteAdapter.importing``);
    :meth:`catch_up` after each committed page wakes it. A process, not a thread: the indexing
    is a busy loop of its own, and in one process the two would take turns holding the GIL.
    It keeps a count and a checksum of what it indexed, so the final step can tell, under the
    write lock, whether the scratch index covers exactly the table's rows (anything edited or
    deleted meanwhile, by the pull or a clerk, shows as a mismatch and the index is rebuilt
    instead).
    """

    def __init__(self, database: str) -> None:
        self.database = database
        self.path = Path(database + "-search-follow")
        self.count = 0
        self.checksum = 0
        self.error: str | None = None
        _scratch_like(database, self.path)
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self.process = context.Process(
            target=_follow, args=(database, str(self.path), child), name="search-follow"
        )
        self.process.daemon = True
        self.process.start()
        child.close()

    def catch_up(self) -> None:
        with suppress(OSError):
            self._pipe.send(_MORE)

    def wait_indexed(self) -> int:
        """Block until what is committed now is indexed; how many rows are (tests)."""
        self._pipe.send(_SYNC)
        count: int = self._pipe.recv()
        return count

    def finish(self) -> bool:
        """Index what is left and stop; whether the scratch index can be used."""
        try:
            self._pipe.send(_LAST)
            self.count, self.checksum, self.error = self._pipe.recv()
        except (EOFError, OSError) as exc:
            self.error = f"the search index process stopped: {exc!r}"
        finally:
            self._pipe.close()
            self.process.join(30)
            if self.process.is_alive():
                self.process.kill()
        return self.error is None

    def matches(self, rows: Iterator[tuple[Any, ...]]) -> bool:
        """Whether ``rows`` (the table's ``subscriber_id, words, joined``) are what was indexed."""
        count = checksum = 0
        for row in rows:
            count += 1
            checksum = (checksum + _row_sum(row)) & _MASK
        return (count, checksum) == (self.count, self.checksum)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


_MORE, _LAST, _SYNC = 1, 0, 2  # messages to the following process


def _row_sum(row: tuple[Any, ...]) -> int:
    """A search row's share of the checksum (the same in every process, unlike ``hash``)."""
    subscriber_id, words, joined = row
    return subscriber_id * 0x9E3779B97F4A7C15 ^ zlib.crc32(f"{words}\0{joined}".encode())


def _follow(database: str, path: str, pipe: Any) -> None:
    """The following process: index new rows whenever told, answer the totals when told last."""
    count = checksum = last = 0
    error: str | None = None
    source = sqlite3.connect(database, isolation_level=None)
    scratch = sqlite3.connect(path, isolation_level=None)
    try:
        source.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        scratch.execute("PRAGMA journal_mode = OFF")
        scratch.execute("PRAGMA synchronous = OFF")
        while True:
            messages = [pipe.recv()]
            while _LAST not in messages and pipe.poll():
                messages.append(pipe.recv())
            stopping = _LAST in messages
            # Each read is fetched whole before indexing, so no read transaction stays open
            # on the database meanwhile: one would keep checkpoints from emptying the WAL.
            while batch := source.execute(
                "SELECT subscriber_id, words, joined FROM subscriber_search "
                "WHERE subscriber_id > ? ORDER BY subscriber_id LIMIT ?",
                (last, _FOLLOW_BATCH),
            ).fetchall():
                scratch.execute("BEGIN")
                scratch.executemany(
                    f"INSERT INTO {FTS_TABLE}(rowid, words, joined) VALUES (?, ?, ?)", batch
                )
                scratch.execute("COMMIT")
                source.execute("PRAGMA wal_checkpoint(PASSIVE)")
                for row in batch:
                    checksum = (checksum + _row_sum(row)) & _MASK
                count += len(batch)
                last = batch[-1][0]
            if stopping:
                break
            if _SYNC in messages:
                pipe.send(count)
    except EOFError:  # the importing process is gone: nobody wants the index
        return
    except Exception as exc:  # reported; the importer then rebuilds the index
        error = repr(exc)
    finally:
        source.close()
        scratch.close()
    with suppress(OSError):
        pipe.send((count, checksum, error))

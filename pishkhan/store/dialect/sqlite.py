"""SQLite: connection PRAGMAs, FTS5 name search kept by triggers, bulk loads and imports."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    func,
    select,
    text,
)

from pishkhan.domain.persian import search_key
from pishkhan.store.dialect import sqlite_load
from pishkhan.store.dialect.base import (
    MAX_QUERY_WORDS,
    SearchAdapter,
    _check_table,
)
from pishkhan.store.search import tokens
from pishkhan.store.sqlite_bulk import (
    FTS_TABLE,
    FollowingSearchIndex,
    copy_search_index,
)
from pishkhan.store.sqlite_writer import (
    SQLITE_BUSY_TIMEOUT_MS,
)

log = logging.getLogger(__name__)


IMPORT_CACHE_KIB = 128 * 1024  # a pull's cache: the pull's whole process stays under 400 MB

# Page size of a new store (SQLite fixes it when the file gets its first content; an existing
# store keeps its own, unless a VACUUM outside WAL rebuilds it: none is run). Measured at a
# million demo subscribers against the default 4,096: index builds about a tenth faster, fewer
# pages to read per table scan, the file a little smaller; a lookup reads the same few pages
# from the OS cache either way. The price: a WAL frame is 16 KiB, so a one-payment commit
# writes about 4× the bytes (0.065 → 0.09 ms median here; on a desk's disk the fsync dominates).
PAGE_SIZE = 16384


# Prefix indexes for query words of 1..8 characters: a common name («محمد», «محمدرضا») is then
# one doclist read in rowid order, stopped by LIMIT, instead of a merge of every term it starts.
FTS_PREFIXES = "1 2 3 4 5 6 7 8"


_FTS_ADD = (
    f"INSERT INTO {FTS_TABLE}(rowid, words, joined) "
    "VALUES (new.subscriber_id, new.words, new.joined);"
)


_FTS_REMOVE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, words, joined) "
    "VALUES ('delete', old.subscriber_id, old.words, old.joined);"
)


# trigger name -> (event on subscriber_search, body)
_FTS_TRIGGERS = {
    "subscriber_search_fts_ai": ("INSERT", _FTS_ADD),
    "subscriber_search_fts_ad": ("DELETE", _FTS_REMOVE),
    "subscriber_search_fts_au": ("UPDATE", _FTS_REMOVE + " " + _FTS_ADD),
}


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions start: with the module's
    # legacy behaviour DDL and SAVEPOINTs escape the transaction (see _sqlite_on_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # before WAL: it writes the header
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
    finally:
        cur.close()


def _sqlite_on_begin(conn: Connection) -> None:
    # A deferred BEGIN that reads and then writes fails at once with "database is locked" when
    # another connection committed in between (WAL cannot upgrade a stale snapshot and the busy
    # handler is not called): a payment taken while the sync applies a batch would be refused.
    # Transactions that will write ask for IMMEDIATE (``store.db.write_transaction``), which takes
    # the write lock first, waiting up to busy_timeout. Readers stay deferred so they never queue.
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_value(value: Any) -> Any:
    """A Python value as SQLAlchemy's SQLite dialect stores it (datetimes as ISO text)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", "microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def fts_match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for a user's query, or None when nothing is searchable.

    Every word is quoted, so FTS5 operators, column filters and punctuation typed by the user are
    plain text; search_key has already turned punctuation (quotes included) into spaces.
    """
    words = tokens(search_key(query))[:MAX_QUERY_WORDS]
    if not words:
        return None

    def prefix(word: str) -> str:
        return '"' + word.replace('"', '""') + '"*'

    joined = f"joined : {prefix(''.join(words))}"
    if len(words) == 1:  # joined's tokens include all of words' tokens
        return joined
    each = " AND ".join(f"words : {prefix(w)}" for w in words)
    return f"({each}) OR {joined}"


class SQLiteAdapter(SearchAdapter):
    """FTS5 external-content index ``subscriber_fts`` kept in sync by triggers."""

    name = "sqlite"

    def create_search_index(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "words, joined, content='subscriber_search', content_rowid='subscriber_id', "
            "tokenize='unicode61 remove_diacritics 0', "
            f"prefix='{FTS_PREFIXES}', columnsize=0)"
        )
        self._create_triggers(conn)
        self.rebuild_search_index(conn)

    def drop_search_index(self, conn: Connection) -> None:
        self._drop_triggers(conn)
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")

    def rebuild_search_index(self, conn: Connection) -> None:
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")

    def search_subscribers(self, conn: Connection, query: str, limit: int = 50) -> list[int]:
        expr = fts_match_expression(query)
        if expr is None or limit <= 0:
            return []
        # ORDER BY rowid is the index's own order, so LIMIT stops the scan early.
        rows = conn.execute(
            text(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q ORDER BY rowid LIMIT :n"
            ),
            {"q": expr, "n": int(limit)},
        )
        return [int(r[0]) for r in rows]

    @contextmanager
    def bulk_load(
        self, conn: Connection, *, tables: Collection[str] = (), regenerable: bool = False
    ) -> Iterator[None]:
        """Import fast: FTS triggers and the non-unique indexes of ``tables`` dropped, all
        rebuilt once at the end, bigger cache (the work is in ``dialect/sqlite_load.py``).

        If ``conn`` has no transaction open on entry, the load owns it: ``synchronous`` is OFF
        and temporary storage in memory during the load, the body may ``conn.commit()`` in
        chunks and the end is committed here. With ``regenerable`` it also turns foreign keys
        off (the importer vouches for its ids; the demo tests run ``foreign_key_check``) and
        leaves WAL for a rollback journal: in WAL every page is written twice (log, then
        checkpoint), while a rollback journal needs no copy of the pages a load appends. That
        journal still makes a crashed process's last chunk roll back on the next open, so the
        file stays consistent (committed chunks stay); only an OS crash or power loss during
        the load can damage it. WAL and foreign keys are back on when the load ends. If another
        connection keeps the database from leaving WAL, the load simply runs in WAL. A
        regenerable load drops the unique indexes of ``tables`` too (not their unique table
        constraints) and, on a file, builds every index in a process of its own
        (``sqlite_writer.build_indexes``) while the search index is built beside it; if the
        rows break a unique index, those tables are emptied before it is put back.
        Inside a caller's transaction, the rebuild is left for the caller to commit.
        Triggers, indexes and PRAGMAs are restored on error too (the failed part rolled back).
        """
        with sqlite_load.bulk_load(self, conn, tables, regenerable):
            yield

    def fast_count(self, conn: Connection, table: str, *, exact: bool = True) -> int:
        if exact:
            return super().fast_count(conn, table)
        # The largest rowid: exact for append-only tables, an upper bound after deletions.
        quoted = conn.dialect.identifier_preparer.quote(_check_table(table))
        return int(conn.exec_driver_sql(f"SELECT max(rowid) FROM {quoted}").scalar() or 0)

    @contextmanager
    def migrating(self, conn: Connection) -> Iterator[None]:
        """Foreign keys off while tables are rebuilt (Alembic batch mode), checked at the end."""
        raw = conn.connection.driver_connection
        assert raw is not None and not conn.in_transaction()
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                yield
                bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise RuntimeError(f"migration left broken foreign keys: {bad[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")

    def suspend_search_index(self, conn: Connection) -> None:
        self._drop_triggers(conn)

    def search_index_suspended(self, conn: Connection) -> bool:
        found = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
            ("subscriber_search",),
        ).scalar()
        return int(found or 0) < len(_FTS_TRIGGERS)

    def resume_search_index(self, conn: Connection) -> bool:
        if not self.search_index_suspended(conn):
            return False
        self._create_triggers(conn)
        self.rebuild_search_index(conn)
        return True

    @contextmanager
    def importing(self, conn: Connection, *, checkpoint_elsewhere: bool) -> Iterator[None]:
        """``synchronous = NORMAL`` (in WAL a commit then waits for no fsync; the checkpoint
        still syncs) and a bigger cache. The database stays consistent; a power cut may undo
        the last pages, which the cursor saved with them makes the next pull fetch again. With
        ``checkpoint_elsewhere`` this connection stops checkpointing after its commits (another
        thread runs them: ``FollowingSearchIndex``)."""
        raw = conn.connection.driver_connection
        assert raw is not None and not conn.in_transaction()
        saved = {
            p: int(raw.execute(f"PRAGMA {p}").fetchone()[0])
            for p in ("synchronous", "wal_autocheckpoint", "cache_size")
        }
        raw.execute("PRAGMA synchronous = NORMAL")
        # New rows land all over the unique indexes (random UUIDs, computer codes): a bigger
        # cache keeps their pages instead of reading them back for every page of the feed.
        raw.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        if checkpoint_elsewhere:
            raw.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            if conn.in_transaction():
                conn.rollback()
            for pragma, value in saved.items():
                raw.execute(f"PRAGMA {pragma} = {value}")

    def follow_search_index(self, engine: Engine) -> FollowingSearchIndex | None:
        database = engine.url.database
        if not database or database == ":memory:":
            return None
        with engine.connect() as conn:
            if not self.search_index_suspended(conn):
                return None
        return FollowingSearchIndex(database)

    def finish_search_index(self, engine: Engine, follower: FollowingSearchIndex | None) -> bool:
        """Under the write lock: the follower's scratch index is copied in when it covers
        exactly the rows of ``subscriber_search`` (count and checksum), else the index is
        rebuilt; then the triggers are back."""
        usable = follower is not None and follower.finish()
        copied = False
        try:
            with engine.connect() as conn:
                raw = conn.connection.driver_connection
                assert raw is not None
                if usable:
                    assert follower is not None
                    raw.execute("ATTACH DATABASE ? AS search_build", (str(follower.path),))
                try:
                    conn.execution_options(sqlite_immediate=True)
                    with conn.begin():
                        if not self.search_index_suspended(conn):
                            return False
                        if (
                            usable
                            and follower is not None
                            and follower.matches(
                                iter(
                                    conn.exec_driver_sql(
                                        "SELECT subscriber_id, words, joined FROM subscriber_search"
                                    )
                                )
                            )
                        ):
                            copy_search_index(conn.exec_driver_sql)
                            # FTS5 keeps the index structure it read per connection and only
                            # rereads it after another connection's commit: this one would go
                            # on searching the empty index it saw before the copy.
                            copied = True
                        else:
                            log.info("search index: rebuilt after the import")
                            self.rebuild_search_index(conn)
                        self._create_triggers(conn)
                        return True
                finally:
                    if usable:
                        raw.execute("DETACH DATABASE search_build")
                    if copied:
                        conn.invalidate()
        finally:
            if follower is not None:
                follower.discard()

    def insert_returning_ids(
        self, conn: Connection, table: Table, rows: list[dict[str, Any]]
    ) -> list[int]:
        """Ids taken after the largest one, rows inserted with one ``executemany`` (SQLite runs
        an ``INSERT … RETURNING`` of many rows one statement a row). Call it in a transaction
        begun for writing (``begin_write``), so no other writer takes the same ids."""
        if not rows:
            return []
        first = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
        ids = list(range(first, first + len(rows)))
        self.insert_rows(conn, table, [row | {"id": i} for row, i in zip(rows, ids, strict=True)])
        return ids

    def insert_rows(self, conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        """One ``executemany`` of plain tuples: SQLAlchemy's per-row parameter processing costs
        as much as SQLite's insert here. Values must already be what the driver stores (the
        callers pass str, int, bool and None; datetimes as SQLAlchemy would, see below)."""
        if not rows:
            return
        names = list(rows[0])
        unknown = [n for n in names if n not in table.c]
        if unknown:
            raise KeyError(f"{table.name} has no column {unknown}")
        defaults: dict[str, Any] = {}
        for column in table.c:
            if column.name in names or column.default is None:
                continue
            if not column.default.is_scalar:  # computed per row: the caller must give it
                raise KeyError(f"{table.name}.{column.name} needs a value")
            defaults[column.name] = column.default.arg  # type: ignore[attr-defined]
        if defaults:
            rows = [row | defaults for row in rows]
            names += list(defaults)
        quote = conn.dialect.identifier_preparer.quote
        sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
            f"VALUES ({', '.join('?' for _ in names)})"
        )
        conn.exec_driver_sql(sql, [tuple(_sqlite_value(row[n]) for n in names) for row in rows])

    def _create_triggers(self, conn: Connection) -> None:
        for name, (on, body) in _FTS_TRIGGERS.items():
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {on} ON subscriber_search "
                f"BEGIN {body} END"
            )

    def _drop_triggers(self, conn: Connection) -> None:
        for trigger in _FTS_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")

"""The dialect-neutral half of the store adapters: the ``SearchAdapter`` interface and the
helpers both adapters use (secondary indexes, the write-transaction switch)."""

from __future__ import annotations

import logging
import warnings
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Index,
    Table,
    func,
    insert,
    select,
)
from sqlalchemy.exc import SAWarning
from sqlalchemy.orm import Session
from sqlalchemy.sql import table as table_clause

from pishkhan.domain.persian import search_key
from pishkhan.store.models import Base, SubscriberSearch
from pishkhan.store.sqlite_bulk import (
    FTS_TABLE,
    FollowingSearchIndex,
)

log = logging.getLogger(__name__)


MAX_QUERY_WORDS = 16


_SEARCH = SubscriberSearch.__table__


def begin_write(session: Session) -> None:
    """Start ``session``'s transaction as one that will write (SQLite: ``BEGIN IMMEDIATE``).

    Call it first, before the transaction reads anything. When the transaction already holds
    its connection its mode is fixed and this does nothing (SQLAlchemy warns; the warning is
    silenced here). Other databases ignore the option.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        session.connection(execution_options={"sqlite_immediate": True})


def secondary_indexes(tables: Collection[str], *, unique_too: bool = False) -> list[Index]:
    """The indexes the models declare on ``tables`` (what a bulk load may drop): the non-unique
    ones, and with ``unique_too`` the unique ones as well, non-unique first.

    Unique indexes normally stay: they guard the data while it is written. Only a load that
    can be made again from scratch drops them (its duplicates then surface when they are
    built at the end). Unique table constraints are not indexes here and always stay.
    """
    found = [
        index
        for name in sorted(tables)
        for index in sorted(Base.metadata.tables[name].indexes, key=lambda i: str(i.name))
        if unique_too or not index.unique
    ]
    return sorted(found, key=lambda i: bool(i.unique))


def _drop_indexes(conn: Connection, indexes: list[Index]) -> None:
    for index in indexes:
        index.drop(conn, checkfirst=True)


def _create_indexes(conn: Connection, indexes: list[Index]) -> None:
    for index in indexes:
        index.create(conn, checkfirst=True)


def _check_table(table: str) -> str:
    if table not in Base.metadata.tables and table != FTS_TABLE:
        raise ValueError(f"unknown table: {table!r}")
    return table


class SearchAdapter(ABC):
    """Dialect-specific parts of the store; obtain one with ``adapter_for``."""

    name: str

    @abstractmethod
    def create_search_index(self, conn: Connection) -> None:
        """Create the search index over ``subscriber_search`` (idempotent; run by migrations)."""

    @abstractmethod
    def drop_search_index(self, conn: Connection) -> None:
        """Drop what ``create_search_index`` made."""

    @abstractmethod
    def rebuild_search_index(self, conn: Connection) -> None:
        """Rebuild the search index from ``subscriber_search`` (after a bulk load)."""

    @abstractmethod
    def search_subscribers(self, conn: Connection, query: str, limit: int = 50) -> list[int]:
        """Ids of the subscribers matching ``query``, ascending, at most ``limit``."""

    @abstractmethod
    def bulk_load(
        self, conn: Connection, *, tables: Collection[str] = (), regenerable: bool = False
    ) -> AbstractContextManager[None]:
        """Speed up a large import made with ``conn``; see the subclasses for the details.

        ``tables``: the tables the import fills; their non-unique indexes (as declared in the
        models) are dropped on entry and built again, in one sorted pass each, at the end.
        ``regenerable``: the imported data can be generated again (demo data), so a crash may
        leave a half-loaded database that the importer clears on its next run.
        """

    @contextmanager
    def migrating(self, conn: Connection) -> Iterator[None]:
        """One transaction around a schema migration run on ``conn``."""
        with conn.begin():
            yield

    def naive_like_search(self, conn: Connection, query: str, limit: int = 50) -> list[int]:
        """Benchmark baseline: ``words LIKE '%query%'`` with no index help."""
        key = search_key(query)
        if not key or limit <= 0:
            return []
        stmt = (
            select(_SEARCH.c.subscriber_id)
            .where(_SEARCH.c.words.contains(key, autoescape=True))
            .order_by(_SEARCH.c.subscriber_id)
            .limit(limit)
        )
        return list(conn.scalars(stmt))

    def fast_count(self, conn: Connection, table: str, *, exact: bool = True) -> int:
        """Number of rows of a store table (``exact=False`` allows a cheap estimate)."""
        stmt = select(func.count()).select_from(table_clause(_check_table(table)))
        return int(conn.scalar(stmt) or 0)

    def suspend_search_index(self, conn: Connection) -> None:
        """Stop keeping the search index current, in ``conn``'s transaction, for a large first
        import; :meth:`resume_search_index` catches it up in one pass. The suspension is part
        of the database, so a process killed meanwhile leaves it for the next open to resume.
        Here (PostgreSQL) the trigram indexes simply stay current.
        """
        log.debug("%s: the search index stays current during imports", self.name)

    def search_index_suspended(self, conn: Connection) -> bool:
        return False

    def resume_search_index(self, conn: Connection) -> bool:
        """Keep the index current again and rebuild it if it was suspended (returns whether)."""
        return False

    @contextmanager
    def importing(self, conn: Connection, *, checkpoint_elsewhere: bool) -> Iterator[None]:
        """Settings of ``conn`` (no transaction open) for a long import of data the central
        system can send again, restored at the end; nothing to change here (PostgreSQL)."""
        yield

    def follow_search_index(self, engine: Engine) -> FollowingSearchIndex | None:
        """While the index is suspended, index the rows a long import commits on another core
        (SQLite; None elsewhere or when the index is not suspended). Hand the result to
        :meth:`finish_search_index` when the import stops."""
        return None

    def finish_search_index(self, engine: Engine, follower: FollowingSearchIndex | None) -> bool:
        """Resume a suspended index, from ``follower``'s work when it is usable; whether it was
        suspended."""
        with engine.begin() as conn:
            return self.resume_search_index(conn)

    def insert_returning_ids(
        self, conn: Connection, table: Table, rows: list[dict[str, Any]]
    ) -> list[int]:
        """Insert ``rows`` into ``table`` (integer key ``id``); their new ids, in order."""
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return [int(i) for i in conn.scalars(stmt, rows)]

    def insert_rows(self, conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows`` (all with the same keys) into ``table`` in one batch."""
        if rows:
            conn.execute(insert(table), rows)

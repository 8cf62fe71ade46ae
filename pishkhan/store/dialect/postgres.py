"""PostgreSQL: ``pg_trgm`` name search (btree and ``LIKE`` without the extension), bulk loads."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    or_,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import ColumnElement

from pishkhan.domain.persian import search_key
from pishkhan.store.dialect.base import (
    _SEARCH,
    MAX_QUERY_WORDS,
    SearchAdapter,
    _check_table,
    _create_indexes,
    _drop_indexes,
    secondary_indexes,
)
from pishkhan.store.search import tokens

log = logging.getLogger(__name__)


_PG_TRGM_INDEXES = {f"ix_subscriber_search_{c}_trgm": c for c in ("words", "joined")}


_PG_PLAIN_INDEXES = {f"ix_subscriber_search_{c}_pattern": c for c in ("words", "joined")}


SEARCH_INDEX_NAMES = frozenset(_PG_TRGM_INDEXES) | frozenset(_PG_PLAIN_INDEXES)


class PostgresAdapter(SearchAdapter):
    """Trigram GIN indexes (``pg_trgm``) on words and joined; btree + LIKE without it."""

    name = "postgresql"

    def create_search_index(self, conn: Connection) -> None:
        schema = self._ensure_trgm(conn)
        if schema is not None:  # qualified: the extension may live outside the search_path
            opclass = conn.dialect.identifier_preparer.quote_schema(schema) + ".gin_trgm_ops"
            specs = {i: (f"gin ({c} {opclass})") for i, c in _PG_TRGM_INDEXES.items()}
        else:
            specs = {i: f"btree ({c} text_pattern_ops)" for i, c in _PG_PLAIN_INDEXES.items()}
        for index, spec in specs.items():
            conn.exec_driver_sql(
                f"CREATE INDEX IF NOT EXISTS {index} ON subscriber_search USING {spec}"
            )

    def _ensure_trgm(self, conn: Connection) -> str | None:
        """The schema of the pg_trgm extension, installed if need be; None if unavailable."""
        find = text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"
        )
        schema = conn.scalar(find)
        if schema is not None:
            return str(schema)
        # In "public" when it can be: created in the store's own schema (the first of the
        # search_path), the extension would belong to that schema, and dropping that schema
        # would drop every trigram index of the database's other schemas with it.
        for statement in (
            "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        ):
            try:
                with conn.begin_nested():
                    conn.exec_driver_sql(statement)
                break
            except DBAPIError as exc:
                error = exc
        else:
            log.warning("pg_trgm unavailable (%s); name search falls back to LIKE", error.orig)
            return None
        return str(conn.scalar(find))

    def drop_search_index(self, conn: Connection) -> None:
        for index in SEARCH_INDEX_NAMES:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")

    def rebuild_search_index(self, conn: Connection) -> None:
        self.drop_search_index(conn)
        self.create_search_index(conn)
        conn.exec_driver_sql("ANALYZE subscriber_search")

    def search_subscribers(self, conn: Connection, query: str, limit: int = 50) -> list[int]:
        words = tokens(search_key(query))[:MAX_QUERY_WORDS]
        if not words or limit <= 0:
            return []
        cond = _pg_word_prefix(_SEARCH.c.joined, "".join(words))
        if len(words) > 1:
            each = and_(*(_pg_word_prefix(_SEARCH.c.words, w) for w in words))
            cond = or_(each, cond)
        stmt = (
            select(_SEARCH.c.subscriber_id)
            .where(cond)
            .order_by(_SEARCH.c.subscriber_id)
            .limit(int(limit))
        )
        return [int(i) for i in conn.scalars(stmt)]

    @contextmanager
    def bulk_load(
        self, conn: Connection, *, tables: Collection[str] = (), regenerable: bool = False
    ) -> Iterator[None]:
        """Import fast: search indexes and the non-unique indexes of ``tables`` dropped and
        rebuilt at the end, asynchronous commit. ``regenerable`` changes nothing here.

        Transaction handling as in ``SQLiteAdapter.bulk_load``.
        """
        owned = not conn.in_transaction()
        indexes = secondary_indexes(tables)
        conn.exec_driver_sql("SET synchronous_commit = off")
        conn.exec_driver_sql("SET maintenance_work_mem = '256MB'")  # for the index builds
        try:
            self.drop_search_index(conn)
            _drop_indexes(conn, indexes)
            yield
            _create_indexes(conn, indexes)
            self.rebuild_search_index(conn)
            if owned:
                conn.commit()
        except BaseException:
            try:
                if owned:
                    conn.rollback()
                _create_indexes(conn, indexes)
                self.create_search_index(conn)
                if owned:
                    conn.commit()
            except DBAPIError:  # an aborted transaction: the caller's rollback restores it
                log.exception("could not restore the search index after a failed bulk load")
            raise
        finally:
            # Inside an aborted transaction this fails, but the rollback undoes the SETs anyway.
            with suppress(DBAPIError):
                conn.exec_driver_sql("RESET synchronous_commit")
                conn.exec_driver_sql("RESET maintenance_work_mem")
                if owned:
                    conn.commit()

    def fast_count(self, conn: Connection, table: str, *, exact: bool = True) -> int:
        if not exact:
            estimate = conn.scalar(
                text("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(:t)"),
                {"t": _check_table(table)},
            )
            if estimate is not None and estimate >= 0:
                return int(estimate)
        return super().fast_count(conn, table, exact=True)


def _pg_word_prefix(column: Any, word: str) -> ColumnElement[bool]:
    return or_(
        column.startswith(word, autoescape=True), column.contains(" " + word, autoescape=True)
    )

"""The one package that holds database-specific SQL: ``sqlite`` and ``postgres``, one module
each, over ``base``.

Everything else in the store speaks dialect-neutral SQLAlchemy. Here live the SQLite connection
PRAGMAs, the subscriber name search (FTS5 on SQLite, ``pg_trgm`` on PostgreSQL) and the bulk-load
switches.

Search semantics (both dialects): the query is normalised with ``search_key`` and split into
words. A subscriber matches when every query word is a word *prefix* in ``words`` (any order), or
when the query's compact form (its words run together) is a prefix of a token of ``joined``.
Results are subscriber ids in ascending order, at most ``limit`` of them. Nothing is ranked: the
index is read in id order and the LIMIT stops it, so a common name costs no more than a rare one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, event

from pishkhan.store.dialect.base import (
    MAX_QUERY_WORDS,
    SearchAdapter,
    begin_write,
    secondary_indexes,
)
from pishkhan.store.dialect.postgres import SEARCH_INDEX_NAMES, PostgresAdapter
from pishkhan.store.dialect.sqlite import (
    FTS_PREFIXES,
    IMPORT_CACHE_KIB,
    SQLiteAdapter,
    _sqlite_on_begin,
    _sqlite_on_connect,
    fts_match_expression,
)
from pishkhan.store.dialect.sqlite_load import BULK_CACHE_KIB
from pishkhan.store.sqlite_bulk import FTS_TABLE

__all__ = [
    "BULK_CACHE_KIB",
    "FTS_PREFIXES",
    "FTS_TABLE",
    "IMPORT_CACHE_KIB",
    "MAX_QUERY_WORDS",
    "SEARCH_INDEX_NAMES",
    "PostgresAdapter",
    "SQLiteAdapter",
    "SearchAdapter",
    "adapter_for",
    "begin_write",
    "configure_engine",
    "fts_match_expression",
    "include_name",
    "secondary_indexes",
]


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic ``include_name`` hook: hide the search objects that live outside the models."""
    if name is None:
        return True
    if type_ == "table":
        return name != FTS_TABLE and not name.startswith(FTS_TABLE + "_")
    if type_ == "index":
        return name not in SEARCH_INDEX_NAMES
    return True


def configure_engine(engine: Engine) -> None:
    """Install the per-connection settings of ``engine``'s database (called by ``make_engine``)."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)


def adapter_for(bind: Engine | Connection) -> SearchAdapter:
    """The adapter of ``bind``'s database."""
    name = bind.dialect.name
    if name == "sqlite":
        return SQLiteAdapter()
    if name == "postgresql":
        return PostgresAdapter()
    raise NotImplementedError(f"no store adapter for database {name!r}")

"""Load the demo data set into the local store, fast enough for a million subscribers.

Rows come straight from :class:`pishkhan.demo.fastrows.FastRows` (no record objects) and are
written with one ``executemany`` per table and chunk, inside the store adapter's ``bulk_load``
(non-unique indexes and the search index rebuilt once at the end). With ``workers`` on a SQLite
file, the worker processes write their chunks themselves, taking turns in chunk order (see
:mod:`pishkhan.demo.parallel`); otherwise this process writes, one transaction per
:data:`COMMIT_EVERY` subscribers. Row ids come from subscriber numbers (see
:mod:`pishkhan.demo.rows`), so the result does not depend on the number of workers. Last, the
counter day of :mod:`pishkhan.demo.counter_day` (cash sessions, counter payments, voids).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, literal, select

from pishkhan.config import Config
from pishkhan.demo.counter_day import add_counter_day
from pishkhan.demo.generator import BLOCK_SIZE, DemoSpec, demo_users
from pishkhan.demo.parallel import (
    Chunk,
    Written,
    direct_chunks,
    local_chunks,
    queued_chunks,
)
from pishkhan.demo.rows import COLUMNS, USER_COLUMNS, IdBase, Row, user_rows
from pishkhan.services.passwords import hash_password
from pishkhan.store.db import upgrade
from pishkhan.store.dialect import adapter_for
from pishkhan.store.models import Base

COMMIT_EVERY = 100_000  # subscribers per transaction when this process writes
PARALLEL_FROM = 20_000  # smaller loads are generated in this process

Progress = Callable[[int, int], None]

# Also cleared by ``replace=True``: records about the old data that no foreign key ties to it.
_ALSO_CLEARED = frozenset({"outbox", "cash_sessions", "sync_cursors"})


class DemoDataExists(RuntimeError):
    """The database already holds subscribers; load with ``replace=True`` to clear it."""


@dataclass(frozen=True)
class DemoStats:
    counts: dict[str, int]  # rows inserted per table
    seconds: float
    subscribers: int
    seed: int
    workers: int


def load_demo_data(
    engine: Engine,
    *,
    subscribers: int,
    seed: int,
    config: Config,
    today: dt.date | None = None,
    progress: Progress | None = None,
    replace: bool = False,
    workers: int | None = None,
) -> DemoStats:
    """Migrate ``engine``'s database and fill it with ``subscribers`` demo subscribers.

    Raises :class:`DemoDataExists` when it already holds subscribers, unless ``replace``.
    ``workers``: generator processes (default: :func:`default_workers`); 0 generates in this
    process. Demo users sign in with the password ``pishkhan``.
    """
    started = time.perf_counter()
    spec = DemoSpec.from_config(
        config, subscribers=subscribers, seed=seed, today=today or dt.date.today()
    )
    if workers is None:
        workers = default_workers(subscribers)
    upgrade(engine)
    counts = dict.fromkeys(("users", *COLUMNS, "cash_sessions"), 0)
    with engine.connect() as conn:
        adapter = adapter_for(conn)
        with conn.begin():
            subscribers_table = Base.metadata.tables["subscribers"]
            if not replace and conn.scalar(select(func.count()).select_from(subscribers_table)):
                raise DemoDataExists("پایگاه داده از پیش مشترک دارد")
        with adapter.bulk_load(conn, tables=COLUMNS, regenerable=True):
            if replace:
                for cleared in cleared_tables():
                    conn.execute(cleared.delete())
            user_ids, counts["users"] = _ensure_users(conn)
            base = _id_base(conn)
            statements = {t: _insert_sql(conn, t, cols) for t, cols in COLUMNS.items()}
            if progress is not None:
                progress(0, subscribers)
            database = conn.engine.url.database
            if workers > 0 and adapter.name == "sqlite" and database not in (None, "", ":memory:"):
                conn.commit()  # the workers write; this connection holds no lock meanwhile
                assert database is not None
                chunks = direct_chunks(spec, user_ids, base, workers, database, statements)
                _count_written(chunks, counts, subscribers, progress)
            else:
                if workers > 0:
                    rows = queued_chunks(spec, user_ids, base, workers)
                else:
                    rows = local_chunks(spec, user_ids, base)
                _write(conn, rows, statements, counts, subscribers, progress)
        with conn.begin():
            for table, added in add_counter_day(conn, spec, user_ids, base.subscribers + 1).items():
                counts[table] += added
    return DemoStats(counts, time.perf_counter() - started, subscribers, seed, workers)


def _count_written(
    chunks: Iterator[Written], counts: dict[str, int], total: int, progress: Progress | None
) -> None:
    done = 0
    for size, written in chunks:
        for table, count in written.items():
            counts[table] += count
        done += size
        if progress is not None:
            progress(done, total)


def _write(
    conn: Connection,
    chunks: Iterator[Chunk],
    statements: dict[str, str],
    counts: dict[str, int],
    total: int,
    progress: Progress | None,
) -> None:
    done = since_commit = 0
    for size, rows in chunks:
        for table, table_rows in rows.items():
            if table_rows:
                _insert(conn, statements[table], table, table_rows)
                counts[table] += len(table_rows)
        done += size
        since_commit += size
        if since_commit >= COMMIT_EVERY:
            conn.commit()
            since_commit = 0
        if progress is not None:
            progress(done, total)


def cleared_tables() -> list[Table]:
    """What ``replace=True`` empties, children first: the demo's tables, every table with a
    foreign key into them, and :data:`_ALSO_CLEARED`. Users and the audit trail stay."""
    names = set(COLUMNS) | _ALSO_CLEARED
    tables = Base.metadata.sorted_tables
    grown = True
    while grown:
        extra = {
            t.name
            for t in tables
            if t.name not in names and any(fk.column.table.name in names for fk in t.foreign_keys)
        }
        names |= extra
        grown = bool(extra)
    return [t for t in reversed(tables) if t.name in names]


def default_workers(subscribers: int) -> int:
    """Generator processes for a load: none for a small one, else one per CPU, at most two.

    Each worker generates a chunk while the other writes one, so two keep two cores busy;
    more than two only add memory.
    """
    if subscribers < PARALLEL_FROM:
        return 0
    return max(1, min(2, os.cpu_count() or 1))


def _ensure_users(conn: Connection) -> tuple[dict[str, int], int]:
    """Insert the demo users that do not exist yet (existing ones keep their password)."""
    table = Base.metadata.tables["users"]
    existing = {name: uid for name, uid in conn.execute(select(table.c.username, table.c.id))}
    next_id = max(existing.values(), default=0) + 1
    new: list[tuple[int, Any, str]] = []
    ids: dict[str, int] = {}
    for user in demo_users():
        if user.username in existing:
            ids[user.username] = existing[user.username]
        else:
            ids[user.username] = next_id
            new.append((next_id, user, hash_password(user.password)))
            next_id += 1
    if new:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        _insert(conn, _insert_sql(conn, "users", USER_COLUMNS), "users", user_rows(new, now))
    return ids, len(new)


def _id_base(conn: Connection) -> IdBase:
    values = {}
    for name in IdBase.__dataclass_fields__:
        table = Base.metadata.tables[name]
        values[name] = int(conn.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0)
    return IdBase(**values)


def _insert_sql(conn: Connection, table: str, columns: tuple[str, ...]) -> str:
    """INSERT for ``columns``; other required columns get their model default as a literal.

    So a column added to the models with a default (``payments.attempt``) needs no change
    here; one without a default is reported at once instead of failing mid-load.
    """
    quote = conn.dialect.identifier_preparer.quote
    names = [quote(c) for c in columns]
    if conn.dialect.paramstyle == "qmark":
        values = ["?" for _ in columns]
    else:
        values = [f":{c}" for c in columns]
    for column in Base.metadata.tables[table].columns:
        if column.name in columns or column.nullable or column.server_default is not None:
            continue
        default = column.default
        if default is None or not (default.is_scalar or default.is_callable):
            raise RuntimeError(f"demo loader does not fill the new column {table}.{column.name}")
        value = default.arg if default.is_scalar else default.arg(None)  # type: ignore[attr-defined]
        names.append(quote(column.name))
        values.append(
            str(literal(value, column.type).compile(conn, compile_kwargs={"literal_binds": True}))
        )
    return f"INSERT INTO {quote(table)} ({', '.join(names)}) VALUES ({', '.join(values)})"


def _insert(conn: Connection, sql: str, table: str, rows: list[Row]) -> None:
    """``executemany``: straight to the driver on SQLite, through Core elsewhere."""
    if conn.dialect.paramstyle == "qmark":
        conn.exec_driver_sql(sql, rows)
        return
    # Through the Table, so column types (JSON above all) bind as each driver needs.
    columns = COLUMNS.get(table, USER_COLUMNS)
    conn.execute(
        Base.metadata.tables[table].insert(),
        [_typed(table, dict(zip(columns, r, strict=True))) for r in rows],
    )


def _typed(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """Rows hold SQLite's text forms; give other drivers dates, date-times and JSON."""
    import json

    columns = Base.metadata.tables[table].c
    for name, value in row.items():
        if not isinstance(value, str):
            continue
        kind = columns[name].type.__class__.__name__
        if kind == "Date":
            row[name] = dt.date.fromisoformat(value)
        elif kind == "DateTime":
            row[name] = dt.datetime.fromisoformat(value)
        elif kind == "JSON":
            row[name] = json.loads(value)
    return row


__all__ = ["BLOCK_SIZE", "DemoDataExists", "DemoStats", "load_demo_data"]

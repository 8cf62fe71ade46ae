"""Load the demo data set into the local store, fast enough for a million subscribers.

The generator runs in worker processes (``workers``), each producing ready-made rows for a
share of the blocks; this process only writes them, in block order, with one ``executemany`` per
table and chunk, inside the store adapter's ``bulk_load`` (search index rebuilt once at the end)
and one transaction per :data:`COMMIT_EVERY` subscribers. Row ids come from subscriber numbers
(see :mod:`pishkhan.demo.rows`), so the result does not depend on the number of workers.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from queue import Empty
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, literal, select

from pishkhan.config import Config
from pishkhan.demo.generator import BLOCK_SIZE, DemoGenerator, DemoSpec, demo_users
from pishkhan.demo.rows import COLUMNS, USER_COLUMNS, IdBase, Row, RowBuilder, user_rows
from pishkhan.services.passwords import hash_password
from pishkhan.store.db import upgrade
from pishkhan.store.dialect import adapter_for
from pishkhan.store.models import Base

CHUNK_BLOCKS = 2  # blocks per chunk handed from a worker to the writer
COMMIT_EVERY = 100_000  # subscribers per transaction
QUEUE_CHUNKS = 2  # chunks a worker may have waiting (bounds memory)
PARALLEL_FROM = 20_000  # smaller loads are generated in this process

Progress = Callable[[int, int], None]
Chunk = tuple[int, dict[str, list[Row]]]  # (subscribers in the chunk, rows per table)

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
    counts = dict.fromkeys(("users", *COLUMNS), 0)
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
            builder = RowBuilder(user_ids, _id_base(conn))
            statements = {t: _insert_sql(conn, t, cols) for t, cols in COLUMNS.items()}
            done = since_commit = 0
            if progress is not None:
                progress(0, subscribers)
            for size, rows in _chunks(spec, builder, workers):
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
                    progress(done, subscribers)
    return DemoStats(counts, time.perf_counter() - started, subscribers, seed, workers)


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

    Measured on two cores (100,000 subscribers): the writer alone needs about 0.6 ms per
    subscriber and one worker about 0.75 ms, so two workers keep the writer busy; with one the
    load took 16% longer. More than two only add memory.
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


# -- producing rows ------------------------------------------------------------------------------


def _chunk_rows(gen: DemoGenerator, builder: RowBuilder, chunk: int) -> Chunk:
    first = chunk * CHUNK_BLOCKS
    merged: dict[str, list[Row]] = {table: [] for table in COLUMNS}
    size = 0
    for block in gen.blocks(first, first + CHUNK_BLOCKS):
        size += len(block.accounts)
        for table, rows in builder.rows(block).items():
            merged[table].extend(rows)
    return size, merged


def _chunk_count(spec: DemoSpec) -> int:
    return -(-spec.blocks // CHUNK_BLOCKS)


def _chunks(spec: DemoSpec, builder: RowBuilder, workers: int) -> Iterator[Chunk]:
    if workers <= 0:
        gen = DemoGenerator(spec)
        for chunk in range(_chunk_count(spec)):
            yield _chunk_rows(gen, builder, chunk)
        return
    ctx = mp.get_context("spawn")
    queues = [ctx.Queue(QUEUE_CHUNKS) for _ in range(workers)]
    procs = [
        ctx.Process(target=_worker, args=(spec, builder, w, workers, queues[w]), daemon=True)
        for w in range(workers)
    ]
    for proc in procs:
        proc.start()
    try:
        for chunk in range(_chunk_count(spec)):
            item = _receive(queues[chunk % workers], procs[chunk % workers])
            if isinstance(item, BaseException):
                raise RuntimeError("demo data worker failed") from item
            yield item
        for proc in procs:
            proc.join()
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
                proc.join()


def _receive(queue: Any, proc: Any) -> Any:
    """The next item from a worker; an error if the worker died without sending one."""
    while True:
        try:
            return queue.get(timeout=1.0)
        except Empty:
            if not proc.is_alive():
                raise RuntimeError(f"demo data worker exited ({proc.exitcode})") from None


def _worker(spec: DemoSpec, builder: RowBuilder, index: int, workers: int, queue: Any) -> None:
    try:
        gen = DemoGenerator(spec)
        for chunk in range(index, _chunk_count(spec), workers):
            queue.put(_chunk_rows(gen, builder, chunk))
    except BaseException as exc:  # handed to the writer, which re-raises it
        queue.put(exc)
        raise


__all__ = ["BLOCK_SIZE", "DemoDataExists", "DemoStats", "load_demo_data"]

"""Figures of the foundation: demo data at scale and subscriber lookups."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from bench.common import TreeMemory, figure, percentile, time_each_ms
from pishkhan.config import load_config
from pishkhan.paths import DataPaths
from pishkhan.store.db import make_engine, sqlite_url
from pishkhan.store.dialect import adapter_for
from pishkhan.store.models import Subscriber, SubscriberSearch
from pishkhan.store.sqlite_writer import engine_name


def _demo_data_in_child(home: Path, subscribers: int) -> tuple[float, float, float]:
    """Generate demo data in a child process (which starts its own generator workers).

    Returns (seconds, peak MB of the whole process tree summed, peak MB of its largest process).
    """
    env = dict(os.environ, PISHKHAN_HOME=str(home))
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pishkhan",
            "demo-data",
            "--subscribers",
            str(subscribers),
            "--seed",
            "7",
            "--replace",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with TreeMemory(proc.pid) as memory:
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"demo-data failed with exit code {proc.returncode}")
    # ru_maxrss of a reaped child covers it and its reaped descendants: the largest of them.
    return seconds, memory.peak_mb, usage.ru_maxrss / 1024  # Linux reports KiB


def _orm_baseline_seconds(home: Path, sample: int) -> float:
    """Seconds per subscriber when written the naive way: ORM objects, one transaction each."""
    from bench.naive_load import naive_orm_load

    paths = DataPaths(home).ensure()
    engine = make_engine(sqlite_url(paths.database))
    try:
        started = time.perf_counter()
        naive_orm_load(engine, subscribers=sample, seed=7, config=load_config(paths))
        return (time.perf_counter() - started) / sample
    finally:
        engine.dispose()


def _lookups(home: Path, quick: bool) -> dict[str, Any]:
    engine = make_engine(sqlite_url(DataPaths(home).database))
    rng = random.Random(11)
    out: dict[str, Any] = {}
    with engine.connect() as conn:
        max_id = conn.scalar(select(Subscriber.id).order_by(Subscriber.id.desc()).limit(1)) or 0
        ids = [rng.randint(1, max_id) for _ in range(300 if quick else 1000)]
        numbers = [
            conn.scalar(select(Subscriber.subscription_no).where(Subscriber.id == i)) for i in ids
        ]
        exact = time_each_ms(
            lambda n: conn.execute(
                select(Subscriber.id).where(Subscriber.subscription_no == n)
            ).all(),
            numbers,
        )
        scan_sql = text("SELECT id FROM subscribers WHERE subscription_no || '' = :n")
        scan = time_each_ms(lambda n: conn.execute(scan_sql, {"n": n}).all(), numbers[:20])
        out["lookup_exact_p95_ms"] = figure(
            percentile(exact, 95),
            "ms",
            "<= 2",
            {
                "name": "same lookup without the unique index (full scan)",
                "p95_ms": round(percentile(scan, 95), 3),
            },
            samples=len(exact),
        )

        # Name queries drawn from real rows: a surname, a first name + surname prefix, a street.
        words_rows = [
            conn.scalar(select(SubscriberSearch.words).where(SubscriberSearch.subscriber_id == i))
            for i in ids[:200]
        ]
        queries: list[str] = []
        for words in words_rows:
            if not words:
                continue
            parts = words.split()
            kind = rng.randrange(3)
            if kind == 0:
                queries.append(parts[1])
            elif kind == 1:
                queries.append(f"{parts[0]} {parts[1][: max(2, len(parts[1]) - 1)]}")
            else:
                queries.append(" ".join(parts[:2]))
        adapter = adapter_for(conn)
        fts = time_each_ms(lambda q: adapter.search_subscribers(conn, q, 50), queries)
        naive = time_each_ms(lambda q: adapter.naive_like_search(conn, q, 50), queries[:20])
        p95, naive_p95 = percentile(fts, 95), percentile(naive, 95)
        out["lookup_name_p95_ms"] = figure(
            p95,
            "ms",
            "<= 20 and >= 50x faster than LIKE",
            {"name": "lookup_name_naive_like_p95_ms", "p95_ms": round(naive_p95, 3)},
            speedup=round(naive_p95 / p95, 1) if p95 else None,
            samples=len(fts),
        )
        out["lookup_name_naive_like_p95_ms"] = figure(
            naive_p95, "ms", "baseline", samples=len(naive)
        )
    engine.dispose()
    return out


def run(workdir: Path, *, subscribers: int, quick: bool) -> dict[str, Any]:
    home = workdir / "home"
    load_before = os.getloadavg()[0]
    seconds, peak_mb, largest_mb = _demo_data_in_child(home, subscribers)
    load_after = os.getloadavg()[0]
    sample = 100 if quick else 300
    per_subscriber = _orm_baseline_seconds(workdir / "baseline", sample)
    figures: dict[str, Any] = {
        "demo_data_seconds": figure(
            seconds,
            "s",
            "<= 180 for 1,000,000 subscribers",
            {
                "name": f"naive ORM, one subscriber per transaction ({sample} measured, "
                "extrapolated)",
                "seconds": round(per_subscriber * subscribers, 1),
            },
            subscribers=subscribers,
            cpus=os.cpu_count(),
            load_average=[round(load_before, 2), round(load_after, 2)],
            sqlite_writer=engine_name(),
        ),
        "demo_data_peak_mb": figure(
            peak_mb,
            "MB",
            "<= 1024 for 1,000,000 subscribers",
            subscribers=subscribers,
            measure="peak of the summed RSS of the loader and its generator workers "
            "(sampled every 0.1 s)",
            largest_process_mb=round(largest_mb, 1),
        ),
    }
    figures.update(_lookups(home, quick))
    return figures

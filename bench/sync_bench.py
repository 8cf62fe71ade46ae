"""Figures of the sync: pushing queued records and the initial pull of the subscriber feed.

Everything runs for real: the reference central server (``pishkhan central serve``) in a child
process on loopback, seeded from the demo generator, and the desk's :class:`SyncClient`.

* ``sync_push_per_s``: 10,000 queued payments (2,000 in quick mode) pushed in batches (the
  client's default batch size), next to ``sync_push_naive_per_s``: the same client sending one
  record per request (``batch_size=1``), in the same run, on fresh records of the same kind
  (200 in quick mode). Every pushed payment is *accepted* (the full server path: bill lookup,
  payment row, stored idempotent answer): before pushing, the seeded payments are removed from
  the central database so its bills are payable again (setup, not timed).
* ``sync_pull_seconds`` / ``sync_pull_peak_mb``: a fresh desk pulls ``subscribers`` subscribers
  (2,000 in quick mode) in a child process; its peak RSS is read from ``wait4``. Baseline: the
  same child's RSS after its imports, before the pull.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench.common import figure
from pishkhan.domain.ids import parse_bill_payment
from pishkhan.paths import data_paths
from pishkhan.services.context import AppContext, open_context
from pishkhan.services.embedded import MemoryTokenStore
from pishkhan.services.payments import business_day
from pishkhan.store import repo
from pishkhan.sync.client import SyncClient
from pishkhan.sync.schemas import PaymentItem

SECRET = "bench-secret"
PUSH_RECORDS = {True: 2_000, False: 10_000}  # quick mode: samples, enough for a rate
NAIVE_RECORDS = {True: 200, False: 10_000}
QUICK_PULL = 2_000  # subscribers pulled in quick mode


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Server:
    def __init__(self, home: Path, subscribers: int) -> None:
        self.home = home
        self.database = home / "central.sqlite3"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PISHKHAN_HOME=str(home), PISHKHAN_CENTRAL_SECRET=SECRET)
        env["PISHKHAN_CENTRAL_ADMIN_TOKEN"] = "bench-admin"
        self.log = (home / "server.log").open("ab")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pishkhan",
                "central",
                "serve",
                "--port",
                str(self.port),
                "--db",
                f"sqlite:///{self.database}",
                "--seed-subscribers",
                str(subscribers),
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self, timeout: float = 7200.0) -> float:
        """Block until healthy; returns seconds since spawn (seeding included)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"central server exited; see {self.home / 'server.log'}")
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=5).status_code == 200:
                    return time.perf_counter() - self.started
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("central server did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _payable_bills(database: Path, count: int) -> list[tuple[str, str]]:
    """Make every non-replaced bill payable again and return ``count`` distinct ones (setup)."""
    with sqlite3.connect(database, timeout=60) as conn:
        conn.execute("DELETE FROM payments")
        conn.execute("UPDATE bills SET status = 'issued' WHERE status = 'paid'")
        rows = conn.execute(
            "SELECT bill_id, payment_id FROM bills WHERE payment_id IS NOT NULL "
            "AND status = 'issued' GROUP BY bill_id, payment_id HAVING count(*) = 1 "
            "ORDER BY min(id) LIMIT ?",
            (count,),
        ).fetchall()
        # Write the setup's pages into the database now: left in the WAL (gigabytes at a
        # million subscribers), every commit of the timed push would try to checkpoint them.
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if len(rows) < count:
        raise RuntimeError(f"only {len(rows)} payable bills for {count} payments")
    return [(str(b), str(p)) for b, p in rows]


def _queue(ctx: AppContext, bills: list[tuple[str, str]]) -> None:
    """Queue one payment per bill in the desk's outbox (one transaction; setup)."""
    now = dt.datetime.now(dt.UTC)
    with ctx.sessions() as session, session.begin():
        for bill_id, payment_id in bills:
            pair = parse_bill_payment(bill_id, payment_id)
            uid = str(uuid.uuid4())
            item = PaymentItem.model_validate(
                {
                    "uuid": uid,
                    "bill_id": pair.bill_id,
                    "payment_id": pair.payment_id,
                    "amount_rials": pair.amount_rials,
                    "method": "pos",
                    "paid_at": now,
                    "business_day": business_day(now),
                    "desk": "0000-00",
                }
            )
            payload = item.model_dump(mode="json")
            del payload["desk"]
            repo.outbox_add(session, "payment", uid, payload)


def _push(ctx: AppContext, url: str, tokens: MemoryTokenStore, batch: int | None) -> float:
    """Push the whole outbox; returns records per second."""
    client = (
        SyncClient(ctx, url, token_store=tokens)
        if batch is None
        else SyncClient(ctx, url, token_store=tokens, batch_size=batch)
    )
    try:
        waiting = client.status().waiting
        started = time.perf_counter()
        report = client.push_once()
        seconds = time.perf_counter() - started
    finally:
        client.close()
    if report.error or report.accepted != waiting:
        raise RuntimeError(f"push: {report}")
    return waiting / seconds


def _pull_in_child(home: Path, url: str) -> dict[str, Any]:
    shutil.rmtree(home, ignore_errors=True)  # a fresh desk, also when --workdir is kept
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.sync_bench", "--pull", str(home), url],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"pull child failed ({proc.returncode})")
    result: dict[str, Any] = json.loads(out)
    result["wall_seconds"] = time.perf_counter() - started
    result["peak_mb"] = usage.ru_maxrss / 1024  # Linux: KiB
    return result


def _pull_child(home: Path, url: str) -> int:
    """In the child: register a fresh desk, then time one initial pull."""
    ctx = open_context(data_paths(home))
    client = SyncClient(ctx, url, token_store=MemoryTokenStore())
    client.register(SECRET)
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    report = client.pull_once()
    seconds = time.perf_counter() - started
    client.close()
    ctx.close()
    if report.error:
        raise SystemExit(f"pull failed: {report.error}")
    print(json.dumps({"seconds": seconds, "applied": report.applied, "baseline_mb": baseline_mb}))
    return 0


def run(workdir: Path, *, subscribers: int, quick: bool) -> dict[str, Any]:
    pull_size = min(subscribers, QUICK_PULL) if quick else subscribers
    push_n, naive_n = PUSH_RECORDS[quick], NAIVE_RECORDS[quick]
    # 12 bills per demo subscriber; count on half of them being payable (a wide margin).
    needed = -(-(push_n + naive_n) // 6)
    seeded = max(pull_size, needed)
    server = _Server(workdir, seeded)
    try:
        seed_seconds = server.wait()
        bills = _payable_bills(server.database, push_n + naive_n)
        shutil.rmtree(workdir / "desk", ignore_errors=True)  # an empty outbox, also when kept
        ctx = open_context(data_paths(workdir / "desk"))
        try:
            tokens = MemoryTokenStore()
            first = SyncClient(ctx, server.url, token_store=tokens)
            first.register(SECRET)
            batch = first.batch_size
            first.close()
            _queue(ctx, bills[:push_n])
            batched = _push(ctx, server.url, tokens, None)
            _queue(ctx, bills[push_n:])
            naive = _push(ctx, server.url, tokens, 1)
        finally:
            ctx.close()
        pull = _pull_in_child(workdir / "pull-desk", server.url)
    finally:
        server.stop()
    if pull["applied"] != seeded:
        raise RuntimeError(f"pulled {pull['applied']} of {seeded} subscribers")
    naive_fig = figure(naive, "records/s", "baseline", records=naive_n)
    return {
        "sync_push_per_s": figure(
            batched,
            "records/s",
            ">= 2000 and >= 10x naive",
            baseline={"sync_push_naive_per_s": round(naive, 1)},
            records=push_n,
            batch_size=batch,
            speedup=round(batched / naive, 2),
        ),
        "sync_push_naive_per_s": naive_fig,
        "sync_pull_seconds": figure(
            pull["seconds"],
            "s",
            "<= 120 s at 1,000,000",
            subscribers=seeded,
            rows_per_s=round(seeded / pull["seconds"]),
            central_seed_seconds=round(seed_seconds, 1),
        ),
        "sync_pull_peak_mb": figure(
            pull["peak_mb"],
            "MB",
            "<= 400 MB at 1,000,000",
            baseline={"process_after_imports_mb": round(pull["baseline_mb"], 1)},
            subscribers=seeded,
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_bench")
    parser.add_argument("--pull", nargs=2, metavar=("HOME", "URL"))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--subscribers", type=int, default=QUICK_PULL)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    if args.pull:
        return _pull_child(Path(args.pull[0]), args.pull[1])
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pishkhan-sync-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        figures = run(workdir, subscribers=args.subscribers, quick=args.quick)
    json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

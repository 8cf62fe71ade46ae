"""The embedded central server: the desk's demo default when ``[central] url`` is empty.

:class:`EmbeddedCentral` runs the reference central server (:mod:`pishkhan.central`) in a child
process on a free loopback port, seeded from the same demo generator, seed and size as the local
demo data, so the desk's subscribers and bills exist centrally and its payments are accepted.

* Start is non-blocking (``start()`` only spawns the process); :meth:`EmbeddedCentral.client`
  waits for ``/health`` and registers the desk, so call it on a worker thread.
* The listening socket is bound here and handed to the child (POSIX), so no other program can
  take the port between choosing and listening.
* The child never outlives the desk: it watches its stdin (a pipe whose only writer is this
  process; the kernel closes it when the desk dies, even by SIGKILL) and, on Linux, also asks
  for SIGTERM when its parent dies (``PR_SET_PDEATHSIG``).
* The registration secret and admin token are random for each run. The desk registers anew on
  every start and keeps that token in memory only (:class:`MemoryTokenStore`): it is never
  written to the configuration, the database or the key store, so demo mode works on a machine
  without a key store.
* ``<data folder>/central/central.sqlite3`` keeps the central data between runs;
  ``embedded.json`` beside it records what it was seeded for. When the local demo data changes
  (``pishkhan demo-data --replace``), the central database is made again.

Run as ``python -m pishkhan.services.embedded --db URL (--fd N | --port N) ...`` it is that child.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import httpx
from sqlalchemy import func, select

from pishkhan.services.context import AppContext
from pishkhan.store.models import Bill, Subscriber

log = logging.getLogger(__name__)

FOLDER = "central"
DATABASE = "central.sqlite3"
MARKER = "embedded.json"
SERVER_LOG = "server.log"
DEMO_SEED = 1405  # ``pishkhan demo-data`` and scripts/demo.sh
EMPTY_DESK_SUBSCRIBERS = 300  # a desk without data still gets subscribers to pull
READY_TIMEOUT = 600.0  # seeding a million subscribers takes minutes
FINGERPRINT_BILLS = 1000
EXIT_GRACE = 10.0  # the child's shutdown before it exits hard

NOT_STARTED = "سامانه مرکزی نمایشی راه‌اندازی نشده است"
EXITED = "سامانه مرکزی نمایشی متوقف شد؛ گزارش آن در {log}"
TOO_SLOW = "سامانه مرکزی نمایشی در زمان مقرر آماده نشد؛ گزارش آن در {log}"


class EmbeddedError(RuntimeError):
    """The embedded central server cannot be used; ``str()`` is a Persian message."""


class MemoryTokenStore:
    """A :class:`pishkhan.sync.tokens.TokenStore` held in this process only (embedded mode)."""

    def __init__(self) -> None:
        self._token: str | None = None
        self._lock = threading.Lock()

    def get(self) -> str | None:
        with self._lock:
            return self._token

    def set(self, token: str) -> None:
        with self._lock:
            self._token = token

    def delete(self) -> None:
        with self._lock:
            self._token = None


@dataclass(frozen=True)
class SeedPlan:
    """What the central database is seeded with, and for which local data."""

    subscribers: int
    seed: int
    today: str  # ISO date the demo data is generated for
    fingerprint: str  # of the local data; a change means the central data is made again


def local_fingerprint(ctx: AppContext) -> tuple[int, str]:
    """(subscribers, a fingerprint of the local demo data) from a few indexed queries.

    Only the first bills count (bills issued later at the desk must not look like new demo
    data); their latest date moves with the day the demo data was generated for. A desk with no
    bills is ``empty`` whatever subscribers it pulled.
    """
    with ctx.sessions() as session:
        first = session.execute(select(Bill.id, Bill.uuid).order_by(Bill.id).limit(1)).first()
        if first is None:
            return 0, "empty"
        count = int(session.scalar(select(func.count()).select_from(Subscriber)) or 0)
        head = select(Bill.issued_on).where(Bill.id < first.id + FINGERPRINT_BILLS).subquery()
        newest = session.scalar(select(func.max(head.c.issued_on)))
    return count, f"{count}:{first.uuid}:{newest}"


def plan_seed(ctx: AppContext, folder: Path, *, seed: int = DEMO_SEED) -> SeedPlan:
    """The seed plan for ``folder``; drops a central database made for other local data."""
    count, fingerprint = local_fingerprint(ctx)
    marker = folder / MARKER
    try:
        old = SeedPlan(**json.loads(marker.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        old = None
    database = folder / DATABASE
    if old is not None and (old.fingerprint, old.seed) == (fingerprint, seed) and database.exists():
        return old
    for suffix in ("", "-wal", "-shm", "-journal"):
        database.with_name(DATABASE + suffix).unlink(missing_ok=True)
    plan = SeedPlan(
        subscribers=count or EMPTY_DESK_SUBSCRIBERS,
        seed=seed,
        today=dt.date.today().isoformat(),
        fingerprint=fingerprint,
    )
    folder.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(asdict(plan)), encoding="utf-8")
    return plan


class EmbeddedCentral:
    """The reference central server as a child process of the desk (see the module notes)."""

    def __init__(
        self, ctx: AppContext, *, seed: int = DEMO_SEED, ready_timeout: float = READY_TIMEOUT
    ) -> None:
        self.ctx = ctx
        self.seed = seed
        self.ready_timeout = ready_timeout
        self.folder = ctx.paths.root / FOLDER
        self.log_path = self.folder / SERVER_LOG
        self.tokens = MemoryTokenStore()
        self.plan: SeedPlan | None = None
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._secret = ""
        self._ready = False
        self._lock = threading.RLock()

    @classmethod
    def for_context(cls, ctx: AppContext) -> EmbeddedCentral | None:
        """An (unstarted) embedded server when the configuration names no central system."""
        return cls(ctx) if not ctx.config.central_url else None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    # ------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Spawn the server (returns at once; it seeds and listens in the background).

        Call it from the main thread where possible: on Linux the child also dies with the
        thread that spawned it.
        """
        with self._lock:
            if self.running:
                return
            self.plan = plan_seed(self.ctx, self.folder, seed=self.seed)
            self._secret = secrets.token_urlsafe(24)
            self.tokens.delete()
            self._ready = False
            env = dict(
                os.environ,
                PISHKHAN_CENTRAL_SECRET=self._secret,
                PISHKHAN_CENTRAL_ADMIN_TOKEN=secrets.token_urlsafe(24),
            )
            command = [
                sys.executable,
                "-m",
                "pishkhan.services.embedded",
                "--db",
                f"sqlite:///{self.folder / DATABASE}",
                "--seed-subscribers",
                str(self.plan.subscribers),
                "--seed",
                str(self.plan.seed),
                "--today",
                self.plan.today,
            ]
            if threading.current_thread() is threading.main_thread():
                command.append("--die-with-parent")
            listener: socket.socket | None = None
            pass_fds: tuple[int, ...] = ()
            if os.name == "posix":
                listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                listener.bind(("127.0.0.1", 0))
                listener.listen(128)
                pass_fds = (listener.fileno(),)
                command += ["--fd", str(listener.fileno())]
            else:  # pragma: no cover - Windows: choose a port and let the child bind it
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", 0))
                    listener_port = int(probe.getsockname()[1])
                command += ["--port", str(listener_port)]
            try:
                self.port = (
                    int(listener.getsockname()[1]) if listener is not None else listener_port
                )
                with self.log_path.open("ab") as out:
                    self.process = subprocess.Popen(
                        command,
                        stdin=subprocess.PIPE,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        env=env,
                        pass_fds=pass_fds,
                    )
            finally:
                if listener is not None:
                    listener.close()  # the child holds its own copy
            log.info(
                "embedded central server pid %s on %s (%s subscribers, seed %s)",
                self.process.pid,
                self.url,
                self.plan.subscribers,
                self.plan.seed,
            )

    def wait_ready(self, timeout: float | None = None) -> str:
        """Block until the server answers ``/health`` (worker thread); returns its URL."""
        deadline = time.monotonic() + (self.ready_timeout if timeout is None else timeout)
        while True:
            with self._lock:
                process, url, ready = self.process, self.url, self._ready
            if process is None:
                raise EmbeddedError(NOT_STARTED)
            if process.poll() is not None:
                raise EmbeddedError(EXITED.format(log=self.log_path))
            if ready:
                return url
            try:
                if httpx.get(url + "/api/v1/health", timeout=2.0).status_code == 200:
                    with self._lock:
                        self._ready = self.process is process
                    continue
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise EmbeddedError(TOO_SLOW.format(log=self.log_path))
            time.sleep(0.1)

    def client(self, ctx: AppContext | None = None) -> Any:
        """A registered :class:`~pishkhan.sync.client.SyncClient` (blocks: worker thread).

        Restarts the server if it has stopped; registers the desk when this run has no token.
        """
        from pishkhan.sync.client import SyncClient

        ctx = ctx or self.ctx
        with self._lock:
            if not self.running:
                self.start()
        url = self.wait_ready()
        with self._lock:
            sync = SyncClient(ctx, url, token_store=self.tokens)
            if self.tokens.get() is None:
                try:
                    sync.register(self._secret)
                except Exception:
                    sync.close()
                    raise
        return sync

    def stop(self, timeout: float = 10.0) -> None:
        """Shut the server down cleanly (closing its stdin), harder if it does not go."""
        with self._lock:
            process, self.process, self._ready = self.process, None, False
            self.tokens.delete()
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.info("embedded central server stopped (exit %s)", process.returncode)


# ----------------------------------------------------------------------------------------------
# The child process


def _die_with_parent() -> None:
    """Linux: SIGTERM when the spawning thread of the parent ends."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return


class _Lifetime:
    """The child's link to the desk: stdin EOF ends the server (and the process, hard, later)."""

    def __init__(self) -> None:
        self.server: Any = None
        self.ending = threading.Event()

    def watch(self, stream: IO[bytes]) -> None:
        while stream.read(4096):
            pass
        self.ending.set()
        if self.server is None:  # still seeding: SQLite rolls the unfinished seed back
            os._exit(0)
        self.server.should_exit = True
        time.sleep(EXIT_GRACE)
        os._exit(0)


def serve(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pishkhan.services.embedded")
    parser.add_argument("--db", required=True)
    parser.add_argument("--fd", type=int)
    parser.add_argument("--port", type=int)
    parser.add_argument("--seed-subscribers", type=int, default=0)
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    parser.add_argument("--today")
    parser.add_argument("--die-with-parent", action="store_true")
    args = parser.parse_args(argv)
    parent = os.getppid()
    if args.die_with_parent:
        _die_with_parent()
        if os.getppid() != parent:  # the parent died before prctl
            return 0
    lifetime = _Lifetime()
    threading.Thread(target=lifetime.watch, args=(sys.stdin.buffer,), daemon=True).start()

    import uvicorn

    from pishkhan.central import create_app

    app = create_app(
        args.db,
        seed_subscribers=args.seed_subscribers,
        seed=args.seed,
        today=dt.date.fromisoformat(args.today) if args.today else None,
        registration_secret=os.environ["PISHKHAN_CENTRAL_SECRET"],
        admin_token=os.environ.get("PISHKHAN_CENTRAL_ADMIN_TOKEN") or None,
    )
    if lifetime.ending.is_set():
        return 0
    if args.fd is not None:
        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        server = uvicorn.Server(config)
        lifetime.server = server
        print(f"embedded central server pid {os.getpid()} serving", flush=True)
        server.run(sockets=[socket.socket(fileno=args.fd)])
    else:  # pragma: no cover - Windows
        config = uvicorn.Config(
            app, host="127.0.0.1", port=int(args.port), log_level="warning", lifespan="off"
        )
        server = uvicorn.Server(config)
        lifetime.server = server
        server.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(serve())

"""``pishkhan central serve`` as a real child process on loopback, shared by the central, sync
and end-to-end tests: started, stopped, killed with SIGKILL and started again on its port."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

import httpx
import pytest
from sqlalchemy import create_engine, make_url, text

from tests.pg import needs_pg

ADMIN_TOKEN = "test-admin-token"
SECRET = "test-registration-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class CentralProcess:
    """The reference server on ``db_url`` (default: a SQLite file in ``home``)."""

    def __init__(
        self,
        home: Path,
        *,
        db_url: str | None = None,
        port: int | None = None,
        subscribers: int = 300,
        secret: str = SECRET,
        admin_token: str = ADMIN_TOKEN,
        extra_args: tuple[str, ...] = (),
        scheme: str = "http",
    ) -> None:
        self.home = home
        self.db_url = db_url or f"sqlite:///{home / 'central.sqlite3'}"
        self.port = port or free_port()
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.subscribers = subscribers
        self.secret = secret
        self.admin_token = admin_token
        self.extra_args = extra_args
        self.log = home / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, verify: ssl.SSLContext | bool = True) -> Self:
        self.home.mkdir(parents=True, exist_ok=True)
        env = dict(
            os.environ,
            PISHKHAN_HOME=str(self.home),
            PISHKHAN_CENTRAL_SECRET=self.secret,
            PISHKHAN_CENTRAL_ADMIN_TOKEN=self.admin_token,
        )
        command = [
            sys.executable,
            "-m",
            "pishkhan",
            "central",
            "serve",
            "--port",
            str(self.port),
            "--db",
            self.db_url,
            "--seed-subscribers",
            str(self.subscribers),
            *self.extra_args,
        ]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"central server exited: {self.log.read_text(errors='replace')}")
            try:
                health = httpx.get(self.url + "/api/v1/health", timeout=2, verify=verify)
                if health.status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"central server did not start: {self.log.read_text(errors='replace')}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def kill(self) -> None:
        """SIGKILL: no shutdown of any kind (what a power cut does to the server)."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process = None

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url + "/api/v1", headers=headers, timeout=30)

    def register_token(self, desk_no: int, branch_code: int = 1101) -> str:
        body = {"branch_code": branch_code, "desk_no": desk_no, "secret": self.secret}
        answer = httpx.post(self.url + "/api/v1/desks/register", json=body, timeout=30)
        assert answer.status_code == 200, answer.text
        token: str = answer.json()["token"]
        return token


@contextmanager
def central_database(kind: str, home: Path) -> Iterator[str]:
    """A database URL for a server: a SQLite file in ``home``, or a throwaway PostgreSQL schema
    (``PISHKHAN_TEST_PG_URL``; dropped afterwards)."""
    if kind == "sqlite":
        yield f"sqlite:///{home / 'central.sqlite3'}"
        return
    from tests.pg import PG_URL

    if not PG_URL:
        pytest.skip("PISHKHAN_TEST_PG_URL is not set")
    schema = f"central_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


DATABASES = ["sqlite", pytest.param("postgresql", marks=needs_pg)]

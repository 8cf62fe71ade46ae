"""The reference central server as a real process: ``python -m pishkhan central serve``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

ADMIN_TOKEN = "test-admin-token"
SECRET = "test-registration-secret"
SUBSCRIBERS = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    _clients: list[httpx.Client] = field(default_factory=list)

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = httpx.Client(base_url=self.url + "/api/v1", headers=headers, timeout=30)
        self._clients.append(client)
        return client

    def register(self, desk_no: int, branch_code: int = 1101) -> httpx.Client:
        body = {"branch_code": branch_code, "desk_no": desk_no, "secret": SECRET}
        answer = self.client().post("/desks/register", json=body)
        assert answer.status_code == 200, answer.text
        return self.client(answer.json()["token"])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("central")
    port = free_port()
    log = home / "server.log"
    env = dict(
        os.environ,
        PISHKHAN_HOME=str(home),
        PISHKHAN_CENTRAL_SECRET=SECRET,
        PISHKHAN_CENTRAL_ADMIN_TOKEN=ADMIN_TOKEN,
    )
    command = [
        sys.executable,
        "-m",
        "pishkhan",
        "central",
        "serve",
        "--port",
        str(port),
        "--db",
        f"sqlite:///{home / 'central.sqlite3'}",
        "--seed-subscribers",
        str(SUBSCRIBERS),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    found = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"central server exited: {log.read_text(errors='replace')}")
            try:
                if httpx.get(found.url + "/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"central server did not start: {log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield found
    finally:
        for client in found._clients:
            client.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def desk(server: Server) -> httpx.Client:
    return server.register(1)


@pytest.fixture(scope="session")
def admin(server: Server) -> httpx.Client:
    return server.client(ADMIN_TOKEN)


@pytest.fixture(scope="session")
def debtors(desk: httpx.Client) -> list[str]:
    """Subscription numbers whose latest bill is unpaid; tests take one each with ``pop``."""
    found: list[str] = []
    cursor = None
    while True:
        params = {"limit": 1000} | ({"cursor": cursor} if cursor else {})
        page = desk.get("/subscribers/feed", params=params).json()
        found += [s["subscription_no"] for s in page["items"] if s["balance_rials"] > 0]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return found

"""The desk's background sync and the embedded central server, with real server processes.

Run with ``QT_QPA_PLATFORM=offscreen`` (set here if no platform is chosen).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import keyring
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pishkhan.services.context import AppContext
from pishkhan.sync.client import SyncClient
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.worker import wait_for_workers
from tests.central.server import free_port
from tests.desks import make_desk
from tests.keyrings import MemoryKeyring
from tests.qtapp import persian_application

SECRET = "syncdesk-secret"
SUBSCRIBERS = 300


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    try:
        yield store
    finally:
        keyring.set_keyring(previous)


def refused(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def process_gone(pid: int) -> bool:
    """True when ``pid`` no longer runs (a zombie waiting for its reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def wait_for(check: Callable[[], bool], timeout: float = 60.0) -> bool:
    """Poll ``check`` until it is true (a deadline for hung tests, not a speed assertion)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


class Central:
    """``pishkhan central serve`` as a child process on a fixed port; can stop and start again."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Central:
        log = self.home / "server.log"
        env = dict(os.environ, PISHKHAN_HOME=str(self.home), PISHKHAN_CENTRAL_SECRET=SECRET)
        command = [
            sys.executable,
            "-m",
            "pishkhan",
            "central",
            "serve",
            "--port",
            str(self.port),
            "--db",
            f"sqlite:///{self.home / 'central.sqlite3'}",
            "--seed-subscribers",
            str(SUBSCRIBERS),
        ]
        with log.open("ab") as out:
            self.process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)

        def healthy() -> bool:
            assert self.process is not None
            if self.process.poll() is not None:
                pytest.fail(f"central server exited: {log.read_text(errors='replace')}")
            try:
                return httpx.get(self.url + "/api/v1/health", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        if not wait_for(healthy, 120):
            pytest.fail(f"central server did not start: {log.read_text(errors='replace')}")
        return self

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

    def api(self, desk_no: int) -> httpx.Client:
        """An API client registered as desk ``desk_no`` of branch 1101."""
        body = {"branch_code": 1101, "desk_no": desk_no, "secret": SECRET}
        answer = httpx.post(self.url + "/api/v1/desks/register", json=body, timeout=30)
        assert answer.status_code == 200, answer.text
        return httpx.Client(
            base_url=self.url + "/api/v1",
            headers={"Authorization": f"Bearer {answer.json()['token']}"},
            timeout=30,
        )


@pytest.fixture(scope="session")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    server = Central(tmp_path_factory.mktemp("central")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def unpaid_bills(central: Central) -> list[dict[str, Any]]:
    """Unpaid latest bills of the session server; tests take them with ``pop``."""
    found: list[dict[str, Any]] = []
    with central.api(desk_no=90) as client:
        page = client.get("/subscribers/feed", params={"limit": 1000}).json()
        for item in page["items"]:
            if item["balance_rials"] <= 0:
                continue
            bill = client.get(f"/subscribers/{item['subscription_no']}/bills/latest").json()
            if bill["status"] == "issued" and bill["payment_id"]:
                found.append(bill)
    assert found
    return found


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[AppContext]:
    ctx = make_desk(tmp_path / "desk")
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def qapp() -> QApplication:
    return persian_application()


@pytest.fixture
def window(qapp: QApplication, qtbot: QtBot) -> Iterator[MainWindow]:
    win = MainWindow(user_name="مریم احمدی", branch="شعبهٔ مرکزی", desk=1)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    assert wait_for_workers(10_000), "a background job did not finish"
    qapp.processEvents()


def configured_factory(ctx: AppContext, url: str) -> Callable[[], SyncClient]:
    """Clients of a desk pointed at ``url`` (registered once; token in the test key store)."""
    first = SyncClient(ctx, url)
    first.register(SECRET)
    first.close()

    def factory() -> SyncClient:
        return SyncClient(ctx, url)

    return factory

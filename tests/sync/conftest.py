"""The sync client against the reference central server run as a real process on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest

from pishkhan.services.context import AppContext
from pishkhan.sync.client import SyncClient
from tests.central.server import CentralProcess
from tests.desks import make_desk
from tests.keyrings import MemoryKeyring

SECRET = "sync-test-secret"
SUBSCRIBERS = 300


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    try:
        yield store
    finally:
        keyring.set_keyring(previous)


class Central(CentralProcess):
    """``pishkhan central serve`` in a child process; can be stopped and started again."""

    def __init__(self, home: Path, port: int | None = None) -> None:
        super().__init__(home, port=port, subscribers=SUBSCRIBERS, secret=SECRET)

    def admin(self, token: str) -> httpx.Client:
        return self.client(token)


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
    token = register_token(central.url, desk_no=99)
    found: list[dict[str, Any]] = []
    with central.admin(token) as client:
        cursor = None
        numbers: list[str] = []
        while True:
            params: dict[str, Any] = {"limit": 1000} | ({"cursor": cursor} if cursor else {})
            page = client.get("/subscribers/feed", params=params).json()
            numbers += [s["subscription_no"] for s in page["items"] if s["balance_rials"] > 0]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        for number in numbers:
            bill = client.get(f"/subscribers/{number}/bills/latest").json()
            if bill["status"] == "issued" and bill["payment_id"]:
                found.append(bill)
    return found


def register_token(url: str, desk_no: int) -> str:
    body = {"branch_code": 1101, "desk_no": desk_no, "secret": SECRET}
    answer = httpx.post(url + "/api/v1/desks/register", json=body, timeout=30)
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["token"]
    return token


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[AppContext]:
    ctx = make_desk(tmp_path / "desk")
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def client(desk: AppContext, central: Central) -> Iterator[SyncClient]:
    sync = SyncClient(desk, central.url)
    sync.register(SECRET)
    try:
        yield sync
    finally:
        sync.close()

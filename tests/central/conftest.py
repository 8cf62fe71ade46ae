"""The reference central server as a real process (``python -m pishkhan central serve``), once
on a SQLite file and once on PostgreSQL (``PISHKHAN_TEST_PG_URL``; skipped when unset)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from .server import ADMIN_TOKEN, DATABASES, SECRET, CentralProcess, central_database

__all__ = ["ADMIN_TOKEN", "SECRET", "SUBSCRIBERS", "Server"]

SUBSCRIBERS = 300


class Server(CentralProcess):
    """The session's server with a registry of the HTTP clients the tests opened."""

    _clients: list[httpx.Client]

    def client(self, token: str | None = None) -> httpx.Client:
        client = super().client(token)
        self._clients.append(client)
        return client

    def register(self, desk_no: int, branch_code: int = 1101) -> httpx.Client:
        return self.client(self.register_token(desk_no, branch_code))


@pytest.fixture(scope="session", params=DATABASES)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    home = tmp_path_factory.mktemp(f"central-{request.param}")
    with central_database(request.param, home) as url:
        found = Server(home, db_url=url, subscribers=SUBSCRIBERS)
        found._clients = []
        found.start()
        try:
            yield found
        finally:
            for client in found._clients:
                client.close()
            found.stop()


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

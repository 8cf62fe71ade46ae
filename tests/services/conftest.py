"""A real desk store (SQLite file, migrated) with a little demo data and the demo users."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from pishkhan.demo.loader import load_demo_data
from pishkhan.domain.ids import make_payment_id
from pishkhan.paths import DataPaths
from pishkhan.services.auth import Role, SignedIn
from pishkhan.services.context import AppContext, open_context
from pishkhan.store.models import Subscriber, User

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    ctx = open_context(DataPaths(tmp_path_factory.mktemp("desk")))
    load_demo_data(ctx.engine, subscribers=40, seed=7, config=ctx.config, today=TODAY, workers=0)
    yield ctx
    ctx.close()


def signed_in(ctx: AppContext, username: str) -> SignedIn:
    with ctx.sessions() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        return SignedIn(user.id, user.username, user.full_name, Role(user.role))


def unpaid_bills(ctx: AppContext, count: int = 3) -> list[tuple[str, str, int]]:
    """(bill ID, payment ID, amount) of new, unpaid bills of the first demo subscribers.

    The demo's own bills are almost all paid, so each test gets a fresh period (99, never used
    by the demo) of real subscribers' bill IDs.
    """
    with ctx.sessions() as session:
        subscribers = session.scalars(select(Subscriber).order_by(Subscriber.id).limit(count))
        pairs = []
        for index, subscriber in enumerate(subscribers):
            amount = 1_250_000 + 1000 * index
            payment_id = make_payment_id(subscriber.bill_id, amount, 1409, 99)
            pairs.append((subscriber.bill_id, payment_id, amount))
        return pairs


@pytest.fixture
def tmp_store(tmp_path: Path) -> Iterator[AppContext]:
    """An empty migrated store of its own (no users)."""
    ctx = open_context(DataPaths(tmp_path / "empty"))
    yield ctx
    ctx.close()

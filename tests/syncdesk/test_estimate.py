"""A reading taken at the desk is billed locally as an estimate until the central system's bill
for it arrives with the push answer; then the estimate becomes that confirmed bill."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from pishkhan.demo.loader import load_demo_data
from pishkhan.services.auth import Role, SignedIn
from pishkhan.services.context import AppContext
from pishkhan.services.readings import record_reading
from pishkhan.store.models import Bill, Meter, Reading, Subscriber
from pishkhan.sync.client import SyncClient

from .conftest import SECRET, SUBSCRIBERS, Central, MemoryKeyring, make_desk


@pytest.fixture
def seeded_desk(tmp_path: Path) -> Iterator[AppContext]:
    """A desk holding the same demo data as the central server (same seed, same size)."""
    ctx = make_desk(tmp_path / "desk")
    load_demo_data(ctx.engine, subscribers=SUBSCRIBERS, seed=1405, config=ctx.config)
    try:
        yield ctx
    finally:
        ctx.close()


def test_the_central_bill_replaces_the_local_estimate(
    seeded_desk: AppContext, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    ctx = seeded_desk
    operator = SignedIn(1, "operator", "اپراتور", Role.OPERATOR)
    with ctx.sessions() as session:
        sub_id, last_value = session.execute(
            select(Subscriber.id, Reading.value)
            .join(Reading, Reading.subscriber_id == Subscriber.id)
            .join(Meter, Meter.id == Reading.meter_id)
            .where(Subscriber.status == "active", Meter.removed_on.is_(None))
            .order_by(Subscriber.id, Reading.read_on.desc())
            .limit(1)
        ).one()
    with ctx.sessions() as session:
        result = record_reading(
            session,
            operator,
            sub_id,
            last_value + 30,
            dt.date.today(),
            confirm_jump=True,
            tariff=ctx.config.tariff,
        )
    with ctx.sessions() as session:
        estimate = session.scalars(
            select(Bill).join(Reading).where(Reading.uuid == result.reading_uuid)
        ).one()
        assert estimate.is_estimate and estimate.status == "issued"

    (tmp_path / "central").mkdir()
    central = Central(tmp_path / "central").start()
    try:
        client = SyncClient(ctx, central.url)
        client.register(SECRET)
        push = client.push_once()
        client.close()
        assert push.accepted == 1, push
        base = central.url + "/api/v1"
        token = httpx.post(
            base + "/desks/register",
            json={"branch_code": 1101, "desk_no": 9, "secret": SECRET},
            timeout=30,
        ).json()["token"]
        server_bill = httpx.get(
            f"{base}/subscribers/{result.subscription_no}/bills/latest",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ).json()
    finally:
        central.stop()

    with ctx.sessions() as session:
        [confirmed] = session.scalars(
            select(Bill).join(Reading).where(Reading.uuid == result.reading_uuid)
        ).all()
        assert not confirmed.is_estimate and confirmed.status == server_bill["status"]
        assert confirmed.uuid == server_bill["uuid"]
        assert confirmed.payment_id == server_bill["payment_id"]
        assert confirmed.payable_rials == server_bill["payable_rials"]
        assert confirmed.consumption_m3 == server_bill["consumption_m3"] == 30
        subscriber = session.get_one(Subscriber, sub_id)
        assert subscriber.balance_rials == server_bill["payable_rials"]

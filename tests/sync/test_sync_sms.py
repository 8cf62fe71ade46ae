"""A bill SMS queued at the desk reaches the real central server's SMS queue exactly once."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from pishkhan.domain.persian import to_persian_digits
from pishkhan.services.auth import Role, SignedIn
from pishkhan.services.context import AppContext
from pishkhan.services.sms import queue_bill_sms
from pishkhan.store.models import Bill, OutboxEntry, Subscriber, User
from pishkhan.sync.client import SyncClient

from .conftest import SECRET, Central

PERSIAN = re.compile(r"[\u0600-\u06FF]")
MOBILE = "09121234567"


def _operator(ctx: AppContext) -> SignedIn:
    with ctx.sessions() as session, session.begin():
        user = User(username="operator", full_name="مریم احمدی", role="operator", password_hash="-")
        session.add(user)
        session.flush()
        return SignedIn(user.id, user.username, user.full_name, Role.OPERATOR)


def _give_bill(ctx: AppContext, bill: dict[str, Any]) -> int:
    """The central bill as the desk's latest bill of its (pulled) subscriber; its desk id."""
    with ctx.sessions() as session, session.begin():
        subscriber = session.scalars(
            select(Subscriber).where(Subscriber.subscription_no == bill["subscription_no"])
        ).one()
        lines = [(code, amount) for code, amount in bill["lines"]]
        debt = sum(a for c, a in lines if c == "debt")
        session.add(
            Bill(
                uuid=str(uuid.uuid4()),
                subscriber_id=subscriber.id,
                bill_id=bill["bill_id"],
                payment_id=bill["payment_id"] or "",
                period_year=bill["period_year"],
                period_no=bill["period_no"],
                prev_read_on=dt.date.fromisoformat(bill["prev_read_on"]),
                curr_read_on=dt.date.fromisoformat(bill["read_on"]),
                prev_reading=bill["prev_reading"],
                curr_reading=bill["reading"],
                days=bill["days"],
                consumption_m3=bill["consumption_m3"],
                lines=[[c, a] for c, a in lines if c not in ("vat", "debt")],
                vat_rials=sum(a for c, a in lines if c == "vat"),
                amount_rials=bill["total_rials"] - debt,
                debt_carried_rials=debt,
                payable_rials=bill["payable_rials"],
                issued_on=dt.date.fromisoformat(bill["issued_on"]),
                due_on=dt.date.fromisoformat(bill["due_on"]),
                status=bill["status"],
            )
        )
        return subscriber.id


def _sms_outbox(ctx: AppContext) -> list[OutboxEntry]:
    with ctx.sessions() as session:
        return list(session.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "sms")))


def _server_queue(server: Central, subscription_no: str) -> list[dict[str, Any]]:
    with server.admin(server.admin_token) as http:
        answer = http.get("/admin/sms", params={"subscription_no": subscription_no})
        assert answer.status_code == 200, answer.text
        items: list[dict[str, Any]] = answer.json()["items"]
        return items


def test_an_sms_queued_offline_is_sent_once_even_when_the_answer_is_lost(
    desk: AppContext, tmp_path: Path
) -> None:
    server = Central(tmp_path / "central-sms")
    server.start()
    sync = SyncClient(desk, server.url)
    try:
        sync.register(SECRET)
        assert sync.pull_once().ok
        headers = {"Authorization": f"Bearer {sync.tokens.get()}"}
        feed = httpx.get(server.url + "/api/v1/subscribers/feed", headers=headers).json()
        number = feed["items"][0]["subscription_no"]
        bill = httpx.get(
            f"{server.url}/api/v1/subscribers/{number}/bills/latest", headers=headers
        ).json()
        subscriber_id = _give_bill(desk, bill)
        server.stop()

        queued = queue_bill_sms(desk, _operator(desk), subscriber_id, MOBILE)
        report = sync.push_once()
        assert report.error and PERSIAN.search(report.error) and report.deferred == 1
        [entry] = _sms_outbox(desk)
        assert str(entry.record_uuid) == queued.uuid and entry.state == "pending"

        server.start()
        assert entry.next_attempt_at is not None
        report = sync.push_once(now=entry.next_attempt_at + dt.timedelta(seconds=1))
        assert report.ok and report.accepted == 1, report
        assert _sms_outbox(desk) == []
        [held] = _server_queue(server, number)
        assert held["uuid"] == queued.uuid and held["mobile"] == MOBILE
        assert to_persian_digits(bill["bill_id"]) in held["text"]
        assert to_persian_digits(number) in held["text"] and "ریال" in held["text"]

        # The answer was lost: the row is back in the outbox and goes again.
        with desk.sessions() as session, session.begin():
            session.add(
                OutboxEntry(
                    record_type=entry.record_type,
                    record_uuid=entry.record_uuid,
                    payload=entry.payload,
                )
            )
        again = sync.push_once()
        assert again.ok and again.accepted == 1 and _sms_outbox(desk) == []
        assert len(_server_queue(server, number)) == 1
    finally:
        sync.close()
        server.stop()


def test_an_sms_the_server_refuses_needs_attention_with_its_reason(
    desk: AppContext, client: SyncClient, central: Central
) -> None:
    assert client.pull_once().ok
    with desk.sessions() as session:
        number = session.scalars(select(Subscriber.subscription_no).limit(1)).one()
    bill = {
        "subscription_no": number,
        "bill_id": "9999999999999",
        "payment_id": "99999999",
        "lines": [["water", 1_000_000]],
        "period_year": 1405,
        "period_no": 3,
        "prev_read_on": "2026-07-01",
        "read_on": "2026-09-01",
        "prev_reading": 10,
        "reading": 30,
        "days": 62,
        "consumption_m3": 20,
        "total_rials": 1_000_000,
        "payable_rials": 1_000_000,
        "issued_on": "2026-09-02",
        "due_on": "2026-09-20",
        "status": "issued",
    }
    subscriber_id = _give_bill(desk, bill)
    queue_bill_sms(desk, _operator(desk), subscriber_id, MOBILE)

    report = client.push_once()
    assert report.attention == 1 and report.accepted == 0, report
    [entry] = _sms_outbox(desk)
    assert entry.state == "attention"
    assert entry.last_error == "این قبض برای این اشتراک در سامانه مرکزی یافت نشد"
    assert _server_queue(central, number) == []

"""Queuing "send the latest bill by SMS" at the desk: outbox row and audit event together."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from pishkhan.domain.ids import InvalidId
from pishkhan.services import audit
from pishkhan.services.auth import PermissionDenied
from pishkhan.services.context import AppContext
from pishkhan.services.sms import SMS_QUEUED, SmsRefused, queue_bill_sms
from pishkhan.store import repo
from pishkhan.store.models import AuditEvent, Bill, OutboxEntry, Subscriber
from pishkhan.sync.schemas_sms import SmsRequest

from .conftest import signed_in


def _subscriber_with_bill(ctx: AppContext, skip: int = 0) -> tuple[int, str, Bill]:
    with ctx.sessions() as session:
        rows = session.scalars(
            select(Subscriber)
            .where(Subscriber.mobile.is_not(None))
            .order_by(Subscriber.id)
            .offset(skip)
            .limit(20)
        )
        for row in rows:
            bill = repo.latest_bill(session, row.id)
            if bill is not None:
                session.expunge(bill)
                return row.id, str(row.mobile), bill
    raise AssertionError("no demo subscriber with a mobile and a bill")


def _sms_rows(ctx: AppContext) -> list[OutboxEntry]:
    with ctx.sessions() as session:
        return list(session.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "sms")))


def test_queuing_writes_the_outbox_row_and_the_audit_event(store: AppContext) -> None:
    operator = signed_in(store, "operator")
    subscriber_id, mobile, bill = _subscriber_with_bill(store)
    before = len(_sms_rows(store))

    queued = queue_bill_sms(store, operator, subscriber_id)

    assert queued.mobile == mobile and queued.bill_id == bill.bill_id
    rows = [r for r in _sms_rows(store) if str(r.record_uuid) == queued.uuid]
    assert len(rows) == 1 and len(_sms_rows(store)) == before + 1
    item = SmsRequest.model_validate(rows[0].payload)
    assert (item.bill_id, item.payment_id) == (bill.bill_id, bill.payment_id)
    assert item.amount_rials == bill.payable_rials and item.due_on == bill.due_on
    assert item.mobile == mobile and item.requested_by == "operator"
    with store.sessions() as session:
        events = [
            e for e in audit.events(session, action=SMS_QUEUED) if e.details["uuid"] == queued.uuid
        ]
    assert len(events) == 1 and events[0].username == "operator"


def test_a_second_click_within_the_window_is_refused_unless_confirmed(store: AppContext) -> None:
    operator = signed_in(store, "operator")
    subscriber_id, _mobile, _bill = _subscriber_with_bill(store, skip=3)
    at = dt.datetime(2026, 11, 25, 9, 0)
    queue_bill_sms(store, operator, subscriber_id, now=at)
    count = len(_sms_rows(store))

    with pytest.raises(SmsRefused) as refused:
        queue_bill_sms(store, operator, subscriber_id, now=at + dt.timedelta(minutes=2))
    assert refused.value.recent and "۲ دقیقه پیش" in str(refused.value)
    assert len(_sms_rows(store)) == count

    # another number is another SMS; confirming sends again; later it is no duplicate
    queue_bill_sms(store, operator, subscriber_id, "۰۹۱۲۰۰۰۱۱۲۲", now=at + dt.timedelta(minutes=3))
    queue_bill_sms(store, operator, subscriber_id, force=True, now=at + dt.timedelta(minutes=4))
    queue_bill_sms(store, operator, subscriber_id, now=at + dt.timedelta(minutes=30))
    assert len(_sms_rows(store)) == count + 3


def test_a_typed_mobile_is_validated(store: AppContext) -> None:
    operator = signed_in(store, "operator")
    subscriber_id, _mobile, _bill = _subscriber_with_bill(store, skip=6)
    before = len(_sms_rows(store))
    with pytest.raises(InvalidId) as invalid:
        queue_bill_sms(store, operator, subscriber_id, "0812345")
    assert str(invalid.value) == "شماره همراه باید به شکل ۰۹xxxxxxxxx باشد"
    queued = queue_bill_sms(store, operator, subscriber_id, "+98 912 345 6789")
    assert queued.mobile == "09123456789"
    assert len(_sms_rows(store)) == before + 1


def test_a_clerk_may_not_and_the_refusal_is_audited(store: AppContext) -> None:
    clerk = signed_in(store, "clerk")
    subscriber_id, _mobile, _bill = _subscriber_with_bill(store, skip=9)
    before = len(_sms_rows(store))
    with pytest.raises(PermissionDenied):
        queue_bill_sms(store, clerk, subscriber_id)
    assert len(_sms_rows(store)) == before
    with store.sessions() as session:
        denied = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == audit.PERMISSION_DENIED,
                AuditEvent.username == "clerk",
                AuditEvent.target == str(subscriber_id),
            )
        ).all()
    assert [e.details["permission"] for e in denied] == ["send_sms"]


def test_no_mobile_or_no_bill_is_refused_in_persian(store: AppContext) -> None:
    operator = signed_in(store, "operator")
    subscriber_id, _mobile, _bill = _subscriber_with_bill(store, skip=12)
    with store.sessions() as session, session.begin():
        row = session.get(Subscriber, subscriber_id)
        assert row is not None
        row.mobile = None
    with pytest.raises(SmsRefused, match="شماره همراهی"):
        queue_bill_sms(store, operator, subscriber_id)
    with store.sessions() as session, session.begin():
        for bill in session.scalars(select(Bill).where(Bill.subscriber_id == subscriber_id)):
            bill.status = "replaced"
    with pytest.raises(SmsRefused, match="قبضی"):
        queue_bill_sms(store, operator, subscriber_id, "09120001122")

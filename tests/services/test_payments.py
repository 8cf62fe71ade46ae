"""Taking a bill payment as a signed-in user: permission, audit, duplicate refusal."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pishkhan.domain.ids import InvalidId
from pishkhan.services import audit
from pishkhan.services.auth import PermissionDenied
from pishkhan.services.context import AppContext
from pishkhan.services.payments import PaymentRefused, describe_bill, record_bill_payment
from pishkhan.store.models import OutboxEntry, Payment

from .conftest import signed_in, unpaid_bills

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


def persian(text: str) -> str:
    return text.translate(str.maketrans("0123456789", PERSIAN_DIGITS))


def test_operator_pays_a_bill_once(store: AppContext) -> None:
    operator = signed_in(store, "operator")
    bill_id, payment_id, amount = unpaid_bills(store)[0]
    info = describe_bill(store.sessions, operator, persian(bill_id), payment_id)
    assert info.amount_rials == amount and not info.paid_here
    assert info.subscriber_name and info.subscription_no

    row = record_bill_payment(
        store.sessions,
        bill_id=bill_id,
        payment_id=persian(payment_id),
        method="cash",
        who=operator,
    )
    assert row.user_id == operator.user_id and row.amount_rials == amount
    with store.sessions() as session:
        assert session.scalars(select(OutboxEntry).where(OutboxEntry.record_uuid == row.uuid)).one()
        taken = audit.events(session, action=audit.PAYMENT_TAKEN, username="operator")
        assert (
            taken[-1].target == row.uuid and taken[-1].details["amount_rials"] == row.amount_rials
        )
    assert describe_bill(store.sessions, operator, bill_id, payment_id).paid_here

    with pytest.raises(PaymentRefused) as info2:
        record_bill_payment(
            store.sessions,
            bill_id=bill_id,
            payment_id=payment_id,
            method="card",
            who=operator,
        )
    assert "پیش‌تر" in str(info2.value)
    with store.sessions() as session:
        assert audit.events(session, action=audit.PAYMENT_REFUSED, username="operator")


def test_clerk_may_not_take_money(store: AppContext) -> None:
    clerk = signed_in(store, "clerk")
    bill_id, payment_id, _ = unpaid_bills(store)[1]
    with pytest.raises(PermissionDenied):
        record_bill_payment(
            store.sessions,
            bill_id=bill_id,
            payment_id=payment_id,
            method="cash",
            who=clerk,
        )
    with pytest.raises(PermissionDenied):
        describe_bill(store.sessions, clerk, bill_id, payment_id)
    with store.sessions() as session:
        assert not session.scalars(select(Payment).where(Payment.payment_id == payment_id)).all()
        assert audit.events(session, action=audit.PERMISSION_DENIED, username="clerk")


def test_invalid_pair_is_refused_in_persian(store: AppContext) -> None:
    operator = signed_in(store, "operator")
    bill_id, payment_id, _ = unpaid_bills(store)[2]
    with pytest.raises(InvalidId) as info:
        describe_bill(
            store.sessions, operator, bill_id, payment_id[:-1] + str((int(payment_id[-1]) + 1) % 10)
        )
    assert "شناسه" in str(info.value)


def test_paying_the_latest_bill_clears_the_debt_on_the_desk_at_once(store: AppContext) -> None:
    from pishkhan.services.subscriber_file import load_file
    from pishkhan.store import repo
    from pishkhan.store.models import Subscriber

    operator = signed_in(store, "operator")
    with store.sessions() as session:
        for subscriber in session.scalars(
            select(Subscriber).where(Subscriber.balance_rials > 0).order_by(Subscriber.id)
        ):
            latest = repo.latest_bill(session, subscriber.id)
            if latest is not None and latest.status == "issued" and latest.payment_id:
                break
        else:
            pytest.fail("no demo debtor")
        sid, pair = subscriber.id, (latest.bill_id, latest.payment_id)
        before = load_file(session, operator, sid, store.config.tariff)
    assert before.balance_rials > 0 and before.latest_bill is not None
    row = record_bill_payment(
        store.sessions, bill_id=pair[0], payment_id=pair[1], method="pos", who=operator
    )
    with store.sessions() as session:
        after = load_file(session, operator, sid, store.config.tariff)
        assert after.balance_rials == 0
        assert after.latest_bill is not None and after.latest_bill.status == "paid"
        assert session.get_one(Payment, row.id).subscriber_id == sid  # in the file's history
        assert any(p.amount_rials == row.amount_rials for p in after.payments)

"""Integrity rules the database itself enforces."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pishkhan.store.models import Payment, Subscriber, SubscriberSearch

from .conftest import add_bill, add_subscriber


def _payment(**fields: object) -> Payment:
    values: dict[str, object] = {
        "uuid": str(uuid.uuid4()),
        "kind": "bill",
        "bill_id": "1234567890",
        "payment_id": "0000110015",
        "amount_rials": 110_000,
        "method": "cash",
        "business_day": dt.date(2025, 3, 1),
    }
    values.update(fields)
    return Payment(**values)


@pytest.mark.parametrize("column", ["subscription_no", "bill_id", "computer_code", "uuid"])
def test_subscriber_identifiers_are_unique(session: Session, column: str) -> None:
    first = add_subscriber(session)
    session.commit()
    with pytest.raises(IntegrityError):
        add_subscriber(session, **{column: getattr(first, column)})
    session.rollback()
    assert session.scalar(select(Subscriber.id).where(Subscriber.id == first.id)) == first.id


def test_payment_uuid_is_unique(session: Session) -> None:
    key = str(uuid.uuid4())
    session.add(_payment(uuid=key, payment_id="1"))
    session.flush()
    session.add(_payment(uuid=key, payment_id="2"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_bill_is_paid_once_but_may_be_reversed(session: Session) -> None:
    paid = _payment()
    session.add(paid)
    session.flush()

    session.add(_payment())  # the same bill ID + payment ID again
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()

    paid = _payment()
    session.add(paid)
    session.flush()
    reversal = _payment(amount_rials=-paid.amount_rials, reverses_id=paid.id, reason="خطای صندوق")
    session.add(reversal)
    session.flush()  # allowed: a reversing row is not a second payment
    assert session.scalar(select(Payment.reverses_id).where(Payment.id == reversal.id)) == paid.id

    session.add(_payment(amount_rials=-paid.amount_rials, reverses_id=paid.id))
    with pytest.raises(IntegrityError):  # ... but a payment is reversed only once
        session.flush()


def test_a_voided_bill_can_be_paid_again_as_the_next_attempt(session: Session) -> None:
    paid = _payment()
    session.add(paid)
    session.flush()
    session.add(_payment(amount_rials=-paid.amount_rials, reverses_id=paid.id, reason="اشتباه"))
    session.flush()
    session.add(_payment(attempt=1))
    session.flush()  # the citizen pays the bill again after the void
    session.add(_payment(attempt=1))
    with pytest.raises(IntegrityError):  # ... but that attempt, too, only once
        session.flush()


def test_fee_payments_are_not_bound_by_the_bill_rule(session: Session) -> None:
    session.add_all([_payment(kind="fee"), _payment(kind="fee")])
    session.flush()


def test_bill_and_payment_id_pair_is_unique_among_bills(session: Session) -> None:
    sub = add_subscriber(session)
    bill = add_bill(session, sub)
    with pytest.raises(IntegrityError):
        add_bill(session, sub, payment_id=bill.payment_id)


def test_foreign_keys_are_enforced(session: Session) -> None:
    session.add(_payment(subscriber_id=987654))
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        session.flush()


def test_deleting_a_subscriber_cascades_to_its_search_row(session: Session) -> None:
    sub = add_subscriber(session, "پرویز", "کاظمی")
    session.commit()
    session.execute(delete(Subscriber).where(Subscriber.id == sub.id))
    session.commit()
    stmt = select(SubscriberSearch.subscriber_id).where(SubscriberSearch.subscriber_id == sub.id)
    assert session.scalar(stmt) is None

"""Taking a payment at the counter: the money row and its outbox row in one transaction.

The payment gets its UUID before its first write (it is the idempotency key of the sync), and
the outbox row that carries it to the central system is written in the same transaction, so a
crash leaves either both or neither (DESIGN.md, "Sync: what makes it trustworthy").
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from pishkhan.domain.ids import parse_bill_payment
from pishkhan.services import audit
from pishkhan.services.auth import Permission, SignedIn, require, require_audited
from pishkhan.store import repo
from pishkhan.store.models import Payment, Subscriber, utcnow
from pishkhan.sync.schemas import PaymentItem, PaymentMethod

# Iran has kept UTC+03:30 all year since 2022: the business day is the date there.
IRAN = dt.timezone(dt.timedelta(hours=3, minutes=30), "IRST")
PAYMENT_RECORD = "payment"


class PaymentRefused(Exception):
    """The payment cannot be recorded; ``str()`` is a Persian message for the clerk."""


def business_day(at: dt.datetime) -> dt.date:
    """The Iranian calendar day of the instant ``at`` (naive means UTC)."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
    return aware.astimezone(IRAN).date()


def record_bill_payment(
    session_factory: sessionmaker[Session],
    *,
    bill_id: str,
    payment_id: str,
    method: PaymentMethod,
    user_id: int | None = None,
    terminal_ref: str | None = None,
    desk: str | None = None,
    now: dt.datetime | None = None,
    who: SignedIn | None = None,
) -> Payment:
    """Record the payment of a bill and queue it for the central system.

    ``bill_id``/``payment_id`` are parsed as typed by the clerk (any digits, spaces); an invalid
    pair raises :class:`~pishkhan.domain.ids.InvalidId`. The amount is the one the payment ID
    carries. ``desk`` («branch-desk») goes into the queued item; when omitted the sync client
    fills in its own. A bill already paid at this desk raises :class:`PaymentRefused`.

    With ``who`` (the desk always passes it) the user must hold ``Permission.PAYMENT``
    (:class:`~pishkhan.services.auth.PermissionDenied` otherwise, audited), the payment is
    recorded under their id and a ``payment_taken`` audit event is written in the same
    transaction.
    """
    if who is not None:
        require_audited(session_factory, who, Permission.PAYMENT, bill_id)
        user_id = who.user_id
    pair = parse_bill_payment(bill_id, payment_id)
    paid_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    payment_uuid = str(uuid.uuid4())  # chosen before the first write
    item: dict[str, Any] = {
        "uuid": payment_uuid,
        "bill_id": pair.bill_id,
        "payment_id": pair.payment_id,
        "amount_rials": pair.amount_rials,
        "method": method,
        "paid_at": paid_at,
        "business_day": business_day(paid_at),
        "desk": desk or "0000-00",
    }
    payload = PaymentItem.model_validate(item).model_dump(mode="json")
    if desk is None:
        del payload["desk"]
    row = Payment(
        uuid=payment_uuid,
        kind="bill",
        bill_id=pair.bill_id,
        payment_id=pair.payment_id,
        amount_rials=pair.amount_rials,
        method=method,
        terminal_ref=terminal_ref,
        channel="counter",
        paid_at=paid_at.replace(tzinfo=None),
        business_day=business_day(paid_at),
        user_id=user_id,
        attempt=0,
    )
    try:
        with session_factory() as session, session.begin():
            session.add(row)
            session.flush()
            _settle_locally(session, row)
            repo.outbox_add(session, PAYMENT_RECORD, payment_uuid, payload)
            if who is not None:
                details = {"amount_rials": pair.amount_rials, "method": method}
                audit.record(session, who, audit.PAYMENT_TAKEN, payment_uuid, details)
    except IntegrityError as exc:
        if who is not None:
            with session_factory() as session, session.begin():
                audit.record(
                    session, who, audit.PAYMENT_REFUSED, pair.bill_id, {"reason": "duplicate"}
                )
        raise PaymentRefused(
            "این قبض پیش‌تر در این پیشخوان پرداخت شده است و دوباره ثبت نمی‌شود"
        ) from exc
    return row


def _settle_locally(session: Session, payment: Payment) -> None:
    """What the central system will do with the payment, done on the desk's copy at once: the
    bill is paid and, when it is the subscriber's latest, they owe nothing (the next pull
    brings the central system's own figures). Without it the file kept showing the debt and
    the next reading's estimate carried the paid amount again."""
    bill = repo.find_bill(session, payment.bill_id, payment.payment_id)
    if bill is None or bill.status != "issued":
        return
    bill.status = "paid"
    if payment.subscriber_id is None:
        payment.subscriber_id = bill.subscriber_id
    latest = repo.latest_bill(session, bill.subscriber_id)
    if latest is not None and latest.id == bill.id:
        subscriber = session.get_one(Subscriber, bill.subscriber_id)
        subscriber.balance_rials = 0
        subscriber.updated_at = utcnow()


@dataclass(frozen=True, slots=True)
class BillInfo:
    """What the payment form shows about a valid (bill ID, payment ID) pair."""

    bill_id: str
    payment_id: str
    amount_rials: int
    service: str  # domain.ids.ServiceType name, e.g. "WATER"
    subscriber_name: str | None  # None when the bill's subscriber is not in the local store
    subscription_no: str | None
    paid_here: bool  # already paid at this desk (and not voided)


def describe_bill(
    session_factory: sessionmaker[Session], who: SignedIn | None, bill_id: str, payment_id: str
) -> BillInfo:
    """Look up a bill for the payment form (``InvalidId`` if the pair is not valid)."""
    require(who, Permission.PAYMENT)
    pair = parse_bill_payment(bill_id, payment_id)
    with session_factory() as session:
        subscriber: Subscriber | None = None
        bill = repo.find_bill(session, pair.bill_id, pair.payment_id)
        if bill is not None:
            subscriber = session.get(Subscriber, bill.subscriber_id)
        if subscriber is None:
            subscriber = repo.find_by_bill_id(session, pair.bill_id)
        paid = _times_paid(session, pair.bill_id, pair.payment_id) > 0
        return BillInfo(
            bill_id=pair.bill_id,
            payment_id=pair.payment_id,
            amount_rials=pair.amount_rials,
            service=pair.service.name,
            subscriber_name=(
                f"{subscriber.first_name} {subscriber.last_name}" if subscriber else None
            ),
            subscription_no=subscriber.subscription_no if subscriber else None,
            paid_here=paid,
        )


def _times_paid(session: Session, bill_id: str, payment_id: str) -> int:
    """Payments of the pair minus their reversals."""
    rows = session.execute(
        select(Payment.reverses_id.is_(None), func.count())
        .where(Payment.kind == "bill", Payment.bill_id == bill_id, Payment.payment_id == payment_id)
        .group_by(Payment.reverses_id.is_(None))
    ).all()
    counts = {bool(forward): int(n) for forward, n in rows}
    return counts.get(True, 0) - counts.get(False, 0)

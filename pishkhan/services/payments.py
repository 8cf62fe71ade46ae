"""Taking a payment at the counter: the money row and its outbox row in one transaction.

The payment gets its UUID before its first write (it is the idempotency key of the sync), and
the outbox row that carries it to the central system is written in the same transaction, so a
crash leaves either both or neither (DESIGN.md, "Sync: what makes it trustworthy").
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from pishkhan.domain.ids import parse_bill_payment
from pishkhan.store import repo
from pishkhan.store.models import Payment
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
) -> Payment:
    """Record the payment of a bill and queue it for the central system.

    ``bill_id``/``payment_id`` are parsed as typed by the clerk (any digits, spaces); an invalid
    pair raises :class:`~pishkhan.domain.ids.InvalidId`. The amount is the one the payment ID
    carries. ``desk`` («branch-desk») goes into the queued item; when omitted the sync client
    fills in its own. A bill already paid at this desk raises :class:`PaymentRefused`.
    """
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
            repo.outbox_add(session, PAYMENT_RECORD, payment_uuid, payload)
    except IntegrityError as exc:
        raise PaymentRefused(
            "این قبض پیش‌تر در این پیشخوان پرداخت شده است و دوباره ثبت نمی‌شود"
        ) from exc
    return row

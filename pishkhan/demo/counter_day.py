"""The demo's counter day: what the counter staff did on the generator's ``today``.

The bulk data ends the day before ``today`` (every generated payment is older). On ``today``
(the Thursday before it when it is a Friday) each counter user has a cash session: the clerk's
is closed with a small shortfall in the counted cash, the operator's is still open. In them,
subscribers who owe exactly one bill pay it in cash or by card; one payment is voided and paid
again by card (the next attempt), another is voided and not paid again, each with a Persian
reason. As with a payment taken at the desk (``services.payments``), only money rows are
written: bills and balances change when the central system confirms the payments.

Written with dialect-neutral Core statements after the bulk load, in one transaction: some
fifty rows, so it works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from random import Random
from typing import Any

from sqlalchemy import Connection, func, insert, select

from pishkhan.demo.generator import CLERK, OPERATOR, DemoSpec, uuid_prefix
from pishkhan.store.models import Base

UUID_CASH_SESSION, UUID_COUNTER_PAYMENT = 6, 7  # record kinds after records.UUID_REQUEST
PER_SESSION = 24  # payments a counter user takes on the day, at most
SCAN_SUBSCRIBERS = 4_000  # the first ones are searched for payable bills
OPENING_FLOAT_RIALS = 2_000_000
SHORTFALL_RIALS = 30_000  # the closed session's counted cash is this much short
_IRAN = dt.timedelta(hours=3, minutes=30)
_FRIDAY = 4
VOID_AND_REPAY_REASON = "مبلغ به اشتباه نقدی ثبت شد؛ مشترک با کارت پرداخت کرد"
VOID_REASON = "مشترک پیش از تحویل رسید از پرداخت منصرف شد"


def counter_day(today: dt.date) -> dt.date:
    """The business day of the demo's counter day: ``today``, or Thursday for a Friday."""
    return today - dt.timedelta(days=1) if today.weekday() == _FRIDAY else today


def add_counter_day(
    conn: Connection, spec: DemoSpec, user_ids: Mapping[str, int], first_subscriber: int
) -> dict[str, int]:
    """Insert the counter day (call inside a transaction); returns rows added per table."""
    t = Base.metadata.tables
    bills, payments, sessions = t["bills"], t["payments"], t["cash_sessions"]
    day = counter_day(spec.today)
    local_midnight = dt.datetime(day.year, day.month, day.day) - _IRAN  # in UTC
    rng = Random(f"pishkhan-demo/{spec.seed}/counter-day")
    # Subscribers who owe exactly one bill, nothing carried into it.
    query = (
        select(bills.c.subscriber_id, bills.c.id, bills.c.bill_id, bills.c.payment_id,
               bills.c.payable_rials)
        .where(bills.c.subscriber_id.between(first_subscriber,
                                             first_subscriber + SCAN_SUBSCRIBERS - 1),
               bills.c.status == "issued", bills.c.debt_carried_rials == 0,
               bills.c.payable_rials > 0)
        .order_by(bills.c.subscriber_id)
    )  # fmt: skip
    payable = list(conn.execute(query).all())
    rng.shuffle(payable)
    staff = [(CLERK, True), (OPERATOR, False)]  # (user, closes the session)
    next_payment = int(conn.scalar(select(func.coalesce(func.max(payments.c.id), 0))) or 0) + 1
    next_session = int(conn.scalar(select(func.coalesce(func.max(sessions.c.id), 0))) or 0) + 1
    session_uuid, payment_uuid = (
        uuid_prefix(spec.seed, UUID_CASH_SESSION),
        uuid_prefix(spec.seed, UUID_COUNTER_PAYMENT),
    )
    session_rows: list[dict[str, Any]] = []
    payment_rows: list[dict[str, Any]] = []
    share = min(PER_SESSION, len(payable) // len(staff))
    for s, (username, closes) in enumerate(staff):
        user_id = user_ids[username]
        session_id = next_session + s
        opened = local_midnight + dt.timedelta(hours=8, minutes=5 + 15 * s)
        closed = local_midnight + dt.timedelta(hours=14, minutes=10)
        mine = payable[s * share : (s + 1) * share]
        minutes = sorted(rng.sample(range(10, 320), len(mine)))
        cash_total = 0

        def pay(bill: Any, at: dt.datetime, method: str, attempt: int = 0) -> dict[str, Any]:
            nonlocal next_payment
            row = {
                "id": next_payment,
                "uuid": f"{payment_uuid}{next_payment:012x}",
                "kind": "bill",
                "subscriber_id": bill.subscriber_id,
                "bill_id": bill.bill_id,
                "payment_id": bill.payment_id,
                "amount_rials": bill.payable_rials,
                "method": method,
                "terminal_ref": None if method == "cash" else f"{rng.getrandbits(40):012d}"[-12:],
                "channel": "counter",
                "paid_at": at,
                "business_day": day,
                "user_id": user_id,  # noqa: B023 - used at once, in this iteration
                "cash_session_id": session_id,  # noqa: B023
                "reverses_id": None,
                "attempt": attempt,
                "reason": None,
            }
            next_payment += 1
            payment_rows.append(row)
            return row

        for i, (bill, minute) in enumerate(zip(mine, minutes, strict=True)):
            at = opened + dt.timedelta(minutes=minute, seconds=int(rng.random() * 60))
            voided = i == len(mine) // 2  # one void in each session, mid-day
            method = "cash" if voided or rng.random() < 0.55 else "card"
            paid = pay(bill, at, method)
            cash_total += paid["amount_rials"] if method == "cash" else 0
            if not voided:
                continue
            reversal = pay(bill, at + dt.timedelta(minutes=3), method)
            reversal.update(
                amount_rials=-paid["amount_rials"],
                reverses_id=paid["id"],
                reason=VOID_AND_REPAY_REASON if closes else VOID_REASON,
            )
            cash_total -= paid["amount_rials"]
            if closes:  # paid again, by card, as the bill's next attempt
                pay(bill, at + dt.timedelta(minutes=5), "card", attempt=1)
        expected = OPENING_FLOAT_RIALS + cash_total
        session_rows.append(
            {
                "id": session_id,
                "uuid": f"{session_uuid}{session_id:012x}",
                "user_id": user_id,
                "business_day": day,
                "opened_at": opened,
                "closed_at": closed if closes else None,
                "opening_float_rials": OPENING_FLOAT_RIALS,
                "expected_cash_rials": expected if closes else None,
                "counted_cash_rials": expected - SHORTFALL_RIALS if closes else None,
            }
        )
    conn.execute(insert(sessions), session_rows)
    if payment_rows:
        conn.execute(insert(payments), payment_rows)
    return {"cash_sessions": len(session_rows), "payments": len(payment_rows)}

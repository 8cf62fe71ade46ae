"""Consumption and payment histories of a subscriber for a range of Jalali periods (item 6).

The range is given as two dates (the clerk picks them on the Jalali calendar); a bill belongs
to the range when its reading date does, a payment when its business day does. Plain frozen
data comes back, ready for a table, a chart or a printed report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pishkhan.domain.jalali import format_jalali
from pishkhan.services.auth import Permission, SignedIn, require
from pishkhan.services.subscriber_file import (
    ConsumptionRow,
    PaymentRow,
    SubscriberNotFound,
    consumption_row,
    payment_row,
)
from pishkhan.store import repo

MAX_DAYS = 366 * 20


class BadRange(ValueError):
    """``str()`` is a Persian message."""


@dataclass(frozen=True, slots=True)
class History:
    subscriber_id: int
    subscription_no: str
    full_name: str
    start: dt.date
    end: dt.date
    consumption: tuple[ConsumptionRow, ...]  # oldest first
    payments: tuple[PaymentRow, ...]  # oldest first

    @property
    def total_m3(self) -> int:
        return sum(r.consumption_m3 for r in self.consumption)

    @property
    def total_billed_rials(self) -> int:
        return sum(r.amount_rials for r in self.consumption)

    @property
    def total_paid_rials(self) -> int:
        return sum(p.amount_rials for p in self.payments)

    @property
    def range_text(self) -> str:
        return f"{format_jalali(self.start)} تا {format_jalali(self.end)}"


def check_range(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise BadRange("تاریخ پایان باید پس از تاریخ آغاز باشد")
    if (end - start).days > MAX_DAYS:
        raise BadRange("بازه بیش از بیست سال است")


def load_history(
    session: Session,
    who: SignedIn | None,
    subscriber_id: int,
    start: dt.date,
    end: dt.date,
) -> History:
    """Bills read and payments made from ``start`` to ``end`` inclusive."""
    require(who, Permission.HISTORY)
    check_range(start, end)
    pairs = repo.subscribers_with_property(session, [subscriber_id])
    if not pairs:
        raise SubscriberNotFound
    sub, _prop = pairs[0]
    bills = repo.bills_read_between(session, subscriber_id, start, end)
    payments = repo.payments_between(session, start, end, subscriber_id=subscriber_id)
    return History(
        subscriber_id=sub.id,
        subscription_no=sub.subscription_no,
        full_name=f"{sub.first_name} {sub.last_name}".strip(),
        start=start,
        end=end,
        consumption=tuple(consumption_row(b) for b in bills),
        payments=tuple(payment_row(p) for p in payments),
    )

"""The subscriber file (پرونده مشترک): everything the counter shows about one subscriber.

:func:`load_file` reads it in one go (call it from a worker) and returns plain frozen data:
details, property and meter, debt, the latest bill with its lines, the consumption and payment
histories and the open requests. No ORM object leaves this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pishkhan.domain.jalali import BillingPeriod
from pishkhan.domain.requests import RequestType, Stage
from pishkhan.domain.tariff import TariffConfig, line_title
from pishkhan.domain.tariff_config import TariffConfigError, Use
from pishkhan.services.auth import Permission, SignedIn, require
from pishkhan.store import repo
from pishkhan.store.models import Bill, Payment, Request

HISTORY_BILLS = 12  # consumption rows shown in the file (two years of bi-monthly bills)
HISTORY_PAYMENTS = 24


class SubscriberNotFound(LookupError):
    """``str()`` is a Persian message."""

    def __init__(self) -> None:
        super().__init__("مشترک یافت نشد؛ شاید پرونده‌اش از این پیشخوان حذف شده باشد")


@dataclass(frozen=True, slots=True)
class BillLineView:
    code: str
    title: str
    amount_rials: int


@dataclass(frozen=True, slots=True)
class BillView:
    bill_id: str
    payment_id: str
    period: str  # «۱۴۰۵-۳»
    period_year: int
    period_no: int
    prev_read_on: dt.date
    curr_read_on: dt.date
    prev_reading: int
    curr_reading: int
    days: int
    consumption_m3: int
    lines: tuple[BillLineView, ...]  # the charges, then VAT and carried debt
    amount_rials: int  # this period's charges incl. VAT
    debt_carried_rials: int
    payable_rials: int
    issued_on: dt.date
    due_on: dt.date
    is_estimate: bool
    status: str  # issued | paid | replaced


@dataclass(frozen=True, slots=True)
class ConsumptionRow:
    period: str
    period_year: int
    period_no: int
    read_on: dt.date
    reading: int
    consumption_m3: int
    days: int
    amount_rials: int
    is_estimate: bool


@dataclass(frozen=True, slots=True)
class PaymentRow:
    paid_at: dt.datetime
    business_day: dt.date
    amount_rials: int  # negative for a void
    method: str
    channel: str
    bill_id: str
    payment_id: str
    is_void: bool


@dataclass(frozen=True, slots=True)
class RequestRow:
    tracking_code: str
    type_title: str
    stage_title: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class SubscriberFile:
    subscriber_id: int
    subscription_no: str
    computer_code: str
    bill_id: str
    full_name: str
    father_name: str
    national_code: str
    mobile: str
    status: str
    balance_rials: int  # > 0: owes
    # property
    city: str
    address: str
    postal_code: str
    use_title: str
    units: int
    in_village: bool
    # connections and meter
    water_diameter: str
    has_sewer: bool
    meter_serial: str
    meter_digits: int
    last_reading: int | None
    last_read_on: dt.date | None
    latest_bill: BillView | None
    consumption: tuple[ConsumptionRow, ...]  # oldest first
    payments: tuple[PaymentRow, ...]  # newest first
    open_requests: tuple[RequestRow, ...]


def bill_view(bill: Bill, tariff: TariffConfig | None = None) -> BillView:
    """The plain form of a stored bill, with line titles."""
    lines = [BillLineView(str(c), line_title(str(c), tariff), int(a)) for c, a in bill.lines]
    if bill.vat_rials:
        lines.append(BillLineView("vat", line_title("vat"), int(bill.vat_rials)))
    if bill.debt_carried_rials:
        lines.append(BillLineView("debt", line_title("debt"), int(bill.debt_carried_rials)))
    return BillView(
        bill_id=bill.bill_id,
        payment_id=bill.payment_id,
        period=str(BillingPeriod(bill.period_year, bill.period_no)),
        period_year=bill.period_year,
        period_no=bill.period_no,
        prev_read_on=bill.prev_read_on,
        curr_read_on=bill.curr_read_on,
        prev_reading=bill.prev_reading,
        curr_reading=bill.curr_reading,
        days=bill.days,
        consumption_m3=bill.consumption_m3,
        lines=tuple(lines),
        amount_rials=int(bill.amount_rials),
        debt_carried_rials=int(bill.debt_carried_rials),
        payable_rials=int(bill.payable_rials),
        issued_on=bill.issued_on,
        due_on=bill.due_on,
        is_estimate=bool(bill.is_estimate),
        status=bill.status,
    )


def consumption_row(bill: Bill) -> ConsumptionRow:
    return ConsumptionRow(
        period=str(BillingPeriod(bill.period_year, bill.period_no)),
        period_year=bill.period_year,
        period_no=bill.period_no,
        read_on=bill.curr_read_on,
        reading=bill.curr_reading,
        consumption_m3=bill.consumption_m3,
        days=bill.days,
        amount_rials=int(bill.amount_rials),
        is_estimate=bool(bill.is_estimate),
    )


def payment_row(p: Payment) -> PaymentRow:
    return PaymentRow(
        paid_at=p.paid_at,
        business_day=p.business_day,
        amount_rials=int(p.amount_rials),
        method=p.method,
        channel=p.channel,
        bill_id=p.bill_id,
        payment_id=p.payment_id,
        is_void=p.reverses_id is not None,
    )


def _title[T: RequestType | Stage](kind: type[T], value: str) -> str:
    try:
        return kind(value).title
    except (ValueError, KeyError):
        return value


def request_row(r: Request) -> RequestRow:
    return RequestRow(
        tracking_code=r.tracking_code,
        type_title=_title(RequestType, r.type),
        stage_title=_title(Stage, r.stage),
        created_at=r.created_at,
    )


def _use_title(value: str) -> str:
    try:
        return Use.parse(value).title
    except TariffConfigError:
        return value


def load_file(
    session: Session,
    who: SignedIn | None,
    subscriber_id: int,
    tariff: TariffConfig | None = None,
) -> SubscriberFile:
    """Everything about one subscriber (raises :class:`SubscriberNotFound`)."""
    require(who, Permission.LOOKUP)
    pairs = repo.subscribers_with_property(session, [subscriber_id])
    if not pairs:
        raise SubscriberNotFound
    sub, prop = pairs[0]
    conns = repo.subscriber_connections(session, subscriber_id)
    water = next((c for c in conns if c.kind == "water"), None)
    sewer = next((c for c in conns if c.kind == "sewer" and c.status == "active"), None)
    meter = repo.current_meter(session, subscriber_id)
    reading = repo.latest_reading(session, subscriber_id, meter_id=meter.id if meter else None)
    latest = repo.latest_bill(session, subscriber_id)
    bills = repo.recent_bills(session, subscriber_id, HISTORY_BILLS)
    payments = repo.payments_between(
        session, dt.date(1900, 1, 1), dt.date(9999, 12, 31), subscriber_id=subscriber_id
    )
    requests = repo.open_requests(session, subscriber_id=subscriber_id)
    return SubscriberFile(
        subscriber_id=sub.id,
        subscription_no=sub.subscription_no,
        computer_code=sub.computer_code,
        bill_id=sub.bill_id,
        full_name=f"{sub.first_name} {sub.last_name}".strip(),
        father_name=sub.father_name or "",
        national_code=sub.national_code or "",
        mobile=sub.mobile or "",
        status=sub.status,
        balance_rials=int(sub.balance_rials),
        city=prop.city,
        address=prop.address,
        postal_code=prop.postal_code or "",
        use_title=_use_title(prop.use),
        units=prop.units,
        in_village=bool(prop.in_village),
        water_diameter=water.diameter if water else "",
        has_sewer=sewer is not None,
        meter_serial=meter.serial if meter else "",
        meter_digits=meter.digits if meter else 0,
        last_reading=reading.value if reading else None,
        last_read_on=reading.read_on if reading else None,
        latest_bill=bill_view(latest, tariff) if latest else None,
        consumption=tuple(consumption_row(b) for b in reversed(bills)),
        payments=tuple(payment_row(p) for p in reversed(payments[-HISTORY_PAYMENTS:])),
        open_requests=tuple(request_row(r) for r in requests),
    )

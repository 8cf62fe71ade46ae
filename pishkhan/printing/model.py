"""Plain data of every printed document (no widgets, no database rows).

``pishkhan.services.reports`` fills these from the store; the layouts in this package paint them.
Text is already final (Persian titles, names); numbers stay numbers (rials as ``int``, dates as
``datetime.date``) and are formatted by the layouts. Other parts of the desk build them too: the
history page of a subscriber passes a :class:`ConsumptionHistory` / :class:`PaymentHistory`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class DocKind(StrEnum):
    """Which printer a document goes to (the desk remembers one printer per kind)."""

    PAGE = "page"  # A4/A5 office printer
    THERMAL = "thermal"  # 80 mm receipt printer


class PageSize(StrEnum):
    A4 = "A4"
    A5 = "A5"
    THERMAL_80 = "80mm"


@dataclass(frozen=True, slots=True)
class Office:
    """Who prints: the utility and the counter office."""

    company_name: str
    branch_name: str
    branch_code: int
    desk_no: int = 1


@dataclass(frozen=True, slots=True)
class BillLineItem:
    title: str
    amount_rials: int


@dataclass(frozen=True, slots=True)
class BillDoc:
    """The duplicate of a water bill a citizen asks for at the counter."""

    office: Office
    subscriber_name: str
    subscription_no: str
    computer_code: str
    address: str
    postal_code: str
    use_title: str
    units: int
    diameter: str
    meter_serial: str
    period_year: int
    period_no: int
    prev_read_on: dt.date
    curr_read_on: dt.date
    prev_reading: int
    curr_reading: int
    days: int
    consumption_m3: int
    lines: tuple[BillLineItem, ...]
    vat_rials: int
    amount_rials: int
    debt_carried_rials: int
    payable_rials: int
    bill_id: str
    payment_id: str
    issued_on: dt.date
    due_on: dt.date
    is_estimate: bool = False
    paid: bool = False
    printed_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PaymentReceipt:
    office: Office
    receipt_no: str  # the payment's UUID (also in the QR code)
    paid_at: dt.datetime
    payer_name: str
    subscription_no: str
    bill_id: str
    payment_id: str
    amount_rials: int
    method_title: str
    terminal_ref: str
    clerk_name: str
    voided: bool = False


@dataclass(frozen=True, slots=True)
class RequestReceipt:
    office: Office
    tracking_code: str
    request_title: str
    registered_at: dt.datetime
    applicant_name: str
    subscription_no: str
    documents: tuple[str, ...]
    fee_rials: int
    counter_fee_rials: int
    clerk_name: str
    follow_up: str = ""  # where/how to follow the request (SMS or portal text)


@dataclass(frozen=True, slots=True)
class ConsumptionRow:
    period_year: int
    period_no: int
    read_on: dt.date
    days: int
    consumption_m3: int
    amount_rials: int
    is_estimate: bool = False


@dataclass(frozen=True, slots=True)
class ConsumptionHistory:
    office: Office
    subscriber_name: str
    subscription_no: str
    start: dt.date
    end: dt.date
    rows: tuple[ConsumptionRow, ...]


@dataclass(frozen=True, slots=True)
class PaymentRow:
    paid_on: dt.date
    bill_id: str
    payment_id: str
    method_title: str
    amount_rials: int  # negative for a void
    note: str = ""


@dataclass(frozen=True, slots=True)
class PaymentHistory:
    office: Office
    subscriber_name: str
    subscription_no: str
    start: dt.date
    end: dt.date
    rows: tuple[PaymentRow, ...]


@dataclass(frozen=True, slots=True)
class Total:
    """One row of a summary table: a title, a count and a sum in rials."""

    title: str
    count: int
    amount_rials: int


@dataclass(frozen=True, slots=True)
class CashSessionRow:
    clerk_name: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    expected_rials: int | None
    counted_rials: int | None

    @property
    def difference_rials(self) -> int | None:
        if self.expected_rials is None or self.counted_rials is None:
            return None
        return self.counted_rials - self.expected_rials


@dataclass(frozen=True, slots=True)
class VoidRow:
    at: dt.datetime
    clerk_name: str
    bill_id: str
    payment_id: str
    amount_rials: int
    reason: str


@dataclass(frozen=True, slots=True)
class TransactionRow:
    at: dt.datetime
    clerk_name: str
    bill_id: str
    payment_id: str
    method_title: str
    amount_rials: int


@dataclass(frozen=True, slots=True)
class DailyReport:
    """The branch manager's report of one business day."""

    office: Office
    day: dt.date
    by_clerk: tuple[Total, ...]
    by_method: tuple[Total, ...]
    requests_by_type: tuple[Total, ...]
    cash_sessions: tuple[CashSessionRow, ...]
    voids: tuple[VoidRow, ...]
    unsent: tuple[Total, ...]  # outbox entries by record type (count; amount unused)
    transactions: tuple[TransactionRow, ...] = field(default=())
    printed_at: dt.datetime | None = None

"""Plain records of the demo data set: domain-level, not tied to any database schema.

Named tuples rather than dataclasses: a million-subscriber data set has some forty million of
them and a tuple is the cheapest immutable record Python can build. Money is int rials; dates are
Gregorian ``datetime.date``; times are naive UTC ``datetime.datetime``; enumerations are their
domain ``.value`` strings. Users are referred to by username.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, NamedTuple

from pishkhan.domain.tariff import line_title

# Record kinds inside demo UUIDs (see ``generator.uuid_prefix``).
UUID_SUBSCRIBER, UUID_READING, UUID_BILL, UUID_PAYMENT, UUID_REQUEST = 1, 2, 3, 4, 5


class DemoUser(NamedTuple):
    username: str
    full_name: str
    role: str  # operator | clerk | manager | admin
    password: str  # the documented demo password, hashed by whoever stores the user


class DemoProperty(NamedTuple):
    postal_code: str
    city: str
    address: str
    in_village: bool
    use: str  # domain.tariff.Use value
    units: int


class DemoConnection(NamedTuple):
    kind: str  # water | sewer
    diameter: str  # "1/2", "3/4", "1", "1.5", "2"
    installed_on: dt.date
    status: str


class DemoMeter(NamedTuple):
    serial: str
    digits: int
    installed_on: dt.date
    initial_reading: int


class BillCharges(NamedTuple):
    """The priced part of a bill (``domain.tariff.compute_bill``), shared between bills.

    The lines are kept only as their JSON text (a fraction of the memory of the parsed form,
    and what a bill row stores); :attr:`pairs` and :attr:`lines` parse them.
    """

    lines_json: str  # [[code, amount_rials], ...], compact JSON (the format of Bill.lines)
    vat_rials: int
    amount_rials: int  # this period's charges incl. VAT
    debt_rials: int  # debt carried into this bill
    payable_rials: int  # amount + debt, rounded down to 1,000 rials

    @property
    def pairs(self) -> list[tuple[str, int]]:
        """``(code, amount_rials)`` per line, as stored."""
        return [(str(code), int(amount)) for code, amount in json.loads(self.lines_json)]

    @property
    def lines(self) -> list[tuple[str, str, int]]:
        """``(code, title, amount_rials)`` per line; titles by ``domain.tariff.line_title``
        (without the tariff configuration, so a surcharge's title is its code)."""
        return [(code, line_title(code), amount) for code, amount in self.pairs]


class DemoPayment(NamedTuple):
    uuid: str
    amount_rials: int
    method: str  # cash | card | pos | bank | portal
    channel: str  # counter | field | bank | portal
    terminal_ref: str | None
    paid_at: dt.datetime  # naive UTC
    business_day: dt.date  # Iran local date, never a Friday
    username: str | None  # the clerk for counter payments


class DemoReading(NamedTuple):
    uuid: str
    read_on: dt.date
    value: int
    consumption_m3: int
    rolled_over: bool
    source: str  # reader | counter | sms | portal
    username: str | None  # the operator for readings registered at the counter


class DemoBill(NamedTuple):
    uuid: str
    payment_id: str
    period_year: int  # Jalali
    period_no: int  # 1..6
    prev_read_on: dt.date
    prev_reading: int
    days: int
    charges: BillCharges
    issued_on: dt.date
    due_on: dt.date
    status: str  # paid | issued | replaced (unpaid, carried into a later bill)
    payment: DemoPayment | None


class DemoAccount(NamedTuple):
    """One subscriber with everything that hangs from it. ``number`` counts from 1."""

    number: int
    uuid: str
    subscription_no: str
    computer_code: str
    bill_id: str
    national_code: str
    first_name: str
    last_name: str
    father_name: str
    mobile: str | None
    status: str  # active | cut
    balance_rials: int  # > 0: owes (the payable of the latest unpaid bill)
    updated_at: dt.datetime
    property: DemoProperty
    water: DemoConnection
    sewer: DemoConnection | None
    meter: DemoMeter
    readings: tuple[DemoReading, ...]  # oldest first
    bills: tuple[DemoBill, ...]  # bills[i] prices readings[i]


class DemoStage(NamedTuple):
    stage: str  # domain.requests.Stage value
    at: dt.datetime
    by: str | None  # username, or "central"
    reason: str | None


class DemoRequest(NamedTuple):
    serial: int  # the branch's request number, inside the tracking code
    uuid: str
    tracking_code: str
    type: str  # domain.requests.RequestType value
    stage: str
    account_number: int | None  # DemoAccount.number, None for a new connection
    applicant_name: str
    applicant_national_code: str
    applicant_mobile: str | None
    postal_code: str | None
    address: str | None
    in_village: bool
    details: dict[str, Any]
    fee_rials: int
    counter_fee_rials: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    stages: tuple[DemoStage, ...]


class DemoBlock(NamedTuple):
    """The accounts ``first … first + len(accounts) − 1`` and the requests among them."""

    block: int
    accounts: list[DemoAccount]
    requests: list[DemoRequest]

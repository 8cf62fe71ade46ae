"""The pure demo generator: validity, determinism and the shape of the data."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from pishkhan.demo.fastids import PaymentIds, bill_id
from pishkhan.demo.generator import BLOCK_SIZE, DemoGenerator, DemoSpec, demo_users
from pishkhan.demo.records import DemoAccount, DemoRequest
from pishkhan.demo.schedule import READINGS
from pishkhan.domain.ids import (
    ServiceType,
    make_bill_id,
    make_payment_id,
    parse_bill_payment,
    parse_mobile,
    parse_national_code,
    parse_postal_code,
)
from pishkhan.domain.requests import (
    RequestProgress,
    RequestType,
    Stage,
    parse_tracking_code,
)
from pishkhan.domain.tariff import consumption_between

TODAY = dt.date(2025, 11, 25)  # a Tuesday, 4 Azar 1404
FRIDAY = 4


@pytest.fixture(scope="module")
def accounts() -> list[DemoAccount]:
    gen = DemoGenerator(DemoSpec(subscribers=2 * BLOCK_SIZE + 500, seed=11, today=TODAY))
    return [a for block in gen.blocks() for a in block.accounts]


@pytest.fixture(scope="module")
def requests() -> list[DemoRequest]:
    gen = DemoGenerator(DemoSpec(subscribers=6 * BLOCK_SIZE, seed=5, today=TODAY))
    return [r for block in gen.blocks() for r in block.requests]


def test_fast_ids_match_the_domain() -> None:
    rng = random.Random(3)
    cache: dict[int, tuple[int, int, int]] = {}
    for _ in range(3000):
        file_number = rng.randint(1, 99_999_999)
        company = rng.choice(["476", "046", "001", "999"])
        bid = bill_id(file_number, company, ServiceType.WATER.value)
        assert bid == make_bill_id(file_number, company, ServiceType.WATER)
        ids = PaymentIds(bid, cache)
        for _ in range(3):
            amount = rng.choice([rng.randint(1000, 99_999), rng.randint(1000, 99_999_999_999)])
            year, period = rng.randint(1390, 1410), rng.randint(0, 99)
            assert ids.make(amount, year, period) == make_payment_id(bid, amount, year, period)


def test_counts_numbering_and_uniqueness(accounts: list[DemoAccount]) -> None:
    assert [a.number for a in accounts] == list(range(1, len(accounts) + 1))
    for field in ("uuid", "subscription_no", "computer_code", "bill_id"):
        values = [getattr(a, field) for a in accounts]
        assert len(set(values)) == len(values), field
    uuids = [r.uuid for a in accounts for r in a.readings] + [
        b.uuid for a in accounts for b in a.bills
    ]
    assert len(set(uuids)) == len(uuids)
    assert all(len(a.readings) == len(a.bills) == READINGS for a in accounts)


def test_identifiers_pass_the_domain_parsers(accounts: list[DemoAccount]) -> None:
    for a in accounts:
        assert parse_national_code(a.national_code) == a.national_code
        assert parse_postal_code(a.property.postal_code) == a.property.postal_code
        if a.mobile is not None:
            assert parse_mobile(a.mobile) == a.mobile
        assert make_bill_id(int(a.subscription_no), "476", ServiceType.WATER) == a.bill_id
        for bill in a.bills:
            pair = parse_bill_payment(a.bill_id, bill.payment_id)
            assert pair.amount_rials == bill.charges.payable_rials
            assert pair.period == bill.period_no and pair.year_digit == bill.period_year % 10
    assert sum(a.mobile is None for a in accounts) > 0  # some subscribers gave no mobile


def test_readings_increase_except_at_a_rollover(accounts: list[DemoAccount]) -> None:
    rollovers = 0
    for a in accounts:
        previous = a.bills[0].prev_reading
        assert 0 <= a.meter.initial_reading < 10**a.meter.digits
        for reading, bill in zip(a.readings, a.bills, strict=True):
            assert bill.prev_reading == previous
            used = consumption_between(previous, reading.value, a.meter.digits)
            assert used.m3 == reading.consumption_m3
            assert used.rolled_over == reading.rolled_over == (reading.value < previous)
            rollovers += reading.rolled_over
            previous = reading.value
        dates = [a.bills[0].prev_read_on] + [r.read_on for r in a.readings]
        assert dates == sorted(dates) and a.readings[-1].read_on < TODAY
        assert all(d.weekday() != FRIDAY for d in dates)
    assert rollovers > 0


def test_bills_paid_on_business_days_for_their_payable(accounts: list[DemoAccount]) -> None:
    for a in accounts:
        for k, bill in enumerate(a.bills):
            pay = bill.payment
            if pay is None:
                continue
            assert bill.status == "paid"
            assert pay.amount_rials == bill.charges.payable_rials
            assert pay.business_day.weekday() != FRIDAY
            next_read = a.readings[k + 1].read_on if k + 1 < READINGS else TODAY
            assert bill.issued_on <= pay.business_day < next_read
            assert pay.paid_at.date() == pay.business_day
            assert (pay.username is not None) == (pay.channel == "counter")


def test_debtors_owe_exactly_their_unpaid_bills(accounts: list[DemoAccount]) -> None:
    debtors = [a for a in accounts if a.balance_rials > 0]
    assert 0.05 < len(debtors) / len(accounts) < 0.15
    for a in accounts:
        unpaid = [b for b in a.bills if b.payment is None]
        own = sum(b.charges.payable_rials - b.charges.debt_rials for b in unpaid)
        assert a.balance_rials == own
        if unpaid:
            assert unpaid == list(a.bills[-len(unpaid) :])  # the most recent ones
            assert [b.status for b in unpaid] == ["replaced"] * (len(unpaid) - 1) + ["issued"]
            assert unpaid[-1].charges.payable_rials == a.balance_rials
        else:
            assert a.status == "active"


def test_distribution_is_plausible(accounts: list[DemoAccount]) -> None:
    uses = [a.property.use for a in accounts]
    assert 0.75 < uses.count("residential") / len(uses) < 0.95
    assert {"commercial", "public"} <= set(uses)
    sewer = sum(a.sewer is not None for a in accounts) / len(accounts)
    assert 0.6 < sewer < 0.8
    assert 0.05 < sum(a.property.in_village for a in accounts) / len(accounts) < 0.2
    assert {a.meter.digits for a in accounts} == {5, 6}
    assert all(1 <= a.property.units <= 8 for a in accounts)
    monthly = [
        r.consumption_m3 / a.property.units / 2
        for a in accounts
        if a.property.use == "residential"
        for r in a.readings
    ]
    assert 8 < sorted(monthly)[len(monthly) // 2] < 25  # median m³ per household per month


def test_same_seed_same_data_other_seed_other_data() -> None:
    spec = DemoSpec(subscribers=1500, seed=42, today=TODAY)
    first = [b for b in DemoGenerator(spec).blocks()]
    again = [b for b in DemoGenerator(spec).blocks()]
    assert first == again
    # Blocks do not depend on the blocks generated before them.
    assert DemoGenerator(spec).block(1) == first[1]
    other = list(DemoGenerator(DemoSpec(subscribers=1500, seed=43, today=TODAY)).blocks())
    assert other[0].accounts[0] != first[0].accounts[0]
    assert other[0].accounts[0].uuid != first[0].accounts[0].uuid


def test_requests_have_legal_histories(requests: list[DemoRequest]) -> None:
    assert len(requests) > 10
    seen_types = {RequestType(r.type) for r in requests}
    assert len(seen_types) >= 6
    codes = [r.tracking_code for r in requests]
    assert len(set(codes)) == len(codes)
    for r in requests:
        assert parse_tracking_code(r.tracking_code) == r.tracking_code
        assert parse_national_code(r.applicant_national_code)
        rtype = RequestType(r.type)
        assert (r.account_number is None) == (rtype is RequestType.NEW_WATER)
        progress = RequestProgress(rtype)
        assert r.stages[0].stage == Stage.REGISTERED.value
        for stage in r.stages[1:]:
            progress = progress.to(Stage(stage.stage), stage.reason)
        assert progress.stage.value == r.stage
        times = [s.at for s in r.stages]
        assert times == sorted(times) and r.created_at == times[0] and r.updated_at == times[-1]
        assert times[-1] < dt.datetime(TODAY.year, TODAY.month, TODAY.day)
    open_share = sum(Stage(r.stage) not in (Stage.CLOSED, Stage.REJECTED) for r in requests)
    assert open_share / len(requests) > 0.6


def test_demo_users() -> None:
    users = demo_users()
    assert [u.username for u in users] == ["operator", "clerk", "manager", "admin"]
    assert {u.password for u in users} == {"pishkhan"}
    assert users[0].full_name == "اپراتور"


def test_spec_from_config_and_limits() -> None:
    from pishkhan.config import Config

    spec = DemoSpec.from_config(Config(), subscribers=10, seed=1, today=TODAY)
    assert spec.company_code == Config().company_code and spec.blocks == 1
    with pytest.raises(ValueError):
        DemoSpec(subscribers=-1, seed=1, today=TODAY)

"""Meter readings: rollover, refusals, jump confirmation, the local estimate and the outbox."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from pishkhan.domain.ids import parse_bill_payment
from pishkhan.domain.tariff import consumption_between
from pishkhan.services.auth import PermissionDenied
from pishkhan.services.context import AppContext
from pishkhan.services.readings import (
    NeedsConfirmation,
    ReadingRefused,
    consumption_with_rollover,
    record_reading,
)
from pishkhan.services.subscriber_file import load_file
from pishkhan.store import repo
from pishkhan.store.models import AuditEvent, Bill, OutboxEntry, Reading, Subscriber
from pishkhan.sync.schemas import ReadingItem

from .conftest import CLERK, OPERATOR, TODAY


@given(st.integers(1, 9), st.data())
def test_rollover_arithmetic(digits: int, data: st.DataObject) -> None:
    top = 10**digits
    prev = data.draw(st.integers(0, top - 1))
    used = data.draw(st.integers(0, top - 1))
    current = (prev + used) % top
    m3, rolled = consumption_with_rollover(prev, current, digits)
    assert m3 == used
    assert rolled == (prev + used >= top)
    assert (m3, rolled) == (
        consumption_between(prev, current, digits).m3,
        consumption_between(prev, current, digits).rolled_over,
    )


def test_rollover_example() -> None:
    assert consumption_with_rollover(99950, 30, 5) == (80, True)
    assert consumption_with_rollover(950, 990, 5) == (40, False)


def _subscriber(ctx: AppContext, digits: int = 5) -> tuple[int, int, dt.date]:
    """A subscriber with a ``digits``-digit meter: (id, last reading, its date)."""
    with ctx.sessions() as s:
        for sub in s.scalars(select(Subscriber).where(Subscriber.status == "active")):
            meter = repo.current_meter(s, sub.id)
            last = repo.latest_reading(s, sub.id)
            if (
                meter is not None
                and meter.digits == digits
                and last is not None
                and last.read_on < TODAY - dt.timedelta(days=20)
            ):
                return sub.id, last.value, last.read_on
    raise AssertionError("no suitable demo subscriber")


def _set_previous(ctx: AppContext, sid: int, value: int) -> None:
    """Make the latest reading of ``sid`` be ``value`` (to stage a rollover)."""
    with ctx.sessions() as s, s.begin():
        last = repo.latest_reading(s, sid)
        assert last is not None
        last.value = value


def test_a_rollover_is_recorded_with_its_estimate_and_outbox_row(ctx: AppContext) -> None:
    sid, _, last_on = _subscriber(ctx)
    _set_previous(ctx, sid, 99_950)
    read_on = TODAY - dt.timedelta(days=1)
    tariff = ctx.config.tariff
    with ctx.sessions() as s:
        before = s.get_one(Subscriber, sid).balance_rials
        result = record_reading(
            s, OPERATOR, sid, 30, read_on, confirm_jump=True, tariff=tariff, today=TODAY
        )
    assert result.rolled_over and result.consumption_m3 == 80
    assert result.previous_value == 99_950 and result.days == (read_on - last_on).days
    bill = result.bill
    assert bill.is_estimate and bill.consumption_m3 == 80
    assert bill.debt_carried_rials == before
    assert bill.payable_rials % 1000 == 0
    assert sum(line.amount_rials for line in bill.lines) == bill.amount_rials + max(0, before)
    assert bill.lines[0].title == "آب‌بها"
    pair = parse_bill_payment(bill.bill_id, bill.payment_id)
    assert pair.amount_rials == bill.payable_rials
    with ctx.sessions() as s:
        reading = s.scalars(select(Reading).where(Reading.uuid == result.reading_uuid)).one()
        assert (reading.value, reading.consumption_m3, reading.rolled_over) == (30, 80, True)
        assert reading.source == "counter" and reading.created_by == OPERATOR.user_id
        stored = s.scalars(select(Bill).where(Bill.reading_id == reading.id)).one()
        assert stored.is_estimate and stored.payable_rials == bill.payable_rials
        assert s.get_one(Subscriber, sid).balance_rials == bill.payable_rials
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "reading")).one()
        assert entry.record_uuid == result.reading_uuid
        item = ReadingItem.model_validate(entry.payload)
        assert (item.value, item.read_on) == (30, read_on)
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "reading_recorded")).one()
        assert event.details["rolled_over"] is True and event.username == OPERATOR.username
        # The file shows the estimate as the latest bill.
        file = load_file(s, OPERATOR, sid, tariff)
        assert file.latest_bill is not None and file.latest_bill.is_estimate
        assert file.last_reading == 30 and file.balance_rials == bill.payable_rials


def test_a_lower_reading_that_is_no_rollover_is_refused(ctx: AppContext) -> None:
    sid, last, _ = _subscriber(ctx)
    _set_previous(ctx, sid, max(last, 500))
    with ctx.sessions() as s, pytest.raises(ReadingRefused) as err:
        record_reading(
            s, OPERATOR, sid, max(last, 500) - 5, TODAY, tariff=ctx.config.tariff, today=TODAY
        )
    assert err.value.field == "value" and "کمتر از قرائت قبلی" in str(err.value)
    _assert_nothing_written(ctx)


def _assert_nothing_written(ctx: AppContext) -> None:
    with ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
        assert s.scalar(select(func.count()).select_from(Bill).where(Bill.is_estimate)) == 0


def test_a_jump_needs_confirmation(ctx: AppContext) -> None:
    sid, last, last_on = _subscriber(ctx)
    days = (TODAY - last_on).days
    with ctx.sessions() as s:
        units = s.get_one(Subscriber, sid).property.units
    huge = min(last + 10 * units * days + 5, 99_999)  # above the hard cap
    with ctx.sessions() as s, pytest.raises(NeedsConfirmation) as ask:
        record_reading(s, OPERATOR, sid, huge, TODAY, tariff=ctx.config.tariff, today=TODAY)
    assert ask.value.consumption_m3 == huge - last
    assert "تأیید" in str(ask.value)
    _assert_nothing_written(ctx)
    with ctx.sessions() as s:
        result = record_reading(
            s, OPERATOR, sid, huge, TODAY, True, tariff=ctx.config.tariff, today=TODAY
        )
    assert result.confirmed_jump and result.consumption_m3 == huge - last


def test_ordinary_reading_needs_no_confirmation(ctx: AppContext) -> None:
    sid, last, _ = _subscriber(ctx)
    with ctx.sessions() as s:
        result = record_reading(
            s, OPERATOR, sid, last + 1, TODAY, tariff=ctx.config.tariff, today=TODAY
        )
    assert (result.consumption_m3, result.rolled_over) == (1, False)


@pytest.mark.parametrize(
    ("value", "day", "field"),
    [(-1, 0, "value"), (100_000, 0, "value"), (1, 1, "read_on"), (1, -4000, "read_on")],
)
def test_refusals_name_the_field(ctx: AppContext, value: int, day: int, field: str) -> None:
    sid, _, _ = _subscriber(ctx)
    _set_previous(ctx, sid, 0)
    with ctx.sessions() as s, pytest.raises(ReadingRefused) as err:
        record_reading(
            s,
            OPERATOR,
            sid,
            value,
            TODAY + dt.timedelta(days=day),
            tariff=ctx.config.tariff,
            today=TODAY,
        )
    assert err.value.field == field
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(err.value))


def test_a_clerk_may_not_record_readings(ctx: AppContext) -> None:
    sid, last, _ = _subscriber(ctx)
    with ctx.sessions() as s, pytest.raises(PermissionDenied):
        record_reading(s, CLERK, sid, last + 1, TODAY, tariff=ctx.config.tariff, today=TODAY)


def test_six_digit_meter_rolls_over_at_a_million(ctx: AppContext) -> None:
    sid, _, _ = _subscriber(ctx, digits=6)
    _set_previous(ctx, sid, 999_990)
    with ctx.sessions() as s:
        meter = repo.current_meter(s, sid)
        assert meter is not None and meter.digits == 6
        result = record_reading(
            s, OPERATOR, sid, 5, TODAY, True, tariff=ctx.config.tariff, today=TODAY
        )
    assert (result.consumption_m3, result.rolled_over) == (15, True)


def test_a_second_bill_in_one_period_for_the_same_amount_is_payable_too(ctx: AppContext) -> None:
    """A re-read with no use in the same period costs the same; its payment ID is still new."""
    from pishkhan.domain.jalali import period_of
    from pishkhan.services.payments import record_bill_payment

    gap = dt.timedelta(days=10)
    with ctx.sessions() as s:
        for sub in s.scalars(select(Subscriber).where(Subscriber.balance_rials == 0)):
            last = repo.latest_reading(s, sub.id)
            if (
                last is not None
                and last.read_on + 2 * gap <= TODAY
                and period_of(last.read_on + gap) == period_of(last.read_on + 2 * gap)
            ):
                sid, value, first_on = sub.id, last.value, last.read_on + gap
                break
        else:
            pytest.skip("no subscriber with room for two readings in one period")
    bills = []
    for day in (first_on, first_on + gap):
        with ctx.sessions() as s:
            result = record_reading(
                s, OPERATOR, sid, value, day, tariff=ctx.config.tariff, today=TODAY
            )
        bills.append(result.bill)
        record_bill_payment(
            ctx.sessions,
            bill_id=result.bill.bill_id,
            payment_id=result.bill.payment_id,
            method="cash",
        )
    one, two = bills
    assert one.payable_rials == two.payable_rials > 0 and one.consumption_m3 == 0
    assert two.payment_id != one.payment_id
    assert parse_bill_payment(two.bill_id, two.payment_id).amount_rials == two.payable_rials

"""The subscriber file and the histories, read from the demo database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from pishkhan.domain.jalali import from_jalali
from pishkhan.services.context import AppContext
from pishkhan.services.histories import BadRange, load_history
from pishkhan.services.subscriber_file import SubscriberNotFound, load_file
from pishkhan.store.models import Payment, Request

from .conftest import CLERK, OPERATOR


def _paying_subscriber(ctx: AppContext) -> int:
    with ctx.sessions() as s:
        sid = s.scalar(select(Payment.subscriber_id).order_by(Payment.id).limit(1))
        assert sid is not None
        return sid


def test_file_has_details_latest_bill_and_histories(ctx: AppContext) -> None:
    sid = _paying_subscriber(ctx)
    with ctx.sessions() as s:
        f = load_file(s, CLERK, sid, ctx.config.tariff)
    assert f.subscription_no and f.full_name and f.address
    assert f.meter_digits in (5, 6) and f.last_reading is not None
    bill = f.latest_bill
    assert bill is not None
    assert bill.lines[0].code == "water" and bill.lines[0].title == "آب‌بها"
    charges = sum(line.amount_rials for line in bill.lines if line.code not in ("debt",))
    assert charges == bill.amount_rials
    assert f.consumption and f.consumption[-1].read_on == bill.curr_read_on
    assert [r.read_on for r in f.consumption] == sorted(r.read_on for r in f.consumption)
    assert f.payments and all(p.amount_rials != 0 for p in f.payments)


def test_file_lists_open_requests(ctx: AppContext) -> None:
    with ctx.sessions() as s:
        r = s.scalars(
            select(Request).where(
                Request.subscriber_id.is_not(None), Request.stage.not_in(["closed", "rejected"])
            )
        ).first()
        assert r is not None and r.subscriber_id is not None
        f = load_file(s, OPERATOR, r.subscriber_id)
    assert r.tracking_code in [q.tracking_code for q in f.open_requests]
    assert all(q.type_title and q.stage_title for q in f.open_requests)


def test_missing_subscriber_raises(ctx: AppContext) -> None:
    with ctx.sessions() as s, pytest.raises(SubscriberNotFound) as err:
        load_file(s, OPERATOR, 10**9)
    assert "یافت نشد" in str(err.value)


def test_history_for_a_range(ctx: AppContext) -> None:
    sid = _paying_subscriber(ctx)
    start, end = from_jalali(1400, 1, 1), from_jalali(1405, 12, 29)
    with ctx.sessions() as s:
        whole = load_history(s, OPERATOR, sid, start, end)
        f = load_file(s, OPERATOR, sid)
        assert whole.consumption and whole.payments
        middle = whole.consumption[len(whole.consumption) // 2].read_on
        half = load_history(s, OPERATOR, sid, middle, end)
    assert all(middle <= r.read_on <= end for r in half.consumption)
    assert len(half.consumption) < len(whole.consumption)
    assert whole.total_m3 == sum(r.consumption_m3 for r in whole.consumption)
    assert "تا" in whole.range_text
    assert len(whole.payments) >= len(f.payments) or len(f.payments) == 24
    with ctx.sessions() as s, pytest.raises(BadRange):
        load_history(s, OPERATOR, sid, end, start)
    assert start < end - dt.timedelta(days=1)

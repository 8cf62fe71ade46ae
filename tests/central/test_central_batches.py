"""A pushed batch is settled in one transaction, yet each item is judged on its own: valid,
repeated, conflicting, already paid, unknown, late and malformed items side by side."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session

from pishkhan.central import db, rows
from pishkhan.domain.ids import parse_bill_payment
from pishkhan.domain.jalali import period_of

from .helpers import PERSIAN, latest_bill, payment, push_payments, reading


def test_a_mixed_batch_answers_each_item_and_replays_whole(
    desk: httpx.Client, admin: httpx.Client, debtors: list[str]
) -> None:
    day = dt.date(2030, 6, 7)
    closed_day = dt.date(2030, 6, 6)
    assert admin.post(f"/admin/reconciliation/{closed_day.isoformat()}/close").status_code == 200
    first, second, late = (latest_bill(desk, debtors.pop()) for _ in range(3))
    paid = payment(first, day=day)
    items = [
        paid,
        dict(paid),  # the same record twice in one batch: one payment, one answer
        payment(second, day=day, item_uuid=paid["uuid"]),  # its UUID reused for another bill
        payment(first, day=day, method="card"),  # the same bill under another UUID
        {
            **payment(first, day=day),
            "bill_id": "7748317800142",
            "payment_id": "1770160",
            "amount_rials": 17000,
        },  # a well-formed pair no bill has
        payment(late, day=closed_day),  # a day the utility has closed
        {"uuid": "not-a-uuid"},
        payment(second, day=day),
    ]
    results = push_payments(desk, *items)
    assert [(r["status"], r["code"]) for r in results] == [
        ("accepted", None),
        ("accepted", None),
        ("rejected", "conflict"),
        ("rejected", "already_paid"),
        ("rejected", "unknown_bill"),
        ("rescued", None),
        ("rejected", "invalid"),
        ("accepted", None),
    ]
    assert results[0] == results[1]
    assert results[0]["payment_no"] != results[7]["payment_no"]
    assert all(PERSIAN.search(r["reason"]) for r in results[2:7])
    assert [r["uuid"] for r in results] == [i["uuid"] for i in items]

    assert push_payments(desk, *items) == results  # the whole batch again: the same answers
    report = desk.get(f"/reconciliation/{day.isoformat()}").json()
    assert report["payments_count"] == 2
    assert report["payments_sum_rials"] == first["payable_rials"] + second["payable_rials"]
    assert latest_bill(desk, late["subscription_no"])["status"] == "issued"
    for bill in (first, second):
        subscriber = desk.get(f"/subscribers/{bill['subscription_no']}").json()
        assert subscriber["balance_rials"] == 0


def test_two_readings_of_one_subscriber_in_one_batch_follow_each_other(
    desk: httpx.Client, debtors: list[str]
) -> None:
    number = debtors.pop()
    before = latest_bill(desk, number)
    digits = desk.get(f"/subscribers/{number}").json()["meter_digits"]
    revision = _revision(desk, number)
    start = dt.date.fromisoformat(before["read_on"])
    if start >= dt.date.today() - dt.timedelta(days=2):
        pytest.skip("the seeded bill is too recent for two later readings")
    middle = start + (dt.date.today() - start) // 2
    items = [
        reading(number, (before["reading"] + 12) % 10**digits, middle),
        reading(number, (before["reading"] + 30) % 10**digits, dt.date.today()),
    ]
    results = desk.post("/readings:batch", json={"items": items}).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted"], results
    one, two = (r["bill"] for r in results)
    assert (one["consumption_m3"], two["consumption_m3"]) == (12, 18)
    assert (two["prev_reading"], two["prev_read_on"]) == (one["reading"], one["read_on"])
    assert dict(two["lines"])["debt"] == one["payable_rials"]
    assert latest_bill(desk, number) == two
    assert _revision(desk, number) > revision  # the desks' feed carries the new balance
    assert desk.get(f"/subscribers/{number}").json()["balance_rials"] == two["payable_rials"]
    old = push_payments(desk, payment(one))[0]
    assert (old["status"], old["code"]) == ("rejected", "bill_replaced")
    again = desk.post("/readings:batch", json={"items": items}).json()["results"]
    assert again == results


def _revision(desk: httpx.Client, number: str) -> int:
    [found] = [s for s in _all_subscribers(desk) if s["subscription_no"] == number]
    return int(found["revision"])


def test_lookups_by_many_keys_are_split_into_bounded_queries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    keys = [f"payment:{n}" for n in range(23)]
    with Session(engine) as session, session.begin():
        for key in keys:
            session.add(
                db.Idempotency(
                    key=key, payload_sha256="0" * 64, answer="{}", created_at=db.utcnow()
                )
            )
    monkeypatch.setattr(rows, "CHUNK", 5)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", count)
    with Session(engine) as session:
        wanted = [*keys[::2], "payment:absent"]
        found = rows.models_in(session, db.Idempotency, db.Idempotency.key, wanted)
        assert sorted(r.key for r in found) == sorted(keys[::2])
    assert len([s for s in statements if s.startswith("SELECT")]) == 3  # 13 keys, 5 a query
    engine.dispose()


def test_two_bills_of_one_period_for_the_same_amount_get_different_payment_ids(
    desk: httpx.Client,
) -> None:
    """A re-read with no use in the same period costs the same: its payment ID must still be
    new, or the desk and the banks would refuse to take it as already paid."""
    today = dt.date.today()
    for subscriber in _all_subscribers(desk):
        if subscriber["balance_rials"]:
            continue
        last = latest_bill(desk, subscriber["subscription_no"])
        start = dt.date.fromisoformat(last["read_on"])
        first, second = start + dt.timedelta(days=10), start + dt.timedelta(days=20)
        if second <= today and period_of(first) == period_of(second):
            break
    else:
        pytest.skip("no subscriber with room for two readings in one period")
    number, value = subscriber["subscription_no"], last["reading"]
    one = desk.post("/readings:batch", json={"items": [reading(number, value, first)]}).json()[
        "results"
    ][0]["bill"]
    assert push_payments(desk, payment(one))[0]["status"] == "accepted"
    two = desk.post("/readings:batch", json={"items": [reading(number, value, second)]}).json()[
        "results"
    ][0]["bill"]
    assert (one["consumption_m3"], two["consumption_m3"]) == (0, 0)
    assert two["payable_rials"] == one["payable_rials"] > 0
    assert (two["period_year"], two["period_no"]) == (one["period_year"], one["period_no"])
    assert two["payment_id"] != one["payment_id"]
    pair = parse_bill_payment(two["bill_id"], two["payment_id"])
    assert pair.amount_rials == two["payable_rials"]
    assert push_payments(desk, payment(two))[0]["status"] == "accepted"


def _all_subscribers(desk: httpx.Client) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 1000} | ({"cursor": cursor} if cursor else {})
        page = desk.get("/subscribers/feed", params=params).json()
        found += page["items"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return found


def test_seeding_fills_an_empty_server_once_and_gives_the_collector_back(tmp_path: Path) -> None:
    import gc

    from sqlalchemy import func, select

    from pishkhan.central.seed import seed_demo

    engine = db.open_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    gc.enable()
    try:
        assert seed_demo(engine, 1_500, 7, dt.date(2026, 11, 25)) == 1_500  # two blocks
        assert gc.isenabled()
        assert seed_demo(engine, 1_500, 7, dt.date(2026, 11, 25)) == 0  # not empty any more
        assert gc.isenabled()
        with Session(engine) as session:
            assert session.scalar(select(func.count()).select_from(db.Subscriber)) == 1_500
            assert session.scalar(select(func.count()).select_from(db.Bill)) == 1_500 * 12
    finally:
        engine.dispose()

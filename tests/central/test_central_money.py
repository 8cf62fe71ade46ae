"""Pushed payments and readings against the real server: idempotency, per-item results."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from pishkhan.domain.ids import parse_bill_payment
from pishkhan.domain.money import round_down_thousands

from .conftest import Server
from .helpers import PERSIAN, latest_bill, payment, push_payments, reading


def test_same_uuid_twice_gives_one_payment_and_the_same_answer(
    desk: httpx.Client, debtors: list[str]
) -> None:
    number = debtors.pop()
    bill = latest_bill(desk, number)
    item = payment(bill)
    first = push_payments(desk, item)
    assert first[0]["status"] == "accepted"
    assert first[0]["uuid"] == item["uuid"]
    again = desk.post("/payments:batch", json={"items": [item]})
    assert again.json()["results"] == first
    assert latest_bill(desk, number)["status"] == "paid"
    assert desk.get(f"/subscribers/{number}").json()["balance_rials"] == 0


def test_concurrent_pushes_of_one_payment_store_it_once(
    desk: httpx.Client, debtors: list[str]
) -> None:
    bill = latest_bill(desk, debtors.pop())
    item = payment(bill)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: push_payments(desk, item)[0], range(8)))
    assert all(a == answers[0] for a in answers)
    assert answers[0]["status"] == "accepted"
    other = push_payments(desk, payment(bill))[0]  # the bill is paid once, under one UUID
    assert other["code"] == "already_paid"


def test_same_uuid_with_another_amount_is_a_conflict(
    desk: httpx.Client, debtors: list[str]
) -> None:
    bills = [latest_bill(desk, debtors.pop()) for _ in range(2)]
    item = payment(bills[0])
    assert push_payments(desk, item)[0]["status"] == "accepted"
    changed = payment(bills[1], item_uuid=item["uuid"])  # another bill, another amount
    result = push_payments(desk, changed)[0]
    assert (result["status"], result["code"]) == ("rejected", "conflict")
    assert PERSIAN.search(result["reason"])
    assert latest_bill(desk, bills[1]["subscription_no"])["status"] == "issued"
    assert push_payments(desk, item)[0]["status"] == "accepted"  # the first answer still stands


def test_a_bill_paid_twice_under_two_uuids_is_refused(
    desk: httpx.Client, debtors: list[str]
) -> None:
    bill = latest_bill(desk, debtors.pop())
    results = push_payments(desk, payment(bill), payment(bill, method="card"))
    assert results[0]["status"] == "accepted"
    assert (results[1]["status"], results[1]["code"]) == ("rejected", "already_paid")
    assert PERSIAN.search(results[1]["reason"])


def test_invalid_pair_is_rejected_in_persian_and_does_not_block_the_batch(
    desk: httpx.Client, debtors: list[str]
) -> None:
    good = [latest_bill(desk, debtors.pop()) for _ in range(2)]
    broken = payment(good[0])
    broken["payment_id"] = broken["payment_id"][:-1] + str((int(broken["payment_id"][-1]) + 1) % 10)
    wrong_amount = payment(good[1], amount_rials=good[1]["payable_rials"] + 1000)
    items = [payment(good[0]), broken, wrong_amount, {"uuid": "nonsense"}, payment(good[1])]
    results = push_payments(desk, *items)
    assert [r["status"] for r in results] == [
        "accepted",
        "rejected",
        "rejected",
        "rejected",
        "accepted",
    ]
    for result in results[1:4]:
        assert result["code"] == "invalid"
        assert PERSIAN.search(result["reason"])
    assert "همخوانی" in results[1]["reason"]
    assert results[3]["uuid"] == "nonsense"


def test_a_well_formed_pair_of_no_issued_bill_is_unknown(desk: httpx.Client) -> None:
    pair = parse_bill_payment("7748317800142", "1770160")
    item = payment({"bill_id": pair.bill_id, "payment_id": pair.payment_id, "payable_rials": 17000})
    result = push_payments(desk, item)[0]
    assert (result["status"], result["code"]) == ("rejected", "unknown_bill")


def test_demo_payment_pushed_again_is_a_duplicate(desk: httpx.Client) -> None:
    bills = desk.get("/subscribers/10000003/bills").json()
    paid = next(b for b in bills if b["status"] == "paid")
    # The seeded payment's UUID shares the bill UUID's counter (demo generator convention).
    counter = paid["uuid"].rsplit("-", 1)[1]
    demo_uuid = paid["uuid"].split("-")[0] + "-0004-8000-8000-" + counter
    result = push_payments(desk, payment(paid, item_uuid=demo_uuid))[0]
    assert result["status"] == "duplicate"


def test_batch_size_is_bounded(desk: httpx.Client) -> None:
    assert desk.post("/payments:batch", json={"items": []}).status_code == 422
    assert desk.post("/payments:batch", json={"items": [{}] * 501}).status_code == 422


def test_reconciliation_counts_and_sums_the_accepted_payments(
    server: Server, desk: httpx.Client, debtors: list[str]
) -> None:
    day = dt.date(2030, 3, 9)
    other = server.register(2)
    bills = [latest_bill(desk, debtors.pop()) for _ in range(3)]
    mine = push_payments(desk, payment(bills[0], day=day), payment(bills[1], day=day, method="pos"))
    theirs = push_payments(other, payment(bills[2], day=day, desk="1101-02"))
    push_payments(desk, payment(bills[0], day=day))  # already paid: not counted
    assert all(r["status"] == "accepted" for r in mine + theirs)
    report = desk.get(f"/reconciliation/{day.isoformat()}").json()
    assert report["payments_count"] == 3
    assert report["payments_sum_rials"] == sum(b["payable_rials"] for b in bills)
    assert report["desk"] == "1101-01"
    assert report["desk_payments_count"] == 2
    assert (
        report["desk_payments_sum_rials"] == bills[0]["payable_rials"] + bills[1]["payable_rials"]
    )
    methods = {m["method"]: (m["count"], m["sum_rials"]) for m in report["by_method"]}
    assert methods["pos"] == (1, bills[1]["payable_rials"])


def _reading(bill: dict[str, Any], value: int, read_on: dt.date | None = None) -> dict[str, Any]:
    return reading(bill["subscription_no"], value, read_on)


def test_reading_issues_a_bill_with_the_domain_tariff(
    desk: httpx.Client, debtors: list[str]
) -> None:
    number = debtors.pop()
    before = latest_bill(desk, number)
    subscriber = desk.get(f"/subscribers/{number}").json()
    item = _reading(before, (before["reading"] + 25) % 10 ** subscriber["meter_digits"])
    answer = desk.post("/readings:batch", json={"items": [item]})
    result = answer.json()["results"][0]
    assert result["status"] == "accepted", result
    bill = result["bill"]
    assert bill["consumption_m3"] == 25
    assert bill["prev_reading"] == before["reading"]
    assert sum(amount for _code, amount in bill["lines"]) == bill["total_rials"]
    assert dict(bill["lines"])["debt"] == subscriber["balance_rials"] > 0
    assert bill["payable_rials"] == round_down_thousands(bill["total_rials"])
    pair = parse_bill_payment(bill["bill_id"], bill["payment_id"])
    assert pair.amount_rials == bill["payable_rials"]
    # Replayed: the same answer; the old bill's debt moved into the new one.
    assert desk.post("/readings:batch", json={"items": [item]}).json()["results"][0] == result
    assert latest_bill(desk, number) == bill
    old = push_payments(desk, payment(before))[0]
    assert (old["status"], old["code"]) == ("rejected", "bill_replaced")
    assert push_payments(desk, payment(bill))[0]["status"] == "accepted"


def test_bad_readings_are_rejected_one_by_one(desk: httpx.Client, debtors: list[str]) -> None:
    bill = latest_bill(desk, debtors.pop())
    items = [
        _reading(bill, bill["reading"] + 5, read_on=dt.date.fromisoformat(bill["read_on"])),
        _reading(bill, 10**7),
        {**_reading(bill, 1), "subscription_no": "99999999"},
        _reading(bill, -1),
    ]
    results = desk.post("/readings:batch", json={"items": items}).json()["results"]
    assert [(r["status"], r["code"]) for r in results] == [
        ("rejected", "bad_reading"),
        ("rejected", "bad_reading"),
        ("rejected", "unknown_subscriber"),
        ("rejected", "invalid"),
    ]
    assert all(PERSIAN.search(r["reason"]) for r in results)

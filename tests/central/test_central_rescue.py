"""The rescue bucket: records for a business day the utility already closed are kept apart."""

from __future__ import annotations

import datetime as dt
import uuid

import httpx

from .helpers import PERSIAN, latest_bill, payment, push_payments


def test_a_late_payment_for_a_closed_day_is_rescued_not_lost(
    desk: httpx.Client, admin: httpx.Client, debtors: list[str]
) -> None:
    day = dt.date(2030, 4, 1)
    on_time, late = (latest_bill(desk, debtors.pop()) for _ in range(2))
    assert push_payments(desk, payment(on_time, day=day))[0]["status"] == "accepted"
    closed = admin.post(f"/admin/reconciliation/{day.isoformat()}/close")
    assert closed.status_code == 200, closed.text
    assert closed.json()["closed"] and closed.json()["payments_count"] == 1

    item = payment(late, day=day)
    [result] = push_payments(desk, item)
    assert result["status"] == "rescued" and PERSIAN.search(result["reason"])
    assert push_payments(desk, item) == [result]  # replayed, kept once
    # The closed day's totals do not move; the bill is not marked paid behind staff's back.
    report = desk.get(f"/reconciliation/{day.isoformat()}").json()
    assert (report["payments_count"], report["closed"], report["rescued_count"]) == (1, True, 1)
    assert latest_bill(desk, late["subscription_no"])["status"] == "issued"

    bucket = admin.get("/admin/rescue", params={"business_day": day.isoformat()}).json()
    [kept] = bucket["items"]
    assert kept["uuid"] == item["uuid"] and kept["kind"] == "payment"
    assert kept["payload"]["amount_rials"] == late["payable_rials"]
    assert kept["desk"] == "1101-01"
    assert desk.get("/admin/rescue").status_code == 403
    # The next day is open: the same bill is paid normally.
    next_day = payment(late, day=day + dt.timedelta(days=1))
    assert push_payments(desk, next_day)[0]["status"] == "accepted"


def test_a_late_reading_for_a_closed_day_is_rescued(
    desk: httpx.Client, admin: httpx.Client
) -> None:
    number = "10000003"
    bill = latest_bill(desk, number)
    read_on = dt.date(2025, 1, 2)  # a day no other test uses (rescued before any other check)
    assert admin.post(f"/admin/reconciliation/{read_on.isoformat()}/close").status_code == 200
    item = {
        "uuid": str(uuid.uuid4()),
        "subscription_no": number,
        "read_on": read_on.isoformat(),
        "value": bill["reading"] + 10,
    }
    answer = desk.post("/readings:batch", json={"items": [item]})
    [result] = answer.json()["results"]
    assert result["status"] == "rescued" and result["bill"] is None
    assert latest_bill(desk, number) == bill
    bucket = admin.get("/admin/rescue").json()["items"]
    assert any(r["uuid"] == item["uuid"] and r["kind"] == "reading" for r in bucket)

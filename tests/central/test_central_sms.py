"""The central SMS queue: one row per client UUID, Persian reasons for what it refuses."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from pishkhan.domain.persian import to_persian_digits

from .helpers import PERSIAN


def _sms(desk: httpx.Client, number: str, **changes: Any) -> dict[str, Any]:
    bill = desk.get(f"/subscribers/{number}/bills/latest").json()
    body = {
        "uuid": str(uuid.uuid4()),
        "subscription_no": number,
        "bill_id": bill["bill_id"],
        "payment_id": bill["payment_id"] or "",
        "amount_rials": bill["payable_rials"],
        "due_on": bill["due_on"],
        "mobile": "09121234567",
        "requested_at": "2026-11-25T09:00:00",
        "requested_by": "operator",
    }
    return body | changes


def test_an_sms_is_queued_once_with_its_persian_text(
    desk: httpx.Client, admin: httpx.Client, debtors: list[str]
) -> None:
    number = debtors.pop()
    body = _sms(desk, number, mobile="+98 912 123 4567")
    first = desk.post("/sms", json=body)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "accepted"
    again = desk.post("/sms", json=body).json()
    assert again["status"] == "duplicate" and again["queued_id"] == first.json()["queued_id"]
    other = desk.post("/sms", json=body | {"mobile": "09130000000"}).json()
    assert other["status"] == "rejected" and other["code"] == "conflict"

    [held] = admin.get("/admin/sms", params={"subscription_no": number}).json()["items"]
    assert held["mobile"] == "09121234567" and held["uuid"] == body["uuid"]
    assert to_persian_digits(body["bill_id"]) in held["text"] and "مهلت پرداخت" in held["text"]
    assert desk.get("/admin/sms").status_code == 403


def test_what_the_server_refuses_is_rejected_with_a_reason(
    desk: httpx.Client, debtors: list[str]
) -> None:
    number = debtors.pop()
    cases = {
        "invalid": _sms(desk, number, mobile="0812345"),
        "unknown_subscriber": _sms(desk, number, subscription_no="999999999999"),
        "unknown_bill": _sms(desk, number, bill_id="1234567890123"),
    }
    for code, body in cases.items():
        answer = desk.post("/sms", json=body)
        assert answer.status_code == 200, answer.text
        result = answer.json()
        assert result["status"] == "rejected" and result["code"] == code, result
        assert PERSIAN.search(result["reason"])

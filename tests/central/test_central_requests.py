"""Service requests: submit → tracking code → admin decisions → status with stage history."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from pishkhan.domain.requests import make_tracking_code, parse_tracking_code

from .helpers import PERSIAN

DOCUMENTS = ["birth_certificate", "national_id_card", "property_deed", "request_form"]


def _submit(**changes: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "type": "new_water",
        "applicant_name": "مریم احمدی",
        "applicant_national_code": "۰۴۹۹۳۷۰۸۹۹",
        "applicant_mobile": "+989121234567",
        "address": "کرمان، خیابان شفا",
        "documents": DOCUMENTS,
    }
    item.update(changes)
    return item


def test_submit_advance_and_follow_a_request(desk: httpx.Client, admin: httpx.Client) -> None:
    item = _submit()
    answer = desk.post("/requests", json=item)
    assert answer.status_code == 200, answer.text
    status = answer.json()
    code = status["tracking_code"]
    assert parse_tracking_code(code) == code and code.startswith("1101")
    assert status["stage"] == "registered"
    assert desk.post("/requests", json=item).json() == status  # same UUID: same request

    for action, body in (
        ("advance", None),
        ("ask-documents", {"reason": "تصویر سند خوانا نیست"}),
        ("advance", None),
        ("advance", None),
    ):
        answer = admin.post(f"/admin/requests/{code}/{action}", json=body)
        assert answer.status_code == 200, answer.text

    status = desk.get(f"/requests/{code}").json()
    assert status["stage"] == "survey_assigned"
    assert [h["stage"] for h in status["history"]] == [
        "registered",
        "documents_checked",
        "awaiting_documents",
        "documents_checked",
        "survey_assigned",
    ]
    assert status["history"][0]["by"] == "1101-01"
    assert status["history"][2]["reason"] == "تصویر سند خوانا نیست"
    assert PERSIAN.search(status["stage_title"])


def test_reject_needs_a_reason_and_ends_the_request(
    desk: httpx.Client, admin: httpx.Client
) -> None:
    code = desk.post("/requests", json=_submit()).json()["tracking_code"]
    refused = admin.post(f"/admin/requests/{code}/reject", json={})
    assert refused.status_code == 409
    assert PERSIAN.search(refused.json()["detail"])
    done = admin.post(f"/admin/requests/{code}/reject", json={"reason": "ملک در حریم است"})
    assert done.json()["stage"] == "rejected"
    assert admin.post(f"/admin/requests/{code}/advance").status_code == 409


def test_same_uuid_with_other_data_is_a_conflict(desk: httpx.Client) -> None:
    item = _submit()
    assert desk.post("/requests", json=item).status_code == 200
    answer = desk.post("/requests", json={**item, "applicant_name": "علی رضایی"})
    assert answer.status_code == 409
    assert PERSIAN.search(answer.json()["detail"])


def test_invalid_requests_are_422_in_persian(desk: httpx.Client) -> None:
    cases = [
        _submit(applicant_national_code="0000000000"),
        _submit(documents=["request_form"]),
        _submit(type="meter_test"),  # after-sales needs a subscription
        _submit(type="meter_test", subscription_no="99999999"),
    ]
    for item in cases:
        answer = desk.post("/requests", json=item)
        assert answer.status_code == 422, answer.text
        assert PERSIAN.search(answer.json()["detail"]), answer.text


def test_after_sales_request_for_a_subscriber(desk: httpx.Client) -> None:
    item = _submit(
        type="meter_test",
        subscription_no="10000004",
        documents=["request_form", "national_id_card", "latest_paid_bill"],
    )
    status = desk.post("/requests", json=item).json()
    assert status["subscription_no"] == "10000004"
    assert status["type"] == "meter_test"


def test_unknown_or_malformed_tracking_codes(desk: httpx.Client) -> None:
    assert desk.get("/requests/123").status_code == 422
    missing = desk.get(f"/requests/{make_tracking_code(9999, 1)}")
    assert missing.status_code == 404
    assert PERSIAN.search(missing.json()["detail"])

"""Auth, registration, subscriber lookup, the subscriber feed and the OpenAPI document."""

from __future__ import annotations

import httpx
import pytest

from pishkhan.central.openapi import DOCUMENT, openapi_text

from .conftest import SUBSCRIBERS, Server
from .helpers import PERSIAN

PROTECTED = [
    ("GET", "/subscribers/10000001"),
    ("GET", "/subscribers/feed"),
    ("GET", "/subscribers/10000001/bills/latest"),
    ("GET", "/subscribers/10000001/bills"),
    ("POST", "/payments:batch"),
    ("POST", "/readings:batch"),
    ("POST", "/requests"),
    ("POST", "/sms"),
    ("GET", "/requests/110100000011"),
    ("GET", "/reconciliation/2030-01-01"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_endpoint_needs_a_token(server: Server, method: str, path: str) -> None:
    for client in (server.client(), server.client("not-a-real-token")):
        answer = client.request(method, path, json={"items": []} if method == "POST" else None)
        assert answer.status_code == 401, answer.text
        assert answer.headers["www-authenticate"] == "Bearer"
        assert PERSIAN.search(answer.json()["detail"])


def test_registration_needs_the_secret(server: Server) -> None:
    body = {"branch_code": 1101, "desk_no": 9, "secret": "wrong"}
    answer = server.client().post("/desks/register", json=body)
    assert answer.status_code == 403
    assert PERSIAN.search(answer.json()["detail"])


def test_registering_again_replaces_the_token(server: Server) -> None:
    first = server.register(7)
    assert first.get("/subscribers/10000001").status_code == 200
    second = server.register(7)
    assert second.get("/subscribers/10000001").status_code == 200
    assert first.get("/subscribers/10000001").status_code == 401


def test_admin_endpoints_refuse_a_desk_token(desk: httpx.Client) -> None:
    answer = desk.post("/admin/requests/110100000011/advance")
    assert answer.status_code == 403


def test_lookup_subscriber_and_bills(desk: httpx.Client) -> None:
    subscriber = desk.get("/subscribers/10000002").json()
    assert subscriber["subscription_no"] == "10000002"
    assert len(subscriber["bill_id"]) >= 6
    bills = desk.get("/subscribers/10000002/bills").json()
    assert len(bills) >= 6
    assert bills[-1] == desk.get("/subscribers/10000002/bills/latest").json()
    for bill in bills:
        assert sum(amount for _code, amount in bill["lines"]) == bill["total_rials"]
        assert bill["payable_rials"] == max(0, bill["total_rials"] + bill["rounding_rials"])
        assert bill["payable_rials"] % 1000 == 0
    window = desk.get(
        "/subscribers/10000002/bills",
        params={"from": bills[2]["issued_on"], "to": bills[3]["issued_on"]},
    ).json()
    assert window == bills[2:4]


def test_unknown_subscriber_is_404_in_persian(desk: httpx.Client) -> None:
    answer = desk.get("/subscribers/99999999")
    assert answer.status_code == 404
    assert PERSIAN.search(answer.json()["detail"])


def test_feed_pages_return_every_subscriber_exactly_once(desk: httpx.Client) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 37}
        if cursor:
            params["cursor"] = cursor
        page = desk.get("/subscribers/feed", params=params).json()
        pages += 1
        seen += [item["subscription_no"] for item in page["items"]]
        assert page["tombstones"] == []
        revisions = [item["revision"] for item in page["items"]]
        assert revisions == sorted(revisions)
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages == -(-SUBSCRIBERS // 37)
    assert len(seen) == SUBSCRIBERS == len(set(seen))
    tail = desk.get("/subscribers/feed", params={"cursor": cursor}).json()
    assert tail["items"] == [] and tail["next_cursor"] == cursor and not tail["has_more"]


def test_a_forged_cursor_is_refused(desk: httpx.Client) -> None:
    answer = desk.get("/subscribers/feed", params={"cursor": "not*base64"})
    assert answer.status_code == 422
    assert PERSIAN.search(answer.json()["detail"])


def test_openapi_document_is_up_to_date() -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == openapi_text(), (
        "docs/api/openapi.json is stale: run `python -m pishkhan.central.openapi`"
    )

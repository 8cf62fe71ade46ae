"""Building pushed items for the central server tests."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import httpx

PERSIAN = re.compile(r"[\u0600-\u06FF]")


def latest_bill(client: httpx.Client, subscription_no: str) -> dict[str, Any]:
    answer = client.get(f"/subscribers/{subscription_no}/bills/latest")
    assert answer.status_code == 200, answer.text
    bill: dict[str, Any] = answer.json()
    return bill


def payment(
    bill: dict[str, Any],
    *,
    day: dt.date = dt.date(2030, 1, 5),
    method: str = "cash",
    item_uuid: str | None = None,
    **changes: Any,
) -> dict[str, Any]:
    """A payment item for ``bill`` (a Bill answer) taken at desk 1101-01."""
    item = {
        "uuid": item_uuid or str(uuid.uuid4()),
        "bill_id": bill["bill_id"],
        "payment_id": bill["payment_id"],
        "amount_rials": bill["payable_rials"],
        "method": method,
        "paid_at": f"{day.isoformat()}T06:30:00Z",
        "business_day": day.isoformat(),
        "desk": "1101-01",
    }
    item.update(changes)
    return item


def reading(subscription_no: str, value: int, read_on: dt.date | None = None) -> dict[str, Any]:
    """A reading item (today unless ``read_on``) with a fresh UUID."""
    return {
        "uuid": str(uuid.uuid4()),
        "subscription_no": subscription_no,
        "read_on": (read_on or dt.date.today()).isoformat(),
        "value": value,
    }


def push_payments(client: httpx.Client, *items: dict[str, Any]) -> list[dict[str, Any]]:
    answer = client.post("/payments:batch", json={"items": list(items)})
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    assert len(results) == len(items)
    return results

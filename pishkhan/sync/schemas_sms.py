"""The wire format of "send the latest bill by SMS": a desk asks, the central system texts.

``POST /api/v1/sms`` takes one :class:`SmsRequest` and answers an :class:`SmsResult`:
``accepted`` (queued now), ``duplicate`` (this UUID was queued before with the same payload) or
``rejected`` with a Persian ``reason`` (unknown subscriber, no such bill, invalid mobile, the UUID
used before with other data). The answer is 200 in all three cases; the desk deletes the outbox
row for the first two and flags it "needs attention" for the third.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from pydantic import Field

from pishkhan.sync.schemas import ItemResult, _Model


class SmsRequest(_Model):
    uuid: UUID = Field(description="client-chosen idempotency key")
    subscription_no: str = Field(pattern=r"^[0-9]{1,12}$")
    bill_id: str = Field(max_length=13)
    payment_id: str = Field(max_length=13)
    amount_rials: int = Field(ge=0, description="the payable amount the desk showed")
    due_on: dt.date
    mobile: str = Field(max_length=32, description="checked by the server (09xxxxxxxxx)")
    requested_at: dt.datetime
    requested_by: str = Field(max_length=64, description="the desk user's username")


class SmsResult(ItemResult):
    queued_id: int | None = Field(default=None, description="the server's SMS queue row")


class QueuedSms(_Model):
    id: int
    uuid: UUID
    desk: str
    subscription_no: str
    mobile: str
    text: str = Field(description="the Persian text the central system would send")
    bill_id: str
    payment_id: str
    queued_at: dt.datetime


class SmsQueue(_Model):
    items: list[QueuedSms]

"""Push one ``sms`` outbox row: ask the central system to text a bill (``POST /sms``).

The row's payload is a :class:`~pishkhan.sync.schemas_sms.SmsRequest`, sent as it is; the
client UUID makes a resend after a lost answer harmless (the server answers ``duplicate``).
``accepted``/``duplicate`` return normally (the caller deletes the row); ``rejected`` raises
CallInvalid with the server's Persian reason (the row needs attention); anything unreadable is
a CallFailed (the row stays and is retried).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError

from pishkhan.store.models import OutboxEntry
from pishkhan.sync import schemas as api
from pishkhan.sync.schemas_sms import SmsResult
from pishkhan.sync.wire import UNREADABLE, CallFailed, CallInvalid, call

if TYPE_CHECKING:
    from pishkhan.sync.client import SyncClient

SMS_PATH = "/sms"
WRONG_RECORD = "پاسخ سامانه مرکزی به رکورد دیگری مربوط است"
REJECTED = "سامانه مرکزی درخواست پیامک را نپذیرفت"


def push_sms(owner: SyncClient, headers: dict[str, str], entry: OutboxEntry) -> api.ItemStatus:
    """Send one SMS request; returns ``accepted`` or ``duplicate``."""
    answer = call(
        owner.http,
        "POST",
        owner.base_url + SMS_PATH,
        headers=headers,
        json=entry.payload,
        invalid=frozenset({409, 422}),
        on_auth_error=owner.token_refused,
    )
    try:
        result = SmsResult.model_validate_json(answer.content)
    except ValidationError as exc:
        raise CallFailed(UNREADABLE) from exc
    if result.uuid is not None and result.uuid != str(entry.record_uuid):
        raise CallFailed(WRONG_RECORD)
    if result.status is api.ItemStatus.REJECTED:
        raise CallInvalid(result.reason or REJECTED)
    return result.status

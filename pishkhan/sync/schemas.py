"""The central system's API contract, version 1 (``/api/v1``): pydantic models shared by the
sync client (:mod:`pishkhan.sync`) and the reference server (:mod:`pishkhan.central`).

Rules of the contract:

* Money is ``int`` rials; dates are ISO dates, times ISO UTC; identifiers are ASCII digits
  (the server also accepts Persian and Arabic-Indic digits and returns them canonical).
* Every record a desk pushes (payment, reading, request) carries a client UUID chosen before
  its first local write. It is the idempotency key: the server stores its first answer and
  replays it; the same UUID with a different payload is answered ``rejected``/``conflict``.
* Batches answer per item, in order: one bad item never blocks the others. An item that does
  not validate (e.g. a bill ID / payment ID pair whose check digits disagree) comes back
  ``rejected``/``invalid`` with a Persian ``reason``; a malformed *request* (not a list, too
  many items) is a 422.
* Validation of identifiers reuses :mod:`pishkhan.domain.ids`, so desk and server agree.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal, Self
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from pishkhan.domain.ids import parse_bill_payment, parse_mobile, parse_national_code
from pishkhan.domain.requests import DocumentKind, RequestType, Stage, parse_tracking_code

API_PREFIX = "/api/v1"
MAX_BATCH = 500
MAX_FEED_PAGE = 5000
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
MAX_CHUNK_BYTES = 4 * 1024 * 1024

PaymentMethod = Literal["cash", "card", "pos", "bank", "portal"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ItemStatus(enum.StrEnum):
    ACCEPTED = "accepted"  # stored now (or earlier, and this is the stored answer replayed)
    DUPLICATE = "duplicate"  # the server already held this very record (e.g. from seeding)
    REJECTED = "rejected"  # not stored; ``code`` and Persian ``reason`` say why
    RESCUED = "rescued"  # its business day was already closed: kept in the rescue bucket


class RejectCode(enum.StrEnum):
    INVALID = "invalid"  # the item does not validate
    CONFLICT = "conflict"  # the UUID was used before with a different payload
    UNKNOWN_BILL = "unknown_bill"
    UNKNOWN_SUBSCRIBER = "unknown_subscriber"
    ALREADY_PAID = "already_paid"  # the bill was paid under another UUID
    BILL_REPLACED = "bill_replaced"  # its debt moved into a newer bill
    BAD_READING = "bad_reading"


# --------------------------------------------------------------------------------------------
# Desks


class DeskRegistration(_Model):
    branch_code: int = Field(ge=1, le=9999)
    desk_no: int = Field(ge=1, le=99)
    secret: str = Field(min_length=1, max_length=200, description="registration secret")


class DeskToken(_Model):
    desk: str = Field(description="«branch-desk», e.g. 1101-01")
    token: str = Field(description="bearer token for every other endpoint")


def desk_name(branch_code: int, desk_no: int) -> str:
    return f"{branch_code:04d}-{desk_no:02d}"


# --------------------------------------------------------------------------------------------
# Subscribers and bills


class Subscriber(_Model):
    subscription_no: str
    computer_code: str = Field(description="printed on every bill; used in SMS command codes")
    bill_id: str
    first_name: str
    last_name: str
    status: str  # active | cut
    use: str  # domain.tariff.Use value
    units: int
    diameter: str
    has_sewer: bool
    city: str
    address: str
    postal_code: str
    meter_digits: int
    balance_rials: int = Field(description="> 0: owes the payable of the latest unpaid bill")
    revision: int


class FeedPage(_Model):
    items: list[Subscriber]
    tombstones: list[str] = Field(description="subscription numbers deleted on the server")
    next_cursor: str = Field(description="opaque; pass it back to get what changed after")
    has_more: bool


class Bill(_Model):
    uuid: UUID
    subscription_no: str
    bill_id: str
    payment_id: str | None = Field(description="None when nothing is payable")
    period_year: int
    period_no: int
    prev_read_on: dt.date
    prev_reading: int
    read_on: dt.date
    reading: int
    consumption_m3: int
    days: int
    lines: list[tuple[str, int]] = Field(description="[code, amount_rials]; includes vat, debt")
    total_rials: int = Field(description="sum of the lines")
    rounding_rials: int = Field(le=0, description="payable − total (dropped below 1,000)")
    payable_rials: int = Field(ge=0)
    status: str  # issued | paid | replaced
    issued_on: dt.date
    due_on: dt.date

    @model_validator(mode="after")
    def _totals(self) -> Self:
        if sum(amount for _, amount in self.lines) != self.total_rials:
            raise ValueError("جمع ردیف‌های قبض با مبلغ کل برابر نیست")
        if self.payable_rials != max(0, self.total_rials + self.rounding_rials):
            raise ValueError("مبلغ قابل پرداخت با مبلغ کل و گرد کردن همخوانی ندارد")
        return self


# --------------------------------------------------------------------------------------------
# Pushed records


class ItemResult(_Model):
    uuid: str | None = Field(description="the item's UUID as sent (None if unreadable)")
    status: ItemStatus
    code: RejectCode | None = None
    reason: str | None = Field(default=None, description="Persian, for the clerk")


class PaymentItem(_Model):
    uuid: UUID = Field(description="client-chosen idempotency key")
    bill_id: str
    payment_id: str
    amount_rials: int = Field(gt=0)
    method: PaymentMethod
    paid_at: dt.datetime
    business_day: dt.date
    desk: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$")

    @model_validator(mode="before")
    @classmethod
    def _pair(cls, data: Any) -> Any:
        if isinstance(data, dict) and {"bill_id", "payment_id"} <= data.keys():
            pair = parse_bill_payment(data["bill_id"], data["payment_id"])
            amount = data.get("amount_rials")
            if isinstance(amount, int) and amount != pair.amount_rials:
                raise ValueError("مبلغ پرداخت با مبلغ درج‌شده در شناسه پرداخت برابر نیست")
            data = {**data, "bill_id": pair.bill_id, "payment_id": pair.payment_id}
        return data


class PaymentResult(ItemResult):
    payment_no: int | None = Field(default=None, description="server's number for the payment")


class ReadingItem(_Model):
    uuid: UUID
    subscription_no: str = Field(pattern=r"^[0-9]{1,12}$")
    read_on: dt.date
    value: int = Field(ge=0)


class ReadingResult(ItemResult):
    bill: Bill | None = None


class InvalidItem(_Model):
    """What a batch holds in place of an item that failed validation (never sent)."""

    uuid: str | None
    reason: str


def validation_reason(exc: ValidationError) -> str:
    """A Persian sentence for a pydantic error: our own messages, or the field's name."""
    parts: list[str] = []
    for error in exc.errors():
        if error["type"] == "value_error" and "error" in error.get("ctx", {}):
            parts.append(str(error["ctx"]["error"]))
        else:
            where = ".".join(str(x) for x in error["loc"]) or "داده"
            parts.append(f"مقدار «{where}» نادرست است یا وارد نشده است")
    return "؛ ".join(dict.fromkeys(parts))


def _lenient(model: type[BaseModel]) -> Callable[[Any, Any], Any]:
    def validate(value: Any, handler: Any) -> Any:
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            uuid = value.get("uuid") if isinstance(value, dict) else None
            shown = uuid if isinstance(uuid, str) else None
            return InvalidItem(uuid=shown, reason=validation_reason(exc))

    return validate


type PaymentEntry = Annotated[
    PaymentItem | SkipJsonSchema[InvalidItem], WrapValidator(_lenient(PaymentItem))
]
type ReadingEntry = Annotated[
    ReadingItem | SkipJsonSchema[InvalidItem], WrapValidator(_lenient(ReadingItem))
]


class PaymentBatch(_Model):
    items: list[PaymentEntry] = Field(min_length=1, max_length=MAX_BATCH)


class PaymentBatchResult(_Model):
    results: list[PaymentResult]


class ReadingBatch(_Model):
    items: list[ReadingEntry] = Field(min_length=1, max_length=MAX_BATCH)


class ReadingBatchResult(_Model):
    results: list[ReadingResult]


def payload_hash(item: BaseModel) -> str:
    """SHA-256 of the item's canonical JSON: what "the same payload" means."""
    data = item.model_dump(mode="json")
    for key in getattr(item, "hash_omit_if_empty", ()):
        if not data.get(key):
            data.pop(key, None)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# --------------------------------------------------------------------------------------------
# Requests


class RequestSubmit(_Model):
    uuid: UUID
    type: RequestType
    subscription_no: str | None = Field(default=None, pattern=r"^[0-9]{1,12}$")
    applicant_name: str = Field(min_length=2, max_length=200)
    applicant_national_code: str
    applicant_mobile: str | None = None
    postal_code: str | None = None
    address: str | None = Field(default=None, max_length=500)
    in_village: bool = False
    documents: list[DocumentKind] = Field(default_factory=list, max_length=50)
    details: dict[str, str | int | bool] = Field(default_factory=dict, max_length=50)
    document_uuids: list[UUID] = Field(
        default_factory=list,
        max_length=50,
        description="uploaded documents (PUT /documents/{uuid}) that go with the request",
    )
    tracking_code: str | None = Field(
        default=None,
        description="given by the desk at the counter (its branch, a serial from the desk's own "
        "range); absent: the server allocates one",
    )

    # Left out of the payload hash when empty, so requests stored before the fields existed
    # keep their idempotency key.
    hash_omit_if_empty: ClassVar[tuple[str, ...]] = ("document_uuids", "tracking_code")

    @field_validator("tracking_code")
    @classmethod
    def _tracking_code(cls, value: str | None) -> str | None:
        return None if value is None else parse_tracking_code(value)

    @field_validator("applicant_national_code")
    @classmethod
    def _national_code(cls, value: str) -> str:
        return parse_national_code(value)

    @field_validator("applicant_mobile")
    @classmethod
    def _mobile(cls, value: str | None) -> str | None:
        return None if value is None else parse_mobile(value)


class DocumentStart(_Model):
    """``PUT /documents/{uuid}``: announce (or look up) an upload; idempotent per UUID."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="of the whole file")
    size_bytes: int = Field(ge=1, le=MAX_DOCUMENT_BYTES)
    kind: DocumentKind
    mime: str = Field(default="application/pdf", max_length=64)


class DocumentUpload(_Model):
    """Where an upload stands: send the bytes from ``received_bytes`` on."""

    uuid: UUID
    sha256: str
    size_bytes: int
    kind: DocumentKind
    received_bytes: int
    complete: bool = Field(description="every byte arrived and the SHA-256 matched")


class StageEntry(_Model):
    stage: Stage
    at: dt.datetime
    by: str | None
    reason: str | None


class RequestStatus(_Model):
    uuid: UUID
    tracking_code: str
    type: RequestType
    stage: Stage
    stage_title: str
    came_from: Stage | None
    subscription_no: str | None
    applicant_name: str
    history: list[StageEntry]
    document_uuids: list[UUID] = Field(default_factory=list)


class RequestDecision(_Model):
    reason: str | None = Field(default=None, max_length=500)


def tracking_code(text: str) -> str:
    """Path parameter check: a valid tracking code (InvalidId, Persian, otherwise)."""
    return parse_tracking_code(text)


# --------------------------------------------------------------------------------------------
# Reconciliation and errors


class MethodTotal(_Model):
    method: str
    count: int
    sum_rials: int


class Reconciliation(_Model):
    business_day: dt.date
    payments_count: int
    payments_sum_rials: int
    by_method: list[MethodTotal]
    desk: str
    desk_payments_count: int
    desk_payments_sum_rials: int
    readings_count: int
    closed: bool = Field(default=False, description="closed: later records go to the rescue bucket")
    rescued_count: int = Field(default=0, description="records of this day in the rescue bucket")


class RescuedRecord(_Model):
    """A record that arrived after its business day was closed (admin view)."""

    kind: Literal["payment", "reading"]
    uuid: UUID
    business_day: dt.date
    desk: str | None
    received_at: dt.datetime
    payload: dict[str, Any]


class RescueBucket(_Model):
    items: list[RescuedRecord]


RESCUED_REASON = (
    "روز کاری این رکورد پیش‌تر در سامانه مرکزی بسته شده است؛ رکورد در صندوق نجات نگهداری شد "
    "و کارشناسان آن را بررسی می‌کنند"
)


class Problem(BaseModel):
    """Body of every 4xx answer (422 adds the pydantic ``errors``)."""

    detail: str = Field(description="Persian, for the clerk")

"""Registering an after-sales request for a subscriber at the counter (DOMAIN.md §4).

:func:`register_request` writes, in ONE transaction: the :class:`~pishkhan.store.models.Request`,
its first :class:`~pishkhan.store.models.RequestStage` (REGISTERED), a
:class:`~pishkhan.store.models.Document` row per attached file (already stored under the data
folder by :mod:`pishkhan.services.request_documents`), the outbox rows — one ``document`` per
document, then the ``request`` — and a ``request_registered`` audit event. The ``request``
outbox payload is the :class:`~pishkhan.sync.schemas.RequestSubmit` the sync client sends as it
is (with its ``document_uuids`` and the desk's ``tracking_code``).

**Tracking codes given at the desk.** The citizen leaves the counter with the code printed on
the receipt, online or not, so the desk allocates it (``make_tracking_code(branch, serial)``)
and the server keeps it (``RequestSubmit.tracking_code``). The 7-digit serial space of a branch
is shared three ways so that codes can never collide:

* the demo data use ``block × 1000 + n`` with at most 5,000 blocks (``MAX_SUBSCRIBERS`` =
  5,000,000), so serials below 5,000,000;
* the central server's own counter (``serial:<branch>``, for submissions without a code)
  continues after the seeded demo serials: 5,000,000–5,999,999 leaves it a million requests;
* desks take 6,000,000 upwards, :data:`DESK_SERIALS` (40,000) each by desk number (1–99):
  desk *d* owns ``6,000,000 + (d − 1) × 40,000 + 1 … + 40,000``, so two desks of a branch
  (even sharing one PostgreSQL store) never hand out the same code. The next serial is the
  highest code of the desk's range already in the store, plus one, read in the registering
  transaction; the unique index on ``requests.tracking_code`` catches a race, and the
  registration is retried with the next serial.

At 40 requests a working day a desk's range lasts about four years; when it runs out the clerk
gets a Persian message (the branch then gives the desk another desk number).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from pishkhan.domain.ids import InvalidId, parse_mobile, parse_national_code
from pishkhan.domain.requests import (
    REQUIREMENTS,
    FeeConfig,
    FeeQuote,
    RequestType,
    Requirement,
    Stage,
    check_preconditions,
    make_tracking_code,
    missing_documents,
    quote_fees,
)
from pishkhan.services import audit
from pishkhan.services.auth import Permission, SignedIn, require, require_audited
from pishkhan.services.request_documents import AttachedDocument, file_sha256
from pishkhan.store import repo
from pishkhan.store.models import Connection, Document, Request, RequestStage, Subscriber
from pishkhan.sync.schemas import RequestSubmit, validation_reason

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from pishkhan.config import Config
    from pishkhan.services.context import AppContext

REQUEST_RECORD = "request"
DOCUMENT_RECORD = "document"
REQUEST_REGISTERED = "request_registered"
DESK_SERIAL_BASE = 6_000_000
DESK_SERIALS = 40_000
MAX_DESK_NO = 99
NAME_CHANGE = "is_name_change"  # details key (as the demo data use it)

#: After-sales services, in the order the picker lists them; NEW_SEWER only without a sewer.
AFTER_SALES: tuple[RequestType, ...] = (
    RequestType.NEW_SEWER,
    RequestType.CHANGE_SUBSCRIBER_DETAILS,
    RequestType.CHANGE_BILL_INFO,
    RequestType.CHANGE_USE,
    RequestType.CHANGE_UNITS,
    RequestType.CHANGE_CAPACITY,
    RequestType.METER_REPLACEMENT,
    RequestType.METER_RELOCATION,
    RequestType.METER_TEST,
    RequestType.BILL_CORRECTION,
    RequestType.MERGE_SPLIT,
    RequestType.OWNERSHIP_INQUIRY,
)


class RequestRefused(ValueError):
    """The request cannot be registered; ``str()`` is a Persian message for the clerk."""


@dataclass(frozen=True, slots=True)
class Applicant:
    name: str
    national_code: str  # as typed: any digits, spaces
    mobile: str | None = None


@dataclass(frozen=True, slots=True)
class RequestOption:
    """A request type the subscriber may ask for, with what it needs and costs."""

    type: RequestType
    title: str
    requirements: tuple[Requirement, ...]  # in village files the council letter included
    fee: FeeQuote


@dataclass(frozen=True, slots=True)
class Registered:
    tracking_code: str
    uuid: str
    fee: FeeQuote


def fee_config(config: Config) -> FeeConfig:
    """The ``[fees]`` table of the configuration (its defaults are the demo fees)."""
    return config.fees


def desk_serial_range(desk_no: int) -> range:
    """The serials this desk hands out (see the module docstring)."""
    if isinstance(desk_no, bool) or not 1 <= desk_no <= MAX_DESK_NO:
        raise RequestRefused("شماره باجه در تنظیمات باید بین ۱ تا ۹۹ باشد")
    first = DESK_SERIAL_BASE + (desk_no - 1) * DESK_SERIALS + 1
    return range(first, first + DESK_SERIALS)


def request_options(
    ctx: AppContext, user: SignedIn | None, subscriber_id: int
) -> list[RequestOption]:
    """After-sales request types for an existing subscriber, with documents and fees."""
    require(user, Permission.REQUEST)
    fees = fee_config(ctx.config)
    with ctx.sessions() as session:
        subscriber = _subscriber(session, subscriber_id)
        in_village = subscriber.property.in_village
        kinds = _connection_kinds(session, subscriber_id)
    return [
        RequestOption(
            rtype,
            rtype.title,
            tuple(r for r in REQUIREMENTS[rtype] if in_village or not r.village_only),
            quote_fees(rtype, fees),
        )
        for rtype in AFTER_SALES
        if not (rtype is RequestType.NEW_SEWER and "sewer" in kinds)
    ]


def register_request(
    ctx: AppContext,
    user: SignedIn | None,
    subscriber_id: int,
    request_type: RequestType,
    details: Mapping[str, str | int | bool],
    documents: Sequence[AttachedDocument],
    applicant: Applicant,
    *,
    now: dt.datetime | None = None,
) -> Registered:
    """Register the request and queue it with its documents (module docstring); one transaction.

    Raises PermissionDenied (audited) without ``Permission.REQUEST``, :class:`RequestRefused`
    (Persian) when a precondition is unmet, a required document is missing, the applicant's
    identifiers are invalid or a file is not what was attached; then nothing is written.
    """
    require_audited(ctx.sessions, user, Permission.REQUEST, str(subscriber_id))
    assert user is not None
    name = " ".join(applicant.name.split())
    try:
        national_code = parse_national_code(applicant.national_code)
        typed_mobile = (applicant.mobile or "").strip()
        mobile = parse_mobile(typed_mobile) if typed_mobile else None
    except InvalidId as exc:
        raise RequestRefused(str(exc)) from exc
    if len(name) < 2:
        raise RequestRefused("نام متقاضی را بنویسید")
    if request_type not in AFTER_SALES:
        raise RequestRefused(f"«{request_type.title}» از پرونده مشترک ثبت نمی‌شود")
    _check_files(ctx, documents)
    fee = quote_fees(request_type, fee_config(ctx.config))
    serials = desk_serial_range(ctx.config.desk_no)
    at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None)
    for _attempt in range(3):
        try:
            return _write(
                ctx,
                user,
                subscriber_id,
                request_type,
                dict(details),
                documents,
                (name, national_code, mobile),
                fee,
                serials,
                at,
            )
        except IntegrityError:
            continue  # another desk process took the serial: read the next one
    raise RequestRefused("ثبت درخواست با خطای پایگاه داده روبه‌رو شد؛ دوباره امتحان کنید")


def _write(
    ctx: AppContext,
    user: SignedIn,
    subscriber_id: int,
    rtype: RequestType,
    details: dict[str, str | int | bool],
    documents: Sequence[AttachedDocument],
    who: tuple[str, str, str | None],
    fee: FeeQuote,
    serials: range,
    at: dt.datetime,
) -> Registered:
    name, national_code, mobile = who
    with ctx.sessions() as session, session.begin():
        subscriber = _subscriber(session, subscriber_id)
        prop = subscriber.property
        kinds = _connection_kinds(session, subscriber_id)
        if rtype is RequestType.NEW_SEWER and "sewer" in kinds:
            raise RequestRefused("این مشترک انشعاب فاضلاب دارد")
        unmet = check_preconditions(
            rtype,
            _has_water(kinds),
            is_name_change=bool(details.get(NAME_CHANGE)),
            meter_test_done=_meter_test_done(session, subscriber_id),
        )
        if unmet:
            raise RequestRefused("؛ ".join(p.title for p in unmet))
        missing = missing_documents(rtype, (d.kind for d in documents), prop.in_village)
        if missing:
            titles = "، ".join(req.title for req in missing)
            raise RequestRefused(f"مدارک لازم کامل نیست: {titles}")
        code = make_tracking_code(ctx.config.branch_code, _next_serial(session, ctx, serials))
        request_uuid = str(uuid.uuid4())
        item = {
            "uuid": request_uuid,
            "type": rtype.value,
            "subscription_no": subscriber.subscription_no,
            "applicant_name": name,
            "applicant_national_code": national_code,
            "applicant_mobile": mobile,
            "postal_code": prop.postal_code,
            "address": prop.address,
            "in_village": prop.in_village,
            "documents": sorted({d.kind.value for d in documents}),
            "details": details,
            "document_uuids": [d.uuid for d in documents],
            "tracking_code": code,
        }
        try:
            payload = RequestSubmit.model_validate(item).model_dump(mode="json")
        except ValidationError as exc:
            raise RequestRefused(validation_reason(exc)) from exc
        row = Request(
            uuid=request_uuid,
            tracking_code=code,
            type=rtype.value,
            stage=Stage.REGISTERED.value,
            subscriber_id=subscriber_id,
            applicant_name=name,
            applicant_national_code=national_code,
            applicant_mobile=mobile,
            postal_code=prop.postal_code,
            address=prop.address,
            in_village=prop.in_village,
            details=details,
            fee_rials=fee.service_fee_rials,
            counter_fee_rials=fee.counter_fee_rials,
            created_by=user.user_id,
            created_at=at,
            updated_at=at,
        )
        session.add(row)
        session.flush()
        session.add(RequestStage(request_id=row.id, stage=row.stage, at=at, by=user.username))
        for doc in documents:
            session.add(
                Document(
                    uuid=doc.uuid,
                    request_id=row.id,
                    subscriber_id=subscriber_id,
                    kind=doc.kind.value,
                    path=doc.path,
                    sha256=doc.sha256,
                    pages=doc.pages,
                    size_bytes=doc.size_bytes,
                    mime=doc.mime,
                    created_at=at,
                )
            )
        session.flush()
        for doc in documents:
            repo.outbox_add(session, DOCUMENT_RECORD, doc.uuid, {"uuid": doc.uuid})
        repo.outbox_add(session, REQUEST_RECORD, request_uuid, payload)
        audit.record(
            session,
            user,
            REQUEST_REGISTERED,
            code,
            {"type": rtype.value, "subscriber_id": subscriber_id, "documents": len(documents)},
        )
    return Registered(code, request_uuid, fee)


def _next_serial(session: Session, ctx: AppContext, serials: range) -> int:
    branch = f"{ctx.config.branch_code:04d}"
    low, high = f"{branch}{serials[0]:07d}0", f"{branch}{serials[-1]:07d}9"
    last = session.scalar(
        select(func.max(Request.tracking_code)).where(
            Request.tracking_code >= low, Request.tracking_code <= high
        )
    )
    serial = serials[0] if last is None else int(last[4:11]) + 1
    if serial not in serials:
        raise RequestRefused(
            "شماره‌های رهگیری این باجه تمام شده است؛ شماره باجه دیگری در تنظیمات لازم است"
        )
    return serial


def _check_files(ctx: AppContext, documents: Sequence[AttachedDocument]) -> None:
    if len({d.uuid for d in documents}) != len(documents):
        raise RequestRefused("یک سند دو بار پیوست شده است")
    for doc in documents:
        path = ctx.paths.root / doc.path
        if not path.is_file() or file_sha256(path) != doc.sha256:
            raise RequestRefused(f"پرونده سند «{doc.kind.title}» در پوشه داده‌ها یافت نشد")


def _subscriber(session: Session, subscriber_id: int) -> Subscriber:
    subscriber = session.get(Subscriber, subscriber_id)
    if subscriber is None:
        raise RequestRefused("این مشترک در پایگاه داده پیشخوان یافت نشد")
    return subscriber


def _connection_kinds(session: Session, subscriber_id: int) -> set[str]:
    return set(
        session.scalars(
            select(Connection.kind).where(
                Connection.subscriber_id == subscriber_id, Connection.status == "active"
            )
        )
    )


def _has_water(kinds: set[str]) -> bool:
    """A water connection on record; or none on record at all (subscribers that came by the
    sync carry no connection rows): a subscription then means a water connection, as the
    central server assumes."""
    return "water" in kinds or not kinds


def _meter_test_done(session: Session, subscriber_id: int) -> bool:
    found = session.scalar(
        select(Request.id)
        .where(
            Request.subscriber_id == subscriber_id,
            Request.type == RequestType.METER_TEST.value,
            Request.stage == Stage.CLOSED.value,
        )
        .limit(1)
    )
    return found is not None

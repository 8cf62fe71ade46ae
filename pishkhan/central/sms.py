"""The SMS queue of the reference central server: what it would text, never really sent.

A desk asks ``POST /api/v1/sms`` to text a subscriber's bill. The server checks the subscriber,
the bill (it must be one of the subscriber's bills here) and the mobile, and stores one
:class:`SmsMessage` per client UUID with the Persian text a gateway would send. The same UUID
again answers ``duplicate`` (same payload) or ``rejected``/``conflict`` (other data).
``GET /api/v1/admin/sms`` (admin token) lists the queue, newest first; so does
``python -m pishkhan.central.sms_list DB_URL``.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid as uuidlib
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import DateTime, Engine, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from pishkhan.central import db
from pishkhan.domain.ids import InvalidId, parse_mobile
from pishkhan.domain.jalali import format_jalali
from pishkhan.domain.persian import format_rials, to_persian_digits
from pishkhan.sync import schemas as api
from pishkhan.sync.schemas_sms import QueuedSms, SmsQueue, SmsRequest, SmsResult

UNKNOWN_SUBSCRIBER = "مشترکی با این شماره اشتراک یافت نشد"
UNKNOWN_BILL = "این قبض برای این اشتراک در سامانه مرکزی یافت نشد"
NO_BILL = "برای این اشتراک قبضی صادر نشده است"
CONFLICT = "این شناسه یکتا پیش‌تر با داده‌های دیگری فرستاده شده است"
MAX_LIST = 1000


class SmsMessage(db.Base):
    """One SMS the central system would send (created with the other tables)."""

    __tablename__ = "sms_queue"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    desk: Mapped[str] = mapped_column(String(16))
    subscription_no: Mapped[str] = mapped_column(String(12), index=True)
    bill_id: Mapped[str] = mapped_column(String(13))
    payment_id: Mapped[str] = mapped_column(String(13))
    mobile: Mapped[str] = mapped_column(String(11))
    text: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(64))
    queued_at: Mapped[dt.datetime] = mapped_column(DateTime)


def sms_text(subscription_no: str, bill: db.Bill) -> str:
    """The Persian text of a bill SMS (figures from the central bill, not the desk's copy)."""
    fa = to_persian_digits
    return (
        f"مشترک گرامی، قبض آب اشتراک {fa(subscription_no)}\n"
        f"شناسه قبض: {fa(bill.bill_id)}\n"
        f"شناسه پرداخت: {fa(bill.payment_id or '-')}\n"
        f"مبلغ: {format_rials(bill.payable_rials)} ریال\n"
        f"مهلت پرداخت: {format_jalali(bill.due_on)}"
    )


class SmsQueueStore:
    def __init__(self, engine: Engine, lock: threading.Lock) -> None:
        self.engine = engine
        self.lock = lock

    def submit(self, item: SmsRequest, desk: str) -> SmsResult:
        digest = api.payload_hash(item)
        uid = str(item.uuid)
        for attempt in range(3):
            try:
                with self.lock, Session(self.engine) as session, session.begin():
                    return self._submit(session, item, uid, digest, desk)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _submit(
        self, session: Session, item: SmsRequest, uid: str, digest: str, desk: str
    ) -> SmsResult:
        held = session.scalar(select(SmsMessage).where(SmsMessage.uuid == uid))
        if held is not None:
            if held.sha256 != digest:
                return _rejected(uid, api.RejectCode.CONFLICT, CONFLICT)
            return SmsResult(uuid=uid, status=api.ItemStatus.DUPLICATE, queued_id=held.id)
        try:
            mobile = parse_mobile(item.mobile)
        except InvalidId as exc:
            return _rejected(uid, api.RejectCode.INVALID, exc.message)
        subscriber = session.scalar(
            select(db.Subscriber).where(db.Subscriber.subscription_no == item.subscription_no)
        )
        if subscriber is None or subscriber.deleted:
            return _rejected(uid, api.RejectCode.UNKNOWN_SUBSCRIBER, UNKNOWN_SUBSCRIBER)
        bills = select(db.Bill).where(db.Bill.subscriber_id == subscriber.id)
        if session.scalar(bills.limit(1)) is None:
            return _rejected(uid, api.RejectCode.UNKNOWN_BILL, NO_BILL)
        bill = session.scalar(
            bills.where(db.Bill.bill_id == item.bill_id, db.Bill.payment_id == item.payment_id)
        )
        if bill is None:
            return _rejected(uid, api.RejectCode.UNKNOWN_BILL, UNKNOWN_BILL)
        row = SmsMessage(
            uuid=uid,
            sha256=digest,
            desk=desk,
            subscription_no=subscriber.subscription_no,
            bill_id=bill.bill_id,
            payment_id=bill.payment_id or "",
            mobile=mobile,
            text=sms_text(subscriber.subscription_no, bill),
            requested_by=item.requested_by,
            queued_at=db.utcnow(),
        )
        session.add(row)
        session.flush()
        return SmsResult(uuid=uid, status=api.ItemStatus.ACCEPTED, queued_id=row.id)

    def listing(self, subscription_no: str | None = None, limit: int = 100) -> SmsQueue:
        with Session(self.engine) as session:
            stmt = select(SmsMessage)
            if subscription_no:
                stmt = stmt.where(SmsMessage.subscription_no == subscription_no)
            rows = session.scalars(stmt.order_by(SmsMessage.id.desc()).limit(limit))
            return SmsQueue(items=[_queued(r) for r in rows])


def _rejected(uid: str, code: api.RejectCode, reason: str) -> SmsResult:
    return SmsResult(uuid=uid, status=api.ItemStatus.REJECTED, code=code, reason=reason)


def _queued(row: SmsMessage) -> QueuedSms:
    return QueuedSms(
        id=row.id,
        uuid=uuidlib.UUID(row.uuid),
        desk=row.desk,
        subscription_no=row.subscription_no,
        mobile=row.mobile,
        text=row.text,
        bill_id=row.bill_id,
        payment_id=row.payment_id,
        queued_at=row.queued_at,
    )


def install(
    v1: APIRouter,
    staff: APIRouter,
    engine: Engine,
    lock: threading.Lock,
    current_desk: Callable[..., db.Desk],
) -> SmsQueueStore:
    """Add the SMS endpoints to the desk (``v1``) and admin (``staff``) routers."""
    store = SmsQueueStore(engine, lock)
    caller = Depends(current_desk)

    @v1.post("/sms")
    def queue_sms(body: SmsRequest, desk: db.Desk = caller) -> SmsResult:
        """Queue "text this bill to this mobile"; idempotent on the client UUID."""
        return store.submit(body, desk.name)

    @staff.get("/sms")
    def sms_queue(
        subscription_no: Annotated[str | None, Query(pattern=r"^[0-9]{1,12}$")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 100,
    ) -> SmsQueue:
        """What the central system would have texted, newest first."""
        return store.listing(subscription_no, limit)

    return store

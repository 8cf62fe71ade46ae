"""Pushed payments and readings: one transaction per item, idempotent on the client UUID.

Each item runs in its own transaction that writes the effect (payment, bill) *and* the stored
answer (:class:`~pishkhan.central.db.Idempotency`) together, so a crash leaves either both or
neither. A second push of the same UUID and payload replays the stored answer byte for byte; a
different payload under the same UUID is answered ``conflict`` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid as uuidlib
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pishkhan.central import db
from pishkhan.central.reconciliation import is_closed, rescue
from pishkhan.domain.ids import InvalidId, make_payment_id
from pishkhan.domain.jalali import period_of, to_jalali
from pishkhan.domain.money import round_down_thousands
from pishkhan.domain.tariff import TariffConfig, Use, compute_bill, consumption_between
from pishkhan.sync import schemas as api

R = TypeVar("R", bound=api.ItemResult)
DUE_DAYS = 14  # as the demo data: a bill is due two weeks after it is issued
_BILL_NAMESPACE = uuidlib.UUID("0b6f4c1e-5d0a-4b8e-9a57-3c2f1e0d9b71")


class Ledger:
    """The server's write side for pushed records. One writer at a time (SQLite has one)."""

    def __init__(self, engine: Engine, tariff: TariffConfig, today: Callable[[], dt.date]) -> None:
        self.engine = engine
        self.tariff = tariff
        self.today = today
        self.lock = threading.Lock()

    # -- the idempotent envelope ---------------------------------------------------------------

    def _once(
        self,
        kind: str,
        item: BaseModel,
        item_uuid: str,
        desk: str,
        result_type: type[R],
        effect: Callable[[Session], R],
        session: Session | None = None,
    ) -> R:
        """Apply ``effect`` once per ``kind:item_uuid`` and store its answer with it.

        With ``session`` (a batch's transaction) the item runs in a SAVEPOINT of it, so a batch
        commits once (one fsync) while each item still stands or falls alone; without, in a
        transaction of its own.
        """
        if session is None:
            with self.lock, Session(self.engine) as own, own.begin():
                return self._once_in(own, kind, item, item_uuid, desk, result_type, effect)
        return self._once_in(session, kind, item, item_uuid, desk, result_type, effect)

    def _once_in(
        self,
        session: Session,
        kind: str,
        item: BaseModel,
        item_uuid: str,
        desk: str,
        result_type: type[R],
        effect: Callable[[Session], R],
    ) -> R:
        key = f"{kind}:{item_uuid}"
        digest = api.payload_hash(item)
        for attempt in range(3):
            try:
                with session.begin_nested():
                    stored = session.get(db.Idempotency, key)
                    if stored is not None:
                        if stored.payload_sha256 == digest:
                            return result_type.model_validate_json(stored.answer)
                        return result_type(
                            uuid=item_uuid,
                            status=api.ItemStatus.REJECTED,
                            code=api.RejectCode.CONFLICT,
                            reason="این شناسه یکتا پیش‌تر با داده‌های دیگری فرستاده شده است",
                        )
                    result = effect(session)
                    session.add(
                        db.Idempotency(
                            key=key,
                            payload_sha256=digest,
                            answer=result.model_dump_json(),
                            desk=desk,
                            created_at=db.utcnow(),
                        )
                    )
                    session.flush()
                return result
            except IntegrityError:  # a concurrent push of the same record won: look again
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def push_batch[I, T: api.ItemResult](
        self, push: Callable[[I, str, Session], T], items: list[I], desk: str
    ) -> list[T]:
        """Push every item of a batch in one transaction (one commit), each in its savepoint."""
        with self.lock, Session(self.engine) as session, session.begin():
            return [push(item, desk, session) for item in items]

    # -- payments --------------------------------------------------------------------------------

    def push_payment(
        self,
        entry: api.PaymentItem | api.InvalidItem,
        desk: str,
        session: Session | None = None,
    ) -> api.PaymentResult:
        if isinstance(entry, api.InvalidItem):
            return _rejected(api.PaymentResult, entry.uuid, api.RejectCode.INVALID, entry.reason)
        item = entry
        uid = str(item.uuid)

        def effect(session: Session) -> api.PaymentResult:
            bill = session.scalar(
                select(db.Bill)
                .where(db.Bill.bill_id == item.bill_id, db.Bill.payment_id == item.payment_id)
                .order_by(db.Bill.id.desc())
                .limit(1)
            )
            known = session.scalar(select(db.Payment).where(db.Payment.uuid == uid))
            if known is not None:  # held without a stored answer (seeded from demo data)
                if bill is not None and known.bill_row_id == bill.id:
                    return api.PaymentResult(
                        uuid=uid, status=api.ItemStatus.DUPLICATE, payment_no=known.id
                    )
                return _rejected(
                    api.PaymentResult,
                    uid,
                    api.RejectCode.CONFLICT,
                    "این شناسه یکتا پیش‌تر برای پرداخت دیگری ثبت شده است",
                )
            if is_closed(session, item.business_day):
                rescue(session, "payment", uid, item.business_day, desk, _json(item))
                return api.PaymentResult(
                    uuid=uid, status=api.ItemStatus.RESCUED, reason=api.RESCUED_REASON
                )
            if bill is None:
                return _rejected(
                    api.PaymentResult,
                    uid,
                    api.RejectCode.UNKNOWN_BILL,
                    "قبضی با این شناسه قبض و شناسه پرداخت صادر نشده است",
                )
            paid = session.scalar(select(db.Payment).where(db.Payment.bill_row_id == bill.id))
            if paid is not None or bill.status == "paid":
                return _rejected(
                    api.PaymentResult,
                    uid,
                    api.RejectCode.ALREADY_PAID,
                    "این قبض پیش‌تر پرداخت شده است",
                )
            if bill.status == "replaced":
                return _rejected(
                    api.PaymentResult,
                    uid,
                    api.RejectCode.BILL_REPLACED,
                    "بدهی این قبض به قبض جدیدتری منتقل شده است؛ قبض جدید را پرداخت کنید",
                )
            number = db.next_value(session, "payment")
            paid_at = item.paid_at
            if paid_at.tzinfo is not None:
                paid_at = paid_at.astimezone(dt.UTC).replace(tzinfo=None)
            session.add(
                db.Payment(
                    id=number,
                    uuid=uid,
                    bill_row_id=bill.id,
                    amount_rials=item.amount_rials,
                    method=item.method,
                    paid_at=paid_at,
                    business_day=item.business_day,
                    desk=item.desk,
                    received_at=db.utcnow(),
                )
            )
            bill.status = "paid"
            subscriber = session.get_one(db.Subscriber, bill.subscriber_id)
            if _latest_bill(session, subscriber.id) == bill.id:
                subscriber.balance_rials = 0
                subscriber.revision = db.next_value(session, "revision")
            return api.PaymentResult(uuid=uid, status=api.ItemStatus.ACCEPTED, payment_no=number)

        return self._once("payment", item, uid, desk, api.PaymentResult, effect, session)

    # -- readings --------------------------------------------------------------------------------

    def push_reading(
        self,
        entry: api.ReadingItem | api.InvalidItem,
        desk: str,
        session: Session | None = None,
    ) -> api.ReadingResult:
        if isinstance(entry, api.InvalidItem):
            return _rejected(api.ReadingResult, entry.uuid, api.RejectCode.INVALID, entry.reason)
        item = entry
        uid = str(item.uuid)

        def effect(session: Session) -> api.ReadingResult:
            subscriber = session.scalar(
                select(db.Subscriber).where(db.Subscriber.subscription_no == item.subscription_no)
            )
            if subscriber is None or subscriber.deleted:
                return _rejected(
                    api.ReadingResult,
                    uid,
                    api.RejectCode.UNKNOWN_SUBSCRIBER,
                    "مشترکی با این شماره اشتراک یافت نشد",
                )
            known = session.scalar(select(db.Bill).where(db.Bill.reading_uuid == uid))
            if known is not None:  # seeded from demo data
                if (known.subscriber_id, known.read_on, known.reading) == (
                    subscriber.id,
                    item.read_on,
                    item.value,
                ):
                    return api.ReadingResult(
                        uuid=uid,
                        status=api.ItemStatus.DUPLICATE,
                        bill=bill_model(known, subscriber.subscription_no),
                    )
                return _rejected(
                    api.ReadingResult,
                    uid,
                    api.RejectCode.CONFLICT,
                    "این شناسه یکتا پیش‌تر برای قرائت دیگری ثبت شده است",
                )
            if is_closed(session, item.read_on):
                rescue(session, "reading", uid, item.read_on, desk, _json(item))
                return api.ReadingResult(
                    uuid=uid, status=api.ItemStatus.RESCUED, reason=api.RESCUED_REASON
                )
            try:
                bill = self._issue(session, subscriber, item, uid)
            except (ValueError, InvalidId) as exc:
                return _rejected(api.ReadingResult, uid, api.RejectCode.BAD_READING, str(exc))
            return api.ReadingResult(
                uuid=uid,
                status=api.ItemStatus.ACCEPTED,
                bill=bill_model(bill, subscriber.subscription_no),
            )

        return self._once("reading", item, uid, desk, api.ReadingResult, effect, session)

    def _issue(
        self, session: Session, subscriber: db.Subscriber, item: api.ReadingItem, uid: str
    ) -> db.Bill:
        """Price the reading with the domain tariff and issue its bill (ValueError if bad)."""
        last_id = _latest_bill(session, subscriber.id)
        if last_id is None:
            raise ValueError("برای این اشتراک قرائت قبلی ثبت نشده است")
        last = session.get_one(db.Bill, last_id)
        if item.read_on <= last.read_on:
            raise ValueError("تاریخ قرائت باید پس از تاریخ قرائت قبلی باشد")
        if item.read_on > self.today() + dt.timedelta(days=1):
            raise ValueError("تاریخ قرائت نمی‌تواند در آینده باشد")
        used = consumption_between(last.reading, item.value, subscriber.meter_digits)
        days = (item.read_on - last.read_on).days
        debt = subscriber.balance_rials
        calc = compute_bill(
            used.m3,
            days,
            subscriber.units,
            Use.parse(subscriber.use),
            subscriber.diameter,
            subscriber.has_sewer,
            to_jalali(item.read_on).year,
            self.tariff,
            debt,
        )
        lines: list[list[str | int]] = [[line.code, line.amount_rials] for line in calc.lines]
        lines.append(["vat", calc.vat])
        if debt:
            lines.append(["debt", debt])
        period = period_of(item.read_on)
        payable = calc.payable
        payment_id = None
        if payable > 0:
            payment_id = make_payment_id(subscriber.bill_id, payable, period.year, period.number)
        if last.status == "issued" and debt:
            last.status = "replaced"
        bill = db.Bill(
            uuid=str(uuidlib.uuid5(_BILL_NAMESPACE, uid)),
            reading_uuid=uid,
            subscriber_id=subscriber.id,
            bill_id=subscriber.bill_id,
            payment_id=payment_id,
            period_year=period.year,
            period_no=period.number,
            prev_read_on=last.read_on,
            prev_reading=last.reading,
            read_on=item.read_on,
            reading=item.value,
            consumption_m3=used.m3,
            days=days,
            lines=lines,
            total_rials=calc.total + debt,
            payable_rials=payable,
            status="issued",
            issued_on=item.read_on,
            due_on=item.read_on + dt.timedelta(days=DUE_DAYS),
        )
        session.add(bill)
        subscriber.balance_rials = payable
        subscriber.revision = db.next_value(session, "revision")
        session.flush()
        return bill


def _rejected[T: api.ItemResult](
    result_type: type[T], uid: str | None, code: api.RejectCode, reason: str
) -> T:
    return result_type(uuid=uid, status=api.ItemStatus.REJECTED, code=code, reason=reason)


def _json(item: BaseModel) -> dict[str, object]:
    found: dict[str, object] = item.model_dump(mode="json")
    return found


def _latest_bill(session: Session, subscriber_id: int) -> int | None:
    return session.scalar(
        select(db.Bill.id)
        .where(db.Bill.subscriber_id == subscriber_id)
        .order_by(db.Bill.read_on.desc(), db.Bill.id.desc())
        .limit(1)
    )


def bill_model(bill: db.Bill, subscription_no: str) -> api.Bill:
    """The API form of a bill row."""
    payable = bill.payable_rials
    rounding = (
        round_down_thousands(bill.total_rials) - bill.total_rials if bill.total_rials > 0 else 0
    )
    return api.Bill(
        uuid=uuidlib.UUID(bill.uuid),
        subscription_no=subscription_no,
        bill_id=bill.bill_id,
        payment_id=bill.payment_id,
        period_year=bill.period_year,
        period_no=bill.period_no,
        prev_read_on=bill.prev_read_on,
        prev_reading=bill.prev_reading,
        read_on=bill.read_on,
        reading=bill.reading,
        consumption_m3=bill.consumption_m3,
        days=bill.days,
        lines=[(str(code), int(amount)) for code, amount in bill.lines],
        total_rials=bill.total_rials,
        rounding_rials=rounding,
        payable_rials=payable,
        status=bill.status,
        issued_on=bill.issued_on,
        due_on=bill.due_on,
    )

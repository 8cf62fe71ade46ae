"""Pushed meter readings: each new reading is priced with the domain tariff and issues a bill.

Called by :class:`~pishkhan.central.money.Ledger` with a batch's new readings (those without a
stored answer), inside the batch's transaction. Subscribers, their latest bills and the
readings already held are read up front; readings of one subscriber in one batch follow each
other, each priced from the bill the one before it issued.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib

from sqlalchemy.orm import Session

from pishkhan.central import db
from pishkhan.central.reconciliation import rescue
from pishkhan.central.rows import (
    bill_model,
    closed_days,
    latest_bill_ids,
    models_in,
    rejected,
    rows_in,
)
from pishkhan.domain.ids import InvalidId, make_new_payment_id
from pishkhan.domain.jalali import period_of, to_jalali
from pishkhan.domain.tariff import TariffConfig, Use, compute_bill, consumption_between
from pishkhan.sync import schemas as api

DUE_DAYS = 14  # as the demo data: a bill is due two weeks after it is issued
_BILL_NAMESPACE = uuidlib.UUID("0b6f4c1e-5d0a-4b8e-9a57-3c2f1e0d9b71")


def issue_bills(
    session: Session,
    items: list[api.ReadingItem],
    desk: str,
    tariff: TariffConfig,
    today: dt.date,
) -> list[api.ReadingResult]:
    """Judge a batch's new readings and issue their bills; every answer in the items' order."""
    subscribers = {
        s.subscription_no: s
        for s in models_in(
            session,
            db.Subscriber,
            db.Subscriber.subscription_no,
            {item.subscription_no for item in items},
        )
    }
    uids = [str(item.uuid) for item in items]
    known = {b.reading_uuid: b for b in models_in(session, db.Bill, db.Bill.reading_uuid, uids)}
    closed = closed_days(session, {item.read_on for item in items})
    latest_ids = latest_bill_ids(session, {s.id for s in subscribers.values()})
    latest = {
        b.subscriber_id: b for b in models_in(session, db.Bill, db.Bill.id, latest_ids.values())
    }
    issued: dict[int, set[str]] = {}  # payment IDs of each subscriber's bills
    for sid, payment_id in rows_in(
        session,
        (db.Bill.subscriber_id, db.Bill.payment_id),
        db.Bill.subscriber_id,
        latest_ids.keys(),
    ):
        issued.setdefault(sid, set()).add(payment_id)
    touched: dict[int, db.Subscriber] = {}  # in the order of their last change
    results: list[api.ReadingResult] = []
    for item, uid in zip(items, uids, strict=True):
        subscriber = subscribers.get(item.subscription_no)
        if subscriber is None or subscriber.deleted:
            results.append(
                rejected(
                    api.ReadingResult,
                    uid,
                    api.RejectCode.UNKNOWN_SUBSCRIBER,
                    "مشترکی با این شماره اشتراک یافت نشد",
                )
            )
            continue
        held = known.get(uid)
        if held is not None:  # seeded from demo data
            results.append(_held(held, subscriber, item, uid))
            continue
        if item.read_on in closed:
            rescue(session, "reading", uid, item.read_on, desk, item.model_dump(mode="json"))
            results.append(
                api.ReadingResult(
                    uuid=uid, status=api.ItemStatus.RESCUED, reason=api.RESCUED_REASON
                )
            )
            continue
        try:
            taken = issued.setdefault(subscriber.id, set())
            bill = _issue(
                session, subscriber, latest.get(subscriber.id), item, uid, tariff, today, taken
            )
        except (ValueError, InvalidId) as exc:
            results.append(rejected(api.ReadingResult, uid, api.RejectCode.BAD_READING, str(exc)))
            continue
        latest[subscriber.id] = bill
        taken.add(bill.payment_id or "")
        touched.pop(subscriber.id, None)
        touched[subscriber.id] = subscriber
        results.append(
            api.ReadingResult(
                uuid=uid,
                status=api.ItemStatus.ACCEPTED,
                bill=bill_model(bill, subscriber.subscription_no),
            )
        )
    if touched:
        first = db.next_value(session, "revision", len(touched))
        for offset, subscriber in enumerate(touched.values()):
            subscriber.revision = first + offset
    return results


def _held(
    held: db.Bill, subscriber: db.Subscriber, item: api.ReadingItem, uid: str
) -> api.ReadingResult:
    if (held.subscriber_id, held.read_on, held.reading) == (
        subscriber.id,
        item.read_on,
        item.value,
    ):
        return api.ReadingResult(
            uuid=uid,
            status=api.ItemStatus.DUPLICATE,
            bill=bill_model(held, subscriber.subscription_no),
        )
    return rejected(
        api.ReadingResult,
        uid,
        api.RejectCode.CONFLICT,
        "این شناسه یکتا پیش‌تر برای قرائت دیگری ثبت شده است",
    )


def _issue(
    session: Session,
    subscriber: db.Subscriber,
    last: db.Bill | None,
    item: api.ReadingItem,
    uid: str,
    tariff: TariffConfig,
    today: dt.date,
    taken: set[str],
) -> db.Bill:
    """Price the reading and issue its bill (ValueError, changing nothing, if it is bad).

    ``taken``: the payment IDs of the subscriber's bills; the new one differs from them all."""
    if last is None:
        raise ValueError("برای این اشتراک قرائت قبلی ثبت نشده است")
    if item.read_on <= last.read_on:
        raise ValueError("تاریخ قرائت باید پس از تاریخ قرائت قبلی باشد")
    if item.read_on > today + dt.timedelta(days=1):
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
        tariff,
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
        payment_id = make_new_payment_id(
            subscriber.bill_id, payable, period.year, period.number, taken
        )
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
    return bill

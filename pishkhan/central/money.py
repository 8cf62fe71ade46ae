"""Pushed payments and readings: one transaction per batch, idempotent on each item's UUID.

A batch is settled in one transaction that writes every effect (payments, bills) *and* every
stored answer (:class:`~pishkhan.central.db.Idempotency`) together, so a crash leaves either all
or none. The batch is read up front with a few ``IN`` queries (stored answers, bills, payments,
closed days), judged item by item in Python, and written in one flush: a batch of 500 costs
about as many statements as a single item did. Each item still stands or falls alone: the
judging refuses one item with a reason and goes on with the next.

A second push of the same UUID and payload replays the stored answer byte for byte; a different
payload under the same UUID is answered ``conflict`` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence

from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pishkhan.central import db
from pishkhan.central.readings import issue_bills
from pishkhan.central.reconciliation import rescue
from pishkhan.central.rows import closed_days, latest_bill_ids, models_in, rejected, rows_in
from pishkhan.domain.tariff import TariffConfig
from pishkhan.sync import schemas as api

CONFLICT_REASON = "این شناسه یکتا پیش‌تر با داده‌های دیگری فرستاده شده است"


class Ledger:
    """The server's write side for pushed records. One writer at a time (SQLite has one)."""

    def __init__(self, engine: Engine, tariff: TariffConfig, today: Callable[[], dt.date]) -> None:
        self.engine = engine
        self.tariff = tariff
        self.today = today
        self.lock = threading.Lock()

    def push_payments(
        self, entries: Sequence[api.PaymentItem | api.InvalidItem], desk: str
    ) -> list[api.PaymentResult]:
        return self._settle("payment", entries, desk, api.PaymentResult, _pay)

    def push_readings(
        self, entries: Sequence[api.ReadingItem | api.InvalidItem], desk: str
    ) -> list[api.ReadingResult]:
        def issue(
            session: Session, items: list[api.ReadingItem], desk: str
        ) -> list[api.ReadingResult]:
            return issue_bills(session, items, desk, self.tariff, self.today())

        return self._settle("reading", entries, desk, api.ReadingResult, issue)

    def _settle[T: (api.PaymentItem, api.ReadingItem), A: api.ItemResult](
        self,
        kind: str,
        entries: Sequence[T | api.InvalidItem],
        desk: str,
        result_type: type[A],
        apply: Callable[[Session, list[T], str], list[A]],
    ) -> list[A]:
        """Settle a batch in one transaction; a concurrent writer of the same key makes it retry.

        On a retry the winner's stored answers are read up front, so its items are replayed.
        """
        for attempt in range(3):
            try:
                with self.lock, Session(self.engine) as session, session.begin():
                    return _settle_in(session, kind, entries, desk, result_type, apply)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def _settle_in[T: (api.PaymentItem, api.ReadingItem), A: api.ItemResult](
    session: Session,
    kind: str,
    entries: Sequence[T | api.InvalidItem],
    desk: str,
    result_type: type[A],
    apply: Callable[[Session, list[T], str], list[A]],
) -> list[A]:
    results: list[A | None] = [None] * len(entries)
    parsed: list[tuple[int, T, str, str]] = []  # index, item, key, digest
    for index, entry in enumerate(entries):
        if isinstance(entry, api.InvalidItem):
            results[index] = rejected(result_type, entry.uuid, api.RejectCode.INVALID, entry.reason)
        else:
            parsed.append((index, entry, f"{kind}:{entry.uuid}", api.payload_hash(entry)))
    stored = {
        row.key: row
        for row in models_in(
            session, db.Idempotency, db.Idempotency.key, {key for _, _, key, _ in parsed}
        )
    }
    firsts: dict[str, tuple[int, str]] = {}  # key -> (index, digest) of its first item here
    fresh: list[tuple[int, T, str, str]] = []
    repeats: list[tuple[int, str, str]] = []
    for index, item, key, digest in parsed:
        uid = str(item.uuid)
        if key in stored:
            held = stored[key]
            results[index] = (
                result_type.model_validate_json(held.answer)
                if held.payload_sha256 == digest
                else rejected(result_type, uid, api.RejectCode.CONFLICT, CONFLICT_REASON)
            )
        elif key in firsts:
            repeats.append((index, key, digest))
        else:
            firsts[key] = (index, digest)
            fresh.append((index, item, key, digest))
    answers = apply(session, [item for _, item, _, _ in fresh], desk) if fresh else []
    now = db.utcnow()
    rows = []
    for (index, _, key, digest), answer in zip(fresh, answers, strict=True):
        results[index] = answer
        rows.append(
            {
                "key": key,
                "payload_sha256": digest,
                "answer": answer.model_dump_json(),
                "desk": desk,
                "created_at": now,
            }
        )
    session.flush()
    if rows:
        session.execute(insert(db.Idempotency), rows)
    for index, key, digest in repeats:  # the same UUID twice in one batch: as if pushed again
        first_index, first_digest = firsts[key]
        first = results[first_index]
        assert first is not None
        results[index] = (
            first
            if digest == first_digest
            else rejected(result_type, first.uuid, api.RejectCode.CONFLICT, CONFLICT_REASON)
        )
    return [r for r in results if r is not None]


# -- payments ------------------------------------------------------------------------------------


def _pay(session: Session, items: list[api.PaymentItem], desk: str) -> list[api.PaymentResult]:
    """Judge and record a batch's new payments; every answer in the items' order."""
    pairs = {(item.bill_id, item.payment_id) for item in items}
    # By bill ID alone (the index's first column; SQLite scans the whole table for a list of
    # row values), then the pairs picked here: the newest bill of a pair wins.
    newest: dict[tuple[str, str | None], int] = {}
    for row_id, bill_id, payment_id in rows_in(
        session,
        (db.Bill.id, db.Bill.bill_id, db.Bill.payment_id),
        db.Bill.bill_id,
        {bill_id for bill_id, _ in pairs},
    ):
        pair = (bill_id, payment_id)
        if pair in pairs and row_id > newest.get(pair, 0):
            newest[pair] = row_id
    bills = {
        (bill.bill_id, bill.payment_id): bill
        for bill in models_in(session, db.Bill, db.Bill.id, newest.values())
    }
    uids = [str(item.uuid) for item in items]
    known = {
        uid: (number, row_id)
        for uid, number, row_id in rows_in(
            session,
            (db.Payment.uuid, db.Payment.id, db.Payment.bill_row_id),
            db.Payment.uuid,
            uids,
        )
    }
    paid_rows = {
        row_id
        for (row_id,) in rows_in(
            session,
            (db.Payment.bill_row_id,),
            db.Payment.bill_row_id,
            {bill.id for bill in bills.values()},
        )
    }
    closed = closed_days(session, {item.business_day for item in items})
    results: list[api.PaymentResult | None] = []
    accepted: list[tuple[int, api.PaymentItem, db.Bill]] = []
    for item, uid in zip(items, uids, strict=True):
        target = bills.get((item.bill_id, item.payment_id))
        result = _judge_payment(session, item, uid, target, known, paid_rows, closed, desk)
        if result is None:
            assert target is not None
            paid_rows.add(target.id)
            accepted.append((len(results), item, target))
        results.append(result)
    if accepted:
        first = db.next_value(session, "payment", len(accepted))
        received = db.utcnow()
        for offset, (index, item, bill) in enumerate(accepted):
            paid_at = item.paid_at
            if paid_at.tzinfo is not None:
                paid_at = paid_at.astimezone(dt.UTC).replace(tzinfo=None)
            session.add(
                db.Payment(
                    id=first + offset,
                    uuid=str(item.uuid),
                    bill_row_id=bill.id,
                    amount_rials=item.amount_rials,
                    method=item.method,
                    paid_at=paid_at,
                    business_day=item.business_day,
                    desk=item.desk,
                    received_at=received,
                )
            )
            bill.status = "paid"
            results[index] = api.PaymentResult(
                uuid=str(item.uuid), status=api.ItemStatus.ACCEPTED, payment_no=first + offset
            )
        _settle_balances(session, [bill for _, _, bill in accepted])
    return [r for r in results if r is not None]


def _judge_payment(
    session: Session,
    item: api.PaymentItem,
    uid: str,
    bill: db.Bill | None,
    known: dict[str, tuple[int, int]],
    paid_rows: set[int],
    closed: set[dt.date],
    desk: str,
) -> api.PaymentResult | None:
    """The answer for a payment that is not accepted, or None if it is to be recorded."""
    if uid in known:  # held without a stored answer (seeded from demo data)
        number, row_id = known[uid]
        if bill is not None and row_id == bill.id:
            return api.PaymentResult(uuid=uid, status=api.ItemStatus.DUPLICATE, payment_no=number)
        return rejected(
            api.PaymentResult,
            uid,
            api.RejectCode.CONFLICT,
            "این شناسه یکتا پیش‌تر برای پرداخت دیگری ثبت شده است",
        )
    if item.business_day in closed:
        rescue(session, "payment", uid, item.business_day, desk, item.model_dump(mode="json"))
        return api.PaymentResult(uuid=uid, status=api.ItemStatus.RESCUED, reason=api.RESCUED_REASON)
    if bill is None:
        return rejected(
            api.PaymentResult,
            uid,
            api.RejectCode.UNKNOWN_BILL,
            "قبضی با این شناسه قبض و شناسه پرداخت صادر نشده است",
        )
    if bill.id in paid_rows or bill.status == "paid":
        return rejected(
            api.PaymentResult, uid, api.RejectCode.ALREADY_PAID, "این قبض پیش‌تر پرداخت شده است"
        )
    if bill.status == "replaced":
        return rejected(
            api.PaymentResult,
            uid,
            api.RejectCode.BILL_REPLACED,
            "بدهی این قبض به قبض جدیدتری منتقل شده است؛ قبض جدید را پرداخت کنید",
        )
    return None


def _settle_balances(session: Session, paid: list[db.Bill]) -> None:
    """A subscriber whose latest bill is now paid owes nothing: balance 0, a new revision."""
    latest = latest_bill_ids(session, {bill.subscriber_id for bill in paid})
    cleared = sorted({b.subscriber_id for b in paid if latest.get(b.subscriber_id) == b.id})
    if not cleared:
        return
    first = db.next_value(session, "revision", len(cleared))
    subscribers = {s.id: s for s in models_in(session, db.Subscriber, db.Subscriber.id, cleared)}
    for offset, subscriber_id in enumerate(cleared):
        subscriber = subscribers[subscriber_id]
        subscriber.balance_rials = 0
        subscriber.revision = first + offset

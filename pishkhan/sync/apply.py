"""Local side of a sync: applying pulled subscribers and exporting unsent records."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pishkhan.services.context import AppContext
from pishkhan.store.models import Bill, OutboxEntry, Property, Reading, Subscriber, utcnow
from pishkhan.store.search import index_subscriber
from pishkhan.sync import schemas as api


def export_unsent(ctx: AppContext, path: Path, *, desk: str | None = None) -> int:
    """Write pending and attention outbox rows to ``path`` (JSON, UTF-8, atomic)."""
    with ctx.sessions() as session:
        rows = list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.id)))
        records = [
            {
                "id": e.id,
                "record_type": e.record_type,
                "record_uuid": e.record_uuid,
                "state": e.state,
                "attempts": e.attempts,
                "last_error": e.last_error,
                "created_at": e.created_at.isoformat(),
                "payload": e.payload,
            }
            for e in rows
        ]
    document = {
        "format": "pishkhan-unsent/1",
        "exported_at": utcnow().isoformat() + "Z",
        "desk": desk or api.desk_name(ctx.config.branch_code, ctx.config.desk_no),
        "records": records,
    }
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, indent=1)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return len(records)


def pending_local_edits(session: Session, uuids: list[str]) -> set[str]:
    """Subscribers (by UUID) with a local edit still waiting in the outbox."""
    if not uuids:
        return set()
    stmt = select(OutboxEntry.record_uuid).where(
        OutboxEntry.record_type == "subscriber", OutboxEntry.record_uuid.in_(uuids)
    )
    return set(session.scalars(stmt))


def upsert_subscriber(session: Session, row: Subscriber | None, item: api.Subscriber) -> None:
    if row is None:
        prop = Property(
            postal_code=item.postal_code or None,
            city=item.city,
            address=item.address,
            use=item.use,
            units=item.units,
        )
        session.add(prop)
        row = Subscriber(
            uuid=str(uuid.uuid4()),
            subscription_no=item.subscription_no,
            computer_code=item.computer_code,
            bill_id=item.bill_id,
            first_name=item.first_name,
            last_name=item.last_name,
            property=prop,
        )
        session.add(row)
    else:
        prop = row.property
        prop.postal_code = item.postal_code or None
        prop.city, prop.address = item.city, item.address
        prop.use, prop.units = item.use, item.units
        row.bill_id, row.computer_code = item.bill_id, item.computer_code
        row.first_name, row.last_name = item.first_name, item.last_name
    row.status = item.status
    row.balance_rials = item.balance_rials
    row.server_rev = item.revision
    row.updated_at = utcnow()
    session.flush()
    index_subscriber(session, row)


def apply_issued_bill(session: Session, reading_uuid: str, bill: api.Bill) -> bool:
    """Confirm the desk's estimate for a pushed reading with the bill the central system issued.

    The desk's own bill for that reading (``is_estimate``) becomes the central bill: its
    figures, lines (``vat`` and ``debt`` in their own columns, as in every local bill), UUID
    and status, no longer an estimate. A reading the desk did not bill gets the central bill
    added. When it is the subscriber's latest bill it sets what they owe. Applying the same
    answer twice (a duplicate push) changes nothing. Returns whether anything changed.
    """
    reading = session.scalar(select(Reading).where(Reading.uuid == reading_uuid))
    if reading is None:
        return False
    if session.scalar(select(Bill.id).where(Bill.uuid == str(bill.uuid))) is not None:
        return False
    target = session.scalars(
        select(Bill)
        .where(Bill.reading_id == reading.id, Bill.is_estimate.is_(True))
        .order_by(Bill.id.desc())
    ).first()
    latest = session.scalar(
        select(Bill.id)
        .where(Bill.subscriber_id == reading.subscriber_id)
        .order_by(Bill.curr_read_on.desc(), Bill.id.desc())
        .limit(1)
    )
    was_latest = latest is None or (target is not None and target.id == latest)
    if target is None:
        target = Bill(subscriber_id=reading.subscriber_id, reading_id=reading.id)
        session.add(target)
    debt = sum(amount for code, amount in bill.lines if code == "debt")
    target.uuid = str(bill.uuid)
    target.bill_id = bill.bill_id
    target.payment_id = bill.payment_id or ""
    target.period_year = bill.period_year
    target.period_no = bill.period_no
    target.prev_read_on = bill.prev_read_on
    target.curr_read_on = bill.read_on
    target.prev_reading = bill.prev_reading
    target.curr_reading = bill.reading
    target.days = bill.days
    target.consumption_m3 = bill.consumption_m3
    target.lines = [[code, amount] for code, amount in bill.lines if code not in ("vat", "debt")]
    target.vat_rials = sum(amount for code, amount in bill.lines if code == "vat")
    target.amount_rials = bill.total_rials - debt
    target.debt_carried_rials = debt
    target.payable_rials = bill.payable_rials
    target.issued_on = bill.issued_on
    target.due_on = bill.due_on
    target.is_estimate = False
    target.status = bill.status
    if was_latest:
        subscriber = session.get(Subscriber, reading.subscriber_id)
        if subscriber is not None:
            subscriber.balance_rials = bill.payable_rials if bill.status == "issued" else 0
    return True

"""Local side of a sync: applying pulled subscribers and exporting unsent records."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from pishkhan.services.context import AppContext
from pishkhan.store.dialect import adapter_for
from pishkhan.store.models import (
    Bill,
    OutboxEntry,
    Property,
    Reading,
    Subscriber,
    SubscriberSearch,
    utcnow,
)
from pishkhan.store.search import search_texts
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


def apply_subscribers_bulk(
    session: Session, items: list[api.Subscriber], skip: set[str]
) -> tuple[int, int]:
    """Upsert a page of pulled subscribers in bulk, in the session's transaction.

    New subscribers and their properties are inserted with one multi-row statement each, existing
    ones updated by primary key in bulk; their ``subscriber_search`` rows follow (only rows whose
    text changed are rewritten). Subscribers whose UUID is in ``skip`` (a local edit pending) are
    left as they are. Returns ``(applied, skipped)``.
    """
    if not items:
        return 0, 0
    numbers = [i.subscription_no for i in items]
    local = {
        no: (sid, suuid, pid, father, words)
        for no, sid, suuid, pid, father, words in session.execute(
            select(
                Subscriber.subscription_no,
                Subscriber.id,
                Subscriber.uuid,
                Subscriber.property_id,
                Subscriber.father_name,
                SubscriberSearch.words,
            )
            .outerjoin(SubscriberSearch, SubscriberSearch.subscriber_id == Subscriber.id)
            .where(Subscriber.subscription_no.in_(numbers))
        )
    }
    now = utcnow()
    fresh: list[api.Subscriber] = []
    sub_updates: list[dict[str, object]] = []
    prop_updates: list[dict[str, object]] = []
    search_new: list[dict[str, object]] = []
    search_updates: list[dict[str, object]] = []
    skipped = 0
    for item in items:
        found = local.get(item.subscription_no)
        if found is None:
            fresh.append(item)
            continue
        sid, suuid, pid, father, old_words = found
        if str(suuid) in skip:
            skipped += 1
            continue
        sub_updates.append(_subscriber_values(item, now) | {"id": sid})
        prop_updates.append(_property_values(item) | {"id": pid})
        words, joined = search_texts(item.first_name, item.last_name, father, item.address)
        if old_words is None:
            search_new.append({"subscriber_id": sid, "words": words, "joined": joined})
        elif old_words != words:
            search_updates.append({"subscriber_id": sid, "words": words, "joined": joined})
    if fresh:
        adapter = adapter_for(session.connection())
        prop_ids = adapter.insert_returning_ids(
            session.connection(),
            cast(Table, Property.__table__),
            [_property_values(i) for i in fresh],
        )
        sub_rows = [
            _subscriber_values(i, now)
            | {"uuid": new_uuid, "subscription_no": i.subscription_no, "property_id": pid}
            for i, pid, new_uuid in zip(fresh, prop_ids, _uuid4s(len(fresh)), strict=True)
        ]
        sub_ids = adapter.insert_returning_ids(
            session.connection(), cast(Table, Subscriber.__table__), sub_rows
        )
        for i, sid in zip(fresh, sub_ids, strict=True):
            words, joined = search_texts(i.first_name, i.last_name, None, i.address)
            search_new.append({"subscriber_id": sid, "words": words, "joined": joined})
    if sub_updates:
        session.execute(update(Subscriber), sub_updates)
        session.execute(update(Property), prop_updates)
    if search_new:
        conn = session.connection()
        adapter_for(conn).insert_rows(conn, cast(Table, SubscriberSearch.__table__), search_new)
    if search_updates:
        session.execute(update(SubscriberSearch), search_updates)
    return len(items) - skipped, skipped


def _uuid4s(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs from one read of the OS's random source."""
    pool = os.urandom(16 * count)
    return [str(uuid.UUID(bytes=pool[i : i + 16], version=4)) for i in range(0, 16 * count, 16)]


def _property_values(item: api.Subscriber) -> dict[str, object]:
    return {
        "postal_code": item.postal_code or None,
        "city": item.city,
        "address": item.address,
        "use": item.use,
        "units": item.units,
    }


def _subscriber_values(item: api.Subscriber, now: object) -> dict[str, object]:
    return {
        "computer_code": item.computer_code,
        "bill_id": item.bill_id,
        "first_name": item.first_name,
        "last_name": item.last_name,
        "status": item.status,
        "balance_rials": item.balance_rials,
        "server_rev": item.revision,
        "updated_at": now,
    }


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

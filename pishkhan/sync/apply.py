"""Local side of a sync: applying pulled subscribers and exporting unsent records."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pishkhan.services.context import AppContext
from pishkhan.store.models import OutboxEntry, Property, Subscriber, utcnow
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

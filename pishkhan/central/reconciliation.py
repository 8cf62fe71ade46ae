"""Daily reconciliation, closing a business day, and the rescue bucket for late records.

Once the utility closes a day (``POST /admin/reconciliation/{day}/close``), its totals no longer
change: a payment or reading for that day arriving later is *rescued*: kept in the ``rescued``
table with the desk's payload, answered ``rescued`` (the desk deletes it from its outbox: it is
not lost and not an error), and listed for staff by ``GET /admin/rescue``.
"""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pishkhan.central import db
from pishkhan.sync import schemas as api


def is_closed(session: Session, day: dt.date) -> bool:
    return session.get(db.BusinessDay, day) is not None


def rescue(
    session: Session, kind: str, uid: str, day: dt.date, desk: str, payload: dict[str, object]
) -> None:
    session.add(
        db.Rescued(
            kind=kind,
            uuid=uid,
            business_day=day,
            desk=desk,
            payload=payload,
            received_at=db.utcnow(),
        )
    )
    session.flush()


def totals(session: Session, day: dt.date, desk: str) -> api.Reconciliation:
    """Counts and sums of ``day``, overall, per method and for ``desk``."""
    by_method = session.execute(
        select(
            db.Payment.method,
            func.count(),
            func.coalesce(func.sum(db.Payment.amount_rials), 0),
        )
        .where(db.Payment.business_day == day)
        .group_by(db.Payment.method)
        .order_by(db.Payment.method)
    ).all()
    mine = session.execute(
        select(func.count(), func.coalesce(func.sum(db.Payment.amount_rials), 0)).where(
            db.Payment.business_day == day, db.Payment.desk == desk
        )
    ).one()
    readings_count = session.scalar(
        select(func.count()).select_from(db.Bill).where(db.Bill.issued_on == day)
    )
    rescued_count = session.scalar(
        select(func.count()).select_from(db.Rescued).where(db.Rescued.business_day == day)
    )
    methods = [api.MethodTotal(method=m, count=c, sum_rials=int(s)) for m, c, s in by_method]
    return api.Reconciliation(
        business_day=day,
        payments_count=sum(t.count for t in methods),
        payments_sum_rials=sum(t.sum_rials for t in methods),
        by_method=methods,
        desk=desk,
        desk_payments_count=mine[0],
        desk_payments_sum_rials=int(mine[1]),
        readings_count=readings_count or 0,
        closed=is_closed(session, day),
        rescued_count=rescued_count or 0,
    )


def close_day(engine: Engine, lock: threading.Lock, day: dt.date) -> api.Reconciliation:
    """Close ``day`` (idempotent); its totals as closed."""
    with lock, Session(engine) as session, session.begin():
        if not is_closed(session, day):
            session.add(db.BusinessDay(day=day, closed_at=db.utcnow()))
            session.flush()
        return totals(session, day, "central")


def rescued(engine: Engine, day: dt.date | None) -> api.RescueBucket:
    with Session(engine) as session:
        query = select(db.Rescued).order_by(db.Rescued.id)
        if day is not None:
            query = query.where(db.Rescued.business_day == day)
        return api.RescueBucket(
            items=[
                api.RescuedRecord(
                    kind=row.kind,  # type: ignore[arg-type]
                    uuid=row.uuid,  # type: ignore[arg-type]
                    business_day=row.business_day,
                    desk=row.desk,
                    received_at=row.received_at,
                    payload=row.payload,
                )
                for row in session.scalars(query)
            ]
        )

"""Lookups and small writes used by the services (SQLAlchemy 2 ``select()`` style).

Identifiers are expected in their canonical form (ASCII digits, no separators): the services
normalise what the clerk or the barcode scanner typed before calling these. Exact lookups on
subscription number, bill ID, computer code, tracking code and UUIDs hit unique indexes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pishkhan.store.dialect import adapter_for
from pishkhan.store.models import Bill, OutboxEntry, Payment, Property, Request, Subscriber

# Stages after which a request is no longer open (domain.requests.Stage values).
CLOSED_STAGES: tuple[str, ...] = ("closed", "rejected")


def find_by_subscription_no(session: Session, subscription_no: str) -> Subscriber | None:
    return session.scalars(
        select(Subscriber).where(Subscriber.subscription_no == subscription_no)
    ).one_or_none()


def find_by_bill_id(session: Session, bill_id: str) -> Subscriber | None:
    """The subscriber whose (permanent) bill ID is ``bill_id``."""
    return session.scalars(select(Subscriber).where(Subscriber.bill_id == bill_id)).one_or_none()


def find_by_computer_code(session: Session, computer_code: str) -> Subscriber | None:
    return session.scalars(
        select(Subscriber).where(Subscriber.computer_code == computer_code)
    ).one_or_none()


def find_by_uuid(session: Session, uuid: str) -> Subscriber | None:
    return session.scalars(select(Subscriber).where(Subscriber.uuid == uuid)).one_or_none()


def find_by_national_code(session: Session, national_code: str) -> list[Subscriber]:
    """Every subscription held by one person (a national code may own several)."""
    stmt = (
        select(Subscriber).where(Subscriber.national_code == national_code).order_by(Subscriber.id)
    )
    return list(session.scalars(stmt))


def find_by_mobile(session: Session, mobile: str) -> list[Subscriber]:
    stmt = select(Subscriber).where(Subscriber.mobile == mobile).order_by(Subscriber.id)
    return list(session.scalars(stmt))


def find_by_postal_code(session: Session, postal_code: str) -> list[Subscriber]:
    """The subscribers of the properties with this postal code."""
    stmt = (
        select(Subscriber)
        .join(Subscriber.property)
        .where(Property.postal_code == postal_code)
        .order_by(Subscriber.id)
    )
    return list(session.scalars(stmt))


def find_by_tracking_code(session: Session, tracking_code: str) -> Request | None:
    return session.scalars(
        select(Request).where(Request.tracking_code == tracking_code)
    ).one_or_none()


def search_by_name(session: Session, query: str, limit: int = 50) -> list[Subscriber]:
    """Subscribers whose name, father's name or address matches ``query`` (see ``dialect``).

    At most ``limit`` of them, in ascending id order.
    """
    conn = session.connection()
    ids = adapter_for(conn).search_subscribers(conn, query, limit)
    if not ids:
        return []
    found = {s.id: s for s in session.scalars(select(Subscriber).where(Subscriber.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def latest_bill(session: Session, subscriber_id: int) -> Bill | None:
    """The subscriber's most recent bill that has not been replaced by a correction."""
    stmt = (
        select(Bill)
        .where(Bill.subscriber_id == subscriber_id, Bill.status != "replaced")
        .order_by(Bill.issued_on.desc(), Bill.id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def find_bill(session: Session, bill_id: str, payment_id: str) -> Bill | None:
    """The bill a (bill ID, payment ID) pair — e.g. a scanned barcode — stands for."""
    stmt = select(Bill).where(Bill.bill_id == bill_id, Bill.payment_id == payment_id)
    return session.scalars(stmt).one_or_none()


def bills_between(
    session: Session,
    start: dt.date,
    end: dt.date,
    *,
    subscriber_id: int | None = None,
) -> list[Bill]:
    """Bills issued from ``start`` to ``end`` inclusive, oldest first."""
    stmt = select(Bill).where(Bill.issued_on >= start, Bill.issued_on <= end)
    if subscriber_id is not None:
        stmt = stmt.where(Bill.subscriber_id == subscriber_id)
    return list(session.scalars(stmt.order_by(Bill.issued_on, Bill.id)))


def payments_between(
    session: Session,
    start: dt.date,
    end: dt.date,
    *,
    user_id: int | None = None,
    subscriber_id: int | None = None,
) -> list[Payment]:
    """Payments (reversals included) of business days ``start`` to ``end`` inclusive."""
    stmt = select(Payment).where(Payment.business_day >= start, Payment.business_day <= end)
    if user_id is not None:
        stmt = stmt.where(Payment.user_id == user_id)
    if subscriber_id is not None:
        stmt = stmt.where(Payment.subscriber_id == subscriber_id)
    return list(session.scalars(stmt.order_by(Payment.business_day, Payment.id)))


def open_requests(
    session: Session,
    *,
    subscriber_id: int | None = None,
    closed_stages: Collection[str] = CLOSED_STAGES,
    limit: int | None = None,
) -> list[Request]:
    """Requests not yet closed or rejected, oldest first."""
    stmt = select(Request).where(Request.stage.not_in(list(closed_stages)))
    if subscriber_id is not None:
        stmt = stmt.where(Request.subscriber_id == subscriber_id)
    stmt = stmt.order_by(Request.created_at, Request.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def outbox_add(
    session: Session, record_type: str, record_uuid: str, payload: dict[str, Any]
) -> OutboxEntry:
    """Queue a record for the central system, in the caller's (the record's) transaction."""
    entry = OutboxEntry(record_type=record_type, record_uuid=record_uuid, payload=payload)
    session.add(entry)
    session.flush()
    return entry


def outbox_pending_count(session: Session, *, states: Sequence[str] | None = None) -> int:
    """Records still waiting to reach the central system (all of them unless ``states``)."""
    stmt = select(func.count()).select_from(OutboxEntry)
    if states is not None:
        stmt = stmt.where(OutboxEntry.state.in_(list(states)))
    return int(session.scalar(stmt) or 0)

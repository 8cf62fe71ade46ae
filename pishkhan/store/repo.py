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
from pishkhan.store.models import (
    AuditEvent,
    Bill,
    Connection,
    Meter,
    OutboxEntry,
    Payment,
    Property,
    Reading,
    Request,
    Subscriber,
)

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


def payment_ids_of(session: Session, subscriber_id: int) -> set[str]:
    """The payment IDs of every bill of the subscriber (a new bill must not repeat one)."""
    return set(session.scalars(select(Bill.payment_id).where(Bill.subscriber_id == subscriber_id)))


def find_bill(session: Session, bill_id: str, payment_id: str) -> Bill | None:
    """The bill a (bill ID, payment ID) pair — e.g. a scanned barcode — stands for."""
    stmt = (
        select(Bill)
        .where(Bill.bill_id == bill_id, Bill.payment_id == payment_id)
        .order_by(Bill.id.desc())  # the newest, should a pair ever have been issued twice
        .limit(1)
    )
    return session.scalars(stmt).first()


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


# --------------------------------------------------------------------------------------------
# Added for the lookup, subscriber file, meter reading and histories (issue 4).


def subscribers_with_property(
    session: Session, subscriber_ids: Sequence[int]
) -> list[tuple[Subscriber, Property]]:
    """``(subscriber, property)`` pairs for ``subscriber_ids`` in one query, in the given order."""
    if not subscriber_ids:
        return []
    stmt = (
        select(Subscriber, Property)
        .join(Property, Subscriber.property_id == Property.id)
        .where(Subscriber.id.in_(list(subscriber_ids)))
    )
    found = {s.id: (s, p) for s, p in session.execute(stmt).all()}
    return [found[i] for i in subscriber_ids if i in found]


def subscriber_ids_by(session: Session, column: str, value: str, limit: int = 50) -> list[int]:
    """Ids of the subscribers whose ``column`` (an identifier column) equals ``value``.

    ``column`` is one of subscription_no, bill_id, computer_code, national_code, mobile or
    postal_code (the last through the subscriber's property). Only indexed columns are allowed.
    """
    if column == "postal_code":
        stmt = (
            select(Subscriber.id)
            .join(Property, Subscriber.property_id == Property.id)
            .where(Property.postal_code == value)
        )
    elif column in _IDENTIFIER_COLUMNS:
        stmt = select(Subscriber.id).where(getattr(Subscriber, column) == value)
    else:
        raise ValueError(f"not an identifier column: {column}")
    return list(session.scalars(stmt.order_by(Subscriber.id).limit(limit)))


_IDENTIFIER_COLUMNS = frozenset(
    {"subscription_no", "bill_id", "computer_code", "national_code", "mobile"}
)


def subscriber_connections(session: Session, subscriber_id: int) -> list[Connection]:
    stmt = select(Connection).where(Connection.subscriber_id == subscriber_id)
    return list(session.scalars(stmt.order_by(Connection.id)))


def current_meter(session: Session, subscriber_id: int) -> Meter | None:
    """The meter in service on the subscriber's water connection (latest installed)."""
    stmt = (
        select(Meter)
        .join(Connection, Meter.connection_id == Connection.id)
        .where(
            Connection.subscriber_id == subscriber_id,
            Connection.kind == "water",
            Meter.removed_on.is_(None),
        )
        .order_by(Meter.installed_on.desc(), Meter.id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def latest_reading(
    session: Session, subscriber_id: int, *, meter_id: int | None = None
) -> Reading | None:
    """The subscriber's most recent reading (of ``meter_id`` when given)."""
    stmt = select(Reading).where(Reading.subscriber_id == subscriber_id)
    if meter_id is not None:
        stmt = stmt.where(Reading.meter_id == meter_id)
    stmt = stmt.order_by(Reading.read_on.desc(), Reading.id.desc()).limit(1)
    return session.scalars(stmt).first()


def recent_bills(session: Session, subscriber_id: int, limit: int = 6) -> list[Bill]:
    """The subscriber's latest ``limit`` bills (replaced ones included), newest first."""
    stmt = (
        select(Bill)
        .where(Bill.subscriber_id == subscriber_id)
        .order_by(Bill.curr_read_on.desc(), Bill.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def bills_read_between(
    session: Session, subscriber_id: int, start: dt.date, end: dt.date
) -> list[Bill]:
    """The subscriber's bills whose reading date is from ``start`` to ``end``, oldest first."""
    stmt = select(Bill).where(
        Bill.subscriber_id == subscriber_id,
        Bill.curr_read_on >= start,
        Bill.curr_read_on <= end,
    )
    return list(session.scalars(stmt.order_by(Bill.curr_read_on, Bill.id)))


def bill_payments(session: Session, pairs: Collection[tuple[str, str]]) -> list[Payment]:
    """Payments (reversals included) of the given (bill ID, payment ID) pairs."""
    if not pairs:
        return []
    bill_ids = sorted({b for b, _ in pairs})
    stmt = select(Payment).where(Payment.bill_id.in_(bill_ids))
    wanted = set(pairs)
    return [
        p for p in session.scalars(stmt.order_by(Payment.id)) if (p.bill_id, p.payment_id) in wanted
    ]


def add_audit_event(
    session: Session,
    *,
    action: str,
    user_id: int | None,
    username: str | None,
    target: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit event in the caller's transaction."""
    event = AuditEvent(
        action=action, user_id=user_id, username=username, target=target, details=details or {}
    )
    session.add(event)
    return event


def search_ids_by_name(session: Session, query: str, limit: int = 50) -> list[int]:
    """Ids of the subscribers whose name or address matches ``query`` (ascending, ≤ limit)."""
    conn = session.connection()
    return adapter_for(conn).search_subscribers(conn, query, limit)


#: The columns of :func:`subscriber_summaries`, in order.
SUMMARY_COLUMNS = (
    Subscriber.id,
    Subscriber.subscription_no,
    Subscriber.computer_code,
    Subscriber.bill_id,
    Subscriber.first_name,
    Subscriber.last_name,
    Subscriber.father_name,
    Subscriber.national_code,
    Subscriber.mobile,
    Property.postal_code,
    Property.city,
    Property.address,
    Subscriber.status,
    Subscriber.balance_rials,
)


def subscriber_summaries(session: Session, subscriber_ids: Sequence[int]) -> list[Any]:
    """Rows of :data:`SUMMARY_COLUMNS` for ``subscriber_ids`` (one query, given order); plain
    rows, no ORM objects, so a page of results costs no identity-map work."""
    if not subscriber_ids:
        return []
    stmt = (
        select(*SUMMARY_COLUMNS)
        .join(Property, Subscriber.property_id == Property.id)
        .where(Subscriber.id.in_(list(subscriber_ids)))
    )
    found = {row[0]: row for row in session.execute(stmt)}
    return [found[i] for i in subscriber_ids if i in found]

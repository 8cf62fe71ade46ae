"""SQLAlchemy 2 models of the local store.

Conventions:
- Money is integer rials (``BigInteger``), never float.
- Dates are Gregorian (``Date``/``DateTime`` in UTC, naive); the UI shows them in Jalali.
- Every record that travels to the central system (reading, bill, payment, request, document)
  carries a ``uuid`` chosen before its first write: it is the idempotency key of the sync.
- Enumerations are stored as short strings (the ``.value`` of the domain enums) so that the
  schema does not change when the catalogue grows.
- Money records are append-only: a payment is never updated or deleted; a void is a new,
  reversing payment row that points at the one it cancels.
- A bill's lines are stored with the bill as a compact JSON list of ``[code, amount_rials]``
  pairs: a bill is an immutable document issued once, its lines are never queried one by one,
  and a separate table would multiply the rows of a million-subscriber branch by six. Titles are
  not stored: ``domain.tariff.line_title(code, config)`` gives them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


Uuid = String(36)
Digits = String(16)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(24))  # operator | clerk | manager | admin
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Property(Base):
    """A building or plot with its address; one property may have several subscriptions."""

    __tablename__ = "properties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    postal_code: Mapped[str | None] = mapped_column(String(10), index=True)
    city: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(512))
    in_village: Mapped[bool] = mapped_column(Boolean, default=False)
    use: Mapped[str] = mapped_column(String(24))  # domain.tariff.Use value
    units: Mapped[int] = mapped_column(Integer, default=1)


class Subscriber(Base):
    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(Uuid, unique=True)
    subscription_no: Mapped[str] = mapped_column(Digits, unique=True)
    computer_code: Mapped[str] = mapped_column(Digits, unique=True)
    bill_id: Mapped[str] = mapped_column(Digits, unique=True)
    national_code: Mapped[str | None] = mapped_column(String(10), index=True)
    first_name: Mapped[str] = mapped_column(String(64))
    last_name: Mapped[str] = mapped_column(String(64))
    father_name: Mapped[str | None] = mapped_column(String(64))
    mobile: Mapped[str | None] = mapped_column(String(11), index=True)
    property_id: Mapped[int] = mapped_column(ForeignKey("properties.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | cut | closed
    balance_rials: Mapped[int] = mapped_column(BigInteger, default=0)  # > 0: the subscriber owes
    server_rev: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    property: Mapped[Property] = relationship()
    connections: Mapped[list[Connection]] = relationship(back_populates="subscriber")


class Connection(Base):
    """A water or sewer connection (انشعاب) of a subscriber."""

    __tablename__ = "connections"
    __table_args__ = (UniqueConstraint("subscriber_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id"))
    kind: Mapped[str] = mapped_column(String(8))  # water | sewer
    diameter: Mapped[str] = mapped_column(String(8))  # "1/2", "3/4", "1", ...
    installed_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")

    subscriber: Mapped[Subscriber] = relationship(back_populates="connections")


class Meter(Base):
    __tablename__ = "meters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    connection_id: Mapped[int] = mapped_column(ForeignKey("connections.id"), index=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    digits: Mapped[int] = mapped_column(Integer, default=5)
    installed_on: Mapped[dt.date | None] = mapped_column(Date)
    removed_on: Mapped[dt.date | None] = mapped_column(Date)
    initial_reading: Mapped[int] = mapped_column(Integer, default=0)


class Reading(Base):
    __tablename__ = "readings"
    # The identifiers of the three largest tables are unique *indexes*, not table constraints:
    # a bulk load can then drop them and build them once at the end (SQLite cannot drop the
    # index behind a constraint). They guard the data the same way.
    __table_args__ = (
        Index(None, "subscriber_id", "read_on"),
        Index("uq_readings_uuid", "uuid", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(Uuid)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id"))
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"), index=True)
    read_on: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[int] = mapped_column(Integer)
    consumption_m3: Mapped[int] = mapped_column(Integer)
    rolled_over: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(16))  # reader | counter | sms | portal | estimate
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Bill(Base):
    __tablename__ = "bills"
    __table_args__ = (
        Index("uq_bills_bill_id_payment_id", "bill_id", "payment_id", unique=True),
        Index("uq_bills_uuid", "uuid", unique=True),
        Index(None, "subscriber_id", "issued_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(Uuid)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id"))
    reading_id: Mapped[int | None] = mapped_column(ForeignKey("readings.id"))
    bill_id: Mapped[str] = mapped_column(Digits)
    payment_id: Mapped[str] = mapped_column(Digits)
    period_year: Mapped[int] = mapped_column(Integer)  # Jalali year
    period_no: Mapped[int] = mapped_column(Integer)  # 1..6, bi-monthly
    prev_read_on: Mapped[dt.date] = mapped_column(Date)
    curr_read_on: Mapped[dt.date] = mapped_column(Date)
    prev_reading: Mapped[int] = mapped_column(Integer)
    curr_reading: Mapped[int] = mapped_column(Integer)
    days: Mapped[int] = mapped_column(Integer)
    consumption_m3: Mapped[int] = mapped_column(Integer)
    # [[code, amount_rials], ...] without VAT and carried debt (their own columns); titles by
    # domain.tariff.line_title(code, config).
    lines: Mapped[list[Any]] = mapped_column(JSON)
    vat_rials: Mapped[int] = mapped_column(BigInteger)
    amount_rials: Mapped[int] = mapped_column(BigInteger)  # this period's charges incl. VAT
    debt_carried_rials: Mapped[int] = mapped_column(BigInteger, default=0)
    payable_rials: Mapped[int] = mapped_column(BigInteger)  # rounded down to 1,000 rials
    issued_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    is_estimate: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="issued")  # issued | paid | replaced


class Payment(Base):
    """Append-only money record. A void is a reversing row with ``reverses_id`` set."""

    __tablename__ = "payments"
    __table_args__ = (
        Index(None, "business_day", "user_id"),
        Index(None, "bill_id", "payment_id"),
        # A bill (bill ID + payment ID) is paid at most once per attempt: paying it again is
        # possible only after a void, as the next attempt.
        Index(
            "uq_payments_bill_once",
            "bill_id",
            "payment_id",
            "attempt",
            unique=True,
            sqlite_where=text("kind = 'bill' AND reverses_id IS NULL"),
            postgresql_where=text("kind = 'bill' AND reverses_id IS NULL"),
        ),
        Index("uq_payments_uuid", "uuid", unique=True),
        # At most one void per payment. Partial, like the request index: the many rows with
        # NULL there need no entry.
        Index(
            "uq_payments_reverses_id",
            "reverses_id",
            unique=True,
            sqlite_where=text("reverses_id IS NOT NULL"),
            postgresql_where=text("reverses_id IS NOT NULL"),
        ),
        Index(
            "ix_payments_request_id",
            "request_id",
            sqlite_where=text("request_id IS NOT NULL"),
            postgresql_where=text("request_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(8))  # bill | fee
    subscriber_id: Mapped[int | None] = mapped_column(ForeignKey("subscribers.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"))
    bill_id: Mapped[str] = mapped_column(Digits)
    payment_id: Mapped[str] = mapped_column(Digits)
    amount_rials: Mapped[int] = mapped_column(BigInteger)  # negative on a reversing row
    method: Mapped[str] = mapped_column(String(16))  # cash | card | pos | bank | portal
    terminal_ref: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16), default="counter")
    paid_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    business_day: Mapped[dt.date] = mapped_column(Date)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cash_session_id: Mapped[int | None] = mapped_column(ForeignKey("cash_sessions.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    # 0 for the first payment of a bill; n after n voids of it (keeps money rows append-only).
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str | None] = mapped_column(String(256))


class Request(Base):
    """A service request registered at the counter (new connection or after-sales)."""

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(Uuid, unique=True)
    tracking_code: Mapped[str] = mapped_column(Digits, unique=True)
    type: Mapped[str] = mapped_column(String(32))  # domain.requests.RequestType value
    stage: Mapped[str] = mapped_column(String(32), index=True)  # domain.requests.Stage value
    subscriber_id: Mapped[int | None] = mapped_column(ForeignKey("subscribers.id"), index=True)
    applicant_name: Mapped[str] = mapped_column(String(128))
    applicant_national_code: Mapped[str | None] = mapped_column(String(10), index=True)
    applicant_mobile: Mapped[str | None] = mapped_column(String(11))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    address: Mapped[str | None] = mapped_column(String(512))
    in_village: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    fee_rials: Mapped[int] = mapped_column(BigInteger, default=0)
    counter_fee_rials: Mapped[int] = mapped_column(BigInteger, default=0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    stages: Mapped[list[RequestStage]] = relationship(
        back_populates="request", order_by="RequestStage.id"
    )
    documents: Mapped[list[Document]] = relationship(back_populates="request")


class RequestStage(Base):
    """One step of a request's history (append-only)."""

    __tablename__ = "request_stages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    by: Mapped[str | None] = mapped_column(String(64))  # user name or "central"
    reason: Mapped[str | None] = mapped_column(String(512))

    request: Mapped[Request] = relationship(back_populates="stages")


class Document(Base):
    """A scanned or imported document (a multi-page PDF kept in the data folder)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(Uuid, unique=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    subscriber_id: Mapped[int | None] = mapped_column(ForeignKey("subscribers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # domain.requests.DocumentKind value
    path: Mapped[str] = mapped_column(String(512))  # relative to the data folder
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    pages: Mapped[int] = mapped_column(Integer, default=1)
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    mime: Mapped[str] = mapped_column(String(64), default="application/pdf")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    request: Mapped[Request | None] = relationship(back_populates="documents")


class CashSession(Base):
    """A clerk's till from opening to the day's close."""

    __tablename__ = "cash_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(Uuid, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    business_day: Mapped[dt.date] = mapped_column(Date, index=True)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    opening_float_rials: Mapped[int] = mapped_column(BigInteger, default=0)
    expected_cash_rials: Mapped[int | None] = mapped_column(BigInteger)
    counted_cash_rials: Mapped[int | None] = mapped_column(BigInteger)


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)  # sign_in, sign_in_failed, ...
    target: Mapped[str | None] = mapped_column(String(128))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutboxEntry(Base):
    """A record waiting to reach the central system; written in the record's own transaction."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("record_type", "record_uuid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_type: Mapped[str] = mapped_column(String(24))  # payment | reading | request | document
    record_uuid: Mapped[str] = mapped_column(Uuid)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending | attention
    last_error: Mapped[str | None] = mapped_column(Text)


class SyncCursor(Base):
    """The server-issued position of a pull feed, saved with the batch it applied."""

    __tablename__ = "sync_cursors"

    feed: Mapped[str] = mapped_column(String(32), primary_key=True)
    cursor: Mapped[str] = mapped_column(String(256))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SubscriberSearch(Base):
    """Normalised search text of a subscriber (name, father's name, address).

    ``words`` is ``domain.persian.search_key`` of the text; ``joined`` adds every pair of adjacent
    words written together so «عبدالله» finds «عبد الله» and the other way round. On SQLite the
    dialect adapter mirrors this table into an FTS5 index; on PostgreSQL it uses trigram indexes.
    """

    __tablename__ = "subscriber_search"

    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True
    )
    words: Mapped[str] = mapped_column(Text)
    joined: Mapped[str] = mapped_column(Text)

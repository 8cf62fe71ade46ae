"""Tables of the reference central server: its own schema, unrelated to the desk's store.

Created with ``metadata.create_all`` (a reference server for demos, tests and pilots; a real
utility has its own system behind the same API). SQLite by default, PostgreSQL by URL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Counter(Base):
    """Named monotonic counters: ``revision`` (subscriber feed), ``payment`` numbers."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Desk(Base):
    __tablename__ = "desks"
    __table_args__ = (UniqueConstraint("branch_code", "desk_no"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    branch_code: Mapped[int] = mapped_column(Integer)
    desk_no: Mapped[int] = mapped_column(Integer)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime)

    @property
    def name(self) -> str:
        return f"{self.branch_code:04d}-{self.desk_no:02d}"


class Subscriber(Base):
    __tablename__ = "subscribers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_no: Mapped[str] = mapped_column(String(12), unique=True)
    bill_id: Mapped[str] = mapped_column(String(13), unique=True)
    computer_code: Mapped[str] = mapped_column(String(7))
    national_code: Mapped[str] = mapped_column(String(10))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    mobile: Mapped[str | None] = mapped_column(String(11))
    status: Mapped[str] = mapped_column(String(10))
    use: Mapped[str] = mapped_column(String(20))
    units: Mapped[int] = mapped_column(Integer)
    diameter: Mapped[str] = mapped_column(String(8))
    has_sewer: Mapped[bool] = mapped_column(Boolean)
    city: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300))
    postal_code: Mapped[str] = mapped_column(String(10))
    meter_digits: Mapped[int] = mapped_column(Integer)
    balance_rials: Mapped[int] = mapped_column(BigInteger)
    revision: Mapped[int] = mapped_column(BigInteger, unique=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Bill(Base):
    """A bill and the reading it prices (one row: a reading always issues one bill)."""

    __tablename__ = "bills"
    __table_args__ = (Index("ix_bills_pair", "bill_id", "payment_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    reading_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id"), index=True)
    bill_id: Mapped[str] = mapped_column(String(13))
    payment_id: Mapped[str | None] = mapped_column(String(13))
    period_year: Mapped[int] = mapped_column(Integer)
    period_no: Mapped[int] = mapped_column(Integer)
    prev_read_on: Mapped[dt.date] = mapped_column(Date)
    prev_reading: Mapped[int] = mapped_column(BigInteger)
    read_on: Mapped[dt.date] = mapped_column(Date)
    reading: Mapped[int] = mapped_column(BigInteger)
    consumption_m3: Mapped[int] = mapped_column(BigInteger)
    days: Mapped[int] = mapped_column(Integer)
    lines: Mapped[list[list[str | int]]] = mapped_column(JSON)
    total_rials: Mapped[int] = mapped_column(BigInteger)
    payable_rials: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)


class Payment(Base):
    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    bill_row_id: Mapped[int] = mapped_column(ForeignKey("bills.id"), unique=True)
    amount_rials: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(10))
    paid_at: Mapped[dt.datetime] = mapped_column(DateTime)
    business_day: Mapped[dt.date] = mapped_column(Date, index=True)
    desk: Mapped[str | None] = mapped_column(String(7))
    received_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Idempotency(Base):
    """The first answer to each pushed record's UUID, written with the record's effect."""

    __tablename__ = "idempotency"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)  # "<kind>:<uuid>"
    payload_sha256: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str] = mapped_column(Text)  # the JSON answer, replayed verbatim
    desk: Mapped[str | None] = mapped_column(String(7))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class BusinessDay(Base):
    """A business day the utility closed (reconciled); later records go to the rescue bucket."""

    __tablename__ = "business_days"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    closed_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Rescued(Base):
    """A record that arrived after its business day was closed: kept, not applied, for staff."""

    __tablename__ = "rescued"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # payment | reading
    uuid: Mapped[str] = mapped_column(String(36))
    business_day: Mapped[dt.date] = mapped_column(Date, index=True)
    desk: Mapped[str | None] = mapped_column(String(7))
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    __table_args__ = (UniqueConstraint("kind", "uuid"),)


class Document(Base):
    """An uploaded (or uploading) document; its bytes are a file in the documents folder."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(40))
    mime: Mapped[str] = mapped_column(String(64))
    received_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    request_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    desk: Mapped[str | None] = mapped_column(String(7))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Request(Base):
    __tablename__ = "requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    tracking_code: Mapped[str] = mapped_column(String(12), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    stage: Mapped[str] = mapped_column(String(30))
    came_from: Mapped[str | None] = mapped_column(String(30))
    subscription_no: Mapped[str | None] = mapped_column(String(12))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_national_code: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class RequestStage(Base):
    __tablename__ = "request_stages"
    __table_args__ = (UniqueConstraint("request_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    seq: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(30))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    by: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(String(500))


def open_engine(url: str) -> Engine:
    """Engine for ``url``; SQLite gets WAL, ``synchronous=FULL`` and foreign keys."""
    is_sqlite = url.startswith("sqlite")
    args = {"check_same_thread": False, "timeout": 30} if is_sqlite else {}
    engine = create_engine(url, connect_args=args)
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: object, _record: object) -> None:
            # SQLAlchemy, not the sqlite3 module, starts transactions (see _begin): with the
            # module's legacy behaviour SAVEPOINTs (a batch's items) escape the transaction.
            dbapi_conn.isolation_level = None  # type: ignore[attr-defined]
            cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN")

    Base.metadata.create_all(engine)
    return engine


def next_value(session: Session, name: str, count: int = 1) -> int:
    """Reserve ``count`` values of counter ``name``; returns the first (from 1).

    The row is locked (PostgreSQL) for the rest of the transaction, so values are handed out
    in commit order: a feed cursor never skips a revision committed later.
    """
    row = session.scalar(select(Counter).where(Counter.name == name).with_for_update())
    if row is None:
        row = Counter(name=name, value=0)
        session.add(row)
    first = row.value + 1
    row.value += count
    session.flush()
    return first


def utcnow() -> dt.datetime:
    """Naive UTC now, as stored."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)

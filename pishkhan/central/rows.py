"""Reads the ledger shares: rows by a list of keys, a few hundred keys a query; bill models."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pishkhan.central import db
from pishkhan.domain.money import round_down_thousands
from pishkhan.sync import schemas as api

CHUNK = 500  # values per IN list: far below SQLite's and PostgreSQL's bound-parameter limits


def models_in[M](
    session: Session, model: type[M], column: Any, values: Iterable[object]
) -> list[M]:
    """Rows of ``model`` whose ``column`` is in ``values``, a few hundred values a query."""
    wanted = list(values)
    found: list[M] = []
    for start in range(0, len(wanted), CHUNK):
        query = select(model).where(column.in_(wanted[start : start + CHUNK]))
        found.extend(session.scalars(query))
    return found


def rows_in(
    session: Session, columns: tuple[Any, ...], column: Any, values: Iterable[object]
) -> list[Any]:
    wanted = list(values)
    rows: list[Any] = []
    for start in range(0, len(wanted), CHUNK):
        query = select(*columns).where(column.in_(wanted[start : start + CHUNK]))
        rows.extend(tuple(row) for row in session.execute(query))
    return rows


def closed_days(session: Session, days: set[dt.date]) -> set[dt.date]:
    return {day for (day,) in rows_in(session, (db.BusinessDay.day,), db.BusinessDay.day, days)}


def latest_bill_ids(session: Session, subscriber_ids: Iterable[int]) -> dict[int, int]:
    """Each subscriber's latest bill (by reading date, then row id)."""
    best: dict[int, tuple[dt.date, int]] = {}
    for sid, read_on, bill_row in rows_in(
        session,
        (db.Bill.subscriber_id, db.Bill.read_on, db.Bill.id),
        db.Bill.subscriber_id,
        set(subscriber_ids),
    ):
        key = (read_on, bill_row)
        if sid not in best or key > best[sid]:
            best[sid] = key
    return {sid: key[1] for sid, key in best.items()}


def rejected[T: api.ItemResult](
    result_type: type[T], uid: str | None, code: api.RejectCode, reason: str
) -> T:
    return result_type(uuid=uid, status=api.ItemStatus.REJECTED, code=code, reason=reason)


def bill_model(bill: db.Bill, subscription_no: str) -> api.Bill:
    """The API form of a bill row."""
    payable = bill.payable_rials
    rounding = (
        round_down_thousands(bill.total_rials) - bill.total_rials if bill.total_rials > 0 else 0
    )
    return api.Bill(
        uuid=uuidlib.UUID(bill.uuid),
        subscription_no=subscription_no,
        bill_id=bill.bill_id,
        payment_id=bill.payment_id,
        period_year=bill.period_year,
        period_no=bill.period_no,
        prev_read_on=bill.prev_read_on,
        prev_reading=bill.prev_reading,
        read_on=bill.read_on,
        reading=bill.reading,
        consumption_m3=bill.consumption_m3,
        days=bill.days,
        lines=[(str(code), int(amount)) for code, amount in bill.lines],
        total_rials=bill.total_rials,
        rounding_rials=rounding,
        payable_rials=payable,
        status=bill.status,
        issued_on=bill.issued_on,
        due_on=bill.due_on,
    )

"""Fixtures of the store tests: a migrated SQLite database in a temporary file."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pishkhan.store.db import make_engine, session_factory, sqlite_url, upgrade
from pishkhan.store.models import Bill, Property, Subscriber
from pishkhan.store.search import index_subscriber

_numbers = itertools.count(1000)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "پیشخوان store.db"  # spaces and Persian letters in the path on purpose


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    eng = make_engine(sqlite_url(db_path))
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as s:
        yield s


def add_subscriber(
    session: Session,
    first_name: str = "علی",
    last_name: str = "رضایی",
    father_name: str | None = None,
    address: str = "تهران خیابان آزادی",
    **fields: object,
) -> Subscriber:
    """A subscriber with its property and search row, flushed (not committed)."""
    n = next(_numbers)
    prop = Property(
        city="تهران",
        address=address,
        use="residential",
        postal_code=fields.pop("postal_code", None),
    )
    values: dict[str, object] = {
        "uuid": str(uuid.uuid4()),
        "subscription_no": f"{n:08d}",
        "computer_code": f"9{n:08d}",
        "bill_id": f"77{n:08d}",
    }
    values.update(fields)
    sub = Subscriber(
        first_name=first_name, last_name=last_name, father_name=father_name, property=prop, **values
    )
    session.add(sub)
    session.flush()
    index_subscriber(session, sub)
    session.flush()
    return sub


def add_bill(session: Session, subscriber: Subscriber, **fields: object) -> Bill:
    n = next(_numbers)
    day = fields.pop("issued_on", dt.date(2025, 1, 1))
    assert isinstance(day, dt.date)
    values: dict[str, object] = {
        "uuid": str(uuid.uuid4()),
        "subscriber_id": subscriber.id,
        "bill_id": subscriber.bill_id,
        "payment_id": f"{n:010d}",
        "period_year": 1403,
        "period_no": 5,
        "prev_read_on": day - dt.timedelta(days=60),
        "curr_read_on": day,
        "prev_reading": 100,
        "curr_reading": 130,
        "days": 60,
        "consumption_m3": 30,
        "lines": [{"code": "water", "title": "آب‌بها", "amount_rials": 1_000_000}],
        "vat_rials": 100_000,
        "amount_rials": 1_100_000,
        "payable_rials": 1_100_000,
        "issued_on": day,
        "due_on": day + dt.timedelta(days=14),
    }
    values.update(fields)
    bill = Bill(**values)
    session.add(bill)
    session.flush()
    return bill

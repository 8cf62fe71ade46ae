"""Repository lookups, the outbox, and the indexes the exact lookups use."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pishkhan.store import repo
from pishkhan.store.db import session_factory
from pishkhan.store.models import OutboxEntry, Payment, Request, Subscriber

from .conftest import add_bill, add_subscriber


def _request(tracking_code: str, stage: str, **fields: object) -> Request:
    return Request(
        uuid=str(uuid.uuid4()),
        tracking_code=tracking_code,
        type="new_water",
        stage=stage,
        applicant_name="مینا صالحی",
        **fields,
    )


def test_exact_lookups(session: Session) -> None:
    a = add_subscriber(session, "علی", "رضایی", national_code="0012345678", mobile="09121234567")
    b = add_subscriber(
        session, "علی", "رضایی", national_code="0012345678", postal_code="1234567890"
    )
    session.commit()
    assert repo.find_by_subscription_no(session, a.subscription_no) is a
    assert repo.find_by_bill_id(session, b.bill_id) is b
    assert repo.find_by_computer_code(session, a.computer_code) is a
    assert repo.find_by_uuid(session, b.uuid) is b
    assert repo.find_by_national_code(session, "0012345678") == [a, b]
    assert repo.find_by_mobile(session, "09121234567") == [a]
    assert repo.find_by_postal_code(session, "1234567890") == [b]
    assert repo.find_by_subscription_no(session, "00000000") is None
    assert repo.find_by_national_code(session, "9999999999") == []


def test_search_by_name_returns_subscribers_in_id_order(session: Session) -> None:
    subs = [add_subscriber(session, "سارا", f"تهرانی{i}") for i in range(3)]
    add_subscriber(session, "نیما", "یوشیج")
    assert repo.search_by_name(session, "سارا تهرانی", limit=2) == subs[:2]
    assert repo.search_by_name(session, "ناموجود") == []


def test_tracking_code_and_open_requests(session: Session) -> None:
    sub = add_subscriber(session)
    session.add_all(
        [
            _request("1001", "registered"),
            _request("1002", "closed"),
            _request("1003", "rejected"),
            _request("1004", "awaiting_documents", subscriber_id=sub.id),
        ]
    )
    session.flush()
    found = repo.find_by_tracking_code(session, "1002")
    assert found is not None and found.stage == "closed"
    assert repo.find_by_tracking_code(session, "9999") is None
    assert [r.tracking_code for r in repo.open_requests(session)] == ["1001", "1004"]
    assert [r.tracking_code for r in repo.open_requests(session, subscriber_id=sub.id)] == ["1004"]
    assert len(repo.open_requests(session, limit=1)) == 1


def test_latest_bill_skips_replaced_bills(session: Session) -> None:
    sub = add_subscriber(session)
    other = add_subscriber(session)
    assert repo.latest_bill(session, sub.id) is None
    old = add_bill(session, sub, issued_on=dt.date(2025, 1, 1))
    newer = add_bill(session, sub, issued_on=dt.date(2025, 3, 1))
    add_bill(session, other, issued_on=dt.date(2025, 5, 1))
    assert repo.latest_bill(session, sub.id) is newer
    newer.status = "replaced"
    correction = add_bill(session, sub, issued_on=dt.date(2025, 3, 1))
    assert repo.latest_bill(session, sub.id) is correction
    assert repo.find_bill(session, old.bill_id, old.payment_id) is old


def test_bills_between_is_inclusive(session: Session) -> None:
    sub = add_subscriber(session)
    other = add_subscriber(session)
    bills = [add_bill(session, sub, issued_on=dt.date(2025, m, 1)) for m in (1, 2, 3, 4)]
    other_bill = add_bill(session, other, issued_on=dt.date(2025, 2, 1))
    got = repo.bills_between(session, dt.date(2025, 2, 1), dt.date(2025, 3, 1))
    assert got == [bills[1], other_bill, bills[2]]
    assert (
        repo.bills_between(session, dt.date(2025, 2, 1), dt.date(2025, 3, 1), subscriber_id=sub.id)
        == bills[1:3]
    )


def test_payments_between_by_business_day(session: Session) -> None:
    def pay(day: int, user: int | None) -> Payment:
        p = Payment(
            uuid=str(uuid.uuid4()),
            kind="fee",
            bill_id="1",
            payment_id="1",
            amount_rials=1000,
            method="cash",
            business_day=dt.date(2025, 4, day),
            user_id=user,
        )
        session.add(p)
        return p

    from pishkhan.store.models import User

    u1 = User(username="a", full_name="الف", role="clerk", password_hash="x")
    u2 = User(username="b", full_name="ب", role="clerk", password_hash="x")
    session.add_all([u1, u2])
    session.flush()
    p1, p2, p3, _ = pay(1, u1.id), pay(2, u2.id), pay(3, u1.id), pay(4, u1.id)
    session.flush()
    assert repo.payments_between(session, dt.date(2025, 4, 1), dt.date(2025, 4, 3)) == [p1, p2, p3]
    assert repo.payments_between(
        session, dt.date(2025, 4, 1), dt.date(2025, 4, 3), user_id=u1.id
    ) == [p1, p3]


def test_outbox_entry_shares_the_records_transaction(engine: Engine) -> None:
    factory = session_factory(engine)
    with factory() as s:
        sub = add_subscriber(s)
        repo.outbox_add(s, "reading", sub.uuid, {"value": 1})
        assert repo.outbox_pending_count(s) == 1
        s.rollback()
    with factory() as s:
        assert repo.outbox_pending_count(s) == 0
        assert s.scalar(select(Subscriber.id)) is None
        sub = add_subscriber(s)
        entry = repo.outbox_add(s, "reading", sub.uuid, {"value": 1, "نام": "علی"})
        entry.state = "attention"
        repo.outbox_add(s, "payment", str(uuid.uuid4()), {})
        s.commit()
    with factory() as s:
        assert repo.outbox_pending_count(s) == 2
        assert repo.outbox_pending_count(s, states=["pending"]) == 1
        stored = s.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "reading")).one()
        assert stored.payload == {"value": 1, "نام": "علی"}


def test_outbox_refuses_the_same_record_twice(session: Session) -> None:
    key = str(uuid.uuid4())
    repo.outbox_add(session, "payment", key, {})
    with pytest.raises(IntegrityError):
        repo.outbox_add(session, "payment", key, {})


# --- query plans ------------------------------------------------------------------------------


@contextmanager
def _captured(session: Session) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, params))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", grab)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", grab)


# (what is looked up, the plan's search condition, the table, must the index be unique)
LOOKUPS: list[tuple[str, str, str, bool, Callable[[Session], object]]] = [
    (
        "subscription_no",
        "subscription_no=?",
        "subscribers",
        True,
        lambda s: repo.find_by_subscription_no(s, "1"),
    ),
    ("bill_id", "bill_id=?", "subscribers", True, lambda s: repo.find_by_bill_id(s, "1")),
    (
        "computer_code",
        "computer_code=?",
        "subscribers",
        True,
        lambda s: repo.find_by_computer_code(s, "1"),
    ),
    ("uuid", "uuid=?", "subscribers", True, lambda s: repo.find_by_uuid(s, "1")),
    (
        "tracking_code",
        "tracking_code=?",
        "requests",
        True,
        lambda s: repo.find_by_tracking_code(s, "1"),
    ),
    ("bill", "bill_id=? AND payment_id=?", "bills", True, lambda s: repo.find_bill(s, "1", "2")),
    (
        "national_code",
        "national_code=?",
        "subscribers",
        False,
        lambda s: repo.find_by_national_code(s, "1"),
    ),
    ("mobile", "mobile=?", "subscribers", False, lambda s: repo.find_by_mobile(s, "1")),
    (
        "postal_code",
        "postal_code=?",
        "properties",
        False,
        lambda s: repo.find_by_postal_code(s, "1"),
    ),
    ("latest_bill", "subscriber_id=?", "bills", False, lambda s: repo.latest_bill(s, 1)),
]


@pytest.mark.parametrize(
    ("condition", "table", "unique", "lookup"),
    [case[1:] for case in LOOKUPS],
    ids=[case[0] for case in LOOKUPS],
)
def test_lookups_search_an_index(
    session: Session,
    condition: str,
    table: str,
    unique: bool,
    lookup: Callable[[Session], object],
) -> None:
    conn = session.connection()  # begin before capturing
    with _captured(session) as seen:
        lookup(session)
    (statement, params), *_ = seen
    plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
    searches = [p for p in plan if f"({condition})" in p]
    assert searches and searches[0].startswith(f"SEARCH {table} USING"), plan
    assert not any(p.startswith("SCAN") for p in plan), plan
    if unique:
        index = searches[0].split("INDEX ")[1].split(" ")[0]
        flags = {row[1]: row[2] for row in conn.exec_driver_sql(f"PRAGMA index_list('{table}')")}
        assert flags[index] == 1, (index, flags)

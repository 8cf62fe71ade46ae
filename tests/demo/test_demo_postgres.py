"""The demo loader on PostgreSQL: runs only when PISHKHAN_TEST_PG_URL names a server.

Same convention as ``tests/store/test_postgres.py``: a throwaway schema, dropped at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from pishkhan.config import Config
from pishkhan.demo.loader import load_demo_data
from pishkhan.domain.ids import parse_bill_payment
from pishkhan.store.dialect import adapter_for
from tests.pg import needs_pg, throwaway_schema

pytestmark = needs_pg


@pytest.fixture(scope="module")
def pg_engine() -> Iterator[Engine]:
    with throwaway_schema("pishkhan_demo") as engine:
        yield engine


def test_load_on_postgres(pg_engine: Engine) -> None:
    stats = load_demo_data(
        pg_engine, subscribers=150, seed=3, config=Config(), today=dt.date(2025, 11, 25)
    )
    with pg_engine.connect() as conn:
        for table, count in stats.counts.items():
            assert conn.scalar(text(f"SELECT count(*) FROM {table}")) == count, table
        row = conn.execute(text("SELECT bill_id, payment_id, payable_rials FROM bills")).first()
        assert row is not None
        assert parse_bill_payment(row[0], row[1]).amount_rials == row[2]
        first, last = conn.execute(
            text("SELECT first_name, last_name FROM subscribers ORDER BY id LIMIT 1")
        ).one()
        assert adapter_for(conn).search_subscribers(conn, f"{first} {last}", limit=500)

"""Bulk load: fast switches on during the import, everything restored afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, insert, select

from pishkhan.store.dialect import FTS_TABLE, adapter_for
from pishkhan.store.models import Property, Subscriber, SubscriberSearch
from pishkhan.store.search import search_texts

NAMES = [("محمد", "حسینی"), ("فاطمه", "احمدی"), ("رضا", "کریمی"), ("زهرا", "موسوی")]


def _rows(start: int, count: int) -> Iterator[tuple[dict[str, object], dict[str, object]]]:
    for i in range(start, start + count):
        first, last = NAMES[i % len(NAMES)]
        sub = {
            "id": i,
            "uuid": str(uuid.uuid4()),
            "subscription_no": f"{i:08d}",
            "computer_code": f"5{i:08d}",
            "bill_id": f"66{i:08d}",
            "first_name": first,
            "last_name": last,
            "property_id": 1,
        }
        words, joined = search_texts(first, last, None, "قم")
        yield sub, {"subscriber_id": i, "words": words, "joined": joined}


def _load(conn: Connection, start: int, count: int) -> None:
    rows = list(_rows(start, count))
    conn.execute(insert(Subscriber), [s for s, _ in rows])
    conn.execute(insert(SubscriberSearch), [r for _, r in rows])


def _pragmas(conn: Connection) -> tuple[int, ...]:
    names = ("synchronous", "cache_size", "temp_store")
    return tuple(int(conn.exec_driver_sql(f"PRAGMA {n}").scalar_one()) for n in names)


def _triggers(conn: Connection) -> set[str]:
    rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {r[0] for r in rows}


def _check_index(conn: Connection) -> None:
    conn.exec_driver_sql(
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
    )


@pytest.fixture
def conn(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as c:
        c.execute(insert(Property), [{"id": 1, "city": "قم", "address": "قم", "use": "res"}])
        c.commit()
        yield c


def test_owned_load_commits_in_chunks_and_restores_everything(conn: Connection) -> None:
    adapter = adapter_for(conn)
    before = _pragmas(conn)
    triggers = _triggers(conn)
    assert len(triggers) == 3
    conn.rollback()  # the load owns its transactions
    with adapter.bulk_load(conn):
        assert _pragmas(conn)[0] == 0  # synchronous OFF
        assert _triggers(conn) == set()
        for chunk in range(4):
            _load(conn, 1 + chunk * 250, 250)
            conn.commit()
    assert not conn.in_transaction()
    assert _pragmas(conn) == before
    assert _triggers(conn) == triggers
    assert adapter.search_subscribers(conn, "فاطمه احمدی", 3) == [1, 5, 9]
    assert adapter.fast_count(conn, "subscribers") == 1000
    assert adapter.fast_count(conn, "subscribers", exact=False) == 1000
    assert adapter.fast_count(conn, "outbox", exact=False) == 0
    _check_index(conn)
    # the triggers work again after the load
    conn.execute(insert(Subscriber), [{**next(_rows(5000, 1))[0], "first_name": "کیان"}])
    words, joined = search_texts("کیان", "نیک")
    conn.execute(
        insert(SubscriberSearch), [{"subscriber_id": 5000, "words": words, "joined": joined}]
    )
    assert adapter.search_subscribers(conn, "کیان") == [5000]


def test_load_inside_a_callers_transaction(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Property), [{"id": 1, "city": "قم", "address": "قم", "use": "res"}])
        adapter = adapter_for(conn)
        with adapter.bulk_load(conn):
            assert _triggers(conn) == set()
            _load(conn, 1, 100)
        assert len(_triggers(conn)) == 3
        assert _pragmas(conn)[0] == 2
    with engine.connect() as conn:
        assert adapter.search_subscribers(conn, "رضا", 100) == list(range(2, 101, 4))
        _check_index(conn)


def test_failed_load_rolls_back_and_restores(conn: Connection) -> None:
    adapter = adapter_for(conn)
    before = _pragmas(conn)
    conn.rollback()
    with adapter.bulk_load(conn):
        _load(conn, 1, 50)
    with pytest.raises(RuntimeError, match="boom"), adapter.bulk_load(conn):
        _load(conn, 51, 50)
        conn.commit()  # a committed chunk stays
        _load(conn, 101, 50)
        raise RuntimeError("boom")
    assert _pragmas(conn) == before
    assert len(_triggers(conn)) == 3
    assert adapter.fast_count(conn, "subscriber_search") == 100
    assert adapter.search_subscribers(conn, "زهرا", 1000) == list(range(3, 101, 4))
    _check_index(conn)


def test_failed_load_inside_a_callers_transaction(engine: Engine) -> None:
    with pytest.raises(RuntimeError), engine.begin() as conn:
        adapter = adapter_for(conn)
        with adapter.bulk_load(conn):
            conn.execute(insert(Property), [{"id": 1, "city": "قم", "address": "قم", "use": "r"}])
            _load(conn, 1, 10)
            raise RuntimeError
    with engine.connect() as conn:
        assert len(_triggers(conn)) == 3
        assert conn.scalar(select(Subscriber.id)) is None
        _check_index(conn)


def test_fast_count_refuses_unknown_tables(conn: Connection) -> None:
    with pytest.raises(ValueError):
        adapter_for(conn).fast_count(conn, "subscribers; DROP TABLE users")


def _readings(conn: Connection, uuids: list[str]) -> None:
    conn.exec_driver_sql(
        "INSERT INTO readings (id, uuid, subscriber_id, meter_id, read_on, value,"
        " consumption_m3, rolled_over, source, created_at)"
        " VALUES (?, ?, 1, 1, '2026-01-01', 5, 5, 0, 'reader', '2026-01-01 06:00:00')",
        [(i + 1, u) for i, u in enumerate(uuids)],
    )


def _index_names(conn: Connection, table: str) -> set[str]:
    return {r[1] for r in conn.exec_driver_sql(f"PRAGMA index_list({table})")}


def test_regenerable_load_builds_unique_indexes_at_the_end(engine: Engine) -> None:
    with engine.connect() as conn:
        adapter = adapter_for(conn)
        assert "uq_readings_uuid" in _index_names(conn, "readings")
        conn.rollback()  # the load owns its transactions
        with adapter.bulk_load(conn, tables=("readings",), regenerable=True):
            assert "uq_readings_uuid" not in _index_names(conn, "readings")
            _readings(conn, [str(uuid.uuid4()) for _ in range(20)])
            conn.commit()
        assert {"uq_readings_uuid", "ix_readings_meter_id"} <= _index_names(conn, "readings")
        assert adapter.fast_count(conn, "readings") == 20
        with pytest.raises(Exception, match="UNIQUE"):
            _readings(conn, ["a-uuid-once", "a-uuid-once"])
        conn.rollback()


def test_regenerable_load_that_breaks_a_unique_index_is_emptied(engine: Engine) -> None:
    """A duplicate slips in while the index is away: the load fails at the end, its table is
    emptied and the index is back, so the store never holds a duplicate identifier."""
    with engine.connect() as conn:
        adapter = adapter_for(conn)
        loading = adapter.bulk_load(conn, tables=("readings",), regenerable=True)
        with pytest.raises(Exception, match="UNIQUE"), loading:
            _readings(conn, ["same", "other", "same"])
            conn.commit()
        assert adapter.fast_count(conn, "readings") == 0
        database = str(conn.engine.url.database)
        assert not Path(database + "-search-build").exists()  # the side index's scratch file
        assert {"uq_readings_uuid", "ix_readings_meter_id"} <= _index_names(conn, "readings")
        assert len(_triggers(conn)) == 3

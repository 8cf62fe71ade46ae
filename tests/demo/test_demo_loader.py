"""Loading the demo data set into a SQLite file: counts, validity, determinism, search."""

from __future__ import annotations

import datetime as dt
import json
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from pishkhan.config import Config
from pishkhan.demo.loader import DemoDataExists, DemoStats, load_demo_data
from pishkhan.demo.rows import COLUMNS
from pishkhan.domain.ids import (
    parse_bill_payment,
    parse_mobile,
    parse_national_code,
    parse_postal_code,
)
from pishkhan.domain.tariff import (
    DEFAULT_TARIFF_MAPPING,
    TariffConfig,
    consumption_between,
    line_title,
)
from pishkhan.services.passwords import verify_password
from pishkhan.store.db import make_engine, sqlite_url
from pishkhan.store.dialect import adapter_for, secondary_indexes
from pishkhan.store.models import Base

TODAY = dt.date(2025, 11, 25)
SUBSCRIBERS = 300


def _engine(path: Path) -> Engine:
    return make_engine(sqlite_url(path))


def _load(
    engine: Engine,
    seed: int,
    *,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> DemoStats:
    return load_demo_data(
        engine,
        subscribers=SUBSCRIBERS,
        seed=seed,
        config=Config(),
        today=TODAY,
        replace=replace,
        progress=progress,
    )


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, DemoStats]]:
    engine = _engine(tmp_path_factory.mktemp("demo") / "دمو pishkhan.sqlite3")
    calls: list[tuple[int, int]] = []
    stats = _load(engine, 7, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, SUBSCRIBERS) and calls[-1] == (SUBSCRIBERS, SUBSCRIBERS)
    yield engine, stats
    engine.dispose()


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def _dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every demo table, ordered; users without their salted hash and creation time."""
    out = {t: _rows(engine, f"SELECT * FROM {t} ORDER BY 1") for t in COLUMNS}
    out["users"] = _rows(engine, "SELECT id, username, full_name, role FROM users ORDER BY id")
    return out


def test_counts_match_the_stats(loaded: tuple[Engine, DemoStats]) -> None:
    engine, stats = loaded
    for table, count in stats.counts.items():
        assert _rows(engine, f"SELECT count(*) FROM {table}")[0][0] == count, table
    assert stats.counts["subscribers"] == SUBSCRIBERS
    assert stats.counts["bills"] == stats.counts["readings"] == 12 * SUBSCRIBERS
    assert 0.8 * stats.counts["bills"] < stats.counts["payments"] < stats.counts["bills"]
    assert stats.seconds > 0
    assert _rows(engine, "PRAGMA foreign_key_check") == []


def test_bill_and_payment_ids_are_valid(loaded: tuple[Engine, DemoStats]) -> None:
    engine, _ = loaded
    bills = _rows(engine, "SELECT bill_id, payment_id, payable_rials, status FROM bills")
    for bill_id, payment_id, payable, _status in bills:
        assert parse_bill_payment(str(bill_id), str(payment_id)).amount_rials == payable
    paid = _rows(
        engine,
        "SELECT p.amount_rials, b.payable_rials, b.status, p.business_day, p.reverses_id, "
        "EXISTS (SELECT 1 FROM payments v WHERE v.reverses_id = p.id) "
        "FROM payments p "
        "JOIN bills b ON b.bill_id = p.bill_id AND b.payment_id = p.payment_id",
    )
    assert len(paid) == _rows(engine, "SELECT count(*) FROM payments")[0][0]
    for amount, payable, status, day, reverses, _voided in paid:
        # A void takes the payment's amount back.
        assert amount == (payable if reverses is None else -payable)  # type: ignore[operator]
        # Today's counter payments await the central system's confirmation (bill unchanged).
        assert status == ("issued" if day == TODAY.isoformat() else "paid")
        assert dt.date.fromisoformat(str(day)).weekday() != 4  # never on a Friday
    unpaid = _rows(
        engine,
        "SELECT count(*) FROM bills b WHERE status = 'paid' AND NOT EXISTS "
        "(SELECT 1 FROM payments p WHERE p.bill_id = b.bill_id AND p.payment_id = b.payment_id "
        "AND p.reverses_id IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM payments v WHERE v.reverses_id = p.id))",
    )
    assert unpaid == [(0,)]


def test_counter_day_has_sessions_counter_payments_and_voids(
    loaded: tuple[Engine, DemoStats],
) -> None:
    engine, _ = loaded
    day = TODAY.isoformat()
    users = {str(u): i for u, i in _rows(engine, "SELECT username, id FROM users")}
    sessions = _rows(
        engine,
        "SELECT id, user_id, closed_at, opening_float_rials, expected_cash_rials, "
        "counted_cash_rials FROM cash_sessions WHERE business_day = '" + day + "' ORDER BY id",
    )
    assert {s[1] for s in sessions} == {users["clerk"], users["operator"]}
    closed = [s for s in sessions if s[2] is not None]
    still_open = [s for s in sessions if s[2] is None]
    assert len(closed) == len(still_open) == 1
    session_id, _, _, opening, expected, counted = closed[0]
    cash = _rows(
        engine,
        "SELECT COALESCE(SUM(amount_rials), 0) FROM payments "
        f"WHERE cash_session_id = {session_id} AND method = 'cash'",
    )[0][0]
    assert expected == opening + cash  # type: ignore[operator]
    assert 0 < expected - counted <= 100_000  # type: ignore[operator]  # a small shortfall
    assert still_open[0][4] is None and still_open[0][5] is None
    today = _rows(
        engine,
        "SELECT p.user_id, p.cash_session_id, p.channel, p.reverses_id, p.reason, p.attempt, "
        "s.user_id FROM payments p JOIN cash_sessions s ON s.id = p.cash_session_id "
        "WHERE p.business_day = '" + day + "'",
    )
    assert len(today) >= 6
    assert _rows(engine, f"SELECT count(*) FROM payments WHERE business_day = '{day}'") == [
        (len(today),)
    ]
    for user, _session, channel, _rev, _reason, _attempt, session_user in today:
        assert user == session_user and channel == "counter"
    voids = [r for r in today if r[3] is not None]
    assert 1 <= len(voids) <= 2
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in str(v[4])) for v in voids)
    assert any(r[5] == 1 for r in today)  # a voided bill paid again as the next attempt


def test_personal_identifiers_pass_the_domain_parsers(loaded: tuple[Engine, DemoStats]) -> None:
    engine, _ = loaded
    rows = _rows(
        engine,
        "SELECT s.national_code, s.mobile, p.postal_code FROM subscribers s "
        "JOIN properties p ON p.id = s.property_id",
    )
    assert len(rows) == SUBSCRIBERS
    for national_code, mobile, postal_code in rows:
        assert parse_national_code(str(national_code)) == national_code
        assert mobile is None or parse_mobile(str(mobile)) == mobile
        assert parse_postal_code(str(postal_code)) == postal_code


def test_debtors_balance_is_their_unpaid_bills(loaded: tuple[Engine, DemoStats]) -> None:
    engine, _ = loaded
    rows = _rows(
        engine,
        "SELECT s.id, s.balance_rials, "
        "COALESCE(SUM(b.payable_rials - b.debt_carried_rials), 0), "
        "COALESCE(MAX(CASE WHEN b.status = 'issued' THEN b.payable_rials END), 0) "
        "FROM subscribers s LEFT JOIN bills b ON b.subscriber_id = s.id AND b.status != 'paid' "
        "GROUP BY s.id",
    )
    debtors = [r for r in rows if r[1]]
    assert 0.04 * SUBSCRIBERS < len(debtors) < 0.18 * SUBSCRIBERS
    for _sid, balance, unpaid_total, latest_payable in rows:
        assert balance == unpaid_total == latest_payable


def test_readings_increase_except_at_a_rollover(loaded: tuple[Engine, DemoStats]) -> None:
    engine, _ = loaded
    rows = _rows(
        engine,
        "SELECT r.subscriber_id, r.value, r.consumption_m3, r.rolled_over, m.digits, "
        "b.prev_reading FROM readings r JOIN meters m ON m.id = r.meter_id "
        "JOIN bills b ON b.reading_id = r.id ORDER BY r.subscriber_id, r.read_on",
    )
    rollovers = 0
    previous: dict[object, int] = {}
    for sid, value, used, rolled, digits, prev_reading in rows:
        assert previous.get(sid, prev_reading) == prev_reading
        got = consumption_between(int(prev_reading), int(value), int(digits))  # type: ignore[call-overload]
        assert (got.m3, got.rolled_over) == (used, bool(rolled))
        assert bool(rolled) == (value < prev_reading)  # type: ignore[operator]
        rollovers += bool(rolled)
        previous[sid] = int(value)  # type: ignore[call-overload]
    assert rollovers > 0


def test_name_search_finds_a_generated_subscriber(loaded: tuple[Engine, DemoStats]) -> None:
    engine, _ = loaded
    adapter = adapter_for(engine)
    subscribers = _rows(engine, "SELECT id, first_name, last_name FROM subscribers ORDER BY id")
    sid, first, last = subscribers[len(subscribers) // 2]
    with engine.connect() as conn:
        assert sid in adapter.search_subscribers(conn, f"{first} {last}", limit=1000)
        # Typed with Arabic letters (ي ك) the name must still be found.
        arabic = f"{first} {last}".replace("ی", "ي").replace("ک", "ك")
        assert sid in adapter.search_subscribers(conn, arabic, limit=1000)
        # A compound family name written with or without its space.
        compound = _rows(engine, "SELECT id, last_name FROM subscribers WHERE last_name LIKE '% %'")
        assert compound
        cid, name = compound[0]
        joined = str(name).replace(" ", "")
        assert cid in adapter.search_subscribers(conn, joined, limit=10_000)


def test_demo_users_sign_in_with_the_demo_password(loaded: tuple[Engine, DemoStats]) -> None:
    engine, _ = loaded
    users = {str(u): str(h) for u, h in _rows(engine, "SELECT username, password_hash FROM users")}
    assert set(users) == {"operator", "clerk", "manager", "admin"}
    assert all(verify_password("pishkhan", str(h)) for h in users.values())
    assert not verify_password("wrong", str(users["admin"]))


def test_second_load_refuses_then_replaces(tmp_path: Path) -> None:
    engine = _engine(tmp_path / "twice.sqlite3")
    first = _load(engine, 1)
    with pytest.raises(DemoDataExists):
        _load(engine, 1)
    assert _rows(engine, "SELECT count(*) FROM subscribers") == [(SUBSCRIBERS,)]
    again = _load(engine, 2, replace=True)
    assert again.counts["subscribers"] == SUBSCRIBERS and again.counts["users"] == 0
    assert _rows(engine, "SELECT count(*) FROM subscribers") == [(SUBSCRIBERS,)]
    assert _rows(engine, "SELECT count(*) FROM bills") == [(again.counts["bills"],)]
    assert first.counts["subscribers"] == again.counts["subscribers"]
    engine.dispose()


def test_same_seed_same_rows_other_seed_other_rows(tmp_path: Path) -> None:
    dumps = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        engine = _engine(tmp_path / f"{name}.sqlite3")
        _load(engine, seed)
        dumps.append(_dump(engine))
        engine.dispose()
    assert dumps[0] == dumps[1]
    assert dumps[0]["subscribers"] != dumps[2]["subscribers"]
    assert dumps[0]["bills"] != dumps[2]["bills"]


@pytest.mark.slow
def test_worker_processes_write_the_same_rows(tmp_path: Path) -> None:
    dumps = []
    for workers in (0, 2):
        engine = _engine(tmp_path / f"w{workers}.sqlite3")
        stats = load_demo_data(
            engine, subscribers=4100, seed=9, config=Config(), today=TODAY, workers=workers
        )
        assert stats.workers == workers
        dumps.append(_dump(engine))
        # With workers, the rows and the indexes were written by other processes (APSW's
        # SQLite): the file is sound for this process's sqlite3 and holds every index.
        assert _rows(engine, "PRAGMA integrity_check") == [("ok",)]
        names = {str(r[0]) for r in _rows(engine, "SELECT name FROM sqlite_master")}
        assert {str(i.name) for t in Base.metadata.tables.values() for i in t.indexes} <= names
        engine.dispose()
    assert dumps[0] == dumps[1]


def test_load_leaves_wal_foreign_keys_and_every_index(loaded: tuple[Engine, DemoStats]) -> None:
    engine, _ = loaded
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        present = {str(r[0]) for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    wanted = {str(i.name) for t in Base.metadata.tables.values() for i in t.indexes}
    assert wanted <= present
    assert {"subscriber_search_fts_ai", "subscriber_search_fts_ad"} <= present
    assert _rows(engine, "PRAGMA integrity_check") == [("ok",)]
    # Built aside with a large FTS5 'hashsize', copied in with the default configuration.
    assert _rows(engine, "SELECT k FROM subscriber_fts_config") == [("version",)]
    with engine.begin() as conn:  # the search index matches its content, row for row
        conn.exec_driver_sql(
            "INSERT INTO subscriber_fts(subscriber_fts, rank) VALUES ('integrity-check', 1)"
        )


def test_bill_lines_are_code_amount_pairs(loaded: tuple[Engine, DemoStats]) -> None:
    engine, _ = loaded
    bills = _rows(engine, "SELECT lines, vat_rials, amount_rials FROM bills LIMIT 500")
    for lines, vat, amount in bills:
        pairs = json.loads(str(lines))
        assert pairs and all(isinstance(c, str) and isinstance(a, int) for c, a in pairs)
        assert sum(a for _, a in pairs) + int(vat) == amount  # type: ignore[call-overload]
        assert all(line_title(c, TariffConfig.from_mapping(DEFAULT_TARIFF_MAPPING)) != c
                   for c, _ in pairs)  # fmt: skip


def test_secondary_indexes_come_from_the_models() -> None:
    names = {str(i.name) for i in secondary_indexes(COLUMNS)}
    assert "ix_payments_business_day_user_id" in names
    assert "ix_subscribers_national_code" in names
    assert not any(i.unique for i in secondary_indexes(COLUMNS))
    assert "uq_payments_bill_once" not in names


def test_load_stays_in_wal_while_another_connection_is_open(tmp_path: Path) -> None:
    engine = _engine(tmp_path / "shared.sqlite3")
    other = sqlite3.connect(tmp_path / "shared.sqlite3")
    try:
        other.execute("PRAGMA journal_mode = WAL")
        other.execute("SELECT count(*) FROM sqlite_master").fetchall()
        _load(engine, 5)
        assert _rows(engine, "SELECT count(*) FROM subscribers") == [(SUBSCRIBERS,)]
        assert _rows(engine, "PRAGMA journal_mode") == [("wal",)]
    finally:
        other.close()
        engine.dispose()


_KILLED_LOAD = """
import datetime as dt, os, signal, sys
from pishkhan.config import Config
from pishkhan.demo import loader
from pishkhan.store.db import make_engine, sqlite_url

loader.COMMIT_EVERY = 2000  # one chunk of 2,000 committed, the next killed half-written
committed = []
insert = loader._insert

def killing_insert(conn, sql, table, rows):
    insert(conn, sql, table, rows)
    if committed and table == "bills":
        os.kill(os.getpid(), signal.SIGKILL)

loader._insert = killing_insert
loader.load_demo_data(
    make_engine(sqlite_url(sys.argv[1])), subscribers=5000, seed=1, config=Config(),
    today=dt.date(2025, 11, 25), workers=0,
    progress=lambda done, total: committed.append(done) if done else None,
)
"""


@pytest.mark.slow
def test_a_killed_load_leaves_a_consistent_half_load_that_replace_clears(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite3"
    proc = subprocess.run([sys.executable, "-c", _KILLED_LOAD, str(path)], check=False)
    assert proc.returncode == -signal.SIGKILL
    engine = _engine(path)
    assert _rows(engine, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(engine, "SELECT count(*) FROM subscribers") == [(2000,)]
    with pytest.raises(DemoDataExists):
        _load(engine, 1)
    _load(engine, 1, replace=True)
    assert _rows(engine, "SELECT count(*) FROM subscribers") == [(SUBSCRIBERS,)]
    assert _rows(engine, "PRAGMA journal_mode") == [("wal",)]
    assert _rows(engine, "PRAGMA foreign_key_check") == []
    assert _rows(engine, "PRAGMA integrity_check") == [("ok",)]
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = "
                                    "'ix_payments_business_day_user_id'").all()  # fmt: skip
    engine.dispose()

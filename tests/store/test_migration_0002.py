"""Migration 0002 on a store holding data: identifiers become unique indexes, rows stay.

A demo data set is loaded at head, taken down to 0001 and up again; at each step the rows are
the same, the schema is the one a fresh database gets at that revision (compared through
SQLite's own catalogue: columns, indexes, which are unique or partial and on what), and a
duplicate identifier is still refused.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from pishkhan.config import Config
from pishkhan.demo.loader import load_demo_data
from pishkhan.store.db import alembic_config, make_engine, sqlite_url, upgrade
from pishkhan.store.dialect import adapter_for

_TABLES = ("readings", "bills", "payments")


def _schema(path: Path) -> dict[str, object]:
    """Columns and indexes of the three tables as SQLite describes them."""
    raw = sqlite3.connect(path)
    try:
        out: dict[str, object] = {}
        for table in _TABLES:
            out[table] = [tuple(r) for r in raw.execute(f"PRAGMA table_info({table})")]
            indexes = {}
            for _seq, name, unique, origin, partial in raw.execute(f"PRAGMA index_list({table})"):
                columns = tuple(r[2] for r in raw.execute(f"PRAGMA index_info('{name}')"))
                sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,))
                where = (sql.fetchone()[0] or "").partition(" WHERE ")[2]
                key = name if origin != "u" else f"{origin}:{columns}"  # autoindex names vary
                indexes[key] = (bool(unique), origin, bool(partial), columns, where)
            out[table + " indexes"] = indexes
        return out
    finally:
        raw.close()


def _fresh(path: Path, revision: str) -> dict[str, object]:
    engine = make_engine(sqlite_url(path))
    upgrade(engine, revision)
    engine.dispose()
    return _schema(path)


def _downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config()
    with engine.connect() as conn, adapter_for(conn).migrating(conn):  # as db.upgrade does
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
            for t in _TABLES
        }


def test_down_to_0001_and_up_again_keeps_rows_and_matches_fresh_schemas(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    engine = make_engine(sqlite_url(path))
    load_demo_data(
        engine, subscribers=40, seed=3, config=Config(), today=dt.date(2026, 11, 25), workers=0
    )
    before = _rows(engine)
    assert all(before.values())
    with engine.begin() as conn:  # a void: the one kind of row the reverses_id index holds
        first = conn.execute(text("SELECT * FROM payments ORDER BY id LIMIT 1")).mappings().one()
        values = dict(first, id=10**9, uuid="void-of-first", amount_rials=-first["amount_rials"])
        values["reverses_id"] = first["id"]
        names = ", ".join(values)
        conn.execute(text(f"INSERT INTO payments ({names}) VALUES (:{', :'.join(values)})"), values)
    before = _rows(engine)

    _downgrade(engine, "0001")
    assert _rows(engine) == before
    assert _schema(path) == _fresh(tmp_path / "fresh1.sqlite3", "0001")

    upgrade(engine)
    assert _rows(engine) == before
    at_head = _schema(path)
    assert at_head == _fresh(tmp_path / "fresh2.sqlite3", "head")
    payments = at_head["payments indexes"]
    assert isinstance(payments, dict)
    assert payments["uq_payments_bill_once"][2]  # still partial after the table rebuild
    assert payments["uq_payments_reverses_id"] == (
        True, "c", True, ("reverses_id",), "reverses_id IS NOT NULL"
    )  # fmt: skip

    with engine.connect() as conn:
        uuid = conn.execute(text("SELECT uuid FROM bills LIMIT 1")).scalar_one()
        with pytest.raises(Exception, match="UNIQUE"):
            conn.execute(text("UPDATE bills SET uuid = :u WHERE id = 2"), {"u": uuid})
        with pytest.raises(Exception, match="UNIQUE"):
            conn.execute(
                text("UPDATE payments SET reverses_id = :r WHERE id = 2"), {"r": first["id"]}
            )
        conn.rollback()
    engine.dispose()

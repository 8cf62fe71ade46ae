"""The store on PostgreSQL: runs only when PISHKHAN_TEST_PG_URL names a server.

Example: ``PISHKHAN_TEST_PG_URL=postgresql+psycopg://user:pw@localhost/pishkhan_test``. Each test
module works in a throwaway schema of its own, dropped at the end.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pishkhan.store import repo
from pishkhan.store.db import current_revision, head_revision, session_factory, upgrade
from pishkhan.store.dialect import adapter_for, include_name
from pishkhan.store.models import Base, Subscriber, SubscriberSearch
from pishkhan.store.search import search_texts
from tests.pg import needs_pg, throwaway_schema

from .conftest import add_subscriber
from .test_search import HOSTILE

pytestmark = needs_pg


@pytest.fixture(scope="module")
def pg_engine() -> Iterator[Engine]:
    with throwaway_schema("pishkhan_test") as engine:
        yield engine


@pytest.fixture(scope="module")
def migrated(pg_engine: Engine) -> Engine:
    assert current_revision(pg_engine) is None
    upgrade(pg_engine)
    return pg_engine


@pytest.fixture
def pg_session(migrated: Engine) -> Iterator[Session]:
    with session_factory(migrated)() as s:
        yield s
        s.rollback()


def test_migrations_match_the_models(migrated: Engine) -> None:
    assert current_revision(migrated) == head_revision()
    with migrated.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_name": include_name, "compare_type": True}
        )
        assert compare_metadata(ctx, Base.metadata) == []
        names = conn.scalars(
            text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'subscriber_search'"
                " AND schemaname = current_schema()"
            )
        ).all()
    assert "ix_subscriber_search_words_trgm" in names


def test_search_semantics(pg_session: Session) -> None:
    a = add_subscriber(pg_session, "عبد الله", "رضایی", None, "تهران پلاک ۱۲").id
    b = add_subscriber(pg_session, "عبدالله", "كاظمي", None, "تبریز").id
    c = add_subscriber(pg_session, "حسن", "عبدالله\u200cزاده", None, "یزد").id

    def search(q: str, limit: int = 50) -> list[int]:
        return [s.id for s in repo.search_by_name(pg_session, q, limit)]

    assert search("عبدالله") == [a, b, c]
    assert search("عبد الله") == [a, b, c]
    assert search("رضای") == [a]
    assert search("ضایی") == []
    assert search("رضایی عبد") == [a]
    assert search("کاظمی") == search("كاظمي") == [b]
    assert search("پلاک 12") == search("پلاک ١٢") == [a]
    assert search("عبدالله زاده") == [c]
    assert search("عبدالله", limit=2) == [a, b]
    assert search("ناموجود") == []
    for query in [*HOSTILE, "100%", "a_b", "\\"]:
        assert isinstance(search(query), list)


def test_unique_and_partial_index(pg_session: Session) -> None:
    sub = add_subscriber(pg_session)
    with pytest.raises(IntegrityError):
        add_subscriber(pg_session, bill_id=sub.bill_id)


def test_bulk_load_rebuilds_the_indexes(migrated: Engine) -> None:
    with migrated.connect() as conn:
        adapter = adapter_for(conn)
        with adapter.bulk_load(conn):
            conn.execute(
                text(
                    "INSERT INTO properties (id, city, address, in_village, use, units) "
                    "VALUES (9000, 'قم', 'قم', false, 'r', 1)"
                )
            )
            ids = range(9000, 9200)
            rows = [
                {
                    "id": i,
                    "uuid": str(uuid.uuid4()),
                    "subscription_no": f"b{i}",
                    "computer_code": f"b{i}",
                    "bill_id": f"b{i}",
                    "first_name": "کوروش",
                    "last_name": f"بلک{i}",
                    "property_id": 9000,
                    "status": "active",
                    "balance_rials": 0,
                    "server_rev": 0,
                }
                for i in ids
            ]
            conn.execute(insert(Subscriber), rows)
            texts = [search_texts("کوروش", f"بلک{i}") for i in ids]
            conn.execute(
                insert(SubscriberSearch),
                [
                    {"subscriber_id": i, "words": w, "joined": j}
                    for i, (w, j) in zip(ids, texts, strict=True)
                ],
            )
        assert adapter.search_subscribers(conn, "کوروش بلک", 5) == list(range(9000, 9005))
        names = conn.scalars(
            text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'subscriber_search'"
                " AND schemaname = current_schema()"
            )
        ).all()
        assert {"ix_subscriber_search_words_trgm", "ix_subscriber_search_joined_trgm"} <= set(names)
        assert adapter.fast_count(conn, "subscribers", exact=True) >= 200


def test_pg_trgm_does_not_belong_to_the_stores_own_schema(migrated: Engine) -> None:
    """Found by CI: created in a test's schema, the extension went with that schema's DROP
    CASCADE, taking the other schemas' trigram indexes (and a deadlock) with it."""
    with migrated.connect() as conn:
        home = conn.scalar(
            text(
                "SELECT n.nspname FROM pg_extension e "
                "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
            )
        )
        assert home is not None and home != conn.scalar(text("SELECT current_schema()"))


def test_without_pg_trgm_search_falls_back_to_like(
    migrated: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with migrated.connect() as conn:
        adapter = adapter_for(conn)
        adapter.drop_search_index(conn)
        monkeypatch.setattr(type(adapter), "_ensure_trgm", lambda self, conn: None)
        adapter.create_search_index(conn)
        names = set(
            conn.scalars(
                text(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'subscriber_search'"
                    " AND schemaname = current_schema()"
                )
            )
        )
        assert "ix_subscriber_search_words_pattern" in names
        assert "ix_subscriber_search_words_trgm" not in names
        sub = add_subscriber(Session(bind=conn), "داریوش", "مهرجویی")
        assert adapter.search_subscribers(conn, "مهرجو داری") == [sub.id]
        assert adapter.search_subscribers(conn, "داریوشمهر") == [sub.id]
        conn.rollback()  # back to the trigram indexes


def test_migration_0002_down_and_up() -> None:
    """0001 → head → 0001 → head on PostgreSQL: the diff with the models is empty at head and
    the void and request indexes are partial."""
    from alembic import command

    from pishkhan.store.db import alembic_config

    with throwaway_schema("pishkhan_test") as engine:
        upgrade(engine, "0001")
        upgrade(engine)
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        assert current_revision(engine) == "0001"
        upgrade(engine)
        with engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn, opts={"include_name": include_name, "compare_type": True}
            )
            assert compare_metadata(ctx, Base.metadata) == []
            defs: dict[str, str] = dict(
                conn.execute(
                    text(
                        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'payments'"
                        " AND schemaname = current_schema()"
                    )
                ).all()
            )
    assert "WHERE (reverses_id IS NOT NULL)" in defs["uq_payments_reverses_id"]
    assert "UNIQUE" in defs["uq_payments_reverses_id"]
    assert "WHERE (request_id IS NOT NULL)" in defs["ix_payments_request_id"]

"""PostgreSQL for tests: runs only when ``PISHKHAN_TEST_PG_URL`` names a server.

``scripts/test.sh`` starts Debian's PostgreSQL and sets the variable; without it these tests
are skipped. Each module gets a throwaway schema, dropped at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, make_url, text

from pishkhan.store.db import make_engine

PG_URL = os.environ.get("PISHKHAN_TEST_PG_URL")
needs_pg = pytest.mark.skipif(not PG_URL, reason="PISHKHAN_TEST_PG_URL is not set")


@contextmanager
def throwaway_schema(prefix: str) -> Iterator[Engine]:
    """An engine whose search_path is a new schema; the schema is dropped afterwards."""
    assert PG_URL
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

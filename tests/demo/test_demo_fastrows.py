"""The loader's bulk path writes exactly the rows of the generator's records."""

from __future__ import annotations

import datetime as dt

import pytest

from pishkhan.demo.fastrows import FastRows
from pishkhan.demo.generator import DemoGenerator, DemoSpec
from pishkhan.demo.parallel import local_chunks, queued_chunks
from pishkhan.demo.rows import IdBase, RowBuilder

USERS = {"operator": 3, "clerk": 5, "manager": 7, "admin": 9}
# Non-zero bases: a load into a database that already has rows.
BASE = IdBase(
    properties=3, subscribers=5, connections=7, meters=11, readings=13, bills=17, payments=19,
    requests=23, request_stages=29,
)  # fmt: skip


@pytest.mark.parametrize(("seed", "today"), [(7, dt.date(2025, 11, 25)), (3, dt.date(2026, 3, 20))])
def test_fast_rows_equal_the_rows_of_the_records(seed: int, today: dt.date) -> None:
    spec = DemoSpec(subscribers=2600, seed=seed, today=today)
    records, fast = DemoGenerator(spec), FastRows(DemoGenerator(spec), USERS, BASE)
    builder = RowBuilder(USERS, BASE)
    requests = 0
    for index in (2, 0, 1):  # any order, any block alone
        expected = builder.rows(records.block(index))
        got = fast.block(index)
        assert got.keys() == expected.keys()
        for table, rows in expected.items():
            assert got[table] == rows, table
        requests += len(got["requests"])
    assert requests > 0


def test_worker_processes_send_the_rows_made_locally() -> None:
    """The path for databases other than a SQLite file: rows shipped from two workers."""
    spec = DemoSpec(subscribers=4100, seed=2, today=dt.date(2025, 11, 25))
    local = list(local_chunks(spec, USERS, BASE))
    assert len(local) == 3  # 2,000 + 2,000 + 100 subscribers
    assert list(queued_chunks(spec, USERS, BASE, workers=2)) == local

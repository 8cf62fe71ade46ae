"""The FTS5 index answers exactly what the documented search semantics say.

The reference below is the plain-Python statement of the rule that both dialects implement
(PostgreSQL with LIKE, SQLite with FTS5): every query word is a prefix of a stored word, or the
query written without spaces is a prefix of a stored ``joined`` token. Names and queries are drawn
from Persian letters mixed with the characters that tend to break tokenisers (Arabic Yeh/Kaf,
ZWNJ, zero-width space, soft hyphen, combining marks, punctuation, digits of every set).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from pishkhan.domain.persian import search_key
from pishkhan.store.db import make_engine, session_factory, sqlite_url, upgrade
from pishkhan.store.dialect import adapter_for
from pishkhan.store.models import SubscriberSearch
from pishkhan.store.search import tokens

from .conftest import add_subscriber

ALPHABET = [*"علیرضامحدنبک", "ي", "ك", "\u200c", "\u200b", "\u00ad", "\u064e", "-"]
ALPHABET += ["۱", "1", "١", " ", " "]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 6)))


@pytest.fixture(scope="module")
def seeded(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Engine, dict[int, tuple[str, str]]]]:
    engine = make_engine(sqlite_url(tmp_path_factory.mktemp("sem") / "s.db"))
    upgrade(engine)
    rng = random.Random(5)
    with session_factory(engine)() as session:
        for _ in range(250):
            add_subscriber(session, _word(rng), _word(rng), _word(rng), _word(rng))
        session.commit()
        rows = {
            r.subscriber_id: (r.words, r.joined) for r in session.scalars(select(SubscriberSearch))
        }
    yield engine, rows
    engine.dispose()


def reference(rows: dict[int, tuple[str, str]], query: str) -> list[int]:
    words = tokens(search_key(query))
    if not words:
        return []
    compact = "".join(words)
    hits = []
    for sid, (stored, joined) in rows.items():
        stored_words = stored.split()
        each = all(any(w.startswith(q) for w in stored_words) for q in words)
        if each or any(t.startswith(compact) for t in joined.split()):
            hits.append(sid)
    return sorted(hits)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=7).map("".join))
def test_index_matches_the_reference_semantics(
    seeded: tuple[Engine, dict[int, tuple[str, str]]], query: str
) -> None:
    engine, rows = seeded
    with engine.connect() as conn:
        found = adapter_for(conn).search_subscribers(conn, query, limit=10_000)
    assert found == reference(rows, query)


def test_reference_is_not_trivial(seeded: tuple[Engine, dict[int, tuple[str, str]]]) -> None:
    _, rows = seeded
    some = next(iter(rows.values()))[0].split()[0]
    assert 0 < len(reference(rows, some)) < len(rows)

"""Persian name search: search texts, FTS5 index, query semantics and hostile input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from pishkhan.store.dialect import FTS_TABLE, adapter_for, fts_match_expression
from pishkhan.store.models import Subscriber, SubscriberSearch
from pishkhan.store.search import index_subscriber, search_texts

from .conftest import add_subscriber


def search(session: Session, query: str, limit: int = 50) -> list[int]:
    conn = session.connection()
    return adapter_for(conn).search_subscribers(conn, query, limit)


def integrity_check(session: Session) -> None:
    """FTS5 compares its index with the content table; raises when they disagree."""
    session.connection().exec_driver_sql(
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
    )


# --- search texts -------------------------------------------------------------------------


def test_search_texts_normalise_and_join_adjacent_words() -> None:
    words, joined = search_texts("عبد الله", "رضائي", None, "كوچه ۱۲")
    assert words == "عبد الله رضایی کوچه 12"
    grams = joined.split()
    assert grams[:5] == words.split()
    for gram in ("عبدالله", "اللهرضایی", "عبداللهرضایی", "رضاییکوچه", "کوچه12", "رضاییکوچه12"):
        assert gram in grams
    assert "عبداللهرضاییکوچه" not in grams  # at most three words are joined


def test_search_texts_of_a_single_word() -> None:
    assert search_texts("مریم", "") == ("مریم", "مریم")


def test_zwnj_names_are_written_together() -> None:
    words, _ = search_texts("حسن", "عبدالله\u200cزاده")
    assert words == "حسن عبداللهزاده"


def test_match_expression_quotes_every_word() -> None:
    assert fts_match_expression('"علی*"') == 'joined : "علی"*'
    assert fts_match_expression('علی" OR *') == (
        '(words : "علی"* AND words : "or"*) OR joined : "علیor"*'
    )
    assert fts_match_expression("NEAR(a b)") == (
        '(words : "near"* AND words : "a"* AND words : "b"*) OR joined : "nearab"*'
    )
    assert fts_match_expression(" \u200c ؟ ") is None


# --- query semantics ------------------------------------------------------------------------


@pytest.fixture
def people(session: Session) -> dict[str, int]:
    rows = {
        "ali_rezaei": ("علی", "رضایی", "حسین", "تهران خیابان آزادی پلاک ۱۲"),
        "alireza": ("علیرضا", "محمدی", None, "شیراز کوچه گل"),
        "abdollah_split": ("عبد الله", "کریمی", None, "اصفهان"),
        "abdollah_joined": ("عبدالله", "نوری", None, "تبریز"),
        "zwnj": ("حسن", "عبدالله\u200cزاده", None, "یزد"),
        "arabic_letters": ("علي", "كاظمي", None, "مشهد پلاك ٣٤"),
        "latin": ("Sara", "Jones", None, "Karaj"),
    }
    ids = {}
    for key, (first, last, father, address) in rows.items():
        ids[key] = add_subscriber(session, first, last, father, address).id
    session.commit()
    return ids


def test_word_prefix_in_any_order(session: Session, people: dict[str, int]) -> None:
    assert search(session, "رضای") == [people["ali_rezaei"]]
    assert search(session, "رضایی علی") == [people["ali_rezaei"]]
    assert search(session, "علی رضا") == [people["ali_rezaei"], people["alireza"]]
    assert search(session, "ضایی") == []  # inside a word is not a prefix
    assert search(session, "علی محمدی") == [people["alireza"]]  # «علی» prefixes «علیرضا»
    assert search(session, "علی نوری") == []  # every word must match


def test_arabic_yeh_and_kaf_in_the_query(session: Session, people: dict[str, int]) -> None:
    expected = [people["arabic_letters"]]
    assert search(session, "کاظمی") == expected
    assert search(session, "كاظمي") == expected
    assert search(session, "علي كاظمي") == expected
    assert search(session, "رضائی") == [people["ali_rezaei"]]  # ئ folds to ی


@pytest.mark.parametrize("number", ["12", "۱۲", "١٢"])
def test_persian_and_arabic_digits_in_the_query(
    session: Session, people: dict[str, int], number: str
) -> None:
    assert search(session, f"پلاک {number}") == [people["ali_rezaei"]]


@pytest.mark.parametrize("number", ["34", "۳۴", "٣٤"])
def test_digits_stored_in_arabic_form(
    session: Session, people: dict[str, int], number: str
) -> None:
    assert search(session, f"پلاك {number}") == [people["arabic_letters"]]


def test_abdollah_found_written_together_or_apart(session: Session, people: dict[str, int]) -> None:
    both = [people["abdollah_split"], people["abdollah_joined"]]
    assert search(session, "عبدالله") == [*both, people["zwnj"]]
    assert search(session, "عبد الله") == [*both, people["zwnj"]]
    assert search(session, "عبداللهکریمی") == [people["abdollah_split"]]
    assert search(session, "عبدالله کریمی") == [people["abdollah_split"]]
    assert search(session, "عبد اللهنوری") == [people["abdollah_joined"]]  # spaces anywhere
    assert search(session, "عبد الله تهران") == []


@pytest.mark.parametrize("query", ["عبدالله\u200cزاده", "عبداللهزاده", "عبدالله زاده", "عبدالله‌زا"])
def test_zwnj_in_names(session: Session, people: dict[str, int], query: str) -> None:
    assert search(session, query) == [people["zwnj"]]


def test_latin_text_is_case_insensitive(session: Session, people: dict[str, int]) -> None:
    assert search(session, "JON") == [people["latin"]]


@pytest.mark.parametrize("query", ["ناشناس", "", "   ", "؟!", "\u200c"])
def test_no_match_is_empty(session: Session, people: dict[str, int], query: str) -> None:
    assert search(session, query) == []


def test_results_are_ordered_by_id_and_limited(session: Session) -> None:
    ids = [add_subscriber(session, "محمد", f"نام{i}").id for i in range(12)]
    add_subscriber(session, "زهرا", "احمدی")
    assert search(session, "محمد", limit=5) == ids[:5]
    assert search(session, "محم") == ids
    assert search(session, "محمد", limit=0) == []


def test_naive_like_baseline_finds_substrings(session: Session, people: dict[str, int]) -> None:
    conn = session.connection()
    found = adapter_for(conn).naive_like_search(conn, "ضایی")
    assert found == [people["ali_rezaei"]]
    assert adapter_for(conn).naive_like_search(conn, "100%_") == []


# --- the index follows the table --------------------------------------------------------------


def test_update_and_delete_keep_the_index_in_sync(session: Session) -> None:
    sub = add_subscriber(session, "بهرام", "فرهادی")
    session.commit()
    assert search(session, "فرهادی") == [sub.id]

    sub.last_name = "صادقی"
    index_subscriber(session, sub)
    session.commit()
    assert search(session, "فرهادی") == []
    assert search(session, "صادقی") == [sub.id]

    session.delete(session.get(SubscriberSearch, sub.id))
    session.commit()
    assert search(session, "صادقی") == []
    integrity_check(session)


def test_cascade_delete_of_a_subscriber_leaves_the_index_consistent(session: Session) -> None:
    sub = add_subscriber(session, "کامران", "سلیمی")
    session.commit()
    session.execute(delete(Subscriber).where(Subscriber.id == sub.id))
    session.commit()
    assert search(session, "سلیمی") == []
    integrity_check(session)


def test_integrity_check_can_fail(session: Session) -> None:
    add_subscriber(session, "نادر", "شریفی")
    session.commit()
    conn = session.connection()
    conn.exec_driver_sql("DROP TRIGGER subscriber_search_fts_ad")
    conn.exec_driver_sql("DELETE FROM subscriber_search")
    with pytest.raises(DBAPIError):
        integrity_check(session)
    session.rollback()


def test_index_subscriber_is_an_upsert(session: Session) -> None:
    sub = add_subscriber(session, "لیلا", "مرادی")
    index_subscriber(session, sub)
    session.flush()
    rows = session.scalars(select(SubscriberSearch).where(SubscriberSearch.subscriber_id == sub.id))
    assert len(rows.all()) == 1


# --- hostile and arbitrary input --------------------------------------------------------------

HOSTILE = [
    '"',
    '""',
    "*",
    "'",
    "-",
    "^",
    "()",
    "(علی",
    "علی)",
    "NEAR(علی رضایی, 2)",
    "علی AND رضایی",
    "علی OR",
    "NOT علی",
    "words: علی",
    "{words joined}: علی",
    "joined:*",
    "رضا*",
    "+ - : ;",
    "\x00",
    "علی\x00رضا",
    "0\x00",
    "\ud800علی",
    "علی\u200f\u202e",
    "a" * 5000,
    " ".join(["علی"] * 200),
]


@pytest.mark.parametrize("query", HOSTILE)
def test_fts_syntax_in_the_query_never_raises(
    session: Session, people: dict[str, int], query: str
) -> None:
    assert isinstance(search(session, query), list)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=60))
def test_arbitrary_text_never_raises(engine: Engine, query: str) -> None:
    with engine.connect() as conn:
        result = adapter_for(conn).search_subscribers(conn, query, 10)
    assert isinstance(result, list)


_PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكئۀة"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(st.text(alphabet=_PERSIAN, min_size=2, max_size=8), min_size=2, max_size=4),
    data=st.data(),
)
def test_every_word_prefix_finds_its_subscriber(
    session: Session, names: list[str], data: st.DataObject
) -> None:
    sub = add_subscriber(session, names[0], " ".join(names[1:]))
    word = data.draw(st.sampled_from(names))
    prefix = word[: data.draw(st.integers(1, len(word)))]
    assert sub.id in search(session, prefix, limit=10_000)
    assert sub.id in search(session, "".join(names[:2]), limit=10_000)
    session.rollback()

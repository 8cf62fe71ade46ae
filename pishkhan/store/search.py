"""Search text of a subscriber: what goes into ``subscriber_search`` (DOMAIN.md §5).

``words`` is the search key of "first last father address"; ``joined`` adds every two and every
three adjacent words written together, so «عبد الله رضایی» also holds «عبدالله», «اللهرضایی» and
«عبداللهرضایی». A query matches when each of its words is a word prefix in ``words``, or when its
compact form (no spaces) is a prefix of a token in ``joined``; see ``store/dialect/`` for the SQL.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from pishkhan.domain.persian import search_key
from pishkhan.store.models import Subscriber, SubscriberSearch

NGRAM_MAX = 3
# Control characters and lone surrogates: SQLite cannot take them in an FTS query.
_UNSEARCHABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def tokens(key: str) -> list[str]:
    """The words of an already normalised search key (split on white space).

    Control characters are dropped and words without a letter or digit left out: they could
    never be searched for. Whatever FTS5's tokenizer splits further inside a word is split the
    same way in the stored text and in the query (a quoted phrase), so the two stay consistent.
    """
    if _UNSEARCHABLE.search(key):
        key = _UNSEARCHABLE.sub("", key)
    return [w for w in key.split() if w.isalnum() or any(c.isalnum() for c in w)]


def search_texts(
    first_name: str,
    last_name: str,
    father_name: str | None = None,
    address: str | None = None,
) -> tuple[str, str]:
    """Return ``(words, joined)`` for a subscriber's ``subscriber_search`` row."""
    words = search_key(" ".join(p for p in (first_name, last_name, father_name, address) if p))
    toks = tokens(words)
    grams = [
        "".join(toks[i : i + n]) for n in range(2, NGRAM_MAX + 1) for i in range(len(toks) - n + 1)
    ]
    joined = " ".join([words, *grams]) if grams else words
    return words, joined


def subscriber_texts(subscriber: Subscriber) -> tuple[str, str]:
    """``search_texts`` of a subscriber, its address taken from its property."""
    prop = subscriber.property
    return search_texts(
        subscriber.first_name,
        subscriber.last_name,
        subscriber.father_name,
        prop.address if prop is not None else None,
    )


def index_subscriber(session: Session, subscriber: Subscriber) -> SubscriberSearch:
    """Insert or update the search row of ``subscriber`` (in the session's transaction).

    The row is written only when its text changed, so re-saving an unchanged subscriber does not
    churn the full-text index.
    """
    if subscriber.id is None:
        session.flush()
    words, joined = subscriber_texts(subscriber)
    row = session.get(SubscriberSearch, subscriber.id)
    if row is None:
        row = SubscriberSearch(subscriber_id=subscriber.id, words=words, joined=joined)
        session.add(row)
    elif (row.words, row.joined) != (words, joined):
        row.words, row.joined = words, joined
    return row

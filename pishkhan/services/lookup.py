"""One search box that finds anything (UX.md "One box finds anything", issue 4 item 3).

:func:`detect` says what a typed or scanned text can be — an identifier of one or several kinds,
or a Persian name/address — and :func:`search` looks for it in the local store. A digit string
that fits several kinds (a 10-digit number can be a national code, a postal code, a
subscription number and a computer code) is searched as all of them; the hits say which kind
matched. Every digit set (ASCII, Persian, Arabic-Indic), spaces, dashes and thousands
separators are accepted; names are folded with ``domain.persian.search_key`` (Arabic Yeh/Kaf…).

No ORM object leaves this module: hits are plain frozen dataclasses, safe to hand to the GUI
thread.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pishkhan.domain.ids import (
    InvalidId,
    is_valid_bill_barcode,
    is_valid_bill_id,
    is_valid_mobile,
    is_valid_national_code,
    is_valid_postal_code,
    parse_mobile,
    parse_national_code,
)
from pishkhan.domain.persian import clean_number_input, search_key
from pishkhan.domain.requests import parse_tracking_code
from pishkhan.services.auth import Permission, SignedIn, require
from pishkhan.store import repo

MAX_LIMIT = 500
# Subscription numbers and computer codes are stored as at most 16 digits.
MAX_PLAIN_DIGITS = 16
_DIGITS = re.compile(r"[0-9]+")


class QueryKind(enum.Flag):
    """What a query can be. ``detect`` returns every kind that fits (a combination)."""

    NONE = 0
    SUBSCRIPTION_NO = enum.auto()
    BILL_ID = enum.auto()
    BILL_BARCODE = enum.auto()  # 26 digits: bill ID + payment ID, as scanned from a bill
    COMPUTER_CODE = enum.auto()
    NATIONAL_CODE = enum.auto()
    MOBILE = enum.auto()
    POSTAL_CODE = enum.auto()
    TRACKING_CODE = enum.auto()
    NAME = enum.auto()  # a name or an address (free text)

    @property
    def title(self) -> str:
        """Persian names of the kinds in this combination, joined with «/»."""
        return " / ".join(_TITLES[k] for k in _ORDER if k in self) or "—"


_TITLES: dict[QueryKind, str] = {
    QueryKind.SUBSCRIPTION_NO: "شماره اشتراک",
    QueryKind.BILL_ID: "شناسه قبض",
    QueryKind.BILL_BARCODE: "بارکد قبض",
    QueryKind.COMPUTER_CODE: "رمز رایانه",
    QueryKind.NATIONAL_CODE: "کد ملی",
    QueryKind.MOBILE: "شماره همراه",
    QueryKind.POSTAL_CODE: "کد پستی",
    QueryKind.TRACKING_CODE: "کد رهگیری",
    QueryKind.NAME: "نام یا نشانی",
}
# The order identifiers are tried and shown in: most specific first.
_ORDER: tuple[QueryKind, ...] = (
    QueryKind.BILL_BARCODE,
    QueryKind.TRACKING_CODE,
    QueryKind.BILL_ID,
    QueryKind.MOBILE,
    QueryKind.NATIONAL_CODE,
    QueryKind.POSTAL_CODE,
    QueryKind.SUBSCRIPTION_NO,
    QueryKind.COMPUTER_CODE,
    QueryKind.NAME,
)


def digits_of(text: str) -> str | None:
    """The ASCII digits of ``text`` when it is a number (any digit set, spaces, dashes), else
    None. A leading ``+`` (``+98…``) is kept for mobiles."""
    cleaned = clean_number_input(text)
    body = cleaned[1:] if cleaned.startswith("+") else cleaned
    if body and body.isascii() and _DIGITS.fullmatch(body):
        return cleaned
    return None


def _is_tracking(digits: str) -> bool:
    try:
        parse_tracking_code(digits)
    except InvalidId:
        return False
    return True


def detect(text: str) -> QueryKind:
    """Every kind ``text`` may be; ``QueryKind.NONE`` for nothing searchable. Never raises."""
    if not isinstance(text, str):
        return QueryKind.NONE
    number = digits_of(text)
    if number is None:
        return QueryKind.NAME if search_key(text).strip() else QueryKind.NONE
    kind = QueryKind.NONE
    if is_valid_mobile(number):
        kind |= QueryKind.MOBILE
    if number.startswith("+"):
        return kind
    if len(number) == 26 and is_valid_bill_barcode(number):
        kind |= QueryKind.BILL_BARCODE
    if len(number) == 12 and _is_tracking(number):
        kind |= QueryKind.TRACKING_CODE
    if is_valid_bill_id(number):
        kind |= QueryKind.BILL_ID
    if is_valid_national_code(number):
        kind |= QueryKind.NATIONAL_CODE
    if is_valid_postal_code(number):
        kind |= QueryKind.POSTAL_CODE
    if len(number) <= MAX_PLAIN_DIGITS:
        kind |= QueryKind.SUBSCRIPTION_NO | QueryKind.COMPUTER_CODE
    return kind


@dataclass(frozen=True, slots=True)
class SubscriberHit:
    """One row of the results table. ``subscriber_id`` is None for a request found by its
    tracking code that has no subscription yet (a new connection)."""

    subscriber_id: int | None
    subscription_no: str
    computer_code: str
    bill_id: str
    full_name: str
    father_name: str
    national_code: str
    mobile: str
    postal_code: str
    city: str
    address: str
    status: str
    balance_rials: int
    matched: QueryKind
    tracking_code: str = ""


def _hit(row: Any, matched: QueryKind) -> SubscriberHit:
    """A hit from a ``repo.subscriber_summaries`` row."""
    (sid, subscription_no, computer_code, bill_id, first, last, father, national_code, mobile,
     postal_code, city, address, status, balance) = row  # fmt: skip
    return SubscriberHit(
        subscriber_id=sid,
        subscription_no=subscription_no,
        computer_code=computer_code,
        bill_id=bill_id,
        full_name=f"{first} {last}".strip(),
        father_name=father or "",
        national_code=national_code or "",
        mobile=mobile or "",
        postal_code=postal_code or "",
        city=city,
        address=address,
        status=status,
        balance_rials=int(balance),
        matched=matched,
    )


def _identifier_ids(session: Session, kind: QueryKind, number: str, limit: int) -> list[int]:
    """Subscriber ids for one identifier kind (``number`` already detected as ``kind``)."""
    if kind is QueryKind.MOBILE:
        return repo.subscriber_ids_by(session, "mobile", parse_mobile(number), limit)
    if kind is QueryKind.NATIONAL_CODE:
        code = parse_national_code(number)
        return repo.subscriber_ids_by(session, "national_code", code, limit)
    if kind is QueryKind.POSTAL_CODE:
        return repo.subscriber_ids_by(session, "postal_code", number, limit)
    if kind is QueryKind.BILL_ID:
        return repo.subscriber_ids_by(session, "bill_id", number.lstrip("0"), limit)
    if kind is QueryKind.BILL_BARCODE:
        return repo.subscriber_ids_by(session, "bill_id", number[:13].lstrip("0"), limit)
    if kind is QueryKind.SUBSCRIPTION_NO:
        return repo.subscriber_ids_by(session, "subscription_no", number, limit)
    if kind is QueryKind.COMPUTER_CODE:
        return repo.subscriber_ids_by(session, "computer_code", number, limit)
    return []


def search(
    session: Session, who: SignedIn | None, text: str, limit: int = 50
) -> list[SubscriberHit]:
    """Subscribers matching ``text`` (at most ``limit``): identifier hits first, by kind.

    Raises ``PermissionDenied`` unless ``who`` may look subscribers up.
    """
    require(who, Permission.LOOKUP)
    limit = max(1, min(int(limit), MAX_LIMIT))
    kinds = detect(text)
    if kinds is QueryKind.NONE:
        return []
    if kinds is QueryKind.NAME:
        ids = repo.search_ids_by_name(session, text, limit)
        return [_hit(row, QueryKind.NAME) for row in repo.subscriber_summaries(session, ids)]

    number = digits_of(text) or ""
    matched: dict[int, QueryKind] = {}
    hits: list[SubscriberHit] = []
    for kind in _ORDER:
        if not kind & kinds or kind is QueryKind.NAME:
            continue
        if kind is QueryKind.TRACKING_CODE:
            hits.extend(_tracking_hits(session, number, matched))
            continue
        for sid in _identifier_ids(session, kind, number, limit):
            matched[sid] = matched.get(sid, QueryKind.NONE) | kind
    ids = list(matched)[: max(0, limit - len(hits))]
    hits.extend(_hit(row, matched[row[0]]) for row in repo.subscriber_summaries(session, ids))
    return hits[:limit]


def _tracking_hits(
    session: Session, number: str, matched: dict[int, QueryKind]
) -> list[SubscriberHit]:
    request = repo.find_by_tracking_code(session, number)
    if request is None:
        return []
    if request.subscriber_id is not None:
        matched[request.subscriber_id] = QueryKind.TRACKING_CODE
        return []
    return [
        SubscriberHit(
            subscriber_id=None,
            subscription_no="",
            computer_code="",
            bill_id="",
            full_name=request.applicant_name,
            father_name="",
            national_code=request.applicant_national_code or "",
            mobile=request.applicant_mobile or "",
            postal_code=request.postal_code or "",
            city="",
            address=request.address or "",
            status=request.stage,
            balance_rials=0,
            matched=QueryKind.TRACKING_CODE,
            tracking_code=request.tracking_code,
        )
    ]

"""Demo records → rows of the local store's tables (plain tuples, ready for ``executemany``).

Row ids are computed from the subscriber number, so any block can be turned into rows in any
process: subscriber, property and meter ids are ``base + number``; a subscriber's water and sewer
connections are ``base + 2·number − 1`` and ``+ 2·number``; its k-th reading, bill and payment
(k = 1…12) share ``base + 12·(number − 1) + k``. Requests and their stages are numbered by the
request's serial. Gaps (an unpaid bill has no payment) cost nothing.

Values are what SQLite stores for the column types of the models: dates as ``YYYY-MM-DD``,
date-times as ``YYYY-MM-DD HH:MM:SS.ffffff``, JSON as text, booleans as Python bools.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pishkhan.demo.records import DemoBlock, DemoRequest, DemoUser
from pishkhan.demo.schedule import READINGS
from pishkhan.domain.persian import search_key
from pishkhan.store.search import NGRAM_MAX, search_texts, tokens

Row = tuple[Any, ...]

# Insertion order (parents first) and the columns written, in row order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "properties": ("id", "postal_code", "city", "address", "in_village", "use", "units"),
    "subscribers": (
        "id", "uuid", "subscription_no", "computer_code", "bill_id", "national_code",
        "first_name", "last_name", "father_name", "mobile", "property_id", "status",
        "balance_rials", "server_rev", "updated_at",
    ),
    "subscriber_search": ("subscriber_id", "words", "joined"),
    "connections": ("id", "subscriber_id", "kind", "diameter", "installed_on", "status"),
    "meters": ("id", "connection_id", "serial", "digits", "installed_on", "initial_reading"),
    "readings": (
        "id", "uuid", "subscriber_id", "meter_id", "read_on", "value", "consumption_m3",
        "rolled_over", "source", "created_by", "created_at",
    ),
    "bills": (
        "id", "uuid", "subscriber_id", "reading_id", "bill_id", "payment_id", "period_year",
        "period_no", "prev_read_on", "curr_read_on", "prev_reading", "curr_reading", "days",
        "consumption_m3", "lines", "vat_rials", "amount_rials", "debt_carried_rials",
        "payable_rials", "issued_on", "due_on", "is_estimate", "status",
    ),
    "payments": (
        "id", "uuid", "kind", "subscriber_id", "bill_id", "payment_id", "amount_rials",
        "method", "terminal_ref", "channel", "paid_at", "business_day", "user_id",
    ),
    "requests": (
        "id", "uuid", "tracking_code", "type", "stage", "subscriber_id", "applicant_name",
        "applicant_national_code", "applicant_mobile", "postal_code", "address", "in_village",
        "details", "fee_rials", "counter_fee_rials", "created_by", "created_at", "updated_at",
    ),
    "request_stages": ("id", "request_id", "stage", "at", "by", "reason"),
}  # fmt: skip
USER_COLUMNS = ("id", "username", "full_name", "role", "password_hash", "active", "created_at")
STAGES_PER_REQUEST = 32  # id room per request for its stage history
_AT_SIX = " 06:00:00.000000"  # readings are recorded at 06:00 UTC of their day


@dataclass(frozen=True)
class IdBase:
    """The id each table's numbering starts after (0 in an empty database)."""

    properties: int = 0
    subscribers: int = 0
    connections: int = 0
    meters: int = 0
    readings: int = 0
    bills: int = 0
    payments: int = 0
    requests: int = 0
    request_stages: int = 0


_PART_KEYS: dict[str, str] = {}
_PART_KEYS_LIMIT = 200_000


def _part_key(part: str) -> str:
    """``search_key`` of one piece of a subscriber's search text, memoised (pieces repeat)."""
    key = _PART_KEYS.get(part)
    if key is None:
        key = search_key(part)
        if len(_PART_KEYS) >= _PART_KEYS_LIMIT:
            _PART_KEYS.clear()
        _PART_KEYS[part] = key
    return key


def demo_search_texts(
    first_name: str, last_name: str, father_name: str, address: str
) -> tuple[str, str]:
    """``store.search.search_texts`` of a demo subscriber, from memoised keys of its pieces.

    The key normalises character by character, turns «،» into a space and collapses spaces, so
    the key of the whole is the keys of the pieces (names, address parts between commas) joined
    by spaces, as long as no piece's key is empty; otherwise the whole text is keyed.
    """
    keys = [_part_key(first_name), _part_key(last_name), _part_key(father_name)]
    keys += [_part_key(piece) for piece in address.split("،")]
    if not all(keys):
        return search_texts(first_name, last_name, father_name, address)
    words = " ".join(keys)
    toks = tokens(words)
    grams = [
        "".join(toks[i : i + n]) for n in range(2, NGRAM_MAX + 1) for i in range(len(toks) - n + 1)
    ]
    return words, (" ".join([words, *grams]) if grams else words)


def sql_datetime(value: dt.datetime) -> str:
    return value.isoformat(sep=" ", timespec="microseconds")


@dataclass
class RowBuilder:
    """Turns blocks into rows; keeps small caches of formatted dates (one per process)."""

    user_ids: Mapping[str, int]
    base: IdBase = field(default_factory=IdBase)
    _dates: dict[dt.date, str] = field(default_factory=dict)

    def _date(self, value: dt.date) -> str:
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = value.isoformat()
        return text

    def _datetime(self, value: dt.datetime) -> str:
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = sql_datetime(value)
        return text

    def rows(self, block: DemoBlock) -> dict[str, list[Row]]:
        out: dict[str, list[Row]] = {table: [] for table in COLUMNS}
        b = self.base
        users = self.user_ids
        day, moment, iso = self._date, self._datetime, self._dates
        props, subs, search = out["properties"], out["subscribers"], out["subscriber_search"]
        conns, meters = out["connections"], out["meters"]
        readings, bills, payments = out["readings"], out["bills"], out["payments"]
        texts = demo_search_texts
        for a in block.accounts:
            n = a.number
            sid = b.subscribers + n
            p = a.property
            props.append(
                (b.properties + n, p.postal_code, p.city, p.address, p.in_village, p.use, p.units)
            )
            subs.append(
                (sid, a.uuid, a.subscription_no, a.computer_code, a.bill_id, a.national_code,
                 a.first_name, a.last_name, a.father_name, a.mobile, b.properties + n, a.status,
                 a.balance_rials, 0, moment(a.updated_at))
            )  # fmt: skip
            search.append((sid, *texts(a.first_name, a.last_name, a.father_name, p.address)))
            water_id = b.connections + 2 * n - 1
            w = a.water
            conns.append((water_id, sid, w.kind, w.diameter, day(w.installed_on), w.status))
            if a.sewer is not None:
                s = a.sewer
                conns.append((water_id + 1, sid, s.kind, s.diameter, day(s.installed_on), s.status))
            m = a.meter
            mid = b.meters + n
            meters.append(
                (mid, water_id, m.serial, m.digits, day(m.installed_on), m.initial_reading)
            )
            first = (n - 1) * READINGS + 1
            bill_id = a.bill_id
            for k, (r, bill) in enumerate(zip(a.readings, a.bills, strict=True)):
                # Unpacking is the cheapest way to read a named tuple.
                r_uuid, r_on, value, used, rolled, source, r_user = r
                (b_uuid, payment_id, year, period, prev_on, prev_value, days, c, _issued,
                 due_on, status, pay) = bill  # fmt: skip
                rid = b.readings + first + k
                read_on = iso.get(r_on) or day(r_on)
                readings.append(
                    (rid, r_uuid, sid, mid, read_on, value, used, rolled, source,
                     users.get(r_user) if r_user else None, read_on + _AT_SIX)
                )  # fmt: skip
                bills.append(
                    (b.bills + first + k, b_uuid, sid, rid, bill_id, payment_id, year, period,
                     iso.get(prev_on) or day(prev_on), read_on, prev_value, value, days, used,
                     c.lines_json, c.vat_rials, c.amount_rials, c.debt_rials, c.payable_rials,
                     read_on, iso.get(due_on) or day(due_on), False, status)
                )  # fmt: skip
                if pay is not None:
                    p_uuid, amount, method, channel, ref, paid_at, business_day, p_user = pay
                    payments.append(
                        (b.payments + first + k, p_uuid, "bill", sid, bill_id, payment_id,
                         amount, method, ref, channel, sql_datetime(paid_at),
                         iso.get(business_day) or day(business_day),
                         users.get(p_user) if p_user else None)
                    )  # fmt: skip
        self._requests_rows(block.requests, out["requests"], out["request_stages"])
        return out

    def _requests_rows(
        self, block_requests: list[DemoRequest], requests: list[Row], stages: list[Row]
    ) -> None:
        b = self.base
        users = self.user_ids
        for q in block_requests:
            serial = q.serial
            qid = b.requests + serial
            sid = b.subscribers + q.account_number if q.account_number is not None else None
            requests.append(
                (qid, q.uuid, q.tracking_code, q.type, q.stage, sid, q.applicant_name,
                 q.applicant_national_code, q.applicant_mobile, q.postal_code, q.address,
                 q.in_village, json.dumps(q.details, ensure_ascii=False), q.fee_rials,
                 q.counter_fee_rials, users.get(q.created_by), sql_datetime(q.created_at),
                 sql_datetime(q.updated_at))
            )  # fmt: skip
            if len(q.stages) > STAGES_PER_REQUEST:
                raise ValueError("a demo request has too long a history")
            first = b.request_stages + (serial - 1) * STAGES_PER_REQUEST + 1
            for j, s in enumerate(q.stages):
                stages.append((first + j, qid, s.stage, sql_datetime(s.at), s.by, s.reason))


def user_rows(users: list[tuple[int, DemoUser, str]], created_at: dt.datetime) -> list[Row]:
    """Rows of ``users``: (id, user, password hash)."""
    at = sql_datetime(created_at)
    return [(uid, u.username, u.full_name, u.role, h, True, at) for uid, u, h in users]

"""The bulk path of the demo generator: a block straight to table rows, no records.

:meth:`DemoGenerator.block` builds named-tuple records (the central server's seed and the tests
read them) and :class:`pishkhan.demo.rows.RowBuilder` turns them into rows; at a million
subscribers those 40 million records and the second pass over them cost about as much as the
rows themselves. :class:`FastRows` draws from the same random stream in the same order and
emits the same rows directly (``tests/demo`` compares the two paths block by block), with every
date and time string of a route formatted once per process instead of once per row.

Keep the two paths in step: a change to what ``DemoGenerator._account`` draws must be made here
too (the comparison test fails otherwise).
"""

from __future__ import annotations

import datetime as dt
import json
from bisect import bisect_right
from collections.abc import Mapping
from random import Random
from typing import Any

from pishkhan.demo import generator as g
from pishkhan.demo import people
from pishkhan.demo.fastids import _CHECK_CHAR, bill_id, payment_id_parts, weighted_sum
from pishkhan.demo.records import (
    UUID_BILL,
    UUID_PAYMENT,
    UUID_READING,
    UUID_SUBSCRIBER,
    DemoAccount,
    DemoBill,
    DemoConnection,
    DemoMeter,
    DemoProperty,
    DemoReading,
)
from pishkhan.demo.requests import block_requests
from pishkhan.demo.rows import COLUMNS, IdBase, Row, RowBuilder, demo_search_texts, sql_datetime
from pishkhan.demo.schedule import READINGS, Slot
from pishkhan.domain.tariff import Use, compute_bill

_AT_SIX = " 06:00:00.000000"
# " HH:MM:SS.ffffff" of generator._PAY_TIMES (all inside one day).
_PAY_TIME_TEXT = tuple(sql_datetime(dt.datetime(2000, 1, 1) + t)[10:] for t in g._PAY_TIMES)
_SOURCES = ("reader", "sms", "portal", "counter")
_Subject = tuple[Any, ...]  # what FastRows._account returns; _resolve makes it an account
_CHARGES_LIMIT = 400_000  # distinct priced periods kept (≈ 100,000 at a million subscribers)


class _RouteText:
    """A route's slots with their dates already formatted (one per route and process)."""

    __slots__ = ("pay_days", "slots", "text")

    def __init__(self, route: tuple[Slot, ...]) -> None:
        self.slots = route
        # per slot: (read_on, due_on, reading created_at)
        self.text = tuple(
            (s.read_on.isoformat(), s.due_on.isoformat(), s.read_on.isoformat() + _AT_SIX)
            for s in route
        )
        self.pay_days = tuple(tuple(d.isoformat() for d in s.pay_days) for s in route)


class FastRows:
    """Rows of the blocks of one generator, for ``RowBuilder(user_ids, base)``'s tables."""

    def __init__(self, gen: g.DemoGenerator, user_ids: Mapping[str, int], base: IdBase) -> None:
        self.gen = gen
        self.builder = RowBuilder(user_ids, base)
        self.base = base
        self._operator = user_ids.get(g.OPERATOR)
        self._methods = tuple(
            (method, channel, user_ids.get(user) if user else None, delay, digits)
            for method, channel, user, delay, digits in g._PAY_METHODS
        )
        self._routes = [_RouteText(gen.schedule.route(i)) for i in range(gen.schedule.routes)]
        # (used, days, units, use, diameter, sewer, year) -> (lines, vat, amount, payable)
        self._charges: dict[tuple[Any, ...], tuple[str, int, int, int]] = {}
        self._dates: dict[dt.date, str] = {}
        self._pay_parts: dict[tuple[int, int, int], tuple[str, int, int]] = {}

    def block(self, index: int) -> dict[str, list[Row]]:
        """The rows of block ``index``: ``RowBuilder.rows(gen.block(index))``, faster."""
        gen = self.gen
        rng = Random(f"pishkhan-demo/{gen.spec.seed}/{index}")
        first = index * g.BLOCK_SIZE + 1
        last = min(first + g.BLOCK_SIZE - 1, gen.spec.subscribers)
        out: dict[str, list[Row]] = {table: [] for table in COLUMNS}
        subjects = [self._account(rng, n, out) for n in range(first, last + 1)]
        requests = block_requests(gen, rng, index, subjects, _resolve)
        self.builder._requests_rows(requests, out["requests"], out["request_stages"])
        return out

    def _day(self, value: dt.date) -> str:
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = value.isoformat()
        return text

    def _price(self, key: tuple[Any, ...]) -> tuple[str, int, int, int]:
        found = self._charges.get(key)
        if found is None:
            used, days, units, use, diameter, sewer, year = key
            calc = compute_bill(
                used, days, units, Use(use), diameter, sewer, year, self.gen.tariff, 0
            )
            lines = json.dumps(
                [[line.code, line.amount_rials] for line in calc.lines], separators=(",", ":")
            )
            found = (lines, calc.vat, calc.total, calc.payable)
            if len(self._charges) >= _CHARGES_LIMIT:
                self._charges.clear()
            self._charges[key] = found
        return found

    def _parts(self, key: tuple[int, int, int]) -> tuple[str, int, int]:
        if len(self._pay_parts) >= _CHARGES_LIMIT:
            self._pay_parts.clear()
        found = self._pay_parts[key] = payment_id_parts(*key)
        return found

    def _account(self, rng: Random, number: int, out: dict[str, list[Row]]) -> _Subject:
        """Mirror of ``DemoGenerator._account`` (same draws, same order) writing rows."""
        gen = self.gen
        rand = rng.random
        who = people.person(rng)
        where = people.place(rng)
        use = g._USES.pick(rng)
        if use is Use.RESIDENTIAL:
            units = g._RES_UNITS.pick(rng)
            rank = 0 if units <= 2 else (1 if units <= 5 else 2)
            rank += 1 if rand() < 0.15 else 0
            monthly = 5 + 17 * rand() ** 1.5 if rand() > 0.05 else 25 + 30 * rand()
        elif use is Use.COMMERCIAL:
            units = g._COM_UNITS.pick(rng)
            rank = int(rand() ** 2 * 3)
            monthly = 4 + 30 * rand() ** 2
        else:
            units = 1
            rank = 2 + int(rand() * 3)
            monthly = 30 + 200 * rand() ** 2
        diameters = gen._diameters
        diameter = diameters[min(rank, len(diameters) - 1)]
        has_sewer = rand() < (0.25 if where.in_village else 0.73)
        rt = self._routes[int(rand() * len(self._routes))]
        route, texts, pay_texts = rt.slots, rt.text, rt.pay_days
        total_monthly = monthly * units

        digits = 5 if rand() < (0.8 if use is Use.RESIDENTIAL else 0.4) else 6
        limit = 10**digits
        months_since = 6 + int(rand() * 170)
        installed_on = route[0].read_on - dt.timedelta(days=months_since * 30)
        if rand() < 0.025:
            value = max(0, limit - 1 - int(total_monthly * (1 + 19 * rand())))
            initial = max(0, value - int(total_monthly * months_since))
        else:
            initial = 0 if rand() < 0.7 else int(rand() * limit / 2)
            value = (initial + int(total_monthly * months_since)) % limit
        serial = f"KM{installed_on.year % 100:02d}{number:08d}"

        unpaid = g._UNPAID.pick(rng) if rand() < 0.10 else 0
        first_unpaid = READINGS - unpaid
        subscription = 10_000_000 + number
        the_bill_id = bill_id(subscription, gen.spec.company_code, gen._service)
        bill_number = int(the_bill_id)
        bill_sums: list[int | None] = [None] * 6
        parts_get = self._pay_parts.get

        b = self.base
        sid = b.subscribers + number
        mid = b.meters + number
        water_id = b.connections + 2 * number - 1
        row_first = (number - 1) * READINGS + 1
        rid0, bid0, pid0 = b.readings + row_first, b.bills + row_first, b.payments + row_first
        readings, bills, payments = out["readings"], out["bills"], out["payments"]
        p_reading = gen._prefix[UUID_READING]
        p_bill = gen._prefix[UUID_BILL]
        p_payment = gen._prefix[UUID_PAYMENT]
        base_counter = row_first  # counter of the k-th record: (number - 1)·12 + k + 1
        operator = self._operator
        methods = self._methods
        price = self._price
        charges_get = self._charges.get
        getbits = rng.getrandbits
        use_value = use.value
        vacancy = 0.015 if use is Use.RESIDENTIAL else 0.0
        debt = 0
        payment_id = ""
        read_text = texts[0][0]
        n_times = len(_PAY_TIME_TEXT)
        for k in range(READINGS):
            slot = route[k + 1]
            prev_text = read_text
            read_text, due_text, created_text = texts[k + 1]
            days = slot.days
            if rand() < vacancy:
                used = 0
            else:
                noise = 0.8 + 0.4 * rand()
                used = int(total_monthly * days / 30 * slot.season * noise + 0.5)
            previous = value
            value = (value + used) % limit
            r = rand()
            source = _SOURCES[0 if r < 0.86 else 1 if r < 0.91 else 2 if r < 0.96 else 3]
            counter = f"{base_counter + k:012x}"
            rid = rid0 + k
            readings.append(
                (rid, p_reading + counter, sid, mid, read_text, value, used, value < previous,
                 source, operator if source == "counter" else None, created_text)
            )  # fmt: skip
            year = slot.year
            key = (used, days, units, use_value, diameter, has_sewer, year)
            lines, vat, amount, payable = charges_get(key) or price(key)
            carried = debt if k > first_unpaid else 0
            if carried:
                gross = amount + carried
                payable = gross // 1000 * 1000 if gross > 0 else 0
            part_key = (payable, year, slot.period)
            head, partial, shift = parts_get(part_key) or self._parts(part_key)
            bill_sum = bill_sums[shift]
            if bill_sum is None:
                bill_sum = bill_sums[shift] = weighted_sum(bill_number, shift)
            payment_id = head + _CHECK_CHAR[(partial + bill_sum) % 11]
            if k < first_unpaid:
                status = "paid"
                method, channel, user, delay_0, ref_digits = methods[
                    bisect_right(g._PAY_CUMULATIVE, rand())
                ]
                delay = delay_0 + int(35 * rand() ** 2)
                paid_on = pay_texts[k + 1][delay]
                paid_at = paid_on + _PAY_TIME_TEXT[int(rand() * n_times)]
                ref = str(getbits(40) % 10**ref_digits).zfill(ref_digits) if ref_digits else None
                payments.append(
                    (pid0 + k, p_payment + counter, "bill", sid, the_bill_id, payment_id,
                     payable, method, ref, channel, paid_at, paid_on, user)
                )  # fmt: skip
            else:
                status = "issued" if k == READINGS - 1 else "replaced"
                debt = payable
            bills.append(
                (bid0 + k, p_bill + counter, sid, rid, the_bill_id, payment_id, year,
                 slot.period, prev_text, read_text, previous, value, days, used, lines, vat,
                 amount, carried, payable, read_text, due_text, False, status)
            )  # fmt: skip

        day = self._day
        conn_installed = installed_on - dt.timedelta(days=int(rand() * 3) * 365)
        status = "cut" if unpaid == 3 and rand() < 0.4 else "active"
        pid = b.properties + number
        out["properties"].append(
            (pid, where.postal_code, where.city, where.address, where.in_village, use_value, units)
        )
        out["subscribers"].append(
            (sid, gen.uuid(UUID_SUBSCRIBER, number), str(subscription),
             f"{(number * 7_654_321 + gen._tag) % 10_000_000:07d}", the_bill_id,
             who.national_code, who.first_name, who.last_name, who.father_name, who.mobile, pid,
             status, debt, 0, texts[-1][0] + " 00:00:00.000000")
        )  # fmt: skip
        out["subscriber_search"].append(
            (sid, *demo_search_texts(who.first_name, who.last_name, who.father_name, where.address))
        )
        conns = out["connections"]
        conns.append((water_id, sid, "water", diameter, day(conn_installed), "active"))
        if has_sewer:
            conns.append((water_id + 1, sid, "sewer", diameter, day(installed_on), "active"))
        out["meters"].append((mid, water_id, serial, digits, day(installed_on), initial))

        # What block_requests may read of the account, made into one only for the few it picks.
        return (number, who, where, use_value, units, subscription, the_bill_id, status, debt,
                route[-1], diameter, conn_installed, installed_on, has_sewer, serial, digits,
                initial, value, p_bill, base_counter + READINGS - 1, payment_id)  # fmt: skip


def _resolve(raw: _Subject) -> DemoAccount:
    """The account of a :meth:`FastRows._account` summary; its last reading and bill are all
    of its history that ``block_requests`` reads."""
    (number, who, where, use_value, units, subscription, the_bill_id, status, debt, last_slot,
     diameter, conn_installed, installed_on, has_sewer, serial, digits, initial, value, p_bill,
     last_counter, payment_id) = raw  # fmt: skip
    prop = DemoProperty(
        where.postal_code, where.city, where.address, where.in_village, use_value, units
    )
    return DemoAccount(
        number=number,
        uuid="",
        subscription_no=str(subscription),
        computer_code="",
        bill_id=the_bill_id,
        national_code=who.national_code,
        first_name=who.first_name,
        last_name=who.last_name,
        father_name=who.father_name,
        mobile=who.mobile,
        status=status,
        balance_rials=debt,
        updated_at=last_slot.midnight,
        property=prop,
        water=DemoConnection("water", diameter, conn_installed, "active"),
        sewer=DemoConnection("sewer", diameter, installed_on, "active") if has_sewer else None,
        meter=DemoMeter(serial, digits, installed_on, initial),
        readings=(DemoReading("", last_slot.read_on, value, 0, False, "", None),),
        bills=(_last_bill(p_bill, last_counter, payment_id, last_slot),),
    )


def _last_bill(prefix: str, counter: int, payment_id: str, slot: Slot) -> DemoBill:
    return DemoBill(
        f"{prefix}{counter:012x}", payment_id, slot.year, slot.period, slot.read_on, 0,
        slot.days, None, slot.read_on, slot.due_on, "", None,  # type: ignore[arg-type]
    )  # fmt: skip

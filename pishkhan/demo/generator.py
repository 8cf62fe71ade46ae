"""Deterministic demo data: subscribers with two years of readings, bills and payments.

Pure: no I/O, no clock (``today`` is a parameter), no global random state. The data set is cut
into blocks of :data:`BLOCK_SIZE` subscribers, each drawn from its own ``random.Random`` seeded
with the seed and the block number, so any block can be generated alone, in any process, and the
same seed always gives byte-identical records. The reference central server seeds itself from
the same generator, so UUIDs, bill IDs and tracking codes agree between the desk and the server.

Distribution choices are listed in :data:`DISTRIBUTION` (for documentation and the report).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from random import Random
from typing import Any, Protocol

from pishkhan.demo import people
from pishkhan.demo.fastids import PaymentIds, bill_id
from pishkhan.demo.names import COUNTER_USERS, DEMO_PASSWORD
from pishkhan.demo.records import (
    UUID_BILL,
    UUID_PAYMENT,
    UUID_READING,
    UUID_SUBSCRIBER,
    BillCharges,
    DemoAccount,
    DemoBill,
    DemoBlock,
    DemoConnection,
    DemoMeter,
    DemoPayment,
    DemoProperty,
    DemoReading,
    DemoUser,
)
from pishkhan.demo.requests import block_requests
from pishkhan.demo.schedule import READINGS, Schedule
from pishkhan.domain.ids import ServiceType
from pishkhan.domain.money import round_down_thousands
from pishkhan.domain.tariff import DEFAULT_TARIFF_MAPPING, TariffConfig, Use, compute_bill
from pishkhan.domain.tariff_config import parse_diameter

OPERATOR, CLERK = COUNTER_USERS[0][0], COUNTER_USERS[1][0]
BLOCK_SIZE = 1000  # part of the data definition: changing it changes the data
MAX_SUBSCRIBERS = 5_000_000  # computer codes are a permutation of 7 digits
_CHARGES_CACHE_LIMIT = 150_000  # ≈ 1 KB each; the demo needs ≈ 90,000

DISTRIBUTION: Mapping[str, str] = {
    "use": "residential 85%, commercial 11%, public 4%",
    "units": "residential 1 (55%) … 8; commercial 1–3; public 1",
    "sewer": "73% in towns, 25% in villages (≈ 70% overall)",
    "village": "12% of properties",
    "meter": "5 digits (75%) or 6; 2.5% start close enough to the top to roll over",
    "consumption": "m³ per unit per month: homes 5–22 (5% heavy users 25–55), shops 4–34, "
    "public 30–230; × season (0.8 winter … 1.35 late summer) ± 20%; 1.5% of home periods 0",
    "readings": "every 63 days on a fixed route day (never a Friday), the last ≥ 5 days ago",
    "payments": "portal 30%, card 30%, cash 15%, bank 15%, field POS 10%; never on a Friday",
    "debtors": "10%: the last 1 (50%), 2 (30%) or 3 (20%) bills unpaid; 40% of 3-bill debtors cut",
    "requests": "≈ 0.75% of subscribers (0.6% after-sales, 0.15% new connections); 5/6 open "
    "at every stage (a quarter waiting for documents), the rest closed or rejected",
}

_USES = people.Weighted([(Use.RESIDENTIAL, 85.0), (Use.COMMERCIAL, 11.0), (Use.PUBLIC, 4.0)])
_RES_UNITS = people.Weighted(
    [(1, 55.0), (2, 18.0), (3, 9.0), (4, 7.0), (5, 4.0), (6, 4.0), (7, 1.5), (8, 1.5)]
)
_COM_UNITS = people.Weighted([(1, 80.0), (2, 15.0), (3, 5.0)])
# Payment methods: (method, channel, user, first possible delay in days, reference digits).
_PAY_METHODS = (
    ("portal", "portal", None, 0, 10),
    ("card", "counter", CLERK, 1, 12),
    ("cash", "counter", CLERK, 1, 0),
    ("bank", "bank", None, 0, 10),
    ("pos", "field", None, 1, 12),
)
_PAY_CUMULATIVE = (0.30, 0.60, 0.75, 0.90)  # bisect → 30%, 30%, 15%, 15%, 10%
# Time of a payment in UTC after the business day's 00:00 (Iran time 08:00–14:00).
_PAY_TIMES = tuple(
    dt.timedelta(seconds=s) for s in range(5 * 3600 - 30 * 60, 10 * 3600 + 30 * 60, 7)
)
_UNPAID = people.Weighted([(1, 50.0), (2, 30.0), (3, 20.0)])


class ConfigLike(Protocol):
    """What the generator reads of ``pishkhan.config.Config`` (not imported: the central server
    seeds itself from this module without the desk's configuration layer)."""

    @property
    def company_code(self) -> str: ...
    @property
    def branch_code(self) -> int: ...
    @property
    def raw(self) -> Mapping[str, Any]: ...


def demo_users() -> tuple[DemoUser, ...]:
    """The demo's users; every one signs in with the documented password ``pishkhan``."""
    return tuple(DemoUser(u, name, role, DEMO_PASSWORD) for u, name, role in COUNTER_USERS)


@dataclass(frozen=True)
class DemoSpec:
    """What to generate. Plain values only, so a spec can be sent to another process."""

    subscribers: int
    seed: int
    today: dt.date
    company_code: str = "476"
    branch_code: int = 1101
    tariff: Mapping[str, Any] = field(default_factory=lambda: DEFAULT_TARIFF_MAPPING)
    fees: Mapping[str, Any] | None = None  # domain.requests.FeeConfig mapping; None: defaults

    def __post_init__(self) -> None:
        if not 0 <= self.subscribers <= MAX_SUBSCRIBERS:
            raise ValueError(f"subscribers must be 0 … {MAX_SUBSCRIBERS}")

    @classmethod
    def from_config(
        cls, config: ConfigLike, *, subscribers: int, seed: int, today: dt.date
    ) -> DemoSpec:
        """From a ``pishkhan.config.Config``: company, branch, tariff and request fees."""
        return cls(
            subscribers=subscribers,
            seed=seed,
            today=today,
            company_code=config.company_code,
            branch_code=config.branch_code,
            tariff=config.raw["tariff"],
            fees=config.raw.get("fees"),
        )

    @property
    def blocks(self) -> int:
        return -(-self.subscribers // BLOCK_SIZE)


def seed_tag(seed: int) -> int:
    """32 bits that stand for ``seed`` in UUIDs and permutations (stable across runs)."""
    return int.from_bytes(hashlib.sha256(f"pishkhan-demo:{seed}".encode()).digest()[:4], "big")


def uuid_prefix(seed: int, kind: int) -> str:
    """Demo UUIDs are version 8 (custom): seed tag, record kind, then a counter.

    They sort in insertion order, so the unique indexes grow at their right edge.
    """
    return f"{seed_tag(seed):08x}-{kind:04x}-8000-8000-"


class DemoGenerator:
    """Generates the blocks of one :class:`DemoSpec`. Not thread-safe (it memoises bills)."""

    def __init__(self, spec: DemoSpec) -> None:
        self.spec = spec
        self.tariff = TariffConfig.from_mapping(spec.tariff)
        self.schedule = Schedule(spec.today)
        self._tag = seed_tag(spec.seed)
        self._prefix = {k: uuid_prefix(spec.seed, k) for k in range(1, 6)}
        self._charges: dict[tuple[Any, ...], BillCharges] = {}
        self._thousands: dict[int, tuple[int, int, int]] = {}
        keys = sorted(spec.tariff["fixed_charges"], key=parse_diameter)
        self._diameters: tuple[str, ...] = tuple(keys)
        self._service = ServiceType.WATER.value

    # -- blocks ------------------------------------------------------------------------------

    def block(self, index: int) -> DemoBlock:
        """Block ``index``: accounts ``index·BLOCK_SIZE + 1 …``, then its requests."""
        rng = Random(f"pishkhan-demo/{self.spec.seed}/{index}")
        first = index * BLOCK_SIZE + 1
        last = min(first + BLOCK_SIZE - 1, self.spec.subscribers)
        accounts = [self._account(rng, n) for n in range(first, last + 1)]
        return DemoBlock(index, accounts, block_requests(self, rng, index, accounts))

    def blocks(self, start: int = 0, stop: int | None = None, step: int = 1) -> Iterator[DemoBlock]:
        stop = self.spec.blocks if stop is None else min(stop, self.spec.blocks)
        for index in range(start, stop, step):
            yield self.block(index)

    def uuid(self, kind: int, counter: int) -> str:
        return f"{self._prefix[kind]}{counter:012x}"

    # -- one subscriber ----------------------------------------------------------------------

    def _account(self, rng: Random, number: int) -> DemoAccount:
        rand = rng.random
        who = people.person(rng)
        where = people.place(rng)
        use = _USES.pick(rng)
        if use is Use.RESIDENTIAL:
            units = _RES_UNITS.pick(rng)
            rank = 0 if units <= 2 else (1 if units <= 5 else 2)
            rank += 1 if rand() < 0.15 else 0
            monthly = 5 + 17 * rand() ** 1.5 if rand() > 0.05 else 25 + 30 * rand()
        elif use is Use.COMMERCIAL:
            units = _COM_UNITS.pick(rng)
            rank = int(rand() ** 2 * 3)
            monthly = 4 + 30 * rand() ** 2
        else:
            units = 1
            rank = 2 + int(rand() * 3)
            monthly = 30 + 200 * rand() ** 2
        diameter = self._diameters[min(rank, len(self._diameters) - 1)]
        has_sewer = rand() < (0.25 if where.in_village else 0.73)
        route = self.schedule.route(int(rand() * self.schedule.routes))
        total_monthly = monthly * units

        # Meter: installed months before the first reading of the window.
        digits = 5 if rand() < (0.8 if use is Use.RESIDENTIAL else 0.4) else 6
        limit = 10**digits
        months_since = 6 + int(rand() * 170)
        installed_on = route[0].read_on - dt.timedelta(days=months_since * 30)
        if rand() < 0.025:  # close to the top: rolls over inside the window
            value = max(0, limit - 1 - int(total_monthly * (1 + 19 * rand())))
            initial = max(0, value - int(total_monthly * months_since))
        else:
            initial = 0 if rand() < 0.7 else int(rand() * limit / 2)
            value = (initial + int(total_monthly * months_since)) % limit
        serial = f"KM{installed_on.year % 100:02d}{number:08d}"
        meter = DemoMeter(serial, digits, installed_on, initial)

        unpaid = _UNPAID.pick(rng) if rand() < 0.10 else 0
        first_unpaid = READINGS - unpaid
        subscription = 10_000_000 + number
        the_bill_id = bill_id(subscription, self.spec.company_code, self._service)
        make_payment_id = PaymentIds(the_bill_id, self._thousands).make
        base = (number - 1) * READINGS
        readings: list[DemoReading] = []
        bills: list[DemoBill] = []
        debt = 0
        cache, getbits, midnight = self._charges, rng.getrandbits, self.schedule.midnight
        p_reading, p_bill, p_payment = (
            self._prefix[UUID_READING],
            self._prefix[UUID_BILL],
            self._prefix[UUID_PAYMENT],
        )
        vacancy = 0.015 if use is Use.RESIDENTIAL else 0.0
        # Records are built with ``tuple.__new__``: the named tuples' own ``__new__`` is a
        # Python-level function, and there are some 36 records per subscriber.
        new = tuple.__new__
        n_pay_times = len(_PAY_TIMES)
        prev_on = route[0].read_on
        for k in range(READINGS):
            read_on, year, period, days, season, due_on, _, pay_days = route[k + 1]
            if rand() < vacancy:
                used = 0  # away or vacant
            else:
                noise = 0.8 + 0.4 * rand()
                used = int(total_monthly * days / 30 * season * noise + 0.5)
            previous = value
            value = (value + used) % limit
            r = rand()
            # readers 86%, SMS 5%, portal 5%, at the counter 4%
            source = (
                "reader" if r < 0.86 else "sms" if r < 0.91 else "portal" if r < 0.96 else "counter"
            )
            counter = f"{base + k + 1:012x}"
            readings.append(
                new(
                    DemoReading,
                    (
                        p_reading + counter,
                        read_on,
                        value,
                        used,
                        value < previous,
                        source,
                        OPERATOR if source == "counter" else None,
                    ),
                )
            )
            carried = debt if k > first_unpaid else 0
            key = (used, days, units, use, diameter, has_sewer, year, carried)
            charges = cache.get(key) or self._compute(key)
            payable = charges.payable_rials
            if k < first_unpaid:
                status = "paid"
                method, channel, clerk, delay_0, ref_digits = _PAY_METHODS[
                    bisect_right(_PAY_CUMULATIVE, rand())
                ]
                day = pay_days[delay_0 + int(35 * rand() ** 2)]
                paid_at = midnight(day) + _PAY_TIMES[int(rand() * n_pay_times)]
                if ref_digits:
                    ref: str | None = str(getbits(40) % 10**ref_digits).zfill(ref_digits)
                else:
                    ref = None
                payment: DemoPayment | None = new(
                    DemoPayment,
                    (p_payment + counter, payable, method, channel, ref, paid_at, day, clerk),
                )
            else:
                status = "issued" if k == READINGS - 1 else "replaced"
                payment = None
                debt = payable
            bills.append(
                new(
                    DemoBill,
                    (
                        p_bill + counter,
                        make_payment_id(payable, year, period),
                        year,
                        period,
                        prev_on,
                        previous,
                        days,
                        charges,
                        read_on,
                        due_on,
                        status,
                        payment,
                    ),
                )
            )
            prev_on = read_on

        prop = DemoProperty(
            where.postal_code, where.city, where.address, where.in_village, use.value, units
        )
        conn_installed = installed_on - dt.timedelta(days=int(rand() * 3) * 365)
        water = DemoConnection("water", diameter, conn_installed, "active")
        sewer = DemoConnection("sewer", diameter, installed_on, "active") if has_sewer else None
        status = "cut" if unpaid == 3 and rand() < 0.4 else "active"
        return DemoAccount(
            number=number,
            uuid=self.uuid(UUID_SUBSCRIBER, number),
            subscription_no=str(subscription),
            computer_code=f"{(number * 7_654_321 + self._tag) % 10_000_000:07d}",
            bill_id=the_bill_id,
            national_code=who.national_code,
            first_name=who.first_name,
            last_name=who.last_name,
            father_name=who.father_name,
            mobile=who.mobile,
            status=status,
            balance_rials=debt,
            updated_at=route[-1].midnight,
            property=prop,
            water=water,
            sewer=sewer,
            meter=meter,
            readings=tuple(readings),
            bills=tuple(bills),
        )

    def charges(
        self,
        consumption: int,
        days: int,
        units: int,
        use: Use,
        diameter: str,
        has_sewer: bool,
        year: int,
        debt: int = 0,
    ) -> BillCharges:
        """``compute_bill`` memoised on its inputs (most bills share them)."""
        key = (consumption, days, units, use, diameter, has_sewer, year, debt)
        return self._charges.get(key) or self._compute(key)

    def _compute(self, key: tuple[Any, ...]) -> BillCharges:
        consumption, days, units, use, diameter, has_sewer, year, debt = key
        if debt:
            # A carried debt changes only the payable amount (``compute_bill`` adds it to the
            # total and rounds down): price the period once, without it, and add it here.
            plain = (*key[:-1], 0)
            base = self._charges.get(plain) or self._compute(plain)
            gross = base.amount_rials + debt
            payable = round_down_thousands(gross) if gross > 0 else 0
            return BillCharges(base.lines_json, base.vat_rials, base.amount_rials, debt, payable)
        calc = compute_bill(
            consumption, days, units, use, diameter, has_sewer, year, self.tariff, debt
        )
        # Codes and amounts only: titles come from the code (domain.tariff.line_title).
        lines_json = json.dumps(
            [[line.code, line.amount_rials] for line in calc.lines], separators=(",", ":")
        )
        result = BillCharges(lines_json, calc.vat, calc.total, debt, calc.payable)
        if len(self._charges) >= _CHARGES_CACHE_LIMIT:
            self._charges.clear()
        self._charges[key] = result
        return result

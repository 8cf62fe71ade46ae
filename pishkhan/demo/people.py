"""Random people and places for the demo data: names, identifiers and addresses.

Every function draws from the ``random.Random`` it is given and from nothing else, so the same
generator state gives the same person.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from random import Random
from typing import NamedTuple

from pishkhan.demo import names
from pishkhan.domain.persian import to_persian_digits


class Weighted[T]:
    """Pick items with fixed relative weights, in O(log n) per pick."""

    __slots__ = ("_cumulative", "_items", "_total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self._items = [item for item, _ in pairs]
        self._cumulative = list(itertools.accumulate(weight for _, weight in pairs))
        self._total = self._cumulative[-1]

    def pick(self, rng: Random) -> T:
        return self._items[bisect.bisect_right(self._cumulative, rng.random() * self._total)]


class Person(NamedTuple):
    first_name: str
    last_name: str
    father_name: str
    national_code: str
    mobile: str | None


class Place(NamedTuple):
    city: str
    address: str
    postal_code: str
    in_village: bool


_CITIES = Weighted([((name, prefix), weight) for name, weight, prefix in names.CITIES])
_FA = tuple(to_persian_digits(i) for i in range(400))
_POSTAL_DIGITS = "13456789"  # DOMAIN.md §2: no 0 or 2 in the first five digits


def national_code(rng: Random) -> str:
    """A valid 10-digit national code (DOMAIN.md §2) with a provincial prefix."""
    body = rng.choice(names.NATIONAL_CODE_PREFIXES) + f"{rng.getrandbits(20) % 1_000_000:06d}"
    total = sum(int(body[i]) * (10 - i) for i in range(9))
    r = total % 11
    return body + str(r if r < 2 else 11 - r)


def mobile(rng: Random) -> str:
    return rng.choice(names.MOBILE_PREFIXES) + f"{rng.getrandbits(24) % 10_000_000:07d}"


def postal_code(rng: Random, prefix: str) -> str:
    """A postal code that passes the lenient rule (first five digits from 1,3–9, not 4 alike)."""
    while True:
        head = prefix + "".join(rng.choice(_POSTAL_DIGITS) for _ in range(5 - len(prefix)))
        if len(set(head[:4])) > 1:
            return head + f"{rng.getrandbits(17) % 100_000:05d}"


def person(rng: Random, *, with_mobile: float = 0.92) -> Person:
    male = rng.random() < 0.55  # subscriptions are more often in a man's name
    first = rng.choice(names.MALE_FIRST_NAMES if male else names.FEMALE_FIRST_NAMES)
    return Person(
        first_name=first,
        last_name=rng.choice(names.LAST_NAMES),
        father_name=rng.choice(names.FATHER_NAMES),
        national_code=national_code(rng),
        mobile=mobile(rng) if rng.random() < with_mobile else None,
    )


def full_name(p: Person) -> str:
    return f"{p.first_name} {p.last_name}"


def _alley(rng: Random) -> str:
    if rng.random() < 0.5:
        return f"کوچه {_FA[1 + int(rng.random() * 60)]}"
    return f"کوچه {rng.choice(names.ALLEY_NAMES)}"


def place(rng: Random, *, village_share: float = 0.12) -> Place:
    """An address in a Kerman-province town or, with ``village_share``, in a nearby village."""
    city, prefix = _CITIES.pick(rng)
    plate = f"پلاک {_FA[1 + int(rng.random() * 250)]}"
    if rng.random() < village_share:
        village = rng.choice(names.VILLAGES.get(city, names.DEFAULT_VILLAGES))
        address = f"روستای {village}، {_alley(rng)}، {plate}"
        return Place(city, address, postal_code(rng, prefix), True)
    street = f"{rng.choice(names.STREET_KINDS)} {rng.choice(names.STREETS)}"
    if rng.random() < 0.15:
        address = f"{street}، نبش {_alley(rng)}، {plate}"
    else:
        address = f"{street}، {_alley(rng)}، {plate}"
    return Place(city, address, postal_code(rng, prefix), False)

"""Fast builders of bill and payment IDs for bulk generation.

``domain.ids.make_payment_id`` validates every argument and costs about 16 µs: twelve million
bills would spend over three minutes there. These builders compute the same mod-11 check digits
(DOMAIN.md §1) from table look-ups on three-digit groups, and the bill ID's share of the second
check digit is kept per subscriber. ``tests/demo`` checks them against ``domain.ids`` and every
generated pair is valid for ``domain.ids.parse_bill_payment``.
"""

from __future__ import annotations

_WEIGHTS = (2, 3, 4, 5, 6, 7)

# _GROUP[s][n]: weighted sum of the three digits of n (000–999) whose rightmost digit has the
# weight index s (weights run 2,3,4,5,6,7,2,… from the right).
_GROUP: tuple[tuple[int, ...], ...] = tuple(
    tuple(
        (n % 10) * _WEIGHTS[s % 6]
        + (n // 10 % 10) * _WEIGHTS[(s + 1) % 6]
        + (n // 100) * _WEIGHTS[(s + 2) % 6]
        for n in range(1000)
    )
    for s in range(6)
)


def weighted_sum(number: int, shift: int = 0) -> int:
    """Σ digitᵢ·weight(i + shift) over the decimal digits of ``number``, i = 0 at the right."""
    total = 0
    s = shift % 6
    while number:
        number, group = divmod(number, 1000)
        total += _GROUP[s][group]
        s = (s + 3) % 6
    return total


def check_digit(total: int) -> int:
    r = total % 11
    return 0 if r < 2 else 11 - r


_CHECK = tuple(check_digit(r) for r in range(11))  # by total % 11
_CHECK_CHAR = tuple(str(d) for d in _CHECK)


def bill_id(file_number: int, company_code: str, service: int) -> str:
    """Same result as ``domain.ids.make_bill_id`` for valid arguments."""
    body = file_number * 10_000 + int(company_code) * 10 + service
    return str(body * 10 + check_digit(weighted_sum(body)))


_THOUSANDS_CACHE_LIMIT = 50_000


class PaymentIds:
    """Payment IDs for one bill ID (its weighted sums cached per shift).

    ``thousands_cache`` may be shared between instances: it keeps, per amount in thousands, the
    two weighted sums and the digit count the check digits need.
    """

    __slots__ = ("_bill", "_cache", "_sums")

    def __init__(self, bill_id: str, thousands_cache: dict[int, tuple[int, int, int]]) -> None:
        self._bill = int(bill_id)
        self._sums: list[int | None] = [None] * 6
        self._cache = thousands_cache

    def make(self, amount_rials: int, year: int, period: int) -> str:
        """Same result as ``domain.ids.make_payment_id`` for a payable amount ≥ 1,000 rials."""
        thousands = amount_rials // 1000
        if not 0 < thousands <= 99_999_999 or not 0 <= period <= 99:
            raise ValueError(f"cannot make a payment ID for {amount_rials} rials")
        known = self._cache.get(thousands)
        if known is None:
            if len(self._cache) >= _THOUSANDS_CACHE_LIMIT:
                self._cache.clear()
            known = (weighted_sum(thousands, 3), weighted_sum(thousands, 4), len(str(thousands)))
            self._cache[thousands] = known
        ws3, ws4, digits = known
        tail = (year % 10) * 100 + period  # year digit and period: the body's last group
        # body = thousands·1000 + tail; payment = body·100 + C1·10 + C2
        c1 = _CHECK[(_GROUP[0][tail] + ws3) % 11]
        shift = (digits + 4) % 6  # the length of body and C1
        bill_sum = self._sums[shift]
        if bill_sum is None:
            bill_sum = self._sums[shift] = weighted_sum(self._bill, digits + 4)
        c2 = _CHECK_CHAR[(2 * c1 + _GROUP[1][tail] + ws4 + bill_sum) % 11]
        return f"{thousands}{tail:03d}{c1}{c2}"


def payment_id_parts(amount_rials: int, year: int, period: int) -> tuple[str, int, int]:
    """What a payment ID needs besides its bill ID: ``(head, partial, shift)``.

    The payment ID of bill ``b`` is ``head + _CHECK_CHAR[(partial + weighted_sum(b, shift)) %
    11]`` (same result as :meth:`PaymentIds.make`); amounts, years and periods repeat across
    subscribers, so a bulk generator caches these parts and pays only for the last digit.
    """
    thousands = amount_rials // 1000
    if not 0 < thousands <= 99_999_999 or not 0 <= period <= 99:
        raise ValueError(f"cannot make a payment ID for {amount_rials} rials")
    tail = (year % 10) * 100 + period
    digits = len(str(thousands))
    c1 = _CHECK[(_GROUP[0][tail] + weighted_sum(thousands, 3)) % 11]
    partial = 2 * c1 + _GROUP[1][tail] + weighted_sum(thousands, 4)
    return f"{thousands}{tail:03d}{c1}", partial, (digits + 4) % 6

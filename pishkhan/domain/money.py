"""Money: integer rials only, never floats.

Amounts are ``int`` rials everywhere. Percentages and rates are :class:`~decimal.Decimal`,
:class:`~fractions.Fraction`, ``int`` or decimal strings; a float is refused with TypeError
because ``0.1`` is not one tenth.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

#: Amount of money in whole rials (a plain ``int`` at runtime).
Rials = int
#: A percentage or multiplier given exactly.
type Rate = Decimal | Fraction | int | str

_HUNDRED = Fraction(100)


def to_fraction(value: Rate) -> Fraction:
    """Exact value of a rate given as Decimal, Fraction, int or a decimal string ("9.5")."""
    if isinstance(value, bool | float):
        raise TypeError("floats are not accepted for money; use Decimal, Fraction or str")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("rate must be a finite number")
        return Fraction(value)
    if isinstance(value, str):
        try:
            dec = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"نرخ نامعتبر است: {value!r}") from None
        if not dec.is_finite():
            raise ValueError(f"نرخ نامعتبر است: {value!r}")
        return Fraction(dec)
    raise TypeError(f"unsupported rate type: {type(value).__name__}")


def round_half_up(value: Fraction | Decimal | int) -> int:
    """Round to the nearest integer, halves away from zero (Decimal's ROUND_HALF_UP)."""
    exact = value if isinstance(value, Fraction) else Fraction(value)
    magnitude = (abs(exact.numerator) * 2 + exact.denominator) // (2 * exact.denominator)
    return magnitude if exact >= 0 else -magnitude


def round_down_thousands(amount: Rials) -> Rials:
    """Largest multiple of 1,000 not above ``amount`` (floor; ``-1500`` → ``-2000``)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("amount must be an int number of rials")
    return amount // 1000 * 1000


def percent_of(amount: Rials, percent: Rate) -> Rials:
    """``percent`` per cent of ``amount`` rials, rounded ROUND_HALF_UP to whole rials.

    >>> percent_of(12345, "10")
    1235
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("amount must be an int number of rials")
    return round_half_up(amount * to_fraction(percent) / _HUNDRED)

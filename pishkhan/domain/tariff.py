"""Water bill calculation (DOMAIN.md §3).

Choices where DOMAIN.md is silent (all numbers come from :class:`TariffConfig`):

* **Pattern.** Residential per-unit monthly use ``m = consumption ÷ units ÷ days × 30``. If
  ``m`` ≤ the pattern (15 m³) the *within-pattern* table prices it; otherwise the
  *above-pattern* table prices **all** of it, from 0 m³ (a household over the pattern loses
  the subsidised blocks). Within a table pricing is progressive: each slice of ``m`` is
  charged at its own block's multiplier of the base price C.
* **Other uses** pay a flat ``consumption × C × multiplier(use)``; no blocks, no pattern.
* **Exactness.** Everything is computed with :class:`~fractions.Fraction`; each *line* is
  rounded once to whole rials, ROUND_HALF_UP (halves away from zero).
* **Derived lines** use the rounded lines as printed, so a reader can check them: sewage =
  share × water line; sewer fixed charge = the water fixed charge line; each surcharge =
  percent × water line; VAT = percent × the sum of the lines listed in
  ``config.vat_applies_to`` (default: water, fixed, sewage, sewer fixed — not surcharges).
* **Payable** = total + debt carried over, rounded DOWN to a multiple of 1,000 rials;
  ``rounding_adjustment`` (−999…0) is the part dropped, normally added to the next bill. A
  credit (negative debt) larger than the total gives payable 0 and ``credit_rials`` to carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from pishkhan.domain.money import Rate, round_down_thousands, round_half_up, to_fraction
from pishkhan.domain.persian import to_persian_digits
from pishkhan.domain.tariff_config import (
    DEFAULT_TARIFF_MAPPING,
    LINE_FIXED,
    LINE_SEWAGE,
    LINE_SEWER_FIXED,
    LINE_WATER,
    SURCHARGE_PREFIX,
    Surcharge,
    TariffConfig,
    TariffConfigError,
    Tier,
    Use,
    parse_diameter,
)

__all__ = [
    "DEFAULT_TARIFF_MAPPING",
    "LINE_TITLES",
    "BillCalculation",
    "BillLine",
    "Consumption",
    "Surcharge",
    "TariffConfig",
    "TariffConfigError",
    "Tier",
    "TierCharge",
    "Use",
    "compute_bill",
    "consumption_between",
    "is_implausible",
    "line_title",
    "parse_diameter",
    "price_tiers",
]

_MONTH_DAYS = 30

#: Persian titles of the standard bill lines, by line code. A stored bill keeps only codes and
#: amounts; surcharge titles come from the tariff configuration.
LINE_TITLES: dict[str, str] = {
    LINE_WATER: "آب‌بها",
    LINE_FIXED: "آبونمان آب",
    LINE_SEWAGE: "فاضلاب‌بها",
    LINE_SEWER_FIXED: "آبونمان فاضلاب",
    "vat": "مالیات بر ارزش افزوده",
    "debt": "بدهی قبلی",
}


def line_title(code: str, config: TariffConfig | None = None) -> str:
    """The Persian title of a bill line code; unknown codes are shown as they are."""
    if code in LINE_TITLES:
        return LINE_TITLES[code]
    if code.startswith(SURCHARGE_PREFIX) and config is not None:
        wanted = code.removeprefix(SURCHARGE_PREFIX)
        for surcharge in config.surcharges:
            if surcharge.code == wanted:
                return surcharge.title
    return code


@dataclass(frozen=True)
class BillLine:
    """One line of a bill. ``quantity``/``rate`` are informational (m³, percent, …)."""

    code: str
    title: str
    amount_rials: int
    quantity: Fraction | None = None
    rate: Fraction | None = None


@dataclass(frozen=True)
class TierCharge:
    """How one block of the table priced the per-unit monthly use (exact, unrounded)."""

    lower_m3: Fraction
    upper_m3: Fraction | None
    m3_per_unit_month: Fraction
    multiplier: Fraction
    rials_per_unit_month: Fraction


@dataclass(frozen=True)
class BillCalculation:
    lines: list[BillLine]
    tiers: list[TierCharge]
    monthly_use_per_unit: Fraction
    above_pattern: bool
    subtotal: int
    vat_percent: Fraction
    vat: int
    total: int
    debt_rials: int
    rounding_adjustment: int
    payable: int
    credit_rials: int = 0

    def line(self, code: str) -> BillLine:
        """The line with ``code``; KeyError if the bill has none."""
        for item in self.lines:
            if item.code == code:
                return item
        raise KeyError(code)


def price_tiers(monthly_m3: Fraction, tiers: Sequence[Tier], base: int) -> list[TierCharge]:
    """Progressively price ``monthly_m3`` over ``tiers`` (multipliers of ``base`` rials/m³)."""
    charges: list[TierCharge] = []
    lower = covered = Fraction(0)  # the slices are contiguous from 0: covered = the last top
    for tier in tiers:
        if monthly_m3 <= lower:
            break
        upper = tier.upper_m3
        top = monthly_m3 if upper is None or monthly_m3 < upper else upper
        slice_m3 = top - lower
        charges.append(
            TierCharge(lower, upper, slice_m3, tier.multiplier, slice_m3 * tier.multiplier * base)
        )
        covered = top
        if upper is None:
            break
        lower = upper
    if covered != monthly_m3:
        raise ValueError("جدول پله‌ها مصرف را پوشش نمی‌دهد")
    return charges


def _require_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} باید عدد صحیح باشد")
    return value


def compute_bill(
    consumption_m3: int,
    days: int,
    units: int,
    use: Use,
    diameter: str,
    has_sewer: bool,
    jalali_year: int,
    config: TariffConfig,
    debt_rials: int = 0,
) -> BillCalculation:
    """Price one reading period. See the module docstring for the rules."""
    consumption_m3 = _require_int(consumption_m3, "مصرف")
    days = _require_int(days, "تعداد روز")
    units = _require_int(units, "تعداد واحد")
    debt_rials = _require_int(debt_rials, "بدهی قبلی")
    jalali_year = _require_int(jalali_year, "سال")
    if consumption_m3 < 0:
        raise ValueError("مصرف نمی‌تواند منفی باشد")
    if days <= 0:
        raise ValueError("تعداد روزهای دوره باید بیشتر از صفر باشد")
    if units < 1:
        raise ValueError("تعداد واحد باید دست‌کم یک باشد")
    if not isinstance(use, Use):
        raise ValueError("کاربری نامعتبر است")

    base = config.base_price_rials
    months = Fraction(days, _MONTH_DAYS)
    monthly = Fraction(consumption_m3, units * days) * _MONTH_DAYS
    tiers: list[TierCharge] = []
    above = False
    water_rate: Fraction | None = None  # flat rials per m³ (non-residential only)
    if use is Use.RESIDENTIAL:
        above = monthly > config.pattern_m3_per_month
        table = config.above_pattern_tiers if above else config.within_pattern_tiers
        tiers = price_tiers(monthly, table, base)
        water_exact = sum((t.rials_per_unit_month for t in tiers), Fraction(0)) * units * months
    else:
        water_rate = base * config.use_multipliers[use]
        water_exact = consumption_m3 * water_rate

    water = round_half_up(water_exact)
    fixed_monthly = config.fixed_charge(use, diameter)
    fixed = round_half_up(fixed_monthly * units * months)
    unit_months = units * months
    lines = [
        BillLine(LINE_WATER, LINE_TITLES[LINE_WATER], water, Fraction(consumption_m3), water_rate),
        BillLine(LINE_FIXED, LINE_TITLES[LINE_FIXED], fixed, unit_months, Fraction(fixed_monthly)),
    ]
    if has_sewer:
        share = config.sewage_share[use]
        lines.append(
            BillLine(
                LINE_SEWAGE,
                LINE_TITLES[LINE_SEWAGE],
                round_half_up(water * share),
                None,
                share * 100,
            )
        )
        lines.append(
            BillLine(
                LINE_SEWER_FIXED,
                LINE_TITLES[LINE_SEWER_FIXED],
                fixed,
                unit_months,
                Fraction(fixed_monthly),
            )
        )
    for surcharge in config.surcharges:
        amount = round_half_up(water * surcharge.percent / 100)
        lines.append(
            BillLine(
                SURCHARGE_PREFIX + surcharge.code, surcharge.title, amount, None, surcharge.percent
            )
        )

    subtotal = sum(line.amount_rials for line in lines)
    vat_percent = config.vat_percent(jalali_year)
    taxable = sum(line.amount_rials for line in lines if line.code in config.vat_applies_to)
    vat = round_half_up(taxable * vat_percent / 100)
    total = subtotal + vat
    gross = total + debt_rials
    if gross <= 0:
        payable, adjustment, credit = 0, 0, -gross
    else:
        payable = round_down_thousands(gross)
        adjustment, credit = payable - gross, 0
    return BillCalculation(
        lines=lines,
        tiers=tiers,
        monthly_use_per_unit=monthly,
        above_pattern=above,
        subtotal=subtotal,
        vat_percent=vat_percent,
        vat=vat,
        total=total,
        debt_rials=debt_rials,
        rounding_adjustment=adjustment,
        payable=payable,
        credit_rials=credit,
    )


# --------------------------------------------------------------------------------------------
# Readings


def _decimal_text(value: Fraction) -> str:
    """``Fraction(5, 2)`` → ``"2.5"`` (rounded to 4 places if not a finite decimal)."""
    text = format(Decimal(value.numerator) / Decimal(value.denominator), ".4f")
    return text.rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Consumption:
    m3: int
    rolled_over: bool = False


def consumption_between(previous: int, current: int, digits: int) -> Consumption:
    """Consumption between two readings of a meter with ``digits`` digits.

    A reading lower than the previous one is taken as a rollover past ``10**digits − 1``
    (``rolled_over`` is set; pass the result to :func:`is_implausible` to catch the case
    where it was really a misread). Readings outside the meter's range raise ValueError.
    """
    previous = _require_int(previous, "کارکرد قبلی")
    current = _require_int(current, "کارکرد فعلی")
    digits = _require_int(digits, "تعداد ارقام کنتور")
    if not 1 <= digits <= 12:
        raise ValueError("تعداد ارقام کنتور باید ۱ تا ۱۲ باشد")
    limit = 10**digits
    for value, name in ((previous, "قبلی"), (current, "فعلی")):
        if not 0 <= value < limit:
            raise ValueError(f"کارکرد {name} باید بین ۰ و {to_persian_digits(limit - 1)} باشد")
    if current >= previous:
        return Consumption(current - previous)
    return Consumption(limit - previous + current, rolled_over=True)


def is_implausible(
    consumption: int,
    history: Sequence[int] = (),
    *,
    factor: Rate = 3,
    absolute_limit_m3: int | None = None,
) -> str | None:
    """A Persian reason when ``consumption`` looks wrong, else None.

    Flags: negative consumption; more than ``absolute_limit_m3``; more than ``factor`` × the
    average of ``history`` (previous periods' consumption for comparable period lengths —
    the caller normalises). With no history, or an average of zero, only the absolute limit
    applies.
    """
    consumption = _require_int(consumption, "مصرف")
    if consumption < 0:
        return "مصرف منفی است"
    if absolute_limit_m3 is not None and consumption > absolute_limit_m3:
        return (
            f"مصرف {to_persian_digits(consumption)} مترمکعب بیش از سقف "
            f"{to_persian_digits(absolute_limit_m3)} مترمکعب است"
        )
    if history:
        average = Fraction(sum(history), len(history))
        ratio = to_fraction(factor)
        if average > 0 and consumption > ratio * average:
            shown = to_persian_digits(round_half_up(average))
            return (
                f"مصرف {to_persian_digits(consumption)} مترمکعب بیش از "
                f"{to_persian_digits(_decimal_text(ratio))} برابر میانگین دوره‌های قبل ({shown}) است"
            )
    return None

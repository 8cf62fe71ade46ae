"""Jalali dates, billing periods (DOMAIN.md §6) and money helpers."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pishkhan.domain.jalali import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    BillingPeriod,
    days_between,
    format_jalali,
    format_jalali_long,
    from_jalali,
    is_leap_year,
    is_weekend,
    parse_jalali,
    period_of,
    periods_between,
    to_jalali,
    weekday_name,
)
from pishkhan.domain.money import percent_of, round_down_thousands, round_half_up, to_fraction

D = datetime.date
dates = st.dates(D(1900, 1, 1), D(2200, 12, 31))


# --------------------------------------------------------------------------------------------
# Conversion


def test_known_conversions() -> None:
    # Nowruz 1404 is 21 March 2025; 1405/09/04 is day 186 + 60 + 4 = 250 of 1405 (from
    # 21 March 2026), i.e. 25 November 2026.
    assert to_jalali(D(2025, 3, 21)) == (1404, 1, 1)
    assert from_jalali(1404, 1, 1) == D(2025, 3, 21)
    assert from_jalali(1405, 9, 4) == D(2026, 11, 25)
    assert to_jalali(datetime.datetime(2026, 11, 25, 23, 59)) == (1405, 9, 4)
    assert to_jalali(D(2026, 11, 25)).month == 9


def test_leap_years() -> None:
    assert is_leap_year(1403)
    assert not is_leap_year(1404)
    assert from_jalali(1403, 12, 30) == D(2025, 3, 20)
    with pytest.raises(ValueError, match="کبیسه") as info:
        from_jalali(1404, 12, 30)
    assert "۱۴۰۴/۱۲/۳۰" in str(info.value)
    with pytest.raises(ValueError):
        parse_jalali("1404/12/30")


@pytest.mark.parametrize(
    ("y", "m", "d"), [(1405, 13, 1), (1405, 0, 1), (1405, 7, 31), (1405, 1, 0), (1405, 1, 32)]
)
def test_invalid_dates(y: int, m: int, d: int) -> None:
    with pytest.raises(ValueError) as info:
        from_jalali(y, m, d)
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(info.value))


@given(dates)
def test_round_trips(day: datetime.date) -> None:
    assert from_jalali(*to_jalali(day)) == day
    assert parse_jalali(format_jalali(day)) == day
    assert parse_jalali(format_jalali(day, persian_digits=False)) == day
    y, m, d = to_jalali(day)
    assert parse_jalali(f"{y}-{m}-{d}") == day


def test_parse_forms() -> None:
    expected = D(2026, 11, 25)
    for text in ("۱۴۰۵/۰۹/۰۴", "1405-9-4", "1405.09.04", " ١٤٠٥/٩/٤ ", "\u200e1405/09/04"):
        assert parse_jalali(text) == expected
    for bad in ("", "05/09/04", "14050904", "1405/09", "１４０５/09/04", "1405/09/04/1", "abc"):
        with pytest.raises(ValueError):
            parse_jalali(bad)


def test_formatting() -> None:
    day = D(2026, 11, 25)  # a Wednesday
    assert format_jalali(day) == "۱۴۰۵/۰۹/۰۴"
    assert format_jalali(day, persian_digits=False) == "1405/09/04"
    assert format_jalali_long(day) == "چهارشنبه ۴ آذر ۱۴۰۵"
    assert format_jalali_long(D(2026, 11, 24)) == "سه‌شنبه ۳ آذر ۱۴۰۵"
    assert MONTH_NAMES[0] == "فروردین" and MONTH_NAMES[11] == "اسفند" and len(MONTH_NAMES) == 12


def test_week() -> None:
    assert WEEKDAY_NAMES[0] == "شنبه" and WEEKDAY_NAMES[-1] == "جمعه"
    saturday = D(2026, 11, 28)
    assert weekday_name(saturday) == "شنبه"
    assert [weekday_name(saturday + datetime.timedelta(i)) for i in range(7)] == list(WEEKDAY_NAMES)
    assert is_weekend(D(2026, 11, 27))  # Friday
    assert not is_weekend(saturday)
    assert not is_weekend(D(2026, 11, 26))  # Thursday


def test_days_between() -> None:
    assert days_between(D(2025, 3, 20), D(2025, 3, 21)) == 1
    assert days_between(from_jalali(1403, 1, 1), from_jalali(1404, 1, 1)) == 366
    assert days_between(from_jalali(1404, 1, 1), from_jalali(1405, 1, 1)) == 365
    assert days_between(D(2025, 3, 21), D(2025, 3, 20)) == -1


# --------------------------------------------------------------------------------------------
# Billing periods


def test_billing_period_basics() -> None:
    period = period_of(D(2026, 11, 25))  # 1405/09/04 → months 9–10 → period 5
    assert period == BillingPeriod(1405, 5)
    assert str(period) == "۱۴۰۵-۵"
    assert period.start == from_jalali(1405, 9, 1)
    assert period.end == from_jalali(1405, 10, 30)
    assert period.days == 60
    assert BillingPeriod(1405, 1).days == 62
    assert BillingPeriod(1403, 6).days == 60  # leap Esfand
    assert BillingPeriod(1404, 6).days == 59
    assert BillingPeriod.parse("۱۴۰۵-۳") == BillingPeriod(1405, 3)
    assert BillingPeriod(1405, 6).next() == BillingPeriod(1406, 1)
    assert BillingPeriod(1405, 1).previous() == BillingPeriod(1404, 6)
    for bad in (0, 7):
        with pytest.raises(ValueError):
            BillingPeriod(1405, bad)
    with pytest.raises(ValueError):
        BillingPeriod.parse("1405-7")


def test_periods_between() -> None:
    got = periods_between(from_jalali(1404, 11, 15), from_jalali(1405, 3, 1))
    assert got == [BillingPeriod(1404, 6), BillingPeriod(1405, 1), BillingPeriod(1405, 2)]
    assert periods_between(D(2026, 1, 1), D(2025, 1, 1)) == []
    assert periods_between(D(2026, 1, 1), D(2026, 1, 1)) == [period_of(D(2026, 1, 1))]


@given(dates)
def test_period_contains_and_tiles(day: datetime.date) -> None:
    period = period_of(day)
    assert period.contains(day)
    assert period.next().start == period.end + datetime.timedelta(days=1)
    assert 59 <= period.days <= 62
    assert BillingPeriod.parse(str(period)) == period


# --------------------------------------------------------------------------------------------
# Money


def test_round_down_thousands() -> None:
    assert round_down_thousands(838_800) == 838_000
    assert round_down_thousands(1000) == 1000
    assert round_down_thousands(999) == 0
    assert round_down_thousands(-1500) == -2000
    with pytest.raises(TypeError):
        round_down_thousands(1000.0)  # type: ignore[arg-type]


def test_percent_of() -> None:
    assert percent_of(12_345, "10") == 1235  # 1234.5 → half up
    assert percent_of(12_345, Decimal("10")) == 1235
    assert percent_of(-12_345, "10") == -1235  # half away from zero
    assert percent_of(100, Fraction(1, 3)) == 0
    assert percent_of(1_000_000, "9") == 90_000
    assert percent_of(25, "2") == 1  # 0.5 → 1
    with pytest.raises(TypeError):
        percent_of(100, 10.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        percent_of(100, "ten")


def test_round_half_up() -> None:
    assert [round_half_up(Fraction(n, 2)) for n in range(-5, 6)] == [
        -3,
        -2,
        -2,
        -1,
        -1,
        0,
        1,
        1,
        2,
        2,
        3,
    ]
    assert to_fraction("0.1") == Fraction(1, 10)


@given(st.integers(-(10**15), 10**15), st.decimals("0", "100", places=3))
def test_percent_of_matches_decimal(amount: int, percent: Decimal) -> None:
    expected = (Decimal(amount) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    # Decimal division may round at 28 digits; compare exactly through Fraction as well.
    exact = Fraction(amount) * Fraction(percent) / 100
    assert abs(Fraction(percent_of(amount, percent)) - exact) <= Fraction(1, 2)
    if abs(amount) < 10**12:
        assert percent_of(amount, percent) == int(expected)
    assert percent_of(amount, str(percent)) == percent_of(amount, percent)

"""Jalali (Solar Hijri) dates and bi-monthly billing periods (DOMAIN.md §6).

Dates are stored as Gregorian :class:`datetime.date`; this module converts for display and
input. Calendar arithmetic is delegated to ``jdatetime``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import jdatetime

from pishkhan.domain.persian import to_ascii_digits, to_persian_digits

MONTH_NAMES: tuple[str, ...] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
#: Weekday names, Saturday first (the Iranian week).
WEEKDAY_NAMES: tuple[str, ...] = (
    "شنبه",
    "یک‌شنبه",
    "دوشنبه",
    "سه‌شنبه",
    "چهارشنبه",
    "پنج‌شنبه",
    "جمعه",
)
_FRIDAY = 4  # datetime.date.weekday(): Monday 0 … Friday 4

#: Billing periods per Jalali year; period n covers months 2n−1 and 2n.
PERIODS_PER_YEAR = 6


class JalaliDate(NamedTuple):
    year: int
    month: int
    day: int


def _check_date(value: object) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise TypeError("expected a datetime.date")
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def to_jalali(value: datetime.date) -> JalaliDate:
    """Gregorian date (or datetime) → ``(year, month, day)`` in the Jalali calendar."""
    try:
        j = jdatetime.date.fromgregorian(date=_check_date(value))
    except ValueError:
        raise ValueError("تاریخ خارج از محدوده تقویم شمسی است") from None
    return JalaliDate(j.year, j.month, j.day)


def is_leap_year(year: int) -> bool:
    """Jalali leap year (1403 is leap, 1404 is not)."""
    return bool(jdatetime.date(year, 1, 1).isleap())


def days_in_month(year: int, month: int) -> int:
    if not 1 <= month <= 12:
        raise ValueError(f"ماه {to_persian_digits(month)} وجود ندارد (ماه باید ۱ تا ۱۲ باشد)")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap_year(year) else 29


def from_jalali(year: int, month: int, day: int) -> datetime.date:
    """Jalali ``year/month/day`` → Gregorian date; ValueError (Persian) if it does not exist."""
    for part in (year, month, day):
        if isinstance(part, bool) or not isinstance(part, int):
            raise ValueError("سال، ماه و روز باید عدد صحیح باشند")
    if not 1 <= year <= 9377:
        raise ValueError(f"سال {to_persian_digits(year)} خارج از محدوده است")
    last = days_in_month(year, month)
    if not 1 <= day <= last:
        text = to_persian_digits(f"{year}/{month:02d}/{day:02d}")
        note = ""
        if month == 12 and day == 30:
            note = f" (سال {to_persian_digits(year)} کبیسه نیست)"
        raise ValueError(f"تاریخ {text} وجود ندارد{note}")
    result: datetime.date = jdatetime.date(year, month, day).togregorian()
    return result


_DATE_RE = re.compile(r"(\d{4})\s*[/\-.٫]\s*(\d{1,2})\s*[/\-.٫]\s*(\d{1,2})")
_MARKS = re.compile("[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def parse_jalali(text: str) -> datetime.date:
    """«۱۴۰۵/۰۹/۰۴», «1405-9-4» or «1405.09.04» → Gregorian date.

    The year must have four digits; ``/ - . ٫`` separate the parts.
    """
    if not isinstance(text, str):
        raise ValueError("تاریخ باید به صورت متن وارد شود")
    cleaned = _MARKS.sub("", to_ascii_digits(text)).strip()
    match = _DATE_RE.fullmatch(cleaned) if cleaned.isascii() else None
    if not match:
        raise ValueError("تاریخ باید به شکل سال/ماه/روز باشد، مانند ۱۴۰۵/۰۹/۰۴")
    year, month, day = (int(g) for g in match.groups())
    return from_jalali(year, month, day)


def format_jalali(value: datetime.date, persian_digits: bool = True) -> str:
    """``2026-11-25`` → «۱۴۰۵/۰۹/۰۴»."""
    j = to_jalali(value)
    text = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    return to_persian_digits(text) if persian_digits else text


def weekday_name(value: datetime.date) -> str:
    """Persian weekday name."""
    return WEEKDAY_NAMES[(_check_date(value).weekday() + 2) % 7]


def format_jalali_long(value: datetime.date) -> str:
    """``2026-11-25`` → «چهارشنبه ۴ آذر ۱۴۰۵»."""
    j = to_jalali(value)
    day, year = to_persian_digits(j.day), to_persian_digits(j.year)
    return f"{weekday_name(value)} {day} {MONTH_NAMES[j.month - 1]} {year}"


def is_weekend(value: datetime.date) -> bool:
    """Friday is the weekend in Iran."""
    return _check_date(value).weekday() == _FRIDAY


def days_between(start: datetime.date, end: datetime.date) -> int:
    """Days from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    return (_check_date(end) - _check_date(start)).days


@dataclass(frozen=True, order=True)
class BillingPeriod:
    """A bi-monthly billing period: Jalali ``year`` and ``number`` 1–6.

    Period n covers months 2n−1 and 2n (period 3 = مرداد and شهریور). These are the nominal
    calendar periods; actual reading periods run between a subscriber's reading dates.
    ``str()`` is «۱۴۰۵-۳».
    """

    year: int
    number: int

    def __post_init__(self) -> None:
        if isinstance(self.number, bool) or not 1 <= self.number <= PERIODS_PER_YEAR:
            raise ValueError("شماره دوره باید ۱ تا ۶ باشد")
        if isinstance(self.year, bool) or not 1 <= self.year <= 9377:
            raise ValueError("سال دوره خارج از محدوده است")

    @classmethod
    def parse(cls, text: str) -> BillingPeriod:
        """«۱۴۰۵-۳» or «1405/3» → BillingPeriod(1405, 3)."""
        match = re.fullmatch(r"\s*(\d{4})\s*[-/]\s*(\d)\s*", to_ascii_digits(text))
        if not match or not match.group(0).isascii():
            raise ValueError("دوره باید به شکل سال-شماره باشد، مانند ۱۴۰۵-۳")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def start(self) -> datetime.date:
        return from_jalali(self.year, 2 * self.number - 1, 1)

    @property
    def end(self) -> datetime.date:
        """Last day of the period (inclusive)."""
        month = 2 * self.number
        return from_jalali(self.year, month, days_in_month(self.year, month))

    @property
    def days(self) -> int:
        return days_between(self.start, self.end) + 1

    def contains(self, value: datetime.date) -> bool:
        return self.start <= _check_date(value) <= self.end

    def next(self) -> BillingPeriod:
        if self.number == PERIODS_PER_YEAR:
            return BillingPeriod(self.year + 1, 1)
        return BillingPeriod(self.year, self.number + 1)

    def previous(self) -> BillingPeriod:
        if self.number == 1:
            return BillingPeriod(self.year - 1, PERIODS_PER_YEAR)
        return BillingPeriod(self.year, self.number - 1)

    def __str__(self) -> str:
        return to_persian_digits(f"{self.year}-{self.number}")


def period_of(value: datetime.date) -> BillingPeriod:
    """The billing period containing ``value``."""
    j = to_jalali(value)
    return BillingPeriod(j.year, (j.month + 1) // 2)


def periods_between(start: datetime.date, end: datetime.date) -> list[BillingPeriod]:
    """Periods from the one containing ``start`` to the one containing ``end``, inclusive.

    Empty when ``end`` is before ``start``.
    """
    if _check_date(end) < _check_date(start):
        return []
    return list(_iter_periods(period_of(start), period_of(end)))


def _iter_periods(first: BillingPeriod, last: BillingPeriod) -> Iterator[BillingPeriod]:
    current = first
    while current <= last:
        yield current
        current = current.next()

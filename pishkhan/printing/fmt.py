"""Formatting of numbers and dates on printed documents (Persian digits, Jalali dates)."""

from __future__ import annotations

import datetime as dt

from pishkhan.domain.jalali import format_jalali
from pishkhan.domain.persian import format_rials

__all__ = ["date", "datetime", "digits", "number", "rials", "time"]


_PERSIAN = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹" * 2)


def digits(value: str | int) -> str:
    """Identifiers and counts in Persian digits, no grouping."""
    return str(value).translate(_PERSIAN)


def number(value: int) -> str:
    """A count or quantity with the Persian thousands separator."""
    return format_rials(value)


def rials(value: int) -> str:
    return format_rials(value)


def date(value: dt.date | None) -> str:
    return format_jalali(value) if value is not None else "—"


def time(value: dt.datetime) -> str:
    return f"{value.hour:02d}:{value.minute:02d}".translate(_PERSIAN)


def datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    return f"{format_jalali(value.date())} {time(value)}"

"""Display formatting for the desk: numbers, rials, Jalali dates, times.

Everything goes through the application's default ``QLocale`` (Persian/Iran, set once in
``pishkhan.app``), so digits come out Persian with ``٬`` separators, and in English when the app
runs with ``PISHKHAN_LANG=en``.

PySide6 has no ``QLocale.toString(QDate, str, QCalendar)`` overload, but it does have
``QLocale.toString(QDate, QLocale.FormatType, QCalendar)``, which gives e.g. «چهارشنبه ۴ آذر ۱۴۰۵»
(the Jalali month name from the calendar, not the Gregorian one that ``QLocale.monthName`` gives).
"""

from __future__ import annotations

from PySide6.QtCore import QCalendar, QCoreApplication, QDate, QDateTime, QLocale, QTime

_JALALI = QCalendar(QCalendar.System.Jalali)


def jalali_calendar() -> QCalendar:
    """The Jalali (Solar Hijri) calendar all dates are shown in."""
    return _JALALI


def format_number(value: int, locale: QLocale | None = None) -> str:
    """``1234567`` → «۱٬۲۳۴٬۵۶۷» in the Persian locale."""
    return (locale or QLocale()).toString(value)


def format_rials(amount: int, locale: QLocale | None = None) -> str:
    """``1234567`` → «۱٬۲۳۴٬۵۶۷ ریال»."""
    return QCoreApplication.translate("Money", "%1 rials").replace(
        "%1", format_number(amount, locale)
    )


def jalali_date_text(date: QDate, locale: QLocale | None = None, *, long: bool = True) -> str:
    """A Gregorian ``QDate`` shown in Jalali: «چهارشنبه ۴ آذر ۱۴۰۵» (long) or «۱۴۰۵/۹/۴» (short)."""
    fmt = QLocale.FormatType.LongFormat if long else QLocale.FormatType.ShortFormat
    return (locale or QLocale()).toString(date, fmt, _JALALI)


def jalali_parts(date: QDate) -> tuple[int, int, int]:
    """(year, month, day) of ``date`` in the Jalali calendar."""
    parts = _JALALI.partsFromDate(date)
    return parts.year, parts.month, parts.day


def jalali_month_name(month: int, year: int, locale: QLocale | None = None) -> str:
    """The Jalali month's name, e.g. «آذر» for month 9."""
    return _JALALI.monthName(locale or QLocale(), month, year, QLocale.FormatType.LongFormat)


def time_text(time: QTime, locale: QLocale | None = None) -> str:
    """«۱۴:۰۵» — 24-hour clock in the locale's digits."""
    return (locale or QLocale()).toString(time, "HH:mm")


def now_text(now: QDateTime | None = None, locale: QLocale | None = None) -> str:
    """The date and time line of the status bar: «چهارشنبه ۴ آذر ۱۴۰۵ — ۱۴:۰۵»."""
    now = now or QDateTime.currentDateTime()
    return (
        QCoreApplication.translate("Clock", "%1, %2")
        .replace("%1", jalali_date_text(now.date(), locale))
        .replace("%2", time_text(now.time(), locale))
    )

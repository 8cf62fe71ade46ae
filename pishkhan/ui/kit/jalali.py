"""A Jalali calendar and date picker (DOMAIN.md §6).

The week starts on Saturday and Friday is the weekend (red); no ISO week numbers. Dates show
with the application's locale (Persian digits in the Persian locale) and stay left-to-right
like every date field. Typed dates may use Persian, Arabic-Indic or ASCII digits.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pishkhan.domain.jalali import format_jalali, parse_jalali
from pishkhan.domain.persian import to_ascii_digits, to_persian_digits
from pishkhan.ui.formatting import jalali_calendar
from pishkhan.ui.widgets import make_ltr

WEEKEND = Qt.DayOfWeek.Friday
WEEK_START = Qt.DayOfWeek.Saturday
WEEKEND_COLOUR = "#b3261e"
TEXT_COLOUR = "#1a1a1a"
DAYS = (
    Qt.DayOfWeek.Saturday,
    Qt.DayOfWeek.Sunday,
    Qt.DayOfWeek.Monday,
    Qt.DayOfWeek.Tuesday,
    Qt.DayOfWeek.Wednesday,
    Qt.DayOfWeek.Thursday,
    Qt.DayOfWeek.Friday,
)


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class JalaliCalendar(QCalendarWidget):
    """A month view of the Jalali calendar: Saturday first, Friday red, no week numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jalaliCalendar")
        self.setCalendar(jalali_calendar())
        self.setLocale(QLocale())
        self.setFirstDayOfWeek(WEEK_START)
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        normal = QTextCharFormat()
        normal.setForeground(QColor(TEXT_COLOUR))
        weekend = QTextCharFormat()
        weekend.setForeground(QColor(WEEKEND_COLOUR))
        for day in DAYS:
            self.setWeekdayTextFormat(day, weekend if day == WEEKEND else normal)

    def weekend_days(self) -> list[Qt.DayOfWeek]:
        """The days painted as weekend (for tests and reports)."""
        red = QColor(WEEKEND_COLOUR)
        return [d for d in DAYS if self.weekdayTextFormat(d).foreground().color() == red]


class JalaliDateEdit(QWidget):
    """A Jalali date field: «۱۴۰۵/۰۹/۰۴», typed in any digit set or picked on the calendar.

    Qt's ``QDateEdit`` reverses its sections in a right-to-left locale (the date then reads
    day/month/year), so this is a left-to-right line edit of its own, validated as typed (a
    Persian message in ``error`` and a red frame), with a button that opens
    :class:`JalaliCalendar`. ``date_changed`` gives a Gregorian ``datetime.date`` (the store's
    dates are Gregorian) each time a valid, different date is typed or picked.
    """

    date_changed = Signal(object)

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = value or dt.date.today()
        self.error = ""
        self.edit = make_ltr(QLineEdit(self))
        self.edit.setObjectName("jalaliDateText")
        self.edit.setPlaceholderText(to_persian_digits("1405/09/04"))
        self.edit.setMaxLength(16)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._tidy)
        self.button = QToolButton(self)
        self.button.setObjectName("jalaliDateButton")
        self.button.setText("▾")
        self.button.setToolTip(self.tr("Choose on the calendar"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.show_calendar)
        self.popup = QFrame(self, Qt.WindowType.Popup)
        self.calendar = JalaliCalendar(self.popup)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        box = QVBoxLayout(self.popup)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        make_ltr(self)
        self.setFocusProxy(self.edit)
        self.edit.setText(format_jalali(self._value))

    def value(self) -> dt.date:
        """The last valid date (the typed text may be half-finished)."""
        return self._value

    def set_value(self, value: dt.date) -> None:
        self.edit.setText(format_jalali(value))
        self._set_error("")
        self._accept(value)

    def is_valid(self) -> bool:
        return not self.error

    def jalali_text(self) -> str:
        """What the field shows, in ASCII digits (e.g. «1405/09/04»)."""
        return to_ascii_digits(self.edit.text())

    @Slot()
    def show_calendar(self) -> None:
        self.calendar.setSelectedDate(to_qdate(self._value))
        self.popup.adjustSize()
        below = self.mapToGlobal(QPoint(0, self.height()))
        self.popup.move(below)
        self.popup.show()
        self.calendar.setFocus()

    @Slot(QDate)
    def _picked(self, value: QDate) -> None:
        self.popup.hide()
        self.set_value(from_qdate(value))
        self.edit.setFocus()

    @Slot(str)
    def _typed(self, text: str) -> None:
        try:
            value = parse_jalali(text)
        except ValueError as exc:
            self._set_error(str(exc))
            return
        self._set_error("")
        self._accept(value)

    @Slot()
    def _tidy(self) -> None:
        if not self.error:
            self.edit.setText(format_jalali(self._value))

    def _accept(self, value: dt.date) -> None:
        if value != self._value:
            self._value = value
            self.date_changed.emit(value)

    def _set_error(self, message: str) -> None:
        self.error = message
        self.edit.setToolTip(message)
        self.edit.setStyleSheet("border: 2px solid #b3261e;" if message else "")

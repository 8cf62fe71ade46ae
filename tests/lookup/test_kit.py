"""The kit: Jalali calendar and date field, and the painted chart."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pishkhan.ui.kit.chart import ChartKind, ChartWidget, nice_ticks
from pishkhan.ui.kit.jalali import JalaliCalendar, JalaliDateEdit

from .keys import type_text


def test_calendar_week_starts_saturday_with_friday_weekend(qapp: QApplication) -> None:
    cal = JalaliCalendar()
    assert cal.firstDayOfWeek() == Qt.DayOfWeek.Saturday
    assert cal.weekend_days() == [Qt.DayOfWeek.Friday]
    assert cal.verticalHeaderFormat() == JalaliCalendar.VerticalHeaderFormat.NoVerticalHeader
    cal.setSelectedDate(cal.selectedDate())
    assert cal.calendar().name() == "Jalali"


def test_date_field_shows_and_reads_jalali(qapp: QApplication, qtbot: QtBot) -> None:
    field = JalaliDateEdit(dt.date(2026, 11, 25))
    qtbot.addWidget(field)
    assert field.edit.text() == "۱۴۰۵/۰۹/۰۴"
    assert field.layoutDirection() == Qt.LayoutDirection.LeftToRight
    seen: list[dt.date] = []
    field.date_changed.connect(seen.append)
    field.edit.clear()
    type_text(field.edit, "۱۴۰۳/۱۲/۳۰")  # 1403 is a leap year
    assert field.is_valid() and field.value() == dt.date(2025, 3, 20)
    assert seen[-1] == dt.date(2025, 3, 20)  # partial dates on the way are valid too
    field.edit.clear()
    type_text(field.edit, "1404/12/30")  # 1404 is not
    assert not field.is_valid() and field.error
    assert field.edit.toolTip() == field.error  # the message stays next to the field
    field.set_value(dt.date(2026, 3, 21))
    assert field.is_valid() and field.jalali_text() == "1405/01/01"


def test_calendar_popup_picks_a_date(qapp: QApplication, qtbot: QtBot) -> None:
    field = JalaliDateEdit(dt.date(2026, 11, 25))
    qtbot.addWidget(field)
    field.show()
    field.show_calendar()
    assert field.popup.isVisible()
    field.calendar.clicked.emit(field.calendar.selectedDate().addDays(1))
    assert not field.popup.isVisible()
    assert field.value() == dt.date(2026, 11, 26)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=20))
def test_date_field_takes_any_text(qapp: QApplication, text: str) -> None:
    field = JalaliDateEdit(dt.date(2026, 11, 25))
    field.edit.setText(text)
    field._typed(text)
    assert isinstance(field.value(), dt.date)
    field.deleteLater()


@given(st.integers(0, 10**12))
def test_nice_ticks_cover_the_maximum(maximum: int) -> None:
    ticks = nice_ticks(maximum)
    assert ticks[0] == 0 and ticks[-1] >= maximum
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    step = steps.pop()
    assert str(step).strip("0") in ("1", "2", "5")
    assert len(ticks) <= 12


def test_chart_runs_right_to_left(qapp: QApplication, qtbot: QtBot) -> None:
    chart = ChartWidget()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    chart.set_data(["۱۴۰۴-۱", "۱۴۰۴-۲", "۱۴۰۴-۳"], [10, 40, 25], highlight=[2])
    chart.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    assert chart.slot_rect(0).left() > chart.slot_rect(2).left()  # oldest on the right
    chart.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    assert chart.slot_rect(0).left() < chart.slot_rect(2).left()
    assert "۴۰" in chart.accessibleDescription()
    for kind in ChartKind:
        chart.set_data(["a", "b"], [0, 5], kind=kind)
        assert not chart.grab().isNull()
    chart.set_data([], [])
    assert not chart.grab().isNull()

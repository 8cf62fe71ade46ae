"""Formatting helpers and left-to-right islands."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from pishkhan.ui.formatting import (
    format_number,
    format_rials,
    jalali_date_text,
    jalali_month_name,
    jalali_parts,
    time_text,
)
from pishkhan.ui.widgets import Tone, make_ltr, set_tone, tone_of


def test_rials_have_persian_digits_separators_and_the_word(qapp: QApplication) -> None:
    assert format_rials(1_234_567) == "۱٬۲۳۴٬۵۶۷ ریال"
    assert format_rials(12_345_678_901) == "۱۲٬۳۴۵٬۶۷۸٬۹۰۱ ریال"  # beyond 32 bits
    assert format_number(0) == "۰"


def test_jalali_date_and_time(qapp: QApplication) -> None:
    date = QDate(2024, 3, 20)  # Nowruz 1403
    assert jalali_parts(date) == (1403, 1, 1)
    assert jalali_month_name(9, 1403) == "آذر"
    assert "۱ فروردین ۱۴۰۳" in jalali_date_text(date)
    assert jalali_date_text(date, long=False) == "۱۴۰۳/۱/۱"
    assert time_text(QTime(14, 5)) == "۱۴:۰۵"
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert "Farvardin 1, 1403" in jalali_date_text(date, english)


def test_make_ltr_keeps_identifiers_left_to_right(qapp: QApplication, qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    edit = QLineEdit(parent)
    label = QLabel("0912", parent)
    assert edit.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert make_ltr(edit) is edit
    make_ltr(label)
    for widget in (edit, label):
        assert widget.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert widget.alignment() & Qt.AlignmentFlag.AlignLeft
    assert parent.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_tones(qapp: QApplication, qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    assert tone_of(label) is Tone.NONE
    set_tone(label, Tone.ERROR)
    assert tone_of(label) is Tone.ERROR
    label.ensurePolished()
    assert label.palette().color(label.foregroundRole()).name() == "#b3261e"

"""The barcode scanner as a keyboard: a fast burst of 26 digits + Enter opens the payment page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from pishkhan.domain.ids import parse_bill_payment
from pishkhan.services.context import AppContext
from pishkhan.ui.barcode import key_digit
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.pages.payment import PaymentPage

from .conftest import fresh_bill, user_of

WindowFactory = Callable[..., MainWindow]
DIGIT_KEYS = {str(d): getattr(Qt.Key, f"Key_{d}") for d in range(10)}
SCAN_GAP_MS = 3  # a scanner's pace
TYPING_GAP_MS = 400  # a person's (slower than the filter's gap even on a busy machine)
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


@pytest.fixture
def window(make_window: WindowFactory, desk_store: AppContext) -> MainWindow:
    window = make_window(user=user_of(desk_store, "operator"), ctx=desk_store)
    # Generous for a shared test machine; real scanners are far quicker than either.
    window.barcode.max_gap_ms = 150
    return window


def barcode(ctx: AppContext, index: int) -> tuple[str, str, str]:
    bill_id, payment_id = fresh_bill(ctx, index)
    return bill_id, payment_id, parse_bill_payment(bill_id, payment_id).barcode


def type_digits(qtbot: QtBot, widget: QWidget, digits: str, gap_ms: int) -> None:
    for digit in digits:
        qtbot.keyClick(widget, DIGIT_KEYS[digit], delay=gap_ms)


def press(widget: QWidget, key: int, text: str, scan_code: int = 0) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, scan_code, 0, 0, text)
        QApplication.sendEvent(widget, event)


def payment(window: MainWindow) -> PaymentPage:
    page = window.pages["payment"]
    assert isinstance(page, PaymentPage)
    return page


def test_scan_into_the_search_box_opens_the_payment_page(
    window: MainWindow, desk_store: AppContext, qtbot: QtBot
) -> None:
    bill_id, payment_id, code = barcode(desk_store, 2)
    search = window.top_bar.search_box
    window.focus_search()
    qtbot.keyClicks(search, "x")
    type_digits(qtbot, search, code, SCAN_GAP_MS)
    qtbot.keyClick(search, Qt.Key.Key_Return, delay=SCAN_GAP_MS)
    assert window.current_page_id() == "payment"
    page = payment(window)
    assert (page.bill_edit.text(), page.payment_edit.text()) == (bill_id, payment_id)
    assert search.text() == "x"  # not one digit of the barcode landed in the focused field
    assert window.barcode.held_keys() == 0


def test_scan_works_from_any_page_and_any_field(
    window: MainWindow, desk_store: AppContext, qtbot: QtBot
) -> None:
    bill_id, _, code = barcode(desk_store, 3)
    window.show_page("help")
    target = window.pages["help"]
    type_digits(qtbot, target, code, SCAN_GAP_MS)
    qtbot.keyClick(target, Qt.Key.Key_Enter, delay=SCAN_GAP_MS)
    assert window.current_page_id() == "payment"
    assert payment(window).bill_edit.text() == bill_id
    # Scanned while the payment page's own field has the focus: replaced, not appended.
    other_bill, _, other_code = barcode(desk_store, 4)
    field = payment(window).payment_edit
    field.setFocus()
    type_digits(qtbot, field, other_code, SCAN_GAP_MS)
    qtbot.keyClick(field, Qt.Key.Key_Return, delay=SCAN_GAP_MS)
    assert payment(window).bill_edit.text() == other_bill


def test_persian_layout_digits_are_recognised(
    window: MainWindow, desk_store: AppContext, qtbot: QtBot
) -> None:
    bill_id, _, code = barcode(desk_store, 5)
    search = window.top_bar.search_box
    search.setFocus()
    for digit in code:  # what a scanner produces while the Persian layout is active
        persian_digit = PERSIAN_DIGITS[int(digit)]
        press(search, ord(persian_digit), persian_digit)
        qtbot.wait(SCAN_GAP_MS)
    press(search, Qt.Key.Key_Return, "\r")
    assert window.current_page_id() == "payment"
    assert payment(window).bill_edit.text() == bill_id
    assert search.text() == ""


def test_slow_typing_is_not_captured(window: MainWindow, qtbot: QtBot) -> None:
    search = window.top_bar.search_box
    search.setFocus()
    type_digits(qtbot, search, "0913", TYPING_GAP_MS)
    assert search.text() == "0913"  # each digit arrived at once
    with qtbot.waitSignal(window.search_requested, timeout=2000):
        qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.current_page_id() != "payment"


def test_fast_short_burst_is_delivered_in_order(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("payment")
    field = payment(window).bill_edit
    field.setFocus()
    qtbot.keyClicks(field, "1234567")  # fast, but no Enter: a person (or a paste-like burst)
    qtbot.keyClicks(field, "a")  # another key delivers the held digits first
    assert field.text() == "1234567a"
    type_digits(qtbot, field, "89", SCAN_GAP_MS)
    qtbot.waitUntil(lambda: field.text() == "1234567a89")  # the gap ends the burst


def test_invalid_26_digits_are_reported_not_typed(window: MainWindow, qtbot: QtBot) -> None:
    search = window.top_bar.search_box
    search.setFocus()
    type_digits(qtbot, search, "1" * 26, SCAN_GAP_MS)
    with qtbot.waitSignal(window.barcode.rejected, timeout=1000):
        qtbot.keyClick(search, Qt.Key.Key_Return, delay=SCAN_GAP_MS)
    assert search.text() == ""
    assert "بارکد" in window.status_bar.currentMessage()
    assert window.current_page_id() == "desk"


def test_no_capture_while_locked_or_in_other_windows(window: MainWindow, qtbot: QtBot) -> None:
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    qtbot.keyClicks(other, "123")  # another top-level window (e.g. a dialog): untouched
    assert other.text() == "123"
    window.barcode.set_enabled(False)
    search = window.top_bar.search_box
    qtbot.keyClicks(search, "456")
    assert search.text() == "456"


def test_key_digit_reads_any_layout() -> None:
    none = Qt.KeyboardModifier.NoModifier
    kinds = QEvent.Type.KeyPress

    def event(key: int, text: str, scan: int = 0, mods: Qt.KeyboardModifier = none) -> QKeyEvent:
        return QKeyEvent(kinds, key, mods, scan, 0, 0, text)

    assert key_digit(event(Qt.Key.Key_7, "7")) == "7"
    assert key_digit(event(0x06F7, "۷")) == "7"  # Persian
    assert key_digit(event(0x0667, "٧")) == "7"  # Arabic-Indic
    assert key_digit(event(Qt.Key.Key_Ampersand, "&", 10), {10: "1"}) == "1"  # AZERTY top row
    assert key_digit(event(Qt.Key.Key_A, "a", 38), {10: "1"}) is None
    assert key_digit(event(Qt.Key.Key_1, "1", mods=Qt.KeyboardModifier.ControlModifier)) is None

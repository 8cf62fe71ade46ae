"""The desk page: figures from load_summary, delivered through the worker, busy and error states."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pishkhan.services.desk import DeskSummary
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.widgets import Tone, tone_of

WindowFactory = Callable[..., MainWindow]


def test_figures_arrive_from_a_worker_thread(
    make_window: WindowFactory, qtbot: QtBot, sample_summary: DeskSummary, qapp: QApplication
) -> None:
    loader_threads: list[QThread] = []

    def load_summary() -> DeskSummary:
        loader_threads.append(QThread.currentThread())
        return sample_summary

    window = make_window(load_summary)
    desk = window.desk_page
    qtbot.waitUntil(lambda: desk.summary is not None, timeout=5000)

    assert loader_threads and loader_threads[0] != qapp.thread()
    cards = desk.cards
    assert cards["subscribers"].value() == "۴۸٬۲۱۳"
    assert cards["debtors"].value() == "۶٬۱۲۷"
    assert cards["total_debt"].value() == "۱۸٬۴۵۷٬۳۲۰٬۰۰۰ ریال"
    assert cards["open_requests"].value() == "۳۷"
    assert cards["unsent_records"].value() == "۱۲"
    assert tone_of(cards["total_debt"].value_label) is Tone.ERROR  # debt in red
    assert tone_of(cards["unsent_records"].value_label) is Tone.PENDING
    assert desk.error_label.isHidden()
    assert desk.busy_bar.isHidden()
    assert "به‌روز شده" in desk.updated_label.text()


def test_no_debt_shows_green(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(lambda: DeskSummary(10, 0, 0, 0, 0))
    desk = window.desk_page
    qtbot.waitUntil(lambda: desk.summary is not None, timeout=5000)
    assert desk.cards["total_debt"].value() == "۰ ریال"
    assert tone_of(desk.cards["total_debt"].value_label) is Tone.OK


def test_busy_indicator_while_loading(
    make_window: WindowFactory, qtbot: QtBot, sample_summary: DeskSummary
) -> None:
    release = threading.Event()
    started = threading.Event()

    def slow_summary() -> DeskSummary:
        started.set()
        release.wait(5)
        return sample_summary

    window = make_window(slow_summary)
    desk = window.desk_page
    try:
        assert started.wait(5)
        assert desk.is_loading()
        assert desk.busy_bar.isVisible()
        assert desk.busy_label.text() == "در حال بارگذاری ارقام امروز…"
        assert desk.cards["subscribers"].value() == "—"
        # The GUI thread is not blocked: it still handles keys while the loader waits.
        window.show_page("payment")
        assert window.current_page_id() == "payment"
        window.show_page("desk")
    finally:
        release.set()
    qtbot.waitUntil(lambda: not desk.is_loading(), timeout=5000)
    assert not desk.busy_bar.isVisible()
    assert desk.cards["subscribers"].value() == "۴۸٬۲۱۳"


def test_error_message_when_load_summary_raises(
    make_window: WindowFactory, qtbot: QtBot, sample_summary: DeskSummary
) -> None:
    calls: list[int] = []

    def flaky_summary() -> DeskSummary:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("database is locked")
        return sample_summary

    window = make_window(flaky_summary)
    desk = window.desk_page
    qtbot.waitUntil(lambda: bool(desk.error_text()), timeout=5000)
    assert desk.error_text().startswith("ارقام امروز بارگذاری نشد.")
    assert "database" not in desk.error_text()
    assert desk.error_label.isVisible() and desk.retry_button.isVisible()
    assert tone_of(desk.error_label) is Tone.ERROR
    assert not desk.is_loading() and not desk.busy_bar.isVisible()
    assert all(card.value() == "—" for card in desk.cards.values())

    qtbot.mouseClick(desk.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.summary is not None, timeout=5000)
    assert len(calls) == 2
    assert desk.error_label.isHidden()
    assert desk.cards["debtors"].value() == "۶٬۱۲۷"


def test_without_a_data_source(make_window: WindowFactory) -> None:
    window = make_window(None)
    desk = window.desk_page
    assert not desk.is_loading()
    assert desk.updated_label.text() == "منبع داده‌ای وصل نیست."
    assert desk.cards["subscribers"].value() == "—"


def test_quick_actions_show_their_keys(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    desk = window.desk_page
    labels = [button.text() for button in desk.quick_buttons]
    assert any("پرداخت قبض" in label and "F3" in label for label in labels)
    pay = next(b for b in desk.quick_buttons if "F3" in b.text())
    qtbot.mouseClick(pay, Qt.MouseButton.LeftButton)
    assert window.current_page_id() == "payment"

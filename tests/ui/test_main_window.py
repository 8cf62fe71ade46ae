"""The main window: direction, locale, navigation, keys, status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jdatetime
import pytest
from PySide6.QtCore import QLocale, QPoint, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from pishkhan.services.desk import DeskSummary
from pishkhan.ui.actions import ACTION_SPECS
from pishkhan.ui.env import PageEnv
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.pages import PAGE_IDS
from pishkhan.ui.pages.help import HelpPage

WindowFactory = Callable[..., MainWindow]

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
PERSIAN_TITLES = [
    "میز کار",
    "مشترکین",
    "پرداخت",
    "درخواست‌ها",
    "پیگیری",
    "اسکن",
    "گزارش‌ها",
    "صندوق",
    "تنظیمات",
]


def persian(text: str | int) -> str:
    return str(text).translate(str.maketrans("0123456789", PERSIAN_DIGITS))


def visible(text: str) -> str:
    """Text without bidi embedding marks (Qt wraps key names in LRE…PDF in RTL)."""
    return text.replace("\u202a", "").replace("\u202c", "")


def x_of(widget: QWidget, window: MainWindow) -> int:
    return widget.mapTo(window, QPoint(0, 0)).x()


def test_window_is_right_to_left_with_persian_locale(
    make_window: WindowFactory, sample_summary: DeskSummary
) -> None:
    window = make_window(lambda: sample_summary)
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QLocale().language() == QLocale.Language.Persian
    assert QLocale().territory() == QLocale.Country.Iran
    # Navigation on the right, pages on the left.
    assert x_of(window.navigation, window) > x_of(window.stack, window)
    assert window.windowTitle() == "پیشخوان"


def test_navigation_lists_the_pages_in_persian(make_window: WindowFactory) -> None:
    window = make_window()
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert titles == PERSIAN_TITLES
    assert window.current_page_id() == "desk"


def test_clicking_navigation_switches_page(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    nav = window.navigation
    item = nav.item(PAGE_IDS.index("payment"))
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center()
    )
    assert window.current_page_id() == "payment"
    page = window.stack.currentWidget()
    assert page is window.pages["payment"]
    title = page.findChild(QLabel, "pageTitle")
    assert title is not None and title.text() == "پرداخت"
    item = nav.item(PAGE_IDS.index("requests"))
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center()
    )
    note = window.pages["requests"].findChild(QLabel, "pageNote")
    assert note is not None and "به‌زودی" in note.text()


def test_keyboard_moves_through_navigation(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.current_page_id() == "subscribers"
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.current_page_id() == "payment"
    qtbot.keyClick(window.navigation, Qt.Key.Key_Up)
    assert window.current_page_id() == "subscribers"
    qtbot.keyClick(window.navigation, Qt.Key.Key_End)
    assert window.current_page_id() == "settings"


def test_ctrl_digit_opens_the_nth_page(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    qtbot.keyClick(window.navigation, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_id() == "reports"
    assert window.navigation.currentRow() == PAGE_IDS.index("reports")


def test_f2_focuses_the_search_box(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    search = window.top_bar.search_box
    window.navigation.setFocus()
    qtbot.waitUntil(window.navigation.hasFocus)
    assert not search.hasFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_F2)
    qtbot.waitUntil(search.hasFocus)
    assert "شمارهٔ اشتراک" in search.placeholderText()


def test_function_keys_open_their_pages(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    for key, page in [
        (Qt.Key.Key_F3, "payment"),
        (Qt.Key.Key_F4, "subscribers"),
        (Qt.Key.Key_F5, "scan"),
        (Qt.Key.Key_F7, "subscribers"),
        (Qt.Key.Key_F8, "tracking"),
        (Qt.Key.Key_F10, "payment"),
    ]:
        window.show_page("desk")
        qtbot.keyClick(window.navigation, key)
        assert window.current_page_id() == page, key
    qtbot.keyClick(window.navigation, Qt.Key.Key_F1)
    assert window.current_page_id() == "help"
    assert window.navigation.currentRow() == -1  # help is not in the navigation


def test_f9_and_f12_announce_sync_and_lock(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    with qtbot.waitSignal(window.sync_requested, timeout=1000):
        qtbot.keyClick(window.navigation, Qt.Key.Key_F9)
    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        qtbot.keyClick(window.navigation, Qt.Key.Key_F12)
    # Without a signed-in user there is nobody to unlock for: the window says so.
    assert not window.is_locked()
    assert "قفل" in window.status_bar.currentMessage()


def test_action_registry_has_the_ux_keys(make_window: WindowFactory) -> None:
    expected = {
        "help": "F1",
        "search": "F2",
        "pay": "F3",
        "new_request": "F4",
        "scan": "F5",
        "print_bill": "F6",
        "meter_reading": "F7",
        "track": "F8",
        "sync": "F9",
        "confirm_payment": "F10",
        "lock": "F12",
    }
    specs = {spec.id: spec.shortcut for spec in ACTION_SPECS}
    assert {key: specs[key] for key in expected} == expected
    window = make_window()
    registry = window.action_registry
    assert registry.action("pay").shortcut() == QKeySequence("F3")
    assert registry.action("pay").text() == "پرداخت قبض"
    assert visible(registry.action("pay").iconText()) == "پرداخت قبض (F3)"
    # Every key is bound once.
    keys = [registry.key_text(i) for i in registry.ids() if registry.key_text(i)]
    assert len(keys) == len(set(keys))


def test_shortcut_override_rebinds_and_relabels(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    registry = window.action_registry
    registry.set_shortcut("pay", QKeySequence("F11"))
    try:
        assert visible(registry.action("pay").iconText()) == "پرداخت قبض (F11)"
        qtbot.keyClick(window.navigation, Qt.Key.Key_F11)
        assert window.current_page_id() == "payment"
        window.show_page("desk")
        qtbot.keyClick(window.navigation, Qt.Key.Key_F3)
        assert window.current_page_id() == "desk"
        table = window.pages["help"].findChild(QTableWidget, "shortcutTable")
        assert table is not None
        rows = {
            table.model().index(row, 0).data(): visible(table.model().index(row, 1).data())
            for row in range(table.rowCount())
        }
        assert rows["پرداخت قبض"] == "F11"
    finally:
        registry.reset_shortcut("pay")
    assert registry.shortcut("pay") == QKeySequence("F3")


def test_status_bar_shows_the_jalali_date_in_persian_digits(make_window: WindowFactory) -> None:
    before = jdatetime.date.today()
    window = make_window()
    text = window.status_bar.clock_label.text()
    after = jdatetime.date.today()
    expected = {
        f"{persian(d.day)} {jdatetime.date.j_months_fa[d.month - 1]} {persian(d.year)}"
        for d in (before, after)
    }
    assert any(e in text for e in expected), (text, expected)
    assert not any(ch in "0123456789" for ch in text), text
    assert window.status_bar.clock_interval_ms() <= 60_050


def test_top_bar_shows_user_and_link_state(make_window: WindowFactory) -> None:
    window = make_window(user_name="مریم احمدی")
    assert window.top_bar.user_label.text() == "کاربر: مریم احمدی"
    assert "آفلاین" in window.top_bar.sync_indicator.text()
    window.top_bar.sync_indicator.set_state(online=True, waiting=3)
    assert window.top_bar.sync_indicator.text() == "آنلاین — ۳ رکورد در انتظار ارسال"


def test_search_box_turns_ltr_for_identifiers(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    search = window.top_bar.search_box
    qtbot.keyClicks(search, "09121234567")
    window.barcode.flush()  # typed at scanner speed: the digits wait for the burst to end
    assert search.layoutDirection() == Qt.LayoutDirection.LeftToRight
    search.clear()
    search.insert("علی")  # QTest cannot type non-Latin-1 characters
    assert search.layoutDirection() == Qt.LayoutDirection.RightToLeft
    with qtbot.waitSignal(window.search_requested, timeout=1000) as signal:
        qtbot.keyClick(search, Qt.Key.Key_Return)
    assert signal.args == ["علی"]


def test_status_bar_names_branch_and_desk_in_persian_digits(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window(branch="دفتر کرمان", desk=12)
    text = window.status_bar.branch_label.text()
    assert "دفتر کرمان" in text
    assert "۱۲" in text and "12" not in text
    assert "باجه" in text


def test_search_enter_shows_subscribers_and_searches(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    searched: list[str] = []
    monkeypatch.setattr(window.pages["subscribers"], "search", searched.append, raising=False)
    search = window.top_bar.search_box
    window.focus_search()
    search.insert("رضایی کرمانی")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.current_page_id() == "subscribers"
    assert searched == ["رضایی کرمانی"]
    assert "not available" not in window.status_bar.currentMessage()


def test_user_changes_a_key_on_the_help_page_and_it_is_kept(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "keys.ini"), QSettings.Format.IniFormat)
    window = MainWindow(env=PageEnv(extras={"settings": settings}))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.navigation, Qt.Key.Key_F1)
    page = window.pages["help"]
    assert isinstance(page, HelpPage)
    page.select_action("pay")
    page.key_edit.setKeySequence(QKeySequence("F2"))  # taken by search: refused
    assert not page.save_key()
    assert "جست" in page.key_message.text()
    page.key_edit.setKeySequence(QKeySequence("F11"))
    assert page.save_key()
    qtbot.keyClick(window.navigation, Qt.Key.Key_F11)
    assert window.current_page_id() == "payment"
    window.close()

    again = MainWindow(env=PageEnv(extras={"settings": settings}))  # the next start
    qtbot.addWidget(again)
    assert again.action_registry.shortcut("pay") == QKeySequence("F11")
    help_page = again.pages["help"]
    assert isinstance(help_page, HelpPage)
    help_page.select_action("pay")
    help_page.reset_key()
    assert again.action_registry.shortcut("pay") == QKeySequence("F3")
    assert settings.value("shortcuts/pay") is None

"""The top bar's sync indicator: connecting / online / offline, waiting, attention, clicks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.widgets import Tone, tone_of

WindowFactory = Callable[..., MainWindow]


def test_indicator_says_connecting_until_the_link_is_known(make_window: WindowFactory) -> None:
    indicator = make_window().top_bar.sync_indicator
    indicator.set_state(None, 0)
    assert indicator.online is None
    assert "در حال اتصال" in indicator.text() and "آفلاین" not in indicator.text()
    assert tone_of(indicator) is Tone.PENDING

    indicator.set_state(True, 0, syncing=True)
    assert "آنلاین" in indicator.text() and "همه ارسال شده" in indicator.text()
    assert tone_of(indicator) is Tone.OK

    indicator.set_state(False, 2, attention=3)
    text = indicator.text()
    assert "آفلاین" in text and "۲" in text and "۳" in text and "بررسی" in text
    assert tone_of(indicator) is Tone.ERROR


def test_clicking_the_indicator_emits_clicked(make_window: WindowFactory, qtbot: QtBot) -> None:
    indicator = make_window().top_bar.sync_indicator
    with qtbot.waitSignal(indicator.clicked, timeout=2000):
        qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    with qtbot.assertNotEmitted(indicator.clicked):
        qtbot.mouseClick(indicator, Qt.MouseButton.RightButton)

"""A user switch: the new window's runner starts only after the old window's sync has ended."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pishkhan.services.context import AppContext
from pishkhan.sync.client import SyncClient
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.sync import SyncOutcome, SyncRunner, install_sync

from .conftest import Central, MemoryKeyring, configured_factory
from .test_runner import WAIT_MS


@pytest.fixture
def runners() -> Iterator[list[SyncRunner]]:
    made: list[SyncRunner] = []
    yield made
    for runner in made:
        runner.stop()


def test_the_next_windows_runner_waits_for_the_old_ones_sync_in_progress(
    qapp: QApplication,
    qtbot: QtBot,
    desk: AppContext,
    central: Central,
    memory_keyring: MemoryKeyring,
    runners: list[SyncRunner],
) -> None:
    desk.config.raw["desk"]["desk_no"] = 21
    base = configured_factory(desk, central.url)
    gate = threading.Event()

    def slow_factory() -> SyncClient:  # the old window's sync is still waiting for its server
        gate.wait(60)
        return base()

    old_window = MainWindow(user_name="مریم احمدی")
    old_window.show()
    old = install_sync(old_window, desk, slow_factory, interval_s=3600)
    assert old.running
    old_done: list[SyncOutcome] = []
    old.sync_finished.connect(old_done.append)

    new_window = MainWindow(user_name="علی رضایی")
    qtbot.addWidget(new_window)
    new_window.show()
    new = install_sync(new_window, desk, base, interval_s=3600, previous=old)
    runners.append(new)
    new_started: list[bool] = []
    new.state_changed.connect(lambda view: new_started.append(view.syncing))
    # The shell closes and deletes the old window right after: its runner lives on alone.
    old_window.close()
    old_window.deleteLater()
    qtbot.wait(300)
    assert shiboken6.isValid(old) and old.retiring and old.running
    assert not new.running and not any(new_started)
    assert new_window.top_bar.sync_indicator.online is None  # "connecting…"
    assert "اتصال" in new_window.top_bar.sync_indicator.text()

    gate.set()
    qtbot.waitUntil(lambda: new.view.online is True and not new.running, timeout=WAIT_MS)
    assert len(old_done) == 1  # the old sync finished before the new runner's first one
    qtbot.waitUntil(lambda: not shiboken6.isValid(old), timeout=10_000)  # deleted once retired
    assert new_window.top_bar.sync_indicator.online is True

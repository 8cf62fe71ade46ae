"""The real desk, in-process: launch's pieces, a demo data folder, the embedded central server.

Run with ``QT_QPA_PLATFORM=offscreen`` (set here if no platform is chosen).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

import pishkhan.launch as launch
from pishkhan.config import load_config
from pishkhan.demo.loader import load_demo_data
from pishkhan.paths import data_paths
from pishkhan.services.context import AppContext, open_context
from pishkhan.ui.login import SignInDialog
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.shell import DeskShell
from pishkhan.ui.worker import wait_for_workers
from tests.qtapp import persian_application

SUBSCRIBERS = 60
SEED = 1405  # the embedded server's seed: its data is the desk's


@pytest.fixture(scope="session")
def qapp() -> QApplication:
    return persian_application()


@dataclass
class Desk:
    """A signed-in desk as ``pishkhan`` runs it."""

    root: Path
    shell: DeskShell
    opener: launch.ContextOpener
    window: MainWindow

    @property
    def ctx(self) -> AppContext:
        return self.opener.get()

    @property
    def addons(self) -> launch.DeskAddons:
        return launch.addons()


def sign_in_when_asked(app: QApplication, username: str, password: str) -> None:
    """Fill in and submit the sign-in dialog once it is on screen (as the clerk does)."""

    def drive() -> None:
        dialogs = [
            d for d in app.topLevelWidgets() if isinstance(d, SignInDialog) and d.isVisible()
        ]
        if not dialogs or dialogs[0].panel.is_busy():
            QTimer.singleShot(50, drive)
            return
        panel = dialogs[0].panel
        panel.username_edit.setText(username)
        panel.password_edit.setText(password)
        panel.submit()

    QTimer.singleShot(50, drive)


@pytest.fixture(scope="module")
def desk(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """A data folder with demo data; the desk launched on it and signed in as the operator."""
    from pishkhan.app import desk_shell

    root = tmp_path_factory.mktemp("integration") / "home"
    ctx = open_context(data_paths(root))
    load_demo_data(ctx.engine, subscribers=SUBSCRIBERS, seed=SEED, config=ctx.config, workers=0)
    ctx.close()

    # What pishkhan.launch.launch does, minus app.exec():
    paths = data_paths(root).ensure()
    config = load_config(paths)
    desk_addons = launch.addons()
    opener = launch.ContextOpener(paths, on_open=desk_addons.start_embedded)
    shell = desk_shell(
        launch.LaunchAuthenticator(opener),
        branch=config.branch_name,
        desk=config.desk_no,
        ctx=opener.get,
        idle_lock_minutes=60,
        on_window=lambda window: launch.on_window(window, opener.get()),
        settings=QSettings(str(root / "desk.ini"), QSettings.Format.IniFormat),
    )
    sign_in_when_asked(qapp, "operator", "pishkhan")
    assert shell.sign_in()
    window = shell.window
    assert window is not None
    try:
        yield Desk(root, shell, opener, window)
    finally:
        runner = desk_addons.sync.runner if desk_addons.sync is not None else None
        if runner is not None:
            runner.stop()
        last = shell.window
        if last is not None:
            last.close()
            last.deleteLater()
        wait_for_workers()
        qapp.processEvents()
        launch.shutdown_addons()
        opener.close()

"""Signing in, roles in the window, the lock screen, idle lock and switching users."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from pishkhan.services import audit
from pishkhan.services.context import AppContext
from pishkhan.ui.env import PageEnv
from pishkhan.ui.login import SignInDialog, StoreAuthenticator, latin_username
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.shell import DeskShell

from .conftest import user_of

WindowFactory = Callable[..., MainWindow]


def is_persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def sign_in(
    qtbot: QtBot, username_edit: QLineEdit, password_edit: QLineEdit, user: str, password: str
) -> None:
    username_edit.clear()
    qtbot.keyClicks(username_edit, user)
    password_edit.clear()
    qtbot.keyClicks(password_edit, password)
    qtbot.keyClick(password_edit, Qt.Key.Key_Return)


def test_sign_in_dialog_refuses_then_accepts(
    qapp: QApplication, qtbot: QtBot, desk_store: AppContext
) -> None:
    dialog = SignInDialog(StoreAuthenticator(desk_store), branch="دفتر کرمان")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    panel = dialog.panel
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert panel.password_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert panel.password_edit.echoMode() == QLineEdit.EchoMode.Password

    qtbot.keyClick(panel.password_edit, Qt.Key.Key_Return)  # nothing typed
    assert is_persian(panel.message())

    sign_in(qtbot, panel.username_edit, panel.password_edit, "operator", "wrong")
    qtbot.waitUntil(lambda: not panel.is_busy() and "نادرست" in panel.message())
    assert panel.password_edit.text() == ""  # cleared for the next attempt
    assert dialog.isVisible()

    sign_in(qtbot, panel.username_edit, panel.password_edit, "operator", "pishkhan")
    qtbot.waitUntil(lambda: dialog.user is not None)
    assert dialog.user is not None and dialog.user.username == "operator"
    assert not dialog.isVisible()
    with desk_store.sessions() as session:
        assert audit.events(session, action=audit.SIGN_IN_FAILED, username="operator")
        assert audit.events(session, action=audit.SIGN_IN, username="operator")


def test_a_remembered_user_starts_in_the_password_field(
    qapp: QApplication, qtbot: QtBot, desk_store: AppContext
) -> None:
    dialog = SignInDialog(StoreAuthenticator(desk_store), username="operator")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    panel = dialog.panel
    assert panel.username_edit.text() == "operator"
    assert dialog.focusWidget() is panel.password_edit
    qtbot.keyClicks(dialog.focusWidget(), "pishkhan")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.user is not None)
    assert dialog.user is not None and dialog.user.username == "operator"


def test_a_new_desk_starts_in_the_username_field(
    qapp: QApplication, qtbot: QtBot, desk_store: AppContext
) -> None:
    dialog = SignInDialog(StoreAuthenticator(desk_store))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.panel.username_edit


def test_username_typed_in_the_persian_layout_is_understood() -> None:
    assert latin_username("خحثقشفخق") == "operator"  # "operator" with the Persian layout on
    assert latin_username(" Admin ") == "admin"


def test_clerk_sees_only_what_a_clerk_may_do(
    make_window: WindowFactory, desk_store: AppContext, qtbot: QtBot
) -> None:
    window = make_window(user=user_of(desk_store, "clerk"), ctx=desk_store)
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert "پرداخت" not in titles and "صندوق" not in titles and "تنظیمات" not in titles
    assert "اسکن" in titles and "درخواست‌ها" in titles
    registry = window.action_registry
    assert not registry.action("pay").isVisible() and not registry.action("pay").isEnabled()
    assert registry.action("pay") not in [a for a in window.toolbar.actions() if a.isVisible()]
    assert all(
        b.defaultAction() is not registry.action("pay") for b in window.desk_page.quick_buttons
    )
    qtbot.keyClick(window.navigation, Qt.Key.Key_F3)
    assert window.current_page_id() == "desk"
    assert not window.open_payment("1", "2")  # the subscriber file's "pay" is refused too
    assert "نقش" in window.status_bar.currentMessage()
    assert "متصدی" in window.status_bar.user_label.text()  # name and role in the status bar


def test_operator_window_shows_name_and_role(
    make_window: WindowFactory, desk_store: AppContext
) -> None:
    operator = user_of(desk_store, "operator")
    window = make_window(user=operator, ctx=desk_store)
    assert operator.full_name in window.top_bar.user_label.text()
    assert "اپراتور" in window.status_bar.user_label.text()
    assert window.env.extras["user"] is operator
    assert window.env.extras["open_payment"] == window.open_payment
    assert "payment" in window.page_ids and "scan" not in window.page_ids


def test_lock_keeps_work_and_unlocks_with_the_password(
    make_window: WindowFactory, desk_store: AppContext, qtbot: QtBot
) -> None:
    window = make_window(user=user_of(desk_store, "operator"), ctx=desk_store, lockable=True)
    window.show_page("payment")
    bill = window.pages["payment"].findChild(QLineEdit, "billIdEdit")
    assert bill is not None
    qtbot.keyClicks(bill, "12345")
    qtbot.keyClick(bill, Qt.Key.Key_F12)
    assert window.is_locked()
    screen = window.lock_screen
    assert screen is not None and screen.geometry() == window.rect()
    shot = window.grab().toImage()  # opaque: nothing of the page shows through
    colours = {
        shot.pixel(x, y) for x in range(0, shot.width(), 97) for y in (5, 60, shot.height() - 10)
    }
    assert len(colours) == 1
    assert not window.central.isEnabled() and not window.action_registry.action("pay").isEnabled()
    qtbot.keyClick(screen.panel.password_edit, Qt.Key.Key_F3)  # keys do nothing while locked
    assert window.current_page_id() == "payment"

    sign_in(qtbot, screen.panel.username_edit, screen.panel.password_edit, "operator", "nope")
    qtbot.waitUntil(lambda: "نادرست" in screen.panel.message())
    assert window.is_locked()
    screen.panel.password_edit.clear()
    qtbot.keyClicks(screen.panel.password_edit, "pishkhan")
    qtbot.keyClick(screen.panel.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked())
    assert bill.text() == "12345"  # the half-typed form survived
    assert window.action_registry.action("pay").isEnabled()
    with desk_store.sessions() as session:
        assert audit.events(session, action=audit.UNLOCK, username="operator")


def test_shell_signs_in_locks_when_idle_and_switches_user(
    qapp: QApplication, qtbot: QtBot, desk_store: AppContext, tmp_path: object
) -> None:
    auth = StoreAuthenticator(desk_store)
    opened: list[MainWindow] = []

    def build(user: object) -> MainWindow:
        env = PageEnv(ctx=desk_store, extras={"user": user, "authenticator": auth})
        return MainWindow(env=env)  # the shell closes and deletes replaced windows

    settings = QSettings(str(tmp_path) + "/shell.ini", QSettings.Format.IniFormat)
    shell = DeskShell(
        authenticator=auth,
        build_window=build,
        idle_lock_ms=400,
        on_window=opened.append,
        settings=settings,
    )
    first = shell.open_window(user_of(desk_store, "operator"))
    assert opened == [first]
    qtbot.waitUntil(first.is_locked, timeout=5000)  # nobody touched it for 0.4 s
    screen = first.lock_screen
    assert screen is not None
    sign_in(qtbot, screen.panel.username_edit, screen.panel.password_edit, "manager", "pishkhan")
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=5000)
    second = opened[1]
    assert shell.window is second and second.user is not None
    assert second.user.username == "manager" and not second.is_locked()
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))  # the old window is gone
    assert settings.value("desk/last_username") == "manager"
    shell.idle.timeout_ms = 60_000  # no more idle locks while the test ends
    shell.sign_out()  # what quitting the desk does

    def signed_out() -> set[str | None]:
        with desk_store.sessions() as session:
            return {e.username for e in audit.events(session, action=audit.SIGN_OUT)}

    qtbot.waitUntil(lambda: {"operator", "manager"} <= signed_out())  # replaced user, last one
    second.close()
    second.deleteLater()


LAUNCH_DRIVER = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pishkhan.app import create_application
import pishkhan.launch as launch
from pishkhan.ui.login import SignInDialog
from pishkhan.ui.main_window import MainWindow

app = create_application(["pishkhan"])
attempts = []

def drive():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if windows:
        w = windows[0]
        print("WINDOW", w.user.username, w.user.role.value, ",".join(w.page_ids))
        print("STATUS", w.status_bar.user_label.text())
        w.close()
        return
    dialogs = [d for d in app.topLevelWidgets() if isinstance(d, SignInDialog) and d.isVisible()]
    if dialogs and not dialogs[0].panel.is_busy():
        panel = dialogs[0].panel
        if attempts:
            print("MESSAGE", panel.message())
        password = "wrong" if not attempts else "pishkhan"
        attempts.append(password)
        panel.username_edit.setText("clerk")
        panel.password_edit.setText(password)
        panel.submit()
    QTimer.singleShot(100, drive)

QTimer.singleShot(100, drive)
print("EXIT", launch.launch(["pishkhan"]))
"""


def test_launch_signs_in_before_the_window(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PISHKHAN_LANG"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PISHKHAN_HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # the desk's QSettings, not the tester's
    )
    result = subprocess.run(
        [sys.executable, "-c", LAUNCH_DRIVER],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert "نادرست" in lines["MESSAGE"]  # the wrong password was refused first
    assert lines["WINDOW"].startswith("clerk clerk ")
    assert "payment" not in lines["WINDOW"] and "scan" in lines["WINDOW"]
    assert "متصدی اسکن" in lines["STATUS"]
    assert lines["EXIT"] == "0"


def test_idle_lock_waits_for_an_open_dialog(
    qapp: QApplication, qtbot: QtBot, desk_store: AppContext, tmp_path: Path
) -> None:
    auth = StoreAuthenticator(desk_store)

    def build(user: object) -> MainWindow:
        return MainWindow(env=PageEnv(ctx=desk_store, extras={"user": user, "authenticator": auth}))

    shell = DeskShell(authenticator=auth, build_window=build, idle_lock_ms=200)
    window = shell.open_window(user_of(desk_store, "operator"))
    qtbot.addWidget(window)
    dialog = QDialog(window)  # e.g. a meter reading half typed
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    qtbot.wait(700)
    assert not window.is_locked()  # the dialog would cover the lock screen
    dialog.close()
    qtbot.waitUntil(window.is_locked, timeout=3000)
    shell.idle.timeout_ms = 60_000

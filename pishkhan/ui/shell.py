"""The desk's session: sign in, one main window per signed-in user, idle lock, switching users.

    shell = DeskShell(authenticator=..., build_window=..., idle_lock_ms=10 * 60_000)
    if shell.sign_in():      # the sign-in dialog; False when the clerk quits
        app.exec()

``build_window(user)`` makes the ``MainWindow`` for a user; ``on_window(window)`` runs after each
window is shown (sync indicator, printer service, ... hook in there). When another user signs in
at the lock screen, a fresh window is built for them and the old one is closed, so nothing of the
previous user's screens (a half-typed form, a subscriber's file) survives into the new session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal, Slot
from PySide6.QtWidgets import QApplication, QDialog

from pishkhan.services.auth import SignedIn
from pishkhan.ui.lock import IdleWatcher
from pishkhan.ui.login import Authenticator, SignInDialog
from pishkhan.ui.worker import run_in_background

if TYPE_CHECKING:  # imported by build_window, after sign-in: the dialog must not wait for it
    from pishkhan.ui.main_window import MainWindow

log = logging.getLogger(__name__)

LAST_USER_KEY = "desk/last_username"


class DeskShell(QObject):
    window_opened = Signal(object)  # MainWindow

    def __init__(
        self,
        *,
        authenticator: Authenticator,
        build_window: Callable[[SignedIn], MainWindow],
        idle_lock_ms: int,
        on_window: Callable[[MainWindow], None] | None = None,
        branch: str = "",
        settings: QSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._auth = authenticator
        self._build_window = build_window
        self._on_window = on_window
        self._branch = branch
        self._settings = settings
        self.window: MainWindow | None = None
        self.dialog: SignInDialog | None = None
        self.idle = IdleWatcher(idle_lock_ms, self)
        self.idle.idle.connect(self._on_idle)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.sign_out)

    def sign_in(self) -> bool:
        """Show the sign-in dialog (modal); open the window when someone signs in."""
        last = self._settings.value(LAST_USER_KEY, "") if self._settings is not None else ""
        self.dialog = SignInDialog(
            self._auth, branch=self._branch, username=last if isinstance(last, str) else ""
        )
        accepted = self.dialog.exec() == QDialog.DialogCode.Accepted
        user = self.dialog.user
        self.dialog.deleteLater()
        self.dialog = None
        if not accepted or user is None:
            return False
        self.open_window(user)
        return True

    def open_window(self, user: SignedIn) -> MainWindow:
        window = self._build_window(user)
        window.user_switched.connect(self._on_user_switched)
        window.locked_changed.connect(self._on_locked_changed)
        window.show()
        self.window = window
        if self._settings is not None:
            self._settings.setValue(LAST_USER_KEY, user.username)
        if self._on_window is not None:
            try:
                self._on_window(window)
            except Exception:  # an add-on must not keep the clerk from the desk
                log.exception("setting up the window failed")
        self.idle.reset()
        self.window_opened.emit(window)
        return window

    @Slot()
    def _on_idle(self) -> None:
        if self.window is None:
            return
        if QApplication.activeModalWidget() is not None:
            # A dialog (e.g. a meter reading being typed) would sit on top of the lock screen
            # and keep the password field from the keyboard: lock once it is closed.
            self.idle.rearm()
            return
        self.window.lock("idle")

    @Slot(bool)
    def _on_locked_changed(self, locked: bool) -> None:
        if not locked:
            self.idle.reset()

    @Slot(object)
    def _on_user_switched(self, user: SignedIn) -> None:
        old = self.window
        if old is not None and old.user is not None:
            run_in_background(partial(self._auth.record_sign_out, old.user), self._signed_out)
        self.open_window(user)
        if old is not None:
            old.close()
            old.deleteLater()

    @Slot()
    def sign_out(self) -> None:
        """Audit the end of the session (when the desk quits); a failure is only logged."""
        window = self.window
        if window is None or window.user is None:
            return
        try:
            self._auth.record_sign_out(window.user)
        except Exception:
            log.exception("could not record the sign-out")

    def _signed_out(self, _result: object) -> None:
        log.info("previous user signed out")

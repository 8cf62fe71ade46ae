"""Locking the desk: the lock screen over the window and the idle watcher.

The lock screen covers the whole window (the citizen at the counter sees nothing of the last
subscriber), every action is disabled and the widgets underneath cannot take the focus. The same
user's password unlocks it and the window comes back exactly as it was (a half-typed form stays);
another user signing in is announced by ``other_user_signed_in`` and the shell replaces the window.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from pishkhan.services.auth import SignedIn
from pishkhan.ui.login import Authenticator, SignInPanel

LOCK_STYLE = """
QWidget#lockScreen { background: #e6eaee; }
QFrame#signInPanel {
    background: #ffffff;
    border: 1px solid #c3c9d0;
    border-radius: 8px;
}
"""

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockScreen(QWidget):
    """A child of the main window that covers it while locked."""

    unlocked = Signal(object)  # the same SignedIn, password checked again
    other_user_signed_in = Signal(object)  # a different SignedIn

    def __init__(self, authenticator: Authenticator, user: SignedIn, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Opaque: nothing of the last subscriber's screen shows through.
        self.setStyleSheet(LOCK_STYLE)
        self.user = user
        self.panel = SignInPanel(
            authenticator,
            title=self.tr("The desk is locked"),
            note=self.tr(
                "%1, enter your password to carry on where you left off. "
                "Another user may sign in instead."
            ).replace("%1", user.full_name),
            locked_user=user,
        )
        self.panel.setMaximumWidth(520)
        self.panel.signed_in.connect(self._on_signed_in)
        self.reason_label = QLabel()
        self.reason_label.setObjectName("pageNote")
        self.reason_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.reason_label)
        layout.addStretch(2)
        parent.installEventFilter(self)
        self.hide()

    def show_locked(self, reason_text: str = "") -> None:
        self.reason_label.setText(reason_text)
        self._cover()
        self.show()
        self.raise_()
        self.panel.reset(self.user.username)

    def _cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._cover()
        return False

    @Slot(object)
    def _on_signed_in(self, who: SignedIn) -> None:
        if who.user_id == self.user.user_id:
            self.hide()
            self.unlocked.emit(who)
        else:
            self.other_user_signed_in.emit(who)


class IdleWatcher(QObject):
    """Emits ``idle`` once no key, mouse or touch input reached the application for ``timeout_ms``.

    Installed as an application event filter: recording the time of an input event is all it
    does per event; a coarse timer checks the elapsed time. ``reset`` re-arms it.
    """

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = max(1, timeout_ms)
        self._last = time.monotonic()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(20, min(5000, self.timeout_ms // 4)))
        self._timer.timeout.connect(self._check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last = time.monotonic()
        return False

    def reset(self) -> None:
        self._last = time.monotonic()
        self._fired = False

    def rearm(self) -> None:
        """Fire again at the next check if still idle (the lock had to wait)."""
        self._fired = False

    def idle_ms(self) -> int:
        return int((time.monotonic() - self._last) * 1000)

    @Slot()
    def _check(self) -> None:
        if not self._fired and self.idle_ms() >= self.timeout_ms:
            self._fired = True
            self.idle.emit()

"""The status bar: signed-in user and role, branch and desk, cash session state, Jalali date."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QTimer, Slot
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from pishkhan.ui.formatting import format_number, now_text


class DeskStatusBar(QStatusBar):
    """Permanent fields; the clock is refreshed at the turn of every minute."""

    def __init__(self, branch: str = "", desk: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.branch_label = QLabel(self)
        self.branch_label.setObjectName("branchLabel")
        self.cash_label = QLabel(self)
        self.cash_label.setObjectName("cashLabel")
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("clockLabel")
        self.user_label = QLabel(self)
        self.user_label.setObjectName("statusUserLabel")
        self.user_label.hide()
        self.addPermanentWidget(self.user_label)
        self.addPermanentWidget(self.branch_label)
        self.addPermanentWidget(self.cash_label)
        self.addPermanentWidget(self.clock_label)
        self.set_branch(branch, desk)
        self.set_cash_session(None)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh_clock)
        self.refresh_clock()

    def set_branch(self, branch: str, desk: int = 0) -> None:
        if not branch:
            text = self.tr("Branch: not set")
        elif desk > 0:
            text = (
                self.tr("Branch: %1 — desk %2")
                .replace("%1", branch)
                .replace("%2", format_number(desk))
            )
        else:
            text = self.tr("Branch: %1").replace("%1", branch)
        self.branch_label.setText(text)

    def set_user(self, name: str, role: str) -> None:
        """«مریم احمدی (اپراتور پیشخوان)»; hidden when nobody is signed in."""
        self.user_label.setText(f"{name} ({role})" if role else name)
        self.user_label.setVisible(bool(name))

    def set_cash_session(self, open_: bool | None) -> None:
        """``None`` while the cash page is not built."""
        if open_ is None:
            text = self.tr("Cash: —")
        else:
            text = self.tr("Cash: open") if open_ else self.tr("Cash: closed")
        self.cash_label.setText(text)

    @Slot()
    def refresh_clock(self) -> None:
        now = QDateTime.currentDateTime()
        self.clock_label.setText(now_text(now))
        # Next tick just after the minute turns (a drifting 60 s interval would lag behind).
        msecs_into_minute = now.time().second() * 1000 + now.time().msec()
        self._timer.start(60_000 - msecs_into_minute + 50)

    def clock_interval_ms(self) -> int:
        """Milliseconds until the next clock update (for tests)."""
        return self._timer.remainingTime()

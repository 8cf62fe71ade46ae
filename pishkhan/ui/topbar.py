"""The top bar: the one search box (F2), the sync indicator and the signed-in user."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from pishkhan.ui.formatting import format_number
from pishkhan.ui.widgets import Tone, set_tone


def has_rtl_letters(text: str) -> bool:
    """True if ``text`` contains a right-to-left letter (Persian, Arabic, Hebrew)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


class SearchBox(QLineEdit):
    """Accepts anything the citizen hands over; the text direction follows what is typed.

    The box is right-to-left (names are Persian, the hint is Persian), but while it holds only
    an identifier — digits, Latin letters, dashes — it turns left-to-right, like HTML's
    ``dir="auto"``, so a bill ID or a mobile number reads and edits in its natural order.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self.textChanged.connect(self._follow_direction)

    @Slot(str)
    def _follow_direction(self, text: str) -> None:
        if text and not has_rtl_letters(text):
            self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        else:
            self.unsetLayoutDirection()  # back to the window's direction


class SyncIndicator(QLabel):
    """Online / offline and how many records wait to be sent; visible from every screen.

    ``clicked`` is emitted when the clerk clicks it (the sync add-on opens its dialog).
    """

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.online: bool | None = False
        self.waiting = 0
        self.attention = 0
        self.syncing = False
        self.set_state(online=False, waiting=0)

    def set_state(
        self,
        online: bool | None,
        waiting: int,
        attention: int = 0,
        syncing: bool = False,
    ) -> None:
        """Show the link (``None``: still connecting), records waiting and needing attention."""
        self.online = online
        self.waiting = waiting
        self.attention = attention
        self.syncing = syncing
        if online is None:
            link = self.tr("Connecting…")
        else:
            link = self.tr("Online") if online else self.tr("Offline")
        if syncing:
            link = "↻ " + link  # a sync is running now
        text = (
            self.tr("%1 — %2 waiting to be sent")
            .replace("%1", link)
            .replace("%2", format_number(waiting))
            if waiting
            else self.tr("%1 — all sent").replace("%1", link)
        )
        if attention:
            text += " — " + self.tr("%1 need attention").replace("%1", format_number(attention))
        self.setText(text)
        if attention or online is False:
            tone = Tone.ERROR if attention else Tone.PENDING
        else:
            tone = Tone.OK if online and not waiting else Tone.PENDING
        set_tone(self, tone)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)


class TopBar(QWidget):
    search_requested = Signal(str)

    def __init__(self, user_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.search_box = SearchBox(self)
        self.search_box.setPlaceholderText(
            self.tr(
                "Search (F2): subscription number, bill ID, national code, mobile, name, "
                "tracking code…"
            )
        )
        self.search_box.setMinimumWidth(420)
        self.search_box.returnPressed.connect(self._submit)
        self.sync_indicator = SyncIndicator(self)
        self.user_label = QLabel(self)
        self.user_label.setObjectName("userLabel")
        self.set_user(user_name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(16)
        layout.addWidget(self.search_box, 1)
        layout.addWidget(self.sync_indicator)
        layout.addWidget(self.user_label)

    def set_user(self, user_name: str) -> None:
        self.user_label.setText(
            self.tr("User: %1").replace("%1", user_name) if user_name else self.tr("Not signed in")
        )

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    @Slot()
    def _submit(self) -> None:
        text = self.search_box.text().strip()
        if text:
            self.search_requested.emit(text)

"""The barcode scanner as a keyboard: recognise a fast burst of digits ending in Enter.

A bill's barcode scanner is a USB keyboard: it "types" the 26 digits of the barcode (bill ID and
payment ID, each zero-padded to 13) a few milliseconds apart and presses Enter. This application
event filter watches the digit key presses going to the widgets of one window:

- the first digit of a burst goes through at once (a person typing sees no delay at all); a digit
  following the previous one within ``max_gap_ms`` is held back;
- when the burst reaches exactly 26 digits and Enter follows at once, it is a scan: the held keys
  and the Enter are swallowed, the first digit is taken out of the line edit it went to, and
  ``scanned`` announces the barcode if it is a valid bill barcode (``rejected`` with a Persian
  reason if it is not);
- anything else — a pause, another key, a shorter burst — means a person: the held keys are
  delivered to the widget they were meant for, in order, at most ``max_gap_ms`` late.

Digits are recognised whatever the keyboard layout: from the text of the key (ASCII, Persian or
Arabic-Indic digits), from Qt's key code, and from the native scan code of the top row and the
keypad (X11/Wayland and Windows), so a layout whose top row types other characters still yields
digits.
"""

from __future__ import annotations

import time
import unicodedata

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from pishkhan.domain.ids import InvalidId, parse_bill_barcode

BARCODE_DIGITS = 26
DEFAULT_MAX_GAP_MS = 50  # scanners send a key every 2–30 ms; people rarely under 60 ms

# Native scan codes of the digit keys: top row 1…9, 0 and the keypad (with Num Lock on).
_XKB_SCAN_CODES = {
    **{10 + i: str((i + 1) % 10) for i in range(10)},
    79: "7",
    80: "8",
    81: "9",
    83: "4",
    84: "5",
    85: "6",
    87: "1",
    88: "2",
    89: "3",
    90: "0",
}
_WINDOWS_SCAN_CODES = {
    **{2 + i: str((i + 1) % 10) for i in range(10)},
    0x47: "7",
    0x48: "8",
    0x49: "9",
    0x4B: "4",
    0x4C: "5",
    0x4D: "6",
    0x4F: "1",
    0x50: "2",
    0x51: "3",
    0x52: "0",
}
_BLOCKING_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _scan_codes() -> dict[int, str]:
    platform = QGuiApplication.platformName()
    if platform in ("xcb", "wayland"):
        return _XKB_SCAN_CODES
    if platform == "windows":
        return _WINDOWS_SCAN_CODES
    return {}


def key_digit(event: QKeyEvent, scan_codes: dict[int, str] | None = None) -> str | None:
    """The ASCII digit a key press stands for, in any layout and digit set; else ``None``."""
    if event.modifiers() & _BLOCKING_MODIFIERS:
        return None
    text = event.text()
    if len(text) == 1:
        value = unicodedata.decimal(text, None)
        if value is not None:
            return str(value)
    key = event.key()
    if Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value:
        return str(key - Qt.Key.Key_0.value)
    if 0x0660 <= key <= 0x06F9:  # Arabic-Indic and Persian digit key codes
        value = unicodedata.decimal(chr(key), None)
        if value is not None:
            return str(value)
    codes = _scan_codes() if scan_codes is None else scan_codes
    return codes.get(event.nativeScanCode())


class BarcodeFilter(QObject):
    """Application-wide event filter for key presses going to widgets of ``scope``'s window."""

    scanned = Signal(str)  # the 26 ASCII digits of a valid bill barcode
    rejected = Signal(str, str)  # the 26 digits and why they are not a bill barcode (Persian)

    def __init__(
        self,
        scope: QWidget,
        *,
        max_gap_ms: int = DEFAULT_MAX_GAP_MS,
        install: bool = True,
    ) -> None:
        super().__init__(scope)
        self._scope = scope
        self.max_gap_ms = max_gap_ms
        self.enabled = True
        self._digits: list[str] = []  # the burst so far, the first (delivered) digit included
        self._held: list[tuple[QKeyEvent, QWidget]] = []
        self._first: tuple[QLineEdit, str, int] | None = None  # line edit before the 1st digit
        # The first digit of a burst, let through: Qt offers an ignored key press to each parent
        # widget in turn, and those are not new key presses.
        self._passed: tuple[int, QWidget] | None = None
        self._last = 0.0
        self._replaying = False
        self._scan_codes = _scan_codes()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        app = QApplication.instance()
        if install and app is not None:
            app.installEventFilter(self)

    def set_enabled(self, enabled: bool) -> None:
        """When disabled every key passes untouched (e.g. while the desk is locked)."""
        if not enabled:
            self.flush()
        self.enabled = enabled

    def held_keys(self) -> int:
        return len(self._held)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._replaying
            or not self.enabled
            or event.type() != QEvent.Type.KeyPress
            or not isinstance(watched, QWidget)
            or not isinstance(event, QKeyEvent)
            or watched.window() is not self._scope
        ):
            return False
        address = shiboken6.getCppPointer(event)[0]
        if self._passed is not None and self._passed[0] == address:
            receiver = self._passed[1]
            if (
                shiboken6.isValid(receiver)
                and watched is not receiver
                and watched.isAncestorOf(receiver)
            ):
                return False  # the same key press, propagating to a parent
        now = time.monotonic()
        quick = bool(self._digits) and (now - self._last) * 1000 <= self.max_gap_ms
        digit = key_digit(event, self._scan_codes)
        if digit is not None:
            if quick:
                self._digits.append(digit)
                self._held.append((event.clone(), watched))
                self._last = now
                self._timer.start(self.max_gap_ms)
                return True
            self.flush()  # a new burst starts with this digit, which goes through
            self._digits = [digit]
            self._passed = (address, watched)
            if isinstance(watched, QLineEdit):
                self._first = (watched, watched.text(), watched.cursorPosition())
            self._last = now
            self._timer.start(self.max_gap_ms)
            return False
        if event.key() in _ENTER_KEYS and quick and len(self._digits) == BARCODE_DIGITS:
            digits = "".join(self._digits)
            self._undo_first_digit()
            self._reset()
            self._announce(digits)
            return True
        self.flush()  # a person typing: deliver the held digits before this key
        self._passed = (address, watched)
        return False

    def _undo_first_digit(self) -> None:
        if self._first is None:
            return
        edit, text, cursor = self._first
        if shiboken6.isValid(edit) and edit.text() != text:
            edit.setText(text)
            edit.setCursorPosition(cursor)

    def _reset(self) -> None:
        self._timer.stop()
        self._digits = []
        self._held = []
        self._first = None
        self._passed = None

    def _announce(self, digits: str) -> None:
        try:
            parse_bill_barcode(digits)
        except InvalidId as exc:
            self.rejected.emit(digits, str(exc))
        else:
            self.scanned.emit(digits)

    @Slot()
    def flush(self) -> None:
        """End the burst: deliver the held key presses to their widgets, in order."""
        held = self._held
        self._reset()
        self._replaying = True
        try:
            for event, receiver in held:
                if shiboken6.isValid(receiver):
                    QCoreApplication.sendEvent(receiver, event)
        finally:
            self._replaying = False

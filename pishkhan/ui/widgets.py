"""Small widget helpers shared by every page: left-to-right islands and colour tones."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget


class Tone(StrEnum):
    """The few colours with fixed meanings (styled in ``resources/styles/pishkhan.qss``)."""

    NONE = ""
    ERROR = "error"  # red: debt, errors
    OK = "ok"  # green: paid, online, all sent
    PENDING = "pending"  # amber: waiting, offline, needs attention soon


DEBT = Tone.ERROR
PAID = Tone.OK


def make_ltr[W: QWidget](widget: W) -> W:
    """Keep ``widget`` left-to-right inside the right-to-left window; returns it for chaining.

    For widgets that hold identifiers, barcodes, phone numbers, amounts being typed and dates:
    their characters read left to right, and the text keeps to the left edge of the box.
    """
    widget.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    if isinstance(widget, QLineEdit | QLabel):
        vertical = widget.alignment() & Qt.AlignmentFlag.AlignVertical_Mask
        widget.setAlignment(
            Qt.AlignmentFlag.AlignLeft
            | Qt.AlignmentFlag.AlignAbsolute
            | (vertical or Qt.AlignmentFlag.AlignVCenter)
        )
    return widget


def set_tone(widget: QWidget, tone: Tone) -> None:
    """Colour ``widget`` by meaning; the style sheet matches the ``tone`` property."""
    if widget.property("tone") == tone.value:
        return
    widget.setProperty("tone", tone.value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def tone_of(widget: QWidget) -> Tone:
    """The tone last set on ``widget`` (``Tone.NONE`` if none)."""
    value = widget.property("tone")
    return Tone(value) if isinstance(value, str) and value else Tone.NONE

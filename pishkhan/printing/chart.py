"""Small charts drawn with the painter: horizontal bars and columns, right to left."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QColor

from pishkhan.printing.canvas import Align, Canvas

BAR = QColor(70, 70, 70)
LIGHT = QColor(170, 170, 170)


def bar_chart(
    c: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
    items: Sequence[tuple[str, int]],
    value_text: Callable[[int], str],
) -> None:
    """Horizontal bars growing from the right edge leftwards, labels on the right."""
    if not items:
        return
    label_w = min(w * 0.3, max(c.text_width(label, 8) for label, _ in items) + 3)
    value_w = max(c.text_width(value_text(v), 8) for _, v in items) + 3
    bar_area = w - label_w - value_w
    top = max((v for _, v in items), default=0) or 1
    row = h / len(items)
    bar_h = min(row * 0.7, 6.0)
    for i, (label, value) in enumerate(items):
        ry = y + i * row
        c.text(x + w - label_w, ry, label_w - 1.5, row, label, 8)
        length = bar_area * max(value, 0) / top
        bar_right = x + w - label_w
        c.fill(bar_right - length, ry + (row - bar_h) / 2, length, bar_h, BAR)
        c.text(
            bar_right - length - value_w,
            ry,
            value_w - 1,
            row,
            value_text(value),
            8,
            align=Align.RIGHT,
        )


def column_chart(
    c: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
    items: Sequence[tuple[str, int]],
    value_text: Callable[[int], str],
    *,
    marked: Sequence[bool] = (),
) -> None:
    """Vertical columns, the first item on the right (time runs right to left)."""
    if not items:
        return
    label_h = c.line_height(7) + 0.5
    value_h = label_h
    area_h = h - label_h - value_h
    top = max((v for _, v in items), default=0) or 1
    slot = w / len(items)
    col_w = min(slot * 0.6, 12.0)
    base = y + h - label_h
    c.hline(base, x, x + w, 0.2)
    for i, (label, value) in enumerate(items):
        sx = x + w - (i + 1) * slot
        height = area_h * max(value, 0) / top
        color = LIGHT if i < len(marked) and marked[i] else BAR
        c.fill(sx + (slot - col_w) / 2, base - height, col_w, height, color)
        c.text(sx, base - height - value_h, slot, value_h, value_text(value), 7, align=Align.CENTER)
        c.text(sx, base, slot, label_h, label, 7, align=Align.CENTER)

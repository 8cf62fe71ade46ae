"""A small chart painted with QPainter: bars or a line over labelled periods.

Numbers on the value axis use the locale's digits (Persian in the Persian locale) and «٬»
separators. The category axis follows the widget's layout direction: in a right-to-left window
the first (oldest) period is on the right and the value axis stands on the right edge, as a
Persian reader expects. Highlighted points (e.g. estimated bills) are drawn in amber.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from pishkhan.ui.formatting import format_number

BAR_COLOUR = QColor("#0b4f6c")
HIGHLIGHT_COLOUR = QColor("#8a5300")
GRID_COLOUR = QColor("#d0d4da")
TEXT_COLOUR = QColor("#1a1a1a")
MUTED_COLOUR = QColor("#4a525c")


class ChartKind(enum.Enum):
    BARS = "bars"
    LINE = "line"


def nice_ticks(maximum: float, count: int = 4) -> list[int]:
    """Round axis values 0, step, 2·step, … covering ``maximum`` (step 1, 2 or 5 × 10ⁿ)."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(1, int(step))
    top = math.ceil(maximum / step) * step
    return list(range(0, top + 1, step))


class ChartWidget(QWidget):
    """Bars or a line of integer ``values`` over ``labels``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)
        self.labels: list[str] = []
        self.values: list[int] = []
        self.highlight: set[int] = set()
        self.kind = ChartKind.BARS
        self.caption = ""
        self.empty_text = self.tr("No data for this range")

    def sizeHint(self) -> QSize:
        return QSize(520, 240)

    def set_data(
        self,
        labels: Sequence[str],
        values: Sequence[int],
        *,
        kind: ChartKind = ChartKind.BARS,
        highlight: Sequence[int] = (),
        caption: str = "",
    ) -> None:
        if len(labels) != len(values):
            raise ValueError("labels and values differ in length")
        self.labels = list(labels)
        self.values = [int(v) for v in values]
        self.kind = kind
        self.highlight = set(highlight)
        self.caption = caption
        self.setAccessibleDescription(
            "; ".join(f"{lab}: {format_number(v)}" for lab, v in zip(labels, values, strict=True))
        )
        self.update()

    # -- geometry (also used by tests) ---------------------------------------------------------

    def _plot_rect(self) -> QRectF:
        fm = QFontMetrics(self.font())
        ticks = nice_ticks(max(self.values, default=0))
        axis_w = max(fm.horizontalAdvance(format_number(t)) for t in ticks) + 10
        top = fm.height() + 8 if self.caption else 8
        bottom = fm.height() + 10
        rect = QRectF(self.rect()).adjusted(8, top, -8, -bottom)
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            return rect.adjusted(0, 0, -axis_w, 0)
        return rect.adjusted(axis_w, 0, 0, 0)

    def slot_rect(self, index: int) -> QRectF:
        """The column of the ``index``-th label (0 = first = right-most in right-to-left)."""
        plot = self._plot_rect()
        n = max(1, len(self.values))
        width = plot.width() / n
        position = n - 1 - index if self._rtl() else index
        return QRectF(plot.left() + position * width, plot.top(), width, plot.height())

    def _rtl(self) -> bool:
        return self.layoutDirection() == Qt.LayoutDirection.RightToLeft

    def _y(self, value: float, plot: QRectF, top_value: int) -> float:
        return plot.bottom() - (value / top_value) * plot.height() if top_value else plot.bottom()

    # -- painting --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        fm = QFontMetrics(self.font())
        if self.caption:
            painter.setPen(MUTED_COLOUR)
            painter.drawText(
                QRectF(8, 2, self.width() - 16, fm.height() + 4),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading,
                self.caption,
            )
        if not self.values:
            painter.setPen(MUTED_COLOUR)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        plot = self._plot_rect()
        ticks = nice_ticks(max(self.values))
        top_value = ticks[-1]
        self._paint_axis(painter, plot, ticks, top_value, fm)
        if self.kind is ChartKind.BARS:
            self._paint_bars(painter, plot, top_value)
        else:
            self._paint_line(painter, plot, top_value)
        self._paint_labels(painter, plot, fm)
        painter.end()

    def _paint_axis(
        self, p: QPainter, plot: QRectF, ticks: list[int], top_value: int, fm: QFontMetrics
    ) -> None:
        for tick in ticks:
            y = self._y(tick, plot, top_value)
            p.setPen(QPen(GRID_COLOUR, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            text = format_number(tick)
            w = fm.horizontalAdvance(text)
            x = plot.right() + 6 if self._rtl() else plot.left() - 6 - w
            p.setPen(MUTED_COLOUR)
            p.drawText(QPointF(x, y + fm.ascent() / 2 - 1), text)

    def _paint_bars(self, p: QPainter, plot: QRectF, top_value: int) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        for i, value in enumerate(self.values):
            slot = self.slot_rect(i)
            width = slot.width() * 0.6
            y = self._y(value, plot, top_value)
            bar = QRectF(slot.center().x() - width / 2, y, width, plot.bottom() - y)
            p.setBrush(HIGHLIGHT_COLOUR if i in self.highlight else BAR_COLOUR)
            p.drawRect(bar)

    def _paint_line(self, p: QPainter, plot: QRectF, top_value: int) -> None:
        points = [
            QPointF(self.slot_rect(i).center().x(), self._y(v, plot, top_value))
            for i, v in enumerate(self.values)
        ]
        p.setPen(QPen(BAR_COLOUR, 2))
        for a, b in itertools.pairwise(points):
            p.drawLine(a, b)
        for i, point in enumerate(points):
            colour = HIGHLIGHT_COLOUR if i in self.highlight else BAR_COLOUR
            p.setPen(QPen(colour, 2))
            p.setBrush(QColor("#ffffff"))
            p.drawEllipse(point, 4, 4)

    def _paint_labels(self, p: QPainter, plot: QRectF, fm: QFontMetrics) -> None:
        p.setPen(TEXT_COLOUR)
        every = 1
        widest = max(fm.horizontalAdvance(label) for label in self.labels) + 6
        slot_w = self.slot_rect(0).width()
        if widest > slot_w > 0:
            every = math.ceil(widest / slot_w)
        for i, label in enumerate(self.labels):
            if i % every:
                continue
            slot = self.slot_rect(i)
            area = QRectF(slot.center().x() - widest / 2, plot.bottom() + 4, widest, fm.height())
            p.drawText(area, Qt.AlignmentFlag.AlignCenter, label)

"""Painting primitives in millimetres with right-to-left Persian text, on any paint device.

Every document is painted through a :class:`Canvas`: coordinates are millimetres from the top-left
corner of the page (Qt's device coordinates, converted with the device's resolution), text goes
through Qt's own engine (HarfBuzz shaping, the Unicode bidi algorithm) with a right-to-left
``QTextOption`` and ``AlignAbsolute`` so «right» means the right edge of the page. Tables are laid
out right to left: their first column is the rightmost one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QTextOption

from pishkhan.printing.qtenv import font_family

MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH


class Align(Enum):
    RIGHT = "right"
    LEFT = "left"
    CENTER = "center"


_H_ALIGN = {
    Align.RIGHT: Qt.AlignmentFlag.AlignRight,
    Align.LEFT: Qt.AlignmentFlag.AlignLeft,
    Align.CENTER: Qt.AlignmentFlag.AlignHCenter,
}


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: ``width`` is a share of the table width; first column is rightmost."""

    title: str
    width: float
    align: Align = Align.RIGHT
    elide: bool = False  # shorten long text with «…» instead of overflowing


class Canvas:
    """A QPainter wrapper that measures in millimetres and writes right-to-left text."""

    def __init__(
        self,
        painter: QPainter,
        dpi: float,
        page_width_mm: float,
        page_height_mm: float,
        margins_mm: Sequence[float] = (12, 12, 12, 12),
        *,
        font_scale: float = 1.0,
    ) -> None:
        self.painter = painter
        self.k = dpi / MM_PER_INCH  # device units per millimetre
        self.page_width = page_width_mm
        self.page_height = page_height_mm
        top, right, bottom, left = (float(m) for m in margins_mm)
        self.left = left
        self.right = page_width_mm - right
        self.top = top
        self.bottom = page_height_mm - bottom
        self.font_scale = font_scale
        self._family = font_family()
        self._fonts: dict[tuple[float, bool], tuple[QFont, QFontMetricsF]] = {}
        self._options: dict[tuple[Align, bool, bool], QTextOption] = {}
        self.black = QColor(0, 0, 0)
        self.grey = QColor(235, 235, 235)
        self._pen = QPen(self.black)
        self._elide_cache: dict[tuple[str, float], str] = {}

    # -- geometry -------------------------------------------------------------------------------
    @property
    def width(self) -> float:
        """Width of the content box (inside the margins)."""
        return self.right - self.left

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        k = self.k
        return QRectF(x * k, y * k, w * k, h * k)

    # -- fonts and text -------------------------------------------------------------------------
    def font(self, size_pt: float, bold: bool = False) -> tuple[QFont, QFontMetricsF]:
        key = (size_pt, bold)
        cached = self._fonts.get(key)
        if cached is None:
            font = QFont(self._family)
            font.setPointSizeF(size_pt * self.font_scale)
            font.setBold(bold)
            font.setKerning(True)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            cached = (font, QFontMetricsF(font, self.painter.device()))
            self._fonts[key] = cached
        return cached

    def line_height(self, size_pt: float, bold: bool = False) -> float:
        """Height of one line of text in millimetres."""
        return self.font(size_pt, bold)[1].height() / self.k

    def line_pitch(self, size_pt: float, bold: bool = False) -> float:
        """Distance in millimetres between the lines of one multi-line ``drawText``."""
        metrics = self.font(size_pt, bold)[1]
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        big = QRectF(0, 0, 1e6, 1e6)
        one = metrics.boundingRect(big, flags, "0").height()
        three = metrics.boundingRect(big, flags, "0\n0\n0").height()
        return (three - one) / 2 / self.k

    def text_width(self, text: str, size_pt: float, bold: bool = False) -> float:
        return self.font(size_pt, bold)[1].horizontalAdvance(text) / self.k

    def _option(self, align: Align, ltr: bool, wrap: bool) -> QTextOption:
        key = (align, ltr, wrap)
        option = self._options.get(key)
        if option is None:
            flags = _H_ALIGN[align] | Qt.AlignmentFlag.AlignVCenter
            if align is not Align.CENTER:
                flags |= Qt.AlignmentFlag.AlignAbsolute
            option = QTextOption(flags)
            option.setTextDirection(
                Qt.LayoutDirection.LeftToRight if ltr else Qt.LayoutDirection.RightToLeft
            )
            option.setWrapMode(
                QTextOption.WrapMode.WordWrap if wrap else QTextOption.WrapMode.NoWrap
            )
            self._options[key] = option
        return option

    def text(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        size_pt: float = 9,
        *,
        bold: bool = False,
        align: Align = Align.RIGHT,
        ltr: bool = False,
        wrap: bool = False,
    ) -> None:
        """Draw ``text`` inside the box (x, y, w, h), vertically centred."""
        painter = self.painter
        painter.setFont(self.font(size_pt, bold)[0])
        painter.setPen(self._pen)
        painter.drawText(self.rect(x, y, w, h), text, self._option(align, ltr, wrap))

    def text_right(
        self, y: float, text: str, size_pt: float = 9, *, bold: bool = False, h: float = 0
    ) -> float:
        """One line flush with the right margin; returns the y below it."""
        h = h or self.line_height(size_pt, bold)
        self.text(self.left, y, self.width, h, text, size_pt, bold=bold)
        return y + h

    def text_center(
        self, y: float, text: str, size_pt: float = 9, *, bold: bool = False, h: float = 0
    ) -> float:
        h = h or self.line_height(size_pt, bold)
        self.text(self.left, y, self.width, h, text, size_pt, bold=bold, align=Align.CENTER)
        return y + h

    # -- shapes ---------------------------------------------------------------------------------
    def hline(
        self, y: float, x1: float | None = None, x2: float | None = None, w: float = 0.2
    ) -> None:
        pen = QPen(self.black)
        pen.setWidthF(w * self.k)
        self.painter.setPen(pen)
        k = self.k
        a = self.left if x1 is None else x1
        b = self.right if x2 is None else x2
        self.painter.drawLine(QPointF(a * k, y * k), QPointF(b * k, y * k))

    def frame(self, x: float, y: float, w: float, h: float, line: float = 0.25) -> None:
        pen = QPen(self.black)
        pen.setWidthF(line * self.k)
        self.painter.setPen(pen)
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.drawRect(self.rect(x, y, w, h))

    def fill(self, x: float, y: float, w: float, h: float, color: QColor | None = None) -> None:
        self.painter.fillRect(self.rect(x, y, w, h), QBrush(color or self.black))

    # -- tables ---------------------------------------------------------------------------------
    def column_edges(
        self, columns: Sequence[Column], x: float | None = None, w: float | None = None
    ) -> list[tuple[float, float]]:
        """(left, width) of each column, the first column on the right."""
        x = self.left if x is None else x
        w = self.width if w is None else w
        total = sum(c.width for c in columns)
        edges: list[tuple[float, float]] = []
        right = x + w
        for column in columns:
            cw = w * column.width / total
            edges.append((right - cw, cw))
            right -= cw
        return edges

    def table_row(
        self,
        y: float,
        columns: Sequence[Column],
        cells: Sequence[str],
        h: float,
        size_pt: float = 8,
        *,
        bold: bool = False,
        shade: bool = False,
        edges: list[tuple[float, float]] | None = None,
        x: float | None = None,
        w: float | None = None,
    ) -> float:
        """One table row (cells in column order, drawn right to left); returns y below it."""
        edges = edges or self.column_edges(columns, x, w)
        left = edges[-1][0]
        width = edges[0][0] + edges[0][1] - left
        if shade:
            self.fill(left, y, width, h, self.grey)
        pad = 1.0
        for (cx, cw), column, cell in zip(edges, columns, cells, strict=True):
            if cell and column.elide:
                metrics = self.font(size_pt, bold)[1]
                cell = self._elided(cell, metrics, (cw - 2 * pad) * self.k)
            if cell:
                self.text(
                    cx + pad, y, cw - 2 * pad, h, cell, size_pt, bold=bold, align=column.align
                )
        self.hline(y + h, left, left + width, 0.1)
        return y + h

    def table_block(
        self,
        y: float,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        pitch: float,
        size_pt: float = 8,
        *,
        edges: list[tuple[float, float]] | None = None,
    ) -> float:
        """Many plain rows at once: one multi-line ``drawText`` per column (fast for long
        tables). ``pitch`` must be :meth:`line_pitch` of ``size_pt``. Returns y below them."""
        if not rows:
            return y
        edges = edges or self.column_edges(columns)
        font, metrics = self.font(size_pt)
        painter = self.painter
        painter.setFont(font)
        painter.setPen(self._pen)
        k = self.k
        pad = 1.0
        height = pitch * len(rows)
        for i, ((cx, cw), column) in enumerate(zip(edges, columns, strict=True)):
            cells = [row[i] for row in rows]
            if column.elide:
                limit = (cw - 2 * pad) * k
                cells = [self._elided(cell, metrics, limit) for cell in cells]
            option = self._option(column.align, False, False)
            top = QTextOption(
                (option.alignment() & ~Qt.AlignmentFlag.AlignVCenter) | Qt.AlignmentFlag.AlignTop
            )
            top.setTextDirection(option.textDirection())
            top.setWrapMode(QTextOption.WrapMode.NoWrap)
            painter.drawText(
                QRectF((cx + pad) * k, y * k, (cw - 2 * pad) * k, height * k),
                "\n".join(cells),
                top,
            )
        pen = QPen(self.black)
        pen.setWidthF(0.1 * k)
        painter.setPen(pen)
        left = edges[-1][0] * k
        right = (edges[0][0] + edges[0][1]) * k
        painter.drawLines(
            [
                QLineF(left, (y + (j + 1) * pitch) * k, right, (y + (j + 1) * pitch) * k)
                for j in range(len(rows))
            ]
        )
        return y + height

    def _elided(self, text: str, metrics: QFontMetricsF, limit: float) -> str:
        key = (text, limit)
        cached = self._elide_cache.get(key)
        if cached is None:
            cached = metrics.elidedText(text, Qt.TextElideMode.ElideRight, limit)
            if len(self._elide_cache) < 10_000:
                self._elide_cache[key] = cached
        return cached

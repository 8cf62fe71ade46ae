"""One painter-based layout, three destinations: PDF, a printer (or its preview), a raster.

A layout (:class:`Layout`) paints plain document data page by page through :class:`Pages`.
``render_pdf`` paints it on a ``QPdfWriter``; ``paint_on_printer`` on a ``QPrinter`` (the real
printer or ``QPrintPreviewDialog``'s); ``render_raster`` on a 203-dpi 1-bit ``QImage`` for an
80 mm thermal printer. All of them run on any thread once :func:`prepare` ran on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter

from pishkhan.printing.canvas import Canvas
from pishkhan.printing.model import DocKind, PageSize
from pishkhan.printing.qtenv import ensure_app, font_family

#: Page sizes in millimetres (portrait).
PAGE_MM: dict[PageSize, tuple[float, float]] = {
    PageSize.A4: (210.0, 297.0),
    PageSize.A5: (148.0, 210.0),
    PageSize.THERMAL_80: (72.0, 2000.0),  # printable width of 80 mm paper; height grows
}
#: Thermal printers print 8 dots per millimetre: 576 dots across 72 mm.
THERMAL_DPI = 203.2
THERMAL_WIDTH_PX = 576
THERMAL_MARGINS_MM = (2.0, 1.5, 4.0, 1.5)
PDF_DPI = 600
DEFAULT_MARGINS_MM: tuple[float, float, float, float] = (12.0, 12.0, 12.0, 12.0)

Progress = Callable[[int, int], None]


class Pages:
    """The canvas of the current page and a way to start the next one."""

    def __init__(
        self,
        painter: QPainter,
        device: QPagedPaintDevice | None,
        dpi: float,
        size_mm: tuple[float, float],
        margins_mm: Sequence[float],
        *,
        font_scale: float = 1.0,
        progress: Progress | None = None,
        expected_pages: int = 0,
    ) -> None:
        self.canvas = Canvas(painter, dpi, *size_mm, margins_mm, font_scale=font_scale)
        self._device = device
        self.number = 1
        self._progress = progress
        self.expected = expected_pages

    def new_page(self) -> None:
        if self._device is None:
            raise RuntimeError("this destination has a single page")
        if self._progress is not None:
            self._progress(self.number, max(self.expected, self.number))
        self._device.newPage()
        self.number += 1


class Layout(Protocol):
    """A document laid out for one page size."""

    @property
    def kind(self) -> DocKind: ...

    @property
    def page(self) -> PageSize: ...

    @property
    def title(self) -> str: ...

    def paint(self, pages: Pages) -> float:
        """Paint every page; returns the y (mm) where the last page's content ends."""
        ...


@dataclass(frozen=True, slots=True)
class PageSetup:
    margins_mm: tuple[float, float, float, float] = DEFAULT_MARGINS_MM

    @classmethod
    def from_config(cls, raw: dict[str, object]) -> PageSetup:
        """``[desk] margins_mm`` = [top, right, bottom, left] from ``config.raw``."""
        desk = raw.get("desk", {})
        margins = desk.get("margins_mm") if isinstance(desk, dict) else None
        if isinstance(margins, list | tuple) and len(margins) == 4:
            top, right, bottom, left = (float(m) for m in margins)
            return cls((top, right, bottom, left))
        return cls()


def page_size_from_config(raw: dict[str, object]) -> PageSize:
    """``[desk] page_size``: "A4" (default) or "A5"."""
    desk = raw.get("desk", {})
    value = str(desk.get("page_size", "A4")).upper() if isinstance(desk, dict) else "A4"
    return PageSize.A5 if value == "A5" else PageSize.A4


def prepare() -> None:
    """Create the Qt application if needed and load the font; call on the GUI thread first."""
    ensure_app()
    font_family()


def _font_scale(page: PageSize) -> float:
    return 0.74 if page is PageSize.A5 else 1.0


def _qpage_size(page: PageSize) -> QPageSize:
    if page is PageSize.A4:
        return QPageSize(QPageSize.PageSizeId.A4)
    if page is PageSize.A5:
        return QPageSize(QPageSize.PageSizeId.A5)
    return QPageSize(QSizeF(80.0, 200.0), QPageSize.Unit.Millimeter, "80mm receipt")


def _paint_paged(
    layout: Layout,
    device: QPagedPaintDevice,
    dpi: float,
    setup: PageSetup,
    progress: Progress | None,
) -> int:
    if layout.page is PageSize.THERMAL_80:
        return _paint_thermal_on_page(layout, device, dpi)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("چاپگر یا پرونده PDF آماده نوشتن نیست")
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pages = Pages(
            painter,
            device,
            dpi,
            PAGE_MM[layout.page],
            setup.margins_mm,
            font_scale=_font_scale(layout.page),
            progress=progress,
        )
        layout.paint(pages)
        if progress is not None:
            progress(pages.number, pages.number)
        return pages.number
    finally:
        painter.end()


def _paint_thermal_on_page(layout: Layout, device: QPagedPaintDevice, dpi: float) -> int:
    """A thermal document on a paged device (PDF, preview): its exact raster, at 72 mm wide."""
    image = render_raster(layout)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("چاپگر یا پرونده PDF آماده نوشتن نیست")
    try:
        k = dpi / 25.4
        width = THERMAL_WIDTH_PX / THERMAL_DPI * 25.4
        height = image.height() / THERMAL_DPI * 25.4
        painter.drawImage(QRectF(4.0 * k, 0.0, width * k, height * k), image)
    finally:
        painter.end()
    return 1


def pdf_writer(target: str | QIODevice, page: PageSize, title: str) -> QPdfWriter:
    writer = QPdfWriter(target)
    writer.setResolution(PDF_DPI)
    writer.setCreator("Pishkhan")
    writer.setTitle(title)
    if page is PageSize.THERMAL_80:
        size = QPageSize(QSizeF(80.0, 200.0), QPageSize.Unit.Millimeter, "80mm receipt")
    else:
        size = _qpage_size(page)
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    return writer


def render_pdf(
    layout: Layout,
    target: Path | str,
    setup: PageSetup | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the layout to a PDF file; returns the number of pages."""
    ensure_app()
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    writer = pdf_writer(str(tmp), layout.page, layout.title)
    try:
        count = _paint_paged(layout, writer, PDF_DPI, setup or PageSetup(), progress)
    finally:
        del writer  # closes the file
    tmp.replace(path)
    return count


def render_pdf_bytes(layout: Layout, setup: PageSetup | None = None) -> bytes:
    """The PDF as bytes (nothing written to disk)."""
    ensure_app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, layout.page, layout.title)
    _paint_paged(layout, writer, PDF_DPI, setup or PageSetup(), None)
    del writer
    buffer.close()
    return bytes(data.data())


def paint_on_printer(
    layout: Layout, printer: QPagedPaintDevice, progress: Progress | None = None
) -> int:
    """Paint on a ``QPrinter`` (set to full page) — a real printer or a preview's."""
    from PySide6.QtPrintSupport import QPrinter

    setup = PageSetup()
    if isinstance(printer, QPrinter):
        printer.setFullPage(True)
        printer.setDocName(layout.title)
        if layout.page is not PageSize.THERMAL_80:
            printer.setPageSize(_qpage_size(layout.page))
        dpi = float(printer.resolution())
    else:
        dpi = float(printer.logicalDpiX())
    return _paint_paged(layout, printer, dpi, setup, progress)


def render_raster(layout: Layout) -> QImage:
    """The document as a 1-bit image 576 dots wide at 203 dpi (an 80 mm thermal printer)."""
    ensure_app()
    width_mm, max_height_mm = PAGE_MM[PageSize.THERMAL_80]
    height_px = int(max_height_mm / 25.4 * THERMAL_DPI)
    image = QImage(THERMAL_WIDTH_PX, height_px, QImage.Format.Format_Grayscale8)
    dpm = round(THERMAL_DPI / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    image.fill(255)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pages = Pages(painter, None, THERMAL_DPI, (width_mm, max_height_mm), THERMAL_MARGINS_MM)
        end_mm = layout.paint(pages) + THERMAL_MARGINS_MM[2]
    finally:
        painter.end()
    used = min(height_px, max(1, int(end_mm / 25.4 * THERMAL_DPI + 0.5)))
    cropped = image.copy(0, 0, THERMAL_WIDTH_PX, used)
    mono = cropped.convertToFormat(
        QImage.Format.Format_Mono,
        Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.MonoOnly,
    )
    mono.setDotsPerMeterX(dpm)
    mono.setDotsPerMeterY(dpm)
    return mono

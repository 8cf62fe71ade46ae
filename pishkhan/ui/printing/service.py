"""Preview, print and save documents from the desk without blocking the window.

``PrintController.preview(layout)`` opens ``QPrintPreviewDialog`` on the printer remembered for
the document's kind. The preview pages are painted in the dialog (fast: a bill takes a few
milliseconds). When the clerk presses Print there, the real job is *not* painted in the dialog:
the printer's settings are copied into a new ``QPrinter`` and a :class:`PrintThread` paints and
spools it, reporting progress page by page; the choice of printer is remembered.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QPaintEngine
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QProgressDialog, QWidget

from pishkhan.printing.render import Layout, paint_on_printer, prepare, render_pdf
from pishkhan.ui.printing.printers import PrinterMemory, choose_printer
from pishkhan.ui.worker import run_in_background

log = logging.getLogger(__name__)


def copy_printer(source: QPrinter) -> QPrinter:
    """A new printer with the settings the clerk chose in the dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(source.printerName())
    printer.setOutputFormat(source.outputFormat())
    if source.outputFileName():
        printer.setOutputFileName(source.outputFileName())
    printer.setCopyCount(source.copyCount())
    printer.setColorMode(source.colorMode())
    printer.setDuplex(source.duplex())
    printer.setPageLayout(source.pageLayout())
    return printer


class PrintThread(QThread):
    """Paints one layout on one printer off the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(int)
    failed = Signal(str)

    def __init__(self, layout: Layout, printer: QPrinter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.layout = layout
        self.printer = printer

    def run(self) -> None:
        try:
            pages = paint_on_printer(self.layout, self.printer, self._progress)
        except Exception as exc:  # reported to the window
            log.exception("printing failed")
            self.failed.emit(str(exc))
        else:
            self.succeeded.emit(pages)

    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)


class PrintController(QObject):
    """Everything the desk needs to get a document on paper or into a PDF file."""

    printed = Signal(int)  # pages sent to the printer
    saved = Signal(str)  # path of a PDF written
    failed = Signal(str)  # a Persian/English message for the status line

    def __init__(self, memory: PrinterMemory | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.memory = memory
        self._layout: Layout | None = None
        self._threads: list[PrintThread] = []
        self._progress: QProgressDialog | None = None
        prepare()

    # -- printing ------------------------------------------------------------------------------
    def printer_for(self, layout: Layout) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        name = choose_printer(self.memory, layout.kind, QPrinterInfo.availablePrinterNames())
        if name:
            printer.setPrinterName(name)
        printer.setDocName(layout.title)
        return printer

    def preview(self, layout: Layout, parent: QWidget | None = None) -> QPrintPreviewDialog:
        """Open the print preview (modal); printing from it runs on a worker thread."""
        self._layout = layout
        printer = self.printer_for(layout)
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(self.tr("Print preview"))
        dialog.paintRequested.connect(self._paint_requested)
        dialog.open()
        dialog.resize(900, 1000)
        self._dialog = dialog
        self._dialog_printer = printer
        return dialog

    @Slot(QPrinter)
    def _paint_requested(self, printer: QPrinter) -> None:
        layout = self._layout
        if layout is None:
            return
        if printer.paintEngine().type() == QPaintEngine.Type.Picture:
            paint_on_printer(layout, printer)  # the preview's pages
            return
        # The real job: leave the dialog's printer untouched and print on a worker thread.
        self.print_on_worker(layout, copy_printer(printer))

    def print_direct(self, layout: Layout) -> PrintThread:
        """Print without a preview on the printer remembered for the layout's kind (or the
        system default): e.g. the receipt after a payment on the thermal printer."""
        return self.print_on_worker(layout, self.printer_for(layout))

    def print_on_worker(self, layout: Layout, printer: QPrinter) -> PrintThread:
        if self.memory is not None and printer.outputFormat() == QPrinter.OutputFormat.NativeFormat:
            self.memory.remember(layout.kind, printer.printerName())
        thread = PrintThread(layout, printer, self)
        thread.progressed.connect(self._on_progress)
        thread.succeeded.connect(self._on_printed)
        thread.failed.connect(self._on_failed)
        thread.finished.connect(self._on_thread_finished)
        self._threads.append(thread)
        parent = self.parent()
        progress = QProgressDialog(
            self.tr("Sending to the printer…"),
            "",
            0,
            0,
            parent if isinstance(parent, QWidget) else None,
        )
        progress.setCancelButton(None)
        progress.setMinimumDuration(400)
        self._progress = progress
        thread.start()
        return thread

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.setMaximum(total)
            self._progress.setValue(done)

    @Slot(int)
    def _on_printed(self, pages: int) -> None:
        self._close_progress()
        self.printed.emit(pages)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._close_progress()
        self.failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._threads = [t for t in self._threads if t.isRunning()]

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Block until the print threads are done (tests, shutdown)."""
        return all(t.wait(timeout_ms) for t in list(self._threads))

    # -- PDF ------------------------------------------------------------------------------------
    def save_pdf(self, layout: Layout, path: Path) -> None:
        """Write the PDF on a worker; ``saved`` or ``failed`` tells the outcome."""
        run_in_background(
            lambda: (render_pdf(layout, path), str(path))[1],
            self._on_saved,
            self._on_save_error,
            serial=False,
        )

    @Slot(object)
    def _on_saved(self, path: object) -> None:
        self.saved.emit(str(path))

    @Slot(object)
    def _on_save_error(self, error: object) -> None:
        self.failed.emit(str(error))

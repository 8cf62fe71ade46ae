"""The scanning panel shared by the scan page and the scan dialog.

Profile, device, source, colour and resolution; Scan (F5) / Import / Cancel with a progress
bar; the page strip with rotate / move / delete / rescan; blank pages flagged; save as PDF.
Device listing, acquisition, rotation and PDF writing all run off the GUI thread.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pishkhan.domain.requests import DocumentKind
from pishkhan.scanner.errors import ScanError
from pishkhan.scanner.file_backend import DEVICE_ID as FILE_DEVICE
from pishkhan.scanner.model import ColorMode, Device, ScanOptions, Source
from pishkhan.scanner.pipeline import ProcessedPage
from pishkhan.scanner.profiles import MAIN_KINDS, ScanProfile, profile_for, source_for
from pishkhan.ui.formatting import format_number
from pishkhan.ui.scan.pages_view import PageEditor, PageStrip
from pishkhan.ui.scan.worker import ArrivedPage, ScanSession
from pishkhan.ui.widgets import Tone, set_tone
from pishkhan.ui.worker import Job, run_in_background

log = logging.getLogger(__name__)
CONTEXT = "ScanPanel"

SOURCE_TEXT = {
    Source.FLATBED: QT_TRANSLATE_NOOP("ScanPanel", "Glass (flatbed)"),
    Source.FEEDER: QT_TRANSLATE_NOOP("ScanPanel", "Feeder"),
    Source.DUPLEX: QT_TRANSLATE_NOOP("ScanPanel", "Feeder, both sides"),
}
MODE_TEXT = {
    ColorMode.COLOR: QT_TRANSLATE_NOOP("ScanPanel", "Colour"),
    ColorMode.GRAY: QT_TRANSLATE_NOOP("ScanPanel", "Gray"),
    ColorMode.BW: QT_TRANSLATE_NOOP("ScanPanel", "Black and white"),
}

# Devices found in this process (listing can take seconds; a new dialog reuses them).
_device_cache: list[Device] | None = None


def _tr(text: object) -> str:
    return QCoreApplication.translate(CONTEXT, str(text))


def forget_devices() -> None:
    global _device_cache
    _device_cache = None


def _list_scanners() -> list[Device]:
    from pishkhan.scanner.backends import list_devices

    return list_devices(include_file_import=False)


def write_pdf(
    pages: list[ProcessedPage], path: Path, quality: int = 75, *, pdfa: bool = False
) -> Path:
    """Encode and write ``pages`` as one PDF, PDF/A-1b with ``pdfa`` (runs on a worker)."""
    from pishkhan.scanner.pipeline import pages_to_pdf

    data = pages_to_pdf(pages, quality, pdfa=pdfa)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


class ScanPanel(QWidget):
    pages_changed = Signal(int)
    scan_finished = Signal(int, bool)  # pages delivered, cancelled
    saved = Signal(str)
    devices_loaded = Signal(int)

    def __init__(
        self,
        kind: DocumentKind = DocumentKind.PROPERTY_DEED,
        parent: QWidget | None = None,
        kinds: tuple[DocumentKind, ...] = MAIN_KINDS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scanPanel")
        self.device_options: dict[str, object] = {}  # extra driver options (site tuning, tests)
        self.pdfa = False  # save PDF/A-1b for archiving (config [scan] pdfa)
        self.devices: list[Device] = []
        self.session: ScanSession | None = None
        self.last_error: BaseException | None = None
        self._replace_row: int | None = None
        self._jobs: list[Job[Any]] = []

        self.profile_combo = QComboBox()
        for item in dict.fromkeys((*kinds, kind)):
            self.profile_combo.addItem(item.title, item.value)
        self.profile_combo.setCurrentIndex(self.profile_combo.findData(kind.value))
        self.device_combo = QComboBox()
        self.device_combo.setMinimumContentsLength(30)
        self.refresh_button = QPushButton(self.tr("Find scanners"))
        self.source_combo = QComboBox()
        self.mode_combo = QComboBox()
        for mode in ColorMode:
            self.mode_combo.addItem(_tr(MODE_TEXT[mode]), mode.value)
        self.dpi_combo = QComboBox()

        form = QGridLayout()
        labels = (self.tr("Document"), self.tr("Scanner"), self.tr("Source"))
        for col, (text, widget) in enumerate(
            zip(labels, (self.profile_combo, self.device_combo, self.source_combo), strict=True)
        ):
            form.addWidget(QLabel(text), 0, col * 2)
            form.addWidget(widget, 0, col * 2 + 1)
        form.addWidget(self.refresh_button, 0, 6)
        form.addWidget(QLabel(self.tr("Colour mode")), 1, 0)
        form.addWidget(self.mode_combo, 1, 1)
        form.addWidget(QLabel(self.tr("Resolution")), 1, 2)
        form.addWidget(self.dpi_combo, 1, 3)

        self.scan_button = QPushButton(self.tr("Scan (F5)"))
        self.scan_button.setObjectName("primaryButton")
        self.import_button = QPushButton(self.tr("From file…"))
        self.cancel_button = QPushButton(self.tr("Cancel scan"))
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setObjectName("scanMessage")
        self.message.setWordWrap(True)
        set_tone(self.message, Tone.NONE)  # polish now, not in the middle of the first scan
        actions = QHBoxLayout()
        for button in (self.scan_button, self.import_button, self.cancel_button):
            actions.addWidget(button)
        form.addLayout(actions, 1, 4, 1, 3)
        status = QHBoxLayout()
        status.addWidget(self.message, 1)
        status.addWidget(self.progress)
        self.progress.setMinimumWidth(260)

        self.editor = PageEditor()
        self.editor.pages_changed.connect(self._on_pages_changed)
        self.editor.rescan_requested.connect(self.rescan_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(status)
        layout.addWidget(self.editor, 1)

        self.profile_combo.currentIndexChanged.connect(self._on_profile_changed)
        self.device_combo.currentIndexChanged.connect(self._on_device_changed)
        self.refresh_button.clicked.connect(self._on_refresh)
        self.scan_button.clicked.connect(self.start_scan)
        self.cancel_button.clicked.connect(self.cancel_scan)
        self.import_button.clicked.connect(self._on_import)
        app = QCoreApplication.instance()
        if app is not None:  # never leave a scanning thread running at exit
            app.aboutToQuit.connect(self.shutdown)
        self._update_buttons()

    # ---------------------------------------------------------------------------- devices
    def load_devices(self, *, refresh: bool = False) -> None:
        """Fill the device list (from the cache, or listed on a worker)."""
        if _device_cache is not None and not refresh:
            self._on_devices(list(_device_cache))
            return
        self.device_combo.clear()
        self.device_combo.addItem(self.tr("Looking for scanners…"), "")
        self.device_combo.setEnabled(False)
        self._update_buttons()
        self._keep(
            run_in_background(
                _list_scanners, self._on_devices, self._on_devices_failed, serial=False
            )
        )

    @Slot()
    def _on_refresh(self) -> None:
        self.load_devices(refresh=True)

    def _on_devices(self, devices: list[Device]) -> None:
        global _device_cache
        _device_cache = list(devices)
        self.devices = list(devices)
        previous = self.device_combo.currentData()
        self.device_combo.blockSignals(True)
        self.device_combo.clear()
        for device in devices:
            self.device_combo.addItem(f"{device.name} ({device.native_id})", device.id)
        if not devices:
            self.device_combo.addItem(self.tr("No scanner found"), "")
            self._say(self.tr("No scanner found. Check the cable and power, or import files."))
        self.device_combo.setEnabled(bool(devices))
        index = self.device_combo.findData(previous) if previous else -1
        self.device_combo.setCurrentIndex(max(0, index))
        self.device_combo.blockSignals(False)
        self._on_device_changed()
        self.devices_loaded.emit(len(devices))

    def _on_devices_failed(self, error: Exception) -> None:
        self._on_devices([])
        self._say(self.tr("Could not list the scanners: %1").replace("%1", str(error)), Tone.ERROR)

    def select_device(self, device_id: str) -> bool:
        index = self.device_combo.findData(device_id)
        if index >= 0:
            self.device_combo.setCurrentIndex(index)
        return index >= 0

    def current_device(self) -> Device | None:
        device_id = self.device_combo.currentData()
        return next((d for d in self.devices if d.id == device_id), None)

    # ---------------------------------------------------------------------------- profile
    def kind(self) -> DocumentKind:
        return DocumentKind(self.profile_combo.currentData())

    def profile(self) -> ScanProfile:
        return profile_for(self.kind())

    @Slot()
    def _on_profile_changed(self) -> None:
        self._apply_profile()

    @Slot()
    def _on_device_changed(self) -> None:
        device = self.current_device()
        self.source_combo.clear()
        self.dpi_combo.clear()
        if device is not None:
            for source in device.sources:
                self.source_combo.addItem(_tr(SOURCE_TEXT[source]), source.value)
            for dpi in device.resolutions:
                self.dpi_combo.addItem(format_number(dpi), dpi)
        self._apply_profile()

    def _apply_profile(self) -> None:
        profile = self.profile()
        device = self.current_device()
        if device is not None:
            source = source_for(profile, device)
            self.source_combo.setCurrentIndex(self.source_combo.findData(source.value))
            dpi = device.nearest_resolution(profile.dpi)
            self.dpi_combo.setCurrentIndex(self.dpi_combo.findData(dpi))
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(profile.mode.value))
        self._update_buttons()

    def options(self, pages: int | None = None) -> ScanOptions:
        device = self.current_device()
        source = self.source_combo.currentData()
        dpi = self.dpi_combo.currentData()
        return self.profile().options(
            device,
            source=Source(source) if source else None,
            mode=ColorMode(self.mode_combo.currentData()),
            dpi=int(dpi) if dpi else None,
            pages=pages,
            device_options=self.device_options,
        )

    # ---------------------------------------------------------------------------- scanning
    def busy(self) -> bool:
        return self.session is not None

    @Slot()
    def start_scan(self, pages: int | None = None, replace_row: int | None = None) -> bool:
        device = self.current_device()
        if self.busy() or device is None:
            return False
        self._start(device.id, self.options(pages), replace_row)
        return True

    def import_files(self, paths: list[str]) -> bool:
        """Add the pages of image/PDF files, as if scanned (same pipeline)."""
        if self.busy() or not paths:
            return False
        options = self.options()
        options = ScanOptions(
            source=Source.FLATBED,
            mode=options.mode,
            dpi=options.dpi,
            device_options={"files": list(paths)},
        )
        self._start(FILE_DEVICE, options, None)
        return True

    @Slot()
    def _on_import(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add pages from files"),
            "",
            self.tr("Images and PDFs (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)"),
        )
        self.import_files(paths)

    def _start(self, device_id: str, options: ScanOptions, replace_row: int | None) -> None:
        self._replace_row = replace_row
        self.last_error = None
        session = ScanSession(self)
        session.worker.page_ready.connect(self._on_page)
        session.worker.progress.connect(self._on_progress)
        session.worker.failed.connect(self._on_failed)
        session.worker.finished.connect(self._on_finished)
        self.session = session
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self._say(self.tr("Scanning…"))
        self._update_buttons()
        session.start(device_id, options, self.profile().settings())

    @Slot()
    def cancel_scan(self) -> None:
        if self.session is not None:
            self.session.cancel()
            self._say(self.tr("Cancelling…"))

    @Slot(object)
    def _on_page(self, arrived: object) -> None:
        assert isinstance(arrived, ArrivedPage)
        row = self._replace_row
        if row is not None and row < self.strip.count():
            self.strip.replace_page(row, arrived)
            self._replace_row = None
        else:
            self.strip.add_page(arrived)
            row = self.strip.count() - 1
        self.strip.setCurrentRow(row)
        self.strip.scrollToItem(self.strip.item(row))
        self.editor.changed()

    @Slot(int, int)
    def _on_progress(self, index: int, percent: int) -> None:
        self.progress.setValue(percent)
        self.progress.setFormat(
            self.tr("Page %1: %2")
            .replace("%1", format_number(index + 1))
            .replace("%2", format_number(percent) + "٪")
        )

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self.last_error = error
        text = (
            str(error)
            if isinstance(error, ScanError)
            else self.tr("The scanner failed: %1").replace("%1", str(error))
        )
        self._say(text, Tone.ERROR)

    @Slot(int, bool)
    def _on_finished(self, count: int, cancelled: bool) -> None:
        if self.session is not None:
            self.session.deleteLater()  # its thread has stopped (ScanSession._on_finished)
        self.session = None
        self._replace_row = None
        self.progress.setVisible(False)
        if cancelled:
            self._say(
                self.tr("Scan cancelled. The pages scanned before it are kept."), Tone.PENDING
            )
        elif self.last_error is None:
            self._report_pages()
        self._update_buttons()
        self.scan_finished.emit(count, cancelled)

    def _report_pages(self) -> None:
        blanks = len(self.strip.blank_rows())
        if blanks:
            self._say(
                self.tr("%1 pages look blank; they are marked. Delete them if not needed.").replace(
                    "%1", format_number(blanks)
                ),
                Tone.PENDING,
            )
        else:
            self._say(self.tr("Scan finished."), Tone.OK)

    @Slot()
    def shutdown(self) -> None:
        """Cancel a scan in progress and wait for its thread (window closing)."""
        if self.session is not None:
            self.session.wait()
            self.session = None

    # ---------------------------------------------------------------------------- pages
    @property
    def strip(self) -> PageStrip:
        return self.editor.strip

    def pages(self) -> list[ProcessedPage]:
        return self.strip.pages()

    @Slot(int)
    def _on_pages_changed(self, count: int) -> None:
        self._update_buttons()
        self.pages_changed.emit(count)

    @Slot(int)
    def rescan_page(self, row: int) -> None:
        if row >= 0:
            self.start_scan(pages=1, replace_row=row)

    def save_pdf(self, path: Path) -> bool:
        """Write the pages, in order, to ``path`` on a worker; ``saved`` tells when done."""
        pages = self.pages()
        if not pages:
            self._say(self.tr("There are no pages to save."), Tone.ERROR)
            return False
        self._say(self.tr("Saving the PDF…"))
        pdfa = self.pdfa
        self._keep(
            run_in_background(
                lambda: write_pdf(pages, path, pdfa=pdfa),
                self._on_saved,
                self._on_save_failed,
                serial=False,
            )
        )
        return True

    def _on_saved(self, path: Path) -> None:
        self._say(self.tr("Saved: %1").replace("%1", str(path)), Tone.OK)
        self.saved.emit(str(path))

    def _on_save_failed(self, error: Exception) -> None:
        self._say(self.tr("The PDF could not be saved: %1").replace("%1", str(error)), Tone.ERROR)

    # ---------------------------------------------------------------------------- helpers
    def _keep(self, job: Job[Any]) -> None:
        self._jobs = [j for j in self._jobs if not j.finished] + [job]

    def _say(self, text: str, tone: Tone = Tone.NONE) -> None:
        self.message.setText(text)
        set_tone(self.message, tone)

    @Slot()
    def _update_buttons(self) -> None:
        busy = self.busy()
        has_device = self.current_device() is not None
        for widget in (self.profile_combo, self.source_combo, self.mode_combo, self.dpi_combo):
            widget.setEnabled(not busy)
        self.scan_button.setEnabled(not busy and has_device)
        self.import_button.setEnabled(not busy)
        self.refresh_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.editor.set_enabled(not busy, can_rescan=has_device)

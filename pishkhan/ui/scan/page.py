"""The "scan" page of the main window: the scanning panel and "Save as PDF"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pishkhan.ui.env import PageEnv
from pishkhan.ui.scan.panel import ScanPanel


def documents_folder(env: PageEnv | None) -> Path:
    """Where scanned PDFs go by default: the data folder's documents."""
    if env is not None and env.ctx is not None:
        return Path(env.ctx.paths.documents)
    from pishkhan.paths import data_paths

    return Path(data_paths().documents)


def default_pdf_name(kind_value: str, now: dt.datetime | None = None) -> str:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"scan-{kind_value}-{stamp}.pdf"


class ScanPage(QWidget):
    def __init__(self, env: PageEnv | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_scan")
        self.env = env
        title = QLabel(self.tr("Scan"))
        title.setObjectName("pageTitle")
        note = QLabel(
            self.tr(
                "Pick the document, put the papers in the scanner and press F5. "
                "Pages appear as they are scanned."
            )
        )
        note.setObjectName("pageNote")
        note.setWordWrap(True)
        self.panel = ScanPanel(parent=self)
        if env is not None and env.ctx is not None:
            self.panel.pdfa = env.ctx.config.scan_pdfa
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.setEnabled(False)
        self.clear_button = QPushButton(self.tr("New document"))
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.clear_button)
        header.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(note)
        layout.addWidget(self.panel, 1)
        self.panel.pages_changed.connect(self._on_pages_changed)
        self.save_button.clicked.connect(self._on_save)
        self.clear_button.clicked.connect(self._on_clear)
        self._armed = False
        self._devices_requested = False
        if env is not None and env.actions is not None and "scan" in env.actions:
            # F5 opens this page; pressed again while the page is shown, it starts a scan.
            env.actions.action("scan").triggered.connect(self._on_scan_key)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._armed = False
        QTimer.singleShot(0, self._arm)
        if not self._devices_requested:
            self._devices_requested = True
            self.panel.load_devices()

    @Slot()
    def _arm(self) -> None:
        self._armed = True

    @Slot()
    def _on_scan_key(self) -> None:
        if self._armed and self.isVisible():
            self.panel.start_scan()

    @Slot(int)
    def _on_pages_changed(self, count: int) -> None:
        self.save_button.setEnabled(count > 0)

    @Slot()
    def _on_clear(self) -> None:
        if not self.panel.busy():
            self.panel.strip.clear()
            self.panel.editor.changed()

    @Slot()
    def _on_save(self) -> None:
        folder = documents_folder(self.env)
        suggested = folder / default_pdf_name(self.panel.kind().value)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), str(suggested), self.tr("PDF documents (*.pdf)")
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.panel.save_pdf(Path(path))


def create_page(env: PageEnv) -> QWidget:
    return ScanPage(env)

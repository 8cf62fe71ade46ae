"""A modal scan dialog for one document, reusable by the request wizard.

    dialog = ScanDialog(DocumentKind.PROPERTY_DEED, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        pdf = dialog.result_pdf()   # Path of the saved PDF
        pages = dialog.pages()      # the processed pages, in order

"Done" writes the pages (on a worker) to the documents folder and then accepts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from pishkhan.domain.requests import DocumentKind
from pishkhan.scanner.pipeline import ProcessedPage
from pishkhan.ui.scan.page import default_pdf_name, documents_folder
from pishkhan.ui.scan.panel import ScanPanel


class ScanDialog(QDialog):
    def __init__(
        self,
        kind: DocumentKind,
        parent: QWidget | None = None,
        *,
        documents_dir: Path | None = None,
        load_devices: bool = True,
        pdfa: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scanDialog")
        self.setWindowTitle(self.tr("Scan: %1").replace("%1", kind.title))
        self.resize(980, 680)
        self._documents_dir = documents_dir
        self._result: Path | None = None
        heading = QLabel(kind.title)
        heading.setObjectName("pageTitle")
        self.panel = ScanPanel(kind, self, kinds=(kind,))
        self.panel.pdfa = pdfa
        self.panel.profile_combo.setEnabled(False)
        self.buttons = QDialogButtonBox()
        self.done_button = self.buttons.addButton(
            self.tr("Done"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.done_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_done)
        self.buttons.rejected.connect(self.reject)
        self.panel.pages_changed.connect(self._on_pages_changed)
        self.panel.scan_finished.connect(self._on_scan_finished)
        self.panel.saved.connect(self._on_saved)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        shortcut.activated.connect(self.panel.start_scan)
        if load_devices:
            self.panel.load_devices()

    def result_pdf(self) -> Path | None:
        """The PDF written by "Done" (None when the dialog was closed without it)."""
        return self._result

    def pages(self) -> list[ProcessedPage]:
        return self.panel.pages()

    @Slot(int)
    def _on_pages_changed(self, count: int) -> None:
        self.done_button.setEnabled(count > 0 and not self.panel.busy())

    @Slot(int, bool)
    def _on_scan_finished(self, count: int, cancelled: bool) -> None:
        self._on_pages_changed(self.panel.strip.count())

    @Slot()
    def _on_done(self) -> None:
        if self.panel.busy() or not self.panel.pages():
            return
        folder = self._documents_dir or documents_folder(None)
        self.done_button.setEnabled(False)
        self.panel.save_pdf(folder / default_pdf_name(self.panel.kind().value))

    @Slot(str)
    def _on_saved(self, path: str) -> None:
        self._result = Path(path)
        self.accept()

    def reject(self) -> None:
        self.panel.shutdown()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.panel.shutdown()
        super().closeEvent(event)

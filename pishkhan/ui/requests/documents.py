"""The required documents of a request type, one row each: kind, "Scan…", "Import file…", tick.

A row whose requirement has alternatives (deed, permit or sale agreement) lets the clerk say
which paper it is. Attaching runs on a worker (:func:`pishkhan.services.request_documents.
store_document` copies or converts the file into ``documents/<uuid>.pdf``); the row then shows a
tick and the page count. Replacing an attachment forgets the previous file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from pishkhan.domain.persian import to_persian_digits
from pishkhan.domain.requests import DocumentKind, Requirement
from pishkhan.services.request_documents import AttachedDocument, discard, store_document
from pishkhan.ui.widgets import Tone, set_tone
from pishkhan.ui.worker import Job, run_in_background

TICK = "✔"


def kinds_of(requirement: Requirement) -> list[DocumentKind]:
    """The alternatives in catalogue order (a frozenset has none)."""
    return [kind for kind in DocumentKind if kind in requirement.alternatives]


class DocumentRow:
    """The widgets of one requirement."""

    def __init__(self, owner: DocumentsList, index: int, requirement: Requirement) -> None:
        self.requirement = requirement
        self.attached: AttachedDocument | None = None
        kinds = kinds_of(requirement)
        self.title = QLabel(requirement.title, owner)
        self.kind = QComboBox(owner)
        for kind in kinds:
            self.kind.addItem(kind.title, kind)
        self.kind.setVisible(len(kinds) > 1)
        self.scan = QPushButton(QCoreApplication.translate("DocumentsList", "Scan…"), owner)
        self.scan.setObjectName(f"scanDocument{index}")
        self.scan.clicked.connect(lambda: owner.scan_requested.emit(index))
        self.browse = QPushButton(
            QCoreApplication.translate("DocumentsList", "Import file…"), owner
        )
        self.browse.setObjectName(f"importDocument{index}")
        self.browse.clicked.connect(lambda: owner.import_file(index))
        self.state = QLabel(owner)
        self.state.setObjectName(f"documentState{index}")
        self.state.setMinimumWidth(180)

    def chosen_kind(self) -> DocumentKind:
        kind = self.kind.currentData()
        return kind if isinstance(kind, DocumentKind) else kinds_of(self.requirement)[0]

    def widgets(self) -> list[QWidget]:
        return [self.title, self.kind, self.scan, self.browse, self.state]


class DocumentsList(QWidget):
    """Rows for the requirements of the chosen type; says when every one is attached."""

    changed = Signal()
    scan_requested = Signal(int)  # the dialog opens the scan dialog for the row

    def __init__(self, root: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestDocuments")
        self.root = root  # the data folder; None without a store
        self.rows: list[DocumentRow] = []
        self.busy: set[int] = set()
        self._jobs: list[Job[Any]] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)

    def set_requirements(self, requirements: tuple[Requirement, ...]) -> None:
        self.forget_all()
        for row in self.rows:
            for widget in row.widgets():
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []
        for index, requirement in enumerate(requirements):
            row = DocumentRow(self, index, requirement)
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, index, column)
            self.rows.append(row)
            self._show(index)
        self.changed.emit()

    def complete(self) -> bool:
        return bool(self.rows) and all(r.attached is not None for r in self.rows) and not self.busy

    def attached(self) -> list[AttachedDocument]:
        return [r.attached for r in self.rows if r.attached is not None]

    # -- attaching ---------------------------------------------------------------------------

    @Slot(int)
    def import_file(self, index: int) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a document"),
            "",
            self.tr("Documents (*.pdf *.jpg *.jpeg *.png)"),
        )
        if path:
            self.attach(index, Path(path))

    def attach(self, index: int, source: Path, *, move: bool = False) -> None:
        """Store ``source`` for row ``index`` on a worker (``move``: a scan just written)."""
        if self.root is None or not 0 <= index < len(self.rows) or index in self.busy:
            return
        row, root = self.rows[index], self.root
        kind = row.chosen_kind()
        self.busy.add(index)
        row.state.setText(self.tr("Attaching…"))
        set_tone(row.state, Tone.PENDING)
        self.changed.emit()

        def job() -> AttachedDocument:
            return store_document(root, kind, source, move=move)

        self._jobs.append(
            run_in_background(
                job,
                lambda doc: self._on_attached(index, row, doc),
                lambda error: self._on_failed(index, row, error),
                serial=False,
            )
        )

    def _on_attached(self, index: int, row: DocumentRow, doc: AttachedDocument) -> None:
        self.busy.discard(index)
        if index >= len(self.rows) or self.rows[index] is not row:  # the type changed meanwhile
            self._discard([doc])
            return
        if row.attached is not None:
            self._discard([row.attached])
        row.attached = doc
        self._show(index)
        self.changed.emit()

    def _on_failed(self, index: int, row: DocumentRow, error: Exception) -> None:
        self.busy.discard(index)
        if index < len(self.rows) and self.rows[index] is row:
            row.state.setText(str(error) or type(error).__name__)
            row.state.setWordWrap(True)
            set_tone(row.state, Tone.ERROR)
        self.changed.emit()

    def _show(self, index: int) -> None:
        row = self.rows[index]
        doc = row.attached
        if doc is None:
            row.state.setText(self.tr("Not attached"))
            set_tone(row.state, Tone.NONE)
            return
        row.state.setText(
            self.tr("%1 attached (%2 pages)")
            .replace("%1", TICK)
            .replace("%2", to_persian_digits(doc.pages))
        )
        set_tone(row.state, Tone.OK)

    # -- forgetting --------------------------------------------------------------------------

    def forget_all(self) -> None:
        """Remove the files attached so far (the clerk changed the type or cancelled)."""
        self._discard(self.attached())
        for row in self.rows:
            row.attached = None

    def keep_all(self) -> None:
        """The request was registered: the files belong to it now."""
        for row in self.rows:
            row.attached = None

    def _discard(self, docs: list[AttachedDocument]) -> None:
        if docs and self.root is not None:
            root = self.root
            run_in_background(lambda: discard(root, docs), lambda _none: None, serial=False)

"""A page that is not built yet: its title and a one-line note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pishkhan.ui.pages import PageSpec


class PlaceholderPage(QWidget):
    def __init__(self, spec: PageSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"page_{spec.id}")
        self.title_label = QLabel(spec.display_title())
        self.title_label.setObjectName("pageTitle")
        self.note_label = QLabel(self.tr("Coming soon."))
        self.note_label.setObjectName("pageNote")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.note_label)
        layout.addStretch(1)
        for label in (self.title_label, self.note_label):
            label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)

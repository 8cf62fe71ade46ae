"""The help page (F1): every action with its key, read from the action registry."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pishkhan.ui.actions import ActionRegistry
from pishkhan.ui.pages import HELP_PAGE


class HelpPage(QWidget):
    def __init__(self, actions: ActionRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_help")
        self._actions = actions
        title = QLabel(HELP_PAGE.display_title())
        title.setObjectName("pageTitle")
        note = QLabel(
            self.tr(
                "Function keys work with both Persian and English keyboard layouts. "
                "Type or scan anything the citizen hands over into the search box (F2)."
            )
        )
        note.setObjectName("pageNote")
        note.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("shortcutTable")
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Key")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        actions.shortcuts_changed.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        rows = [(self._actions.text(i), self._actions.key_text(i)) for i in self._actions.ids()]
        self.table.setRowCount(len(rows))
        for row, (text, key) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(text))
            self.table.setItem(row, 1, QTableWidgetItem(key))

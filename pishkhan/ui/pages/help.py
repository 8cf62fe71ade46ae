"""The help page (F1): every action with its key, and where the user changes a key.

The table is read from the action registry. Under it, the selected action's key can be changed:
press the new key in the key box and save; a key already used by another action is refused with a
message next to the box. Saved keys are kept in the user's settings (``ActionRegistry`` with a
``QSettings``) and apply at once to menus, toolbar and this table.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pishkhan.ui.actions import ActionRegistry
from pishkhan.ui.pages import HELP_PAGE
from pishkhan.ui.widgets import Tone, make_ltr, set_tone


class HelpPage(QWidget):
    def __init__(self, actions: ActionRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_help")
        self._actions = actions
        self._ids: list[str] = []
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
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        self.key_label = QLabel()
        self.key_edit = make_ltr(QKeySequenceEdit())
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setMaximumSequenceLength(1)
        self.save_button = QPushButton(self.tr("Use this key"))
        self.save_button.setObjectName("saveKeyButton")
        self.reset_button = QPushButton(self.tr("Default key"))
        self.reset_button.setObjectName("resetKeyButton")
        self.key_message = QLabel()
        self.key_message.setObjectName("keyMessage")
        self.key_message.setWordWrap(True)
        editor = QHBoxLayout()
        editor.addWidget(self.key_label)
        editor.addWidget(self.key_edit)
        editor.addWidget(self.save_button)
        editor.addWidget(self.reset_button)
        editor.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(editor)
        layout.addWidget(self.key_message)
        actions.shortcuts_changed.connect(self.refresh)
        self.table.currentCellChanged.connect(self._on_row)
        self.save_button.clicked.connect(self.save_key)
        self.reset_button.clicked.connect(self.reset_key)
        self.refresh()
        self._on_row(self.table.currentRow())

    @Slot()
    def refresh(self) -> None:
        row = self.table.currentRow()
        self._ids = [i for i in self._actions.ids() if self._actions.is_allowed(i)]
        self.table.setRowCount(len(self._ids))
        for index, action_id in enumerate(self._ids):
            self.table.setItem(index, 0, QTableWidgetItem(self._actions.text(action_id)))
            self.table.setItem(index, 1, QTableWidgetItem(self._actions.key_text(action_id)))
        if 0 <= row < len(self._ids):
            self.table.setCurrentCell(row, 0)

    def selected_action(self) -> str | None:
        row = self.table.currentRow()
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def select_action(self, action_id: str) -> None:
        self.table.setCurrentCell(self._ids.index(action_id), 0)

    @Slot(int, int, int, int)
    def _on_row(self, row: int, *_: int) -> None:
        action_id = self._ids[row] if 0 <= row < len(self._ids) else None
        for widget in (self.key_edit, self.save_button, self.reset_button):
            widget.setEnabled(action_id is not None)
        self._message("")
        if action_id is None:
            self.key_label.setText(self.tr("Choose an action to change its key."))
            self.key_edit.clear()
            return
        self.key_label.setText(
            self.tr("Key for «%1»:").replace("%1", self._actions.text(action_id))
        )
        self.key_edit.setKeySequence(self._actions.shortcut(action_id))

    def _message(self, text: str, tone: Tone = Tone.ERROR) -> None:
        self.key_message.setText(text)
        set_tone(self.key_message, tone)
        self.key_message.setVisible(bool(text))

    @Slot()
    def save_key(self) -> bool:
        action_id = self.selected_action()
        if action_id is None:
            return False
        sequence = QKeySequence(self.key_edit.keySequence())
        other = self._actions.conflict(sequence, action_id)
        if other is not None:
            self._message(
                self.tr("This key is already used for «%1».").replace(
                    "%1", self._actions.text(other)
                )
            )
            return False
        self._actions.set_shortcut(action_id, sequence)
        self._message(self.tr("Saved."), Tone.OK)
        return True

    @Slot()
    def reset_key(self) -> None:
        action_id = self.selected_action()
        if action_id is None:
            return
        default = self._actions.default_shortcut(action_id)
        other = self._actions.conflict(default, action_id)
        if other is not None:
            self._message(
                self.tr("This key is already used for «%1».").replace(
                    "%1", self._actions.text(other)
                )
            )
            return
        self._actions.reset_shortcut(action_id)
        self.key_edit.setKeySequence(default)
        self._message(self.tr("Saved."), Tone.OK)

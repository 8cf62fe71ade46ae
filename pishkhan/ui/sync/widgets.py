"""What the clerk sees of the sync: a status-bar field and the sync dialog (attention list)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pishkhan.ui.formatting import format_number, jalali_date_text, time_text
from pishkhan.ui.sync.runner import SyncRunner, SyncView
from pishkhan.ui.widgets import Tone, set_tone


def record_type_text(record_type: str) -> str:
    names = {
        "payment": QCoreApplication.translate("SyncText", "Payment"),
        "reading": QCoreApplication.translate("SyncText", "Meter reading"),
        "request": QCoreApplication.translate("SyncText", "Request"),
        "document": QCoreApplication.translate("SyncText", "Document"),
        "sms": QCoreApplication.translate("SyncText", "Bill SMS"),
    }
    return names.get(record_type, record_type)


def moment_text(moment: dt.datetime | None) -> str:
    """A naive-UTC instant as local Jalali date and time (time only for today)."""
    if moment is None:
        return QCoreApplication.translate("SyncText", "never")
    stamp = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    local = QDateTime.fromSecsSinceEpoch(int(stamp.timestamp()))
    clock = time_text(local.time())
    if local.date() == QDateTime.currentDateTime().date():
        return clock
    return f"{jalali_date_text(local.date(), long=False)} {clock}"


def link_text(view: SyncView) -> str:
    if view.syncing and view.connecting:
        return QCoreApplication.translate("SyncText", "Connecting to the central system…")
    if view.online is None:
        return QCoreApplication.translate("SyncText", "Not connected yet")
    if view.syncing:
        return QCoreApplication.translate("SyncText", "Syncing…")
    return (
        QCoreApplication.translate("SyncText", "Online")
        if view.online
        else QCoreApplication.translate("SyncText", "Offline")
    )


def summary_text(view: SyncView) -> str:
    """One paragraph for the indicator's tooltip."""
    lines = [
        link_text(view),
        QCoreApplication.translate("SyncText", "Waiting to be sent: %1").replace(
            "%1", format_number(view.waiting)
        ),
        QCoreApplication.translate("SyncText", "Last sync: %1").replace(
            "%1", moment_text(view.last_sync_at)
        ),
    ]
    if view.attention:
        lines.append(
            QCoreApplication.translate("SyncText", "Needing attention: %1").replace(
                "%1", format_number(len(view.attention))
            )
        )
    if view.last_error:
        lines.append(view.last_error)
    return "\n".join(lines)


class SyncStatusField(QWidget):
    """Status-bar field: last sync time and, when any, a button to the records needing care."""

    details_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatusField")
        self.last_label = QLabel(self)
        self.last_label.setObjectName("syncLastLabel")
        self.attention_button = QToolButton(self)
        self.attention_button.setObjectName("syncAttentionButton")
        self.attention_button.setAutoRaise(True)
        self.attention_button.clicked.connect(self.details_requested)
        self.attention_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.attention_button)
        layout.addWidget(self.last_label)
        self.show_view(SyncView())

    @Slot(object)
    def show_view(self, view: SyncView) -> None:
        text = (
            self.tr("Syncing…")
            if view.syncing and not view.connecting
            else self.tr("Last sync: %1").replace("%1", moment_text(view.last_sync_at))
        )
        self.last_label.setText(text)
        self.last_label.setToolTip(summary_text(view))
        count = len(view.attention)
        self.attention_button.setVisible(count > 0)
        self.attention_button.setText(
            self.tr("%1 records need attention").replace("%1", format_number(count))
        )
        set_tone(self.attention_button, Tone.ERROR if count else Tone.NONE)


class SyncDialog(QDialog):
    """The link's details, the records needing attention (retry) and export of unsent records."""

    COLUMNS = 4

    def __init__(self, runner: SyncRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncDialog")
        self.setWindowTitle(self.tr("Sync with the central system"))
        self.runner = runner
        self.link_label = QLabel(self)
        self.waiting_label = QLabel(self)
        self.last_label = QLabel(self)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("syncMessage")
        self.message_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Link:"), self.link_label)
        form.addRow(self.tr("Waiting to be sent:"), self.waiting_label)
        form.addRow(self.tr("Last sync:"), self.last_label)
        form.addRow(self.tr("Last problem:"), self.error_label)

        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("syncAttentionTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Record"), self.tr("Identifier"), self.tr("Recorded"), self.tr("Reason")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.retry_button = QPushButton(self.tr("Retry selected"), self)
        self.retry_all_button = QPushButton(self.tr("Retry all"), self)
        self.export_button = QPushButton(self.tr("Export unsent records…"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.sync_button.clicked.connect(runner.request_sync)
        self.retry_button.clicked.connect(self.retry_selected)
        self.retry_all_button.clicked.connect(self.retry_all)
        self.export_button.clicked.connect(self.choose_export_file)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (
            self.sync_button,
            self.retry_button,
            self.retry_all_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Records needing attention:"), self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self.resize(820, 440)

        runner.state_changed.connect(self.show_view)
        runner.export_finished.connect(self._on_exported)
        runner.action_failed.connect(self._on_failed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.show_view(runner.view)

    @Slot(object)
    def show_view(self, view: SyncView) -> None:
        self.link_label.setText(link_text(view))
        set_tone(self.link_label, Tone.OK if view.online else Tone.PENDING)
        self.waiting_label.setText(format_number(view.waiting))
        self.last_label.setText(moment_text(view.last_sync_at))
        self.error_label.setText(view.last_error or self.tr("none"))
        selected = set(self.selected_ids())
        self.table.setRowCount(len(view.attention))
        for row, item in enumerate(view.attention):
            cells = [
                record_type_text(item.record_type),
                str(item.record_uuid),
                moment_text(item.created_at),
                item.reason or self.tr("(no reason given)"),
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.id)
                if column == 1:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
                    )
                self.table.setItem(row, column, cell)
            if item.id in selected:
                self.table.selectRow(row)
        self.sync_button.setEnabled(not view.syncing)
        self._update_buttons()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        ids: list[int] = []
        for row in rows:
            cell = self.table.item(row, 0)
            if cell is not None:
                ids.append(int(cell.data(Qt.ItemDataRole.UserRole)))
        return ids

    @Slot()
    def _update_buttons(self) -> None:
        self.retry_button.setEnabled(bool(self.selected_ids()))
        self.retry_all_button.setEnabled(self.table.rowCount() > 0)

    @Slot()
    def retry_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.message_label.setText(self.tr("Sending the selected records again…"))
            self.runner.retry(ids)

    @Slot()
    def retry_all(self) -> None:
        self.message_label.setText(self.tr("Sending every record needing attention again…"))
        self.runner.retry(None)

    def default_export_path(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        return self.runner.ctx.paths.root / f"unsent-{stamp}.json"

    @Slot()
    def choose_export_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export unsent records"),
            str(self.default_export_path()),
            self.tr("JSON files (*.json)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        self.message_label.setText(self.tr("Writing the unsent records…"))
        self.runner.export_unsent(path)

    @Slot(int, str)
    def _on_exported(self, count: int, path: str) -> None:
        self.message_label.setText(
            self.tr("%1 unsent records written to %2")
            .replace("%1", format_number(count))
            .replace("%2", path)
        )
        set_tone(self.message_label, Tone.OK)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.message_label.setText(message)
        set_tone(self.message_label, Tone.ERROR)


__all__ = ["SyncDialog", "SyncStatusField", "link_text", "summary_text"]

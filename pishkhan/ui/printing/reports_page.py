"""The reports page: the branch manager's daily report for a chosen Jalali day.

Pick a day, then preview (and print from the preview) or save the report as PDF. The report's
data is read on the database lane and its pages are painted on workers; the window never waits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pishkhan.printing.daily import daily_report_layout
from pishkhan.printing.flow import FlowDocument
from pishkhan.printing.model import DailyReport
from pishkhan.ui.env import PageEnv
from pishkhan.ui.formatting import jalali_calendar, jalali_date_text
from pishkhan.ui.printing.printers import PrinterMemory
from pishkhan.ui.printing.service import PrintController
from pishkhan.ui.widgets import make_ltr
from pishkhan.ui.worker import run_in_background


class ReportsPage(QWidget):
    def __init__(self, env: PageEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.env = env
        ctx = env.ctx
        memory = PrinterMemory(ctx.paths.root) if ctx is not None else None
        self.controller = PrintController(memory, self)
        self.controller.printed.connect(self._on_printed)
        self.controller.saved.connect(self._on_saved)
        self.controller.failed.connect(self._on_failed)
        self._pending_action = ""
        self._save_path: Path | None = None
        self.last_layout: FlowDocument | None = None

        title = QLabel(self.tr("Daily report of the counter office"))
        title.setObjectName("pageTitle")
        self.date_edit = make_ltr(QDateEdit())
        self.date_edit.setCalendar(jalali_calendar())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy/MM/dd")
        self.date_edit.setDate(QDate.currentDate())
        self.date_edit.setMaximumWidth(200)
        self.date_edit.dateChanged.connect(self._on_date_changed)
        self.date_label = QLabel()
        self.details = QCheckBox(self.tr("List every transaction"))
        self.details.setChecked(True)

        self.preview_button = QPushButton(self.tr("Preview and print…"))
        self.preview_button.clicked.connect(self._on_preview)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.clicked.connect(self._on_save)
        self.status = QLabel()
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Day:"), self.date_edit)
        form.addRow("", self.date_label)
        form.addRow("", self.details)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._on_date_changed(self.date_edit.date())
        if ctx is None:
            for button in (self.preview_button, self.save_button):
                button.setEnabled(False)
            self.status.setText(self.tr("No database is open: reports are not available."))

    # -- state ----------------------------------------------------------------------------------
    def chosen_day(self) -> dt.date:
        value = self.date_edit.date().toPython()
        assert isinstance(value, dt.date)
        return value

    def _busy(self, busy: bool) -> None:
        enabled = not busy and self.env.ctx is not None
        self.preview_button.setEnabled(enabled)
        self.save_button.setEnabled(enabled)

    @Slot(QDate)
    def _on_date_changed(self, date: QDate) -> None:
        self.date_label.setText(jalali_date_text(date, QLocale()))

    # -- actions --------------------------------------------------------------------------------
    @Slot()
    def _on_preview(self) -> None:
        self._load("preview")

    @Slot()
    def _on_save(self) -> None:
        default = str(Path.home() / f"daily-{self.date_edit.date().toString('yyyyMMdd')}.pdf")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the daily report"), default, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """Write the chosen day's report to ``path`` (also used by tests)."""
        self._save_path = path
        self._load("save")

    def _load(self, action: str) -> None:
        ctx = self.env.ctx
        if ctx is None:
            return
        self._pending_action = action
        self._busy(True)
        self.status.setText(self.tr("Preparing the report…"))
        day, details = self.chosen_day(), self.details.isChecked()

        def load() -> DailyReport:
            from pishkhan.services.reports import daily_report

            with ctx.sessions() as session:
                return daily_report(session, ctx.config, day, with_transactions=details)

        run_in_background(load, self._on_loaded, self._on_load_error)

    @Slot(object)
    def _on_loaded(self, report: object) -> None:
        assert isinstance(report, DailyReport)
        layout = daily_report_layout(report)
        self.last_layout = layout
        self._busy(False)
        self.status.setText("")
        if self._pending_action == "save" and self._save_path is not None:
            self.status.setText(self.tr("Saving…"))
            self._busy(True)
            self.controller.save_pdf(layout, self._save_path)
        else:
            self.controller.preview(layout, self)

    @Slot(object)
    def _on_load_error(self, error: object) -> None:
        self._busy(False)
        self.status.setText(self.tr("The report could not be made: %1").replace("%1", str(error)))

    @Slot(int)
    def _on_printed(self, pages: int) -> None:
        self.status.setText(self.tr("Sent to the printer (%n page(s)).", "", pages))

    @Slot(str)
    def _on_saved(self, path: str) -> None:
        self._busy(False)
        self.status.setText(self.tr("Saved: %1").replace("%1", path))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._busy(False)
        self.status.setText(self.tr("Printing failed: %1").replace("%1", message))


def create_page(env: PageEnv) -> QWidget:
    return ReportsPage(env)

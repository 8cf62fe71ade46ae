"""Reports by period: consumption and payments between two Jalali dates, as table and chart.

Printing is another area's: the Print button calls ``env.extras["print_history"](history)``
(a ``services.histories.History``) when the shell provides it, and stays disabled otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pishkhan.services.histories import History, check_range, load_history
from pishkhan.ui.env import PageEnv
from pishkhan.ui.formatting import format_number, format_rials
from pishkhan.ui.kit.chart import ChartKind, ChartWidget
from pishkhan.ui.kit.jalali import JalaliDateEdit
from pishkhan.ui.lookup.file_tabs import (
    jdate,
    m3,
    make_table,
    meter_value,
    method_title,
)
from pishkhan.ui.lookup.models import Cell, RowsModel, ident, rials
from pishkhan.ui.widgets import Tone, set_tone
from pishkhan.ui.worker import Job, run_in_background

DEFAULT_YEARS = 2


class HistoriesView(QWidget):
    def __init__(self, env: PageEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historiesView")
        self.env = env
        self.subscriber_id: int | None = None
        self.history: History | None = None
        self._seq = 0
        self._job: Job[Any] | None = None
        self._stale = False  # the subscriber changed while the view was hidden
        today = dt.date.today()
        self.start = JalaliDateEdit(today - dt.timedelta(days=365 * DEFAULT_YEARS), self)
        self.start.setObjectName("historyStart")
        self.end = JalaliDateEdit(today, self)
        self.end.setObjectName("historyEnd")
        self.start.date_changed.connect(self._range_changed)
        self.end.date_changed.connect(self._range_changed)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.clicked.connect(self.refresh)
        self.print_button = QPushButton(self.tr("Print"), self)
        self.print_button.clicked.connect(self.print_history)
        self.message = QLabel(self)
        self.message.setObjectName("historyMessage")
        self.totals = QLabel(self)
        self.chart = ChartWidget(self)
        self.consumption = RowsModel(
            [self.tr("Period"), self.tr("Read on"), self.tr("Reading"), self.tr("Consumption"),
             self.tr("Amount")],
            self,
        )  # fmt: skip
        self.payments = RowsModel(
            [self.tr("Paid on"), self.tr("Amount"), self.tr("Method"), self.tr("Payment ID")], self
        )
        self.consumption_table = make_table(self.consumption, self)
        self.payments_table = make_table(self.payments, self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("From"), self))
        bar.addWidget(self.start)
        bar.addWidget(QLabel(self.tr("to"), self))
        bar.addWidget(self.end)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        tables = QSplitter(Qt.Orientation.Vertical, self)
        tables.addWidget(self.consumption_table)
        tables.addWidget(self.payments_table)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(tables)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.totals)
        layout.addWidget(split, 1)
        self._update_print()

    def set_subscriber(self, subscriber_id: int, name: str = "") -> None:
        changed = subscriber_id != self.subscriber_id
        self.subscriber_id = subscriber_id
        if changed:
            self.history = None
            self._stale = True
            self._update_print()
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    @Slot(object)
    def _range_changed(self, _value: object) -> None:
        try:
            check_range(self.start.value(), self.end.value())
        except ValueError as exc:
            self._say(str(exc), Tone.ERROR)
            self.show_button.setEnabled(False)
            return
        self._say("")
        self.show_button.setEnabled(True)

    @Slot()
    def refresh(self) -> None:
        ctx = self.env.ctx
        sid = self.subscriber_id
        if ctx is None or sid is None:
            return
        self._stale = False
        start, end = self.start.value(), self.end.value()
        user = self.env.extras.get("user")
        self._seq += 1
        seq = self._seq
        if self._job is not None:
            self._job.cancel()

        def job() -> tuple[int, History]:
            with ctx.sessions() as session:
                return seq, load_history(session, user, sid, start, end)

        self._say(self.tr("Loading…"), Tone.PENDING)
        self._job = run_in_background(job, self._on_loaded, self._on_error)

    @Slot(object)
    def _on_loaded(self, answer: tuple[int, History]) -> None:
        seq, history = answer
        if seq != self._seq:
            return
        self._job = None
        self.history = history
        rows = history.consumption
        self.chart.set_data(
            [r.period for r in rows],
            [r.consumption_m3 for r in rows],
            kind=ChartKind.LINE if len(rows) > 12 else ChartKind.BARS,
            highlight=[i for i, r in enumerate(rows) if r.is_estimate],
            caption=self.tr("Consumption by period (m³)"),
        )
        self.consumption.set_rows(
            [
                [Cell(r.period, (r.period_year, r.period_no)), jdate(r.read_on),
                 meter_value(r.reading), m3(r.consumption_m3), rials(r.amount_rials)]
                for r in rows
            ],
            rows,
        )  # fmt: skip
        self.payments.set_rows(
            [
                [jdate(p.paid_at), rials(p.amount_rials, Tone.ERROR if p.is_void else Tone.OK),
                 Cell(method_title(p.method)), ident(p.payment_id)]
                for p in history.payments
            ],
            history.payments,
        )  # fmt: skip
        self.totals.setText(
            self.tr("%1 periods, %2 m³ in all; billed %3, paid %4.")
            .replace("%1", format_number(len(rows)))
            .replace("%2", format_number(history.total_m3))
            .replace("%3", format_rials(history.total_billed_rials))
            .replace("%4", format_rials(history.total_paid_rials))
        )
        self._say("" if rows or history.payments else self.tr("Nothing in this range."))
        self._update_print()

    @Slot(object)
    def _on_error(self, error: Exception) -> None:
        self._job = None
        self._say(str(error) or type(error).__name__, Tone.ERROR)

    def _say(self, text: str, tone: Tone = Tone.NONE) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_tone(self.message, tone)

    def _update_print(self) -> None:
        printer = self.env.extras.get("print_history")
        self.print_button.setEnabled(callable(printer) and self.history is not None)
        self.print_button.setToolTip(
            "" if callable(printer) else self.tr("Printing is not available on this desk yet.")
        )

    @Slot()
    def print_history(self) -> None:
        printer = self.env.extras.get("print_history")
        if callable(printer) and self.history is not None:
            printer(self.history)

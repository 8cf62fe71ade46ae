"""The tabs of the subscriber file: latest bill, consumption, payments, open requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pishkhan.domain.persian import to_persian_digits
from pishkhan.services.subscriber_file import BillView, ConsumptionRow, PaymentRow, RequestRow
from pishkhan.ui.formatting import format_number, format_rials, jalali_date_text
from pishkhan.ui.kit.chart import ChartKind, ChartWidget
from pishkhan.ui.lookup.models import Cell, RowsModel, ident, number, rials, sorted_proxy
from pishkhan.ui.widgets import Tone, make_ltr, set_tone

CONTEXT = "SubscriberFile"


def jdate(value: dt.date | dt.datetime) -> Cell:
    day = value.date() if isinstance(value, dt.datetime) else value
    return Cell(jalali_date_text(QDate(day.year, day.month, day.day), long=False), value, ltr=True)


def m3(value: int) -> Cell:
    return Cell(
        QCoreApplication.translate("SubscriberFile", "%1 m³").replace("%1", format_number(value)),
        value,
        ltr=True,
    )


def meter_value(value: int) -> Cell:
    """A meter figure: Persian digits without thousands separators, as on the dial."""
    return Cell(to_persian_digits(str(value)), value, ltr=True)


def method_title(method: str) -> str:
    titles = {
        "cash": QCoreApplication.translate("SubscriberFile", "Cash"),
        "card": QCoreApplication.translate("SubscriberFile", "Card"),
        "pos": QCoreApplication.translate("SubscriberFile", "Card reader"),
        "bank": QCoreApplication.translate("SubscriberFile", "Bank"),
        "portal": QCoreApplication.translate("SubscriberFile", "Internet"),
    }
    return titles.get(method, method)


def status_title(status: str) -> str:
    titles = {
        "issued": QCoreApplication.translate("SubscriberFile", "Unpaid"),
        "paid": QCoreApplication.translate("SubscriberFile", "Paid"),
        "replaced": QCoreApplication.translate("SubscriberFile", "Carried over"),
    }
    return titles.get(status, status)


def make_table(model: RowsModel, parent: QWidget, stretch: int = -1) -> QTableView:
    table = QTableView(parent)
    table.setModel(sorted_proxy(model, table))
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return table


def value_label(parent: QWidget, ltr: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return make_ltr(label) if ltr else label


class BillTab(QWidget):
    """The latest bill: identifiers, readings, lines and the payable in large type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("billTab")
        self.bill_id = value_label(self, ltr=True)
        self.payment_id = value_label(self, ltr=True)
        self.period = value_label(self)
        self.readings = value_label(self)
        self.consumption = value_label(self)
        self.state = value_label(self)
        self.due = value_label(self)
        self.payable = value_label(self)
        self.payable.setObjectName("billPayable")
        font = self.payable.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.payable.setFont(font)
        self.empty = QLabel(
            QCoreApplication.translate(
                "SubscriberFile", "No bill has been issued for this subscriber yet."
            ),
            self,
        )
        self.lines = RowsModel(
            [
                QCoreApplication.translate("SubscriberFile", "Line"),
                QCoreApplication.translate("SubscriberFile", "Amount"),
            ],
            self,
        )
        self.lines_table = make_table(self.lines, self, stretch=0)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("SubscriberFile", "Payable"), self.payable)
        form.addRow(QCoreApplication.translate("SubscriberFile", "State"), self.state)
        form.addRow(QCoreApplication.translate("SubscriberFile", "Bill ID"), self.bill_id)
        form.addRow(QCoreApplication.translate("SubscriberFile", "Payment ID"), self.payment_id)
        form.addRow(QCoreApplication.translate("SubscriberFile", "Period"), self.period)
        form.addRow(QCoreApplication.translate("SubscriberFile", "Readings"), self.readings)
        form.addRow(QCoreApplication.translate("SubscriberFile", "Consumption"), self.consumption)
        form.addRow(QCoreApplication.translate("SubscriberFile", "Due"), self.due)
        row = QHBoxLayout(self)
        details = QWidget(self)
        left = QVBoxLayout(details)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.empty)
        left.addLayout(form)
        left.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)
        row.addWidget(scroll, 1)
        row.addWidget(self.lines_table, 1)

    def show_bill(self, bill: BillView | None) -> None:
        self.empty.setVisible(bill is None)
        self.lines_table.setVisible(bill is not None)
        if bill is None:
            for label in (self.bill_id, self.payment_id, self.period, self.readings):
                label.clear()
            for label in (self.consumption, self.state, self.due, self.payable):
                label.clear()
            self.lines.set_rows([])
            return
        self.bill_id.setText(to_persian_digits(bill.bill_id))
        self.payment_id.setText(to_persian_digits(bill.payment_id) or "—")
        self.period.setText(bill.period)
        self.readings.setText(
            QCoreApplication.translate("SubscriberFile", "%1 (%2) → %3 (%4), %5 days")
            .replace("%1", meter_value(bill.prev_reading).text)
            .replace("%2", jdate(bill.prev_read_on).text)
            .replace("%3", meter_value(bill.curr_reading).text)
            .replace("%4", jdate(bill.curr_read_on).text)
            .replace("%5", format_number(bill.days))
        )
        self.consumption.setText(m3(bill.consumption_m3).text)
        state = status_title(bill.status)
        if bill.is_estimate:
            state = QCoreApplication.translate(
                "SubscriberFile",
                "%1 — estimated at the counter, until the central system confirms it",
            )
            state = state.replace("%1", status_title(bill.status))
        self.state.setText(state)
        set_tone(
            self.state,
            Tone.PENDING if bill.is_estimate else Tone.OK if bill.status == "paid" else Tone.NONE,
        )
        self.due.setText(jdate(bill.due_on).text)
        self.payable.setText(format_rials(bill.payable_rials))
        set_tone(self.payable, Tone.OK if bill.status == "paid" else Tone.ERROR)
        rows = [[Cell(line.title), rials(line.amount_rials)] for line in bill.lines]
        rows.append(
            [
                Cell(
                    QCoreApplication.translate(
                        "SubscriberFile", "Payable (rounded down to 1,000 rials)"
                    )
                ),
                rials(bill.payable_rials),
            ]
        )
        self.lines.set_rows(rows)


class ConsumptionTab(QWidget):
    """A chart and a table of consumption by Jalali period."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = ChartWidget(self)
        self.model = RowsModel(
            [
                QCoreApplication.translate("SubscriberFile", "Period"),
                QCoreApplication.translate("SubscriberFile", "Read on"),
                QCoreApplication.translate("SubscriberFile", "Reading"),
                QCoreApplication.translate("SubscriberFile", "Consumption"),
                QCoreApplication.translate("SubscriberFile", "Days"),
                QCoreApplication.translate("SubscriberFile", "Amount"),
            ],
            self,
        )
        self.table = make_table(self.model, self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setSizes([240, 240])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def show_rows(self, rows: Sequence[ConsumptionRow]) -> None:
        self.chart.set_data(
            [r.period for r in rows],
            [r.consumption_m3 for r in rows],
            kind=ChartKind.BARS,
            highlight=[i for i, r in enumerate(rows) if r.is_estimate],
            caption=QCoreApplication.translate(
                "SubscriberFile", "Consumption by period (m³); estimates in amber"
            ),
        )
        self.model.set_rows(
            [
                [
                    Cell(r.period, (r.period_year, r.period_no)),
                    jdate(r.read_on),
                    meter_value(r.reading),
                    m3(r.consumption_m3),
                    number(r.days),
                    rials(r.amount_rials, Tone.PENDING if r.is_estimate else Tone.NONE),
                ]
                for r in rows
            ],
            rows,
        )


class PaymentsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(
            [
                QCoreApplication.translate("SubscriberFile", "Paid on"),
                QCoreApplication.translate("SubscriberFile", "Amount"),
                QCoreApplication.translate("SubscriberFile", "Method"),
                QCoreApplication.translate("SubscriberFile", "Bill ID"),
                QCoreApplication.translate("SubscriberFile", "Payment ID"),
            ],
            self,
        )
        self.table = make_table(self.model, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def show_rows(self, rows: Sequence[PaymentRow]) -> None:
        self.model.set_rows(
            [
                [
                    jdate(p.paid_at),
                    rials(p.amount_rials, Tone.ERROR if p.is_void else Tone.OK),
                    Cell(method_title(p.method)),
                    ident(p.bill_id),
                    ident(p.payment_id),
                ]
                for p in rows
            ],
            rows,
        )


class RequestsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty = QLabel(QCoreApplication.translate("SubscriberFile", "No open requests."), self)
        self.model = RowsModel(
            [
                QCoreApplication.translate("SubscriberFile", "Tracking code"),
                QCoreApplication.translate("SubscriberFile", "Request"),
                QCoreApplication.translate("SubscriberFile", "Stage"),
                QCoreApplication.translate("SubscriberFile", "Registered on"),
            ],
            self,
        )
        self.table = make_table(self.model, self, stretch=1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)

    def show_rows(self, rows: Sequence[RequestRow]) -> None:
        self.empty.setVisible(not rows)
        self.model.set_rows(
            [
                [
                    ident(r.tracking_code),
                    Cell(r.type_title),
                    Cell(r.stage_title),
                    jdate(r.created_at),
                ]
                for r in rows
            ],
            rows,
        )

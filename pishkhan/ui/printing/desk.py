"""Printing from the desk's pages: the functions the shell puts in ``PageEnv.extras``.

    printing = DeskPrinting(ctx)
    printing.install(env)        # before the window's pages are built
    printing.attach(window)      # once the window exists: dialogs and messages go there

- ``extras["print_bill"](subscription_no)``: the latest bill (F6 in a subscriber's file), as a
  duplicate, in the print preview.
- ``extras["print_history"](history)``: a ``services.histories.History`` (the file's histories
  tab) as one document — consumption then payments — in the print preview.
- ``extras["print_receipt"](payment_uuid)``: the receipt of a payment, printed at once on the
  printer remembered for receipts (the 80 mm thermal printer when one is remembered and still
  there, otherwise an A5 page on the page printer or the system default).

Documents are read and built on the database lane of :mod:`pishkhan.ui.worker`; the preview and
the print job are :class:`~pishkhan.ui.printing.service.PrintController`'s.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtPrintSupport import QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from pishkhan.printing import model as m
from pishkhan.printing.bill import BillLayout
from pishkhan.printing.flow import FlowDocument
from pishkhan.printing.histories import consumption_history_layout, payment_history_layout
from pishkhan.printing.labels import method_title
from pishkhan.printing.receipts import PaymentReceiptLayout
from pishkhan.printing.render import Layout, page_size_from_config
from pishkhan.services.context import AppContext
from pishkhan.ui.printing.printers import PrinterMemory, choose_printer
from pishkhan.ui.printing.service import PrintController
from pishkhan.ui.worker import run_in_background

if TYPE_CHECKING:
    from pishkhan.services.histories import History
    from pishkhan.ui.env import PageEnv
    from pishkhan.ui.main_window import MainWindow

log = logging.getLogger(__name__)

MESSAGE_MS = 8000
VOID_NOTE = "ابطال"


def history_documents(
    history: History, office: m.Office
) -> tuple[m.ConsumptionHistory, m.PaymentHistory]:
    """The printing layer's two histories from the desk's ``History`` (no database)."""
    consumption = m.ConsumptionHistory(
        office,
        history.full_name,
        history.subscription_no,
        history.start,
        history.end,
        tuple(
            m.ConsumptionRow(
                r.period_year,
                r.period_no,
                r.read_on,
                r.days,
                r.consumption_m3,
                r.amount_rials,
                r.is_estimate,
            )
            for r in history.consumption
        ),
    )
    payments = m.PaymentHistory(
        office,
        history.full_name,
        history.subscription_no,
        history.start,
        history.end,
        tuple(
            m.PaymentRow(
                p.business_day,
                p.bill_id,
                p.payment_id,
                method_title(p.method),
                p.amount_rials,
                VOID_NOTE if p.is_void else "",
            )
            for p in history.payments
        ),
    )
    return consumption, payments


def history_layout(
    consumption: m.ConsumptionHistory, payments: m.PaymentHistory, page: m.PageSize
) -> FlowDocument:
    """One document: the consumption history, then the payments, under one header."""
    first = consumption_history_layout(consumption, page)
    second = payment_history_layout(payments, page)
    lines = list(first.header_lines)
    if len(lines) > 1:
        lines[1] = lines[1].replace("سابقه مصرف", "سابقه مصرف و پرداخت", 1)
    return dataclasses.replace(
        first,
        title=f"سابقه مصرف و پرداخت {consumption.subscription_no}",
        header_lines=tuple(lines),
        blocks=[*first.blocks, *second.blocks],
    )


class DeskPrinting(QObject):
    """Bills, histories and receipts of one window; built before the window, attached after."""

    layout_ready = Signal(object)  # every document built (a Layout), before it is shown/sent
    preview_opened = Signal(object)  # QPrintPreviewDialog
    receipt_sent = Signal(object)  # the PrintThread of a receipt
    message = Signal(str)  # for the status bar

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.memory = PrinterMemory(ctx.paths.root)
        self.controller = PrintController(self.memory, self)
        self.controller.printed.connect(self._on_printed)
        self.controller.failed.connect(self._on_failed)
        self.window: QWidget | None = None
        self.last_preview: QPrintPreviewDialog | None = None
        self.last_layout: Layout | None = None

    # -- wiring ---------------------------------------------------------------------------------
    def install(self, env: PageEnv) -> None:
        """Offer the three functions to the pages (call before any page is built)."""
        env.extras["print_bill"] = self.print_bill
        env.extras["print_history"] = self.print_history
        env.extras["print_receipt"] = self.print_receipt
        env.extras["printing"] = self

    def attach(self, window: MainWindow) -> None:
        """Dialogs open over ``window``; outcomes are said in its status bar."""
        self.window = window
        self.setParent(window)
        self.message.connect(self._show_message)

    @Slot(str)
    def _show_message(self, text: str) -> None:
        window = self.window
        status_bar = getattr(window, "status_bar", None)
        if status_bar is not None and shiboken6.isValid(status_bar):
            status_bar.showMessage(text, MESSAGE_MS)

    @property
    def page(self) -> m.PageSize:
        return page_size_from_config(self.ctx.config.raw)

    # -- the extras -----------------------------------------------------------------------------
    def print_bill(self, subscription_no: str) -> None:
        """Preview the latest bill of ``subscription_no`` (read on the database lane)."""
        from pishkhan.services.reports import bill_document

        page = self.page

        def build() -> Layout:
            with self.ctx.sessions() as session:
                doc = bill_document(session, self.ctx.config, subscription_no)
            return BillLayout(doc, page)

        self._build(build, self._preview)

    def print_history(self, history: History) -> None:
        """Preview the consumption and payment history the clerk is looking at."""
        from pishkhan.services.reports import office_of

        office, page = office_of(self.ctx.config), self.page

        def build() -> Layout:
            return history_layout(*history_documents(history, office), page)

        self._build(build, self._preview)

    def print_receipt(self, payment_uuid: str) -> None:
        """Print the receipt of a payment at once on the receipt printer (no preview)."""
        from pishkhan.services.reports import payment_receipt

        page = self.receipt_page()

        def build() -> Layout:
            with self.ctx.sessions() as session:
                receipt = payment_receipt(session, self.ctx.config, payment_uuid)
            return PaymentReceiptLayout(receipt, page)

        self._build(build, self._print_direct)

    def receipt_page(self) -> m.PageSize:
        """80 mm when a thermal printer is remembered and present, else A5."""
        thermal = choose_printer(
            self.memory, m.DocKind.THERMAL, QPrinterInfo.availablePrinterNames()
        )
        return m.PageSize.THERMAL_80 if thermal else m.PageSize.A5

    # -- on the GUI thread ----------------------------------------------------------------------
    def _build(self, build: Callable[[], Layout], then: Callable[[Layout], None]) -> None:
        self.message.emit(self.tr("Preparing the document…"))
        run_in_background(build, then, self._on_build_failed)

    def _preview(self, layout: Layout) -> None:
        if not shiboken6.isValid(self):  # the window closed while the document was built
            return
        self.last_layout = layout
        self.layout_ready.emit(layout)
        self.message.emit("")
        dialog = self.controller.preview(layout, self.window)
        self.last_preview = dialog
        self.preview_opened.emit(dialog)

    def _print_direct(self, layout: Layout) -> None:
        if not shiboken6.isValid(self):
            return
        self.last_layout = layout
        self.layout_ready.emit(layout)
        if not QPrinterInfo.availablePrinterNames():
            self.message.emit(self.tr("No printer is installed: the receipt was not printed."))
            return
        self.message.emit(self.tr("Printing the receipt…"))
        self.receipt_sent.emit(self.controller.print_direct(layout))

    def _on_build_failed(self, error: Exception) -> None:
        log.warning("document could not be built: %s", error)
        if not shiboken6.isValid(self):
            return
        self.message.emit(
            self.tr("The document could not be prepared: %1").replace("%1", str(error))
        )

    @Slot(int)
    def _on_printed(self, pages: int) -> None:
        self.message.emit(self.tr("Sent to the printer."))

    @Slot(str)
    def _on_failed(self, problem: str) -> None:
        self.message.emit(self.tr("Printing failed: %1").replace("%1", problem))

"""The desk side: reports page, preview dialog, printer memory, printing to a real CUPS queue.

The CUPS tests need a queue made by ``scripts/cups.sh`` (``scripts/test.sh`` exports its name as
``PISHKHAN_TEST_PRINTER``); the cups-pdf driver writes each job as a PDF in
``/var/spool/cups-pdf/<user>/``, which the tests read back.
"""

from __future__ import annotations

import getpass
import os
import subprocess
import time
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pishkhan.printing.bill import BillLayout
from pishkhan.printing.model import DocKind, PageSize
from pishkhan.printing.receipts import PaymentReceiptLayout, payment_qr_text
from pishkhan.services.reports import bill_document, payment_receipt
from pishkhan.store.models import Bill, Payment, Subscriber
from pishkhan.ui.env import PageEnv
from pishkhan.ui.printing.printers import PrinterMemory, choose_printer
from pishkhan.ui.printing.reports_page import ReportsPage, create_page
from pishkhan.ui.printing.service import PrintController, PrintThread
from pishkhan.ui.worker import wait_for_workers
from tests.printing.conftest import REPORT_DAY, Store, normalise, ocr_fas, pdf_pages, rasterise

PRINTER = os.environ.get("PISHKHAN_TEST_PRINTER", "")
# Every test that prints on the shared queue runs on one xdist worker ("cups" group, with
# --dist loadgroup): they find their job as the newest PDF cups-pdf wrote.
needs_cups = pytest.mark.skipif(not PRINTER, reason="no CUPS queue (run scripts/cups.sh)")
on_cups_queue = pytest.mark.xdist_group("cups")
CUPS_PDF_DIR = Path("/var/spool/cups-pdf") / getpass.getuser()


def _bill_layout(store: Store) -> BillLayout:
    with store.ctx.sessions() as session:
        number = session.scalars(
            select(Subscriber.subscription_no)
            .where(Subscriber.id.in_(select(Bill.subscriber_id)))
            .limit(1)
        ).one()
        return BillLayout(bill_document(session, store.ctx.config, number))


def _barcodes(png: Path) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(png))]


def _barcode_text(layout: BillLayout) -> str:
    return layout.doc.bill_id.rjust(13, "0") + layout.doc.payment_id.rjust(13, "0")


def _queue_idle(timeout: float = 90.0) -> float:
    """Wait until the queue has no job left (an earlier test's job would otherwise land while
    this one waits for its own PDF); returns the time from which a new PDF is this test's."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = subprocess.run(
            ["lpstat", "-o", PRINTER], capture_output=True, text=True, check=False
        ).stdout
        if not jobs.strip():
            return time.time()
        time.sleep(0.3)
    raise AssertionError(f"the queue {PRINTER} did not empty: {jobs}")


def _wait_for_new_pdf(since: float, timeout: float = 90.0) -> Path:
    """A PDF cups-pdf wrote after ``since`` (it names files by job title and may overwrite)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = CUPS_PDF_DIR.glob("*.pdf") if CUPS_PDF_DIR.exists() else iter(())
        for path in sorted(found, key=lambda p: p.stat().st_mtime, reverse=True):
            size = path.stat().st_size
            if path.stat().st_mtime < since or not size:
                continue
            time.sleep(0.3)
            if path.stat().st_size == size:
                return path
        time.sleep(0.3)
    raise AssertionError(f"no PDF appeared in {CUPS_PDF_DIR}")


def test_printer_memory_per_kind(tmp_path: Path) -> None:
    memory = PrinterMemory(tmp_path)
    assert memory.get(DocKind.THERMAL) is None
    memory.remember(DocKind.THERMAL, "POS80")
    memory.remember(DocKind.PAGE, "Office")
    again = PrinterMemory(tmp_path)
    assert again.get(DocKind.THERMAL) == "POS80" and again.get(DocKind.PAGE) == "Office"
    assert choose_printer(again, DocKind.THERMAL, ["Office"]) == ""  # gone: system default
    assert choose_printer(again, DocKind.PAGE, ["Office", "POS80"]) == "Office"
    (tmp_path / "printers.json").write_text("not json", encoding="utf-8")
    assert PrinterMemory(tmp_path).get(DocKind.PAGE) is None


def test_reports_page_without_store(qtbot: QtBot) -> None:
    page = create_page(PageEnv())
    qtbot.addWidget(page)
    assert isinstance(page, ReportsPage)
    assert not page.preview_button.isEnabled() and not page.save_button.isEnabled()


def test_reports_page_saves_the_daily_report(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = ReportsPage(PageEnv(ctx=store.ctx))
    qtbot.addWidget(page)
    page.date_edit.setDate(QDate(REPORT_DAY.year, REPORT_DAY.month, REPORT_DAY.day))
    assert page.chosen_day() == REPORT_DAY
    out = tmp_path / "daily.pdf"
    with qtbot.waitSignal(page.controller.saved, timeout=60_000):
        page.save_to(out)
    assert not page.save_button.isEnabled() or out.exists()
    assert pdf_pages(out) >= 4
    assert wait_for_workers()


def test_preview_shows_the_pages(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    controller = PrintController(PrinterMemory(tmp_path))
    dialog = controller.preview(_bill_layout(store))
    qtbot.addWidget(dialog)
    assert isinstance(dialog, QPrintPreviewDialog)
    widget = dialog.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() == 1, timeout=10_000)
    dialog.close()


@needs_cups
@on_cups_queue
def test_print_thread_prints_on_cups(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    layout = _bill_layout(store)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(PRINTER)
    before = _queue_idle()
    thread = PrintThread(layout, printer)
    with qtbot.waitSignal(thread.succeeded, timeout=60_000) as done:
        thread.start()
    assert done.args == [1]
    thread.wait()
    printed = _wait_for_new_pdf(before)
    # cups-pdf redistils the job with Ghostscript, which drops the text layer's Unicode map:
    # read the printed page like a person (OCR) and a scanner (barcode) would.
    [png] = rasterise(printed, 300, tmp_path)
    assert _barcodes(png) == [_barcode_text(layout)]
    assert normalise(layout.doc.subscriber_name) in normalise(ocr_fas(png))


@needs_cups
@on_cups_queue
def test_print_from_preview_runs_on_a_worker_and_remembers_the_printer(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    memory = PrinterMemory(tmp_path)
    memory.remember(DocKind.PAGE, PRINTER)
    controller = PrintController(memory)
    layout = _bill_layout(store)
    dialog = controller.preview(layout)
    qtbot.addWidget(dialog)
    widget = dialog.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() == 1, timeout=10_000)
    before = _queue_idle()
    with qtbot.waitSignal(controller.printed, timeout=60_000):
        widget.print_()  # what the dialog's Print button does after the printer dialog
    assert controller.wait()
    printed = _wait_for_new_pdf(before)
    [png] = rasterise(printed, 203, tmp_path)
    assert _barcodes(png) == [_barcode_text(layout)]
    assert PrinterMemory(tmp_path).get(DocKind.PAGE) == PRINTER
    dialog.close()


@needs_cups
@on_cups_queue
def test_thermal_receipt_prints_directly_on_the_remembered_printer(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    with store.ctx.sessions() as session:
        payment_uuid = session.scalars(select(Payment.uuid).limit(1)).one()
        receipt = payment_receipt(session, store.ctx.config, payment_uuid)
    memory = PrinterMemory(tmp_path)
    memory.remember(DocKind.THERMAL, PRINTER)
    controller = PrintController(memory)
    before = _queue_idle()
    with qtbot.waitSignal(controller.printed, timeout=60_000):
        controller.print_direct(PaymentReceiptLayout(receipt, PageSize.THERMAL_80))
    assert controller.wait()
    [png] = rasterise(_wait_for_new_pdf(before), 203, tmp_path)
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(png))] == [payment_qr_text(receipt)]

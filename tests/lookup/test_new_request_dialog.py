"""A clerk registers a meter test from a subscriber's file: imported files, no scanner."""

from __future__ import annotations

from pathlib import Path

import img2pdf
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pishkhan.domain.persian import to_persian_digits
from pishkhan.domain.requests import RequestType, parse_tracking_code
from pishkhan.services.context import AppContext
from pishkhan.store.models import Connection, Document, OutboxEntry, Request, Subscriber
from pishkhan.ui.env import PageEnv
from pishkhan.ui.lookup.file_view import SubscriberFileView
from pishkhan.ui.requests import documents as documents_module
from pishkhan.ui.requests.new_request import NewRequestDialog
from pishkhan.ui.worker import wait_for_workers

from .conftest import CLERK, OPERATOR

WAIT = 10_000


def _subscriber(ctx: AppContext) -> Subscriber:
    with ctx.sessions() as session:
        subscriber = session.scalars(
            select(Subscriber)
            .join(Connection, Connection.subscriber_id == Subscriber.id)
            .where(Connection.kind == "water", Subscriber.national_code.is_not(None))
            .order_by(Subscriber.id)
            .limit(1)
        ).one()
        session.expunge(subscriber)
        return subscriber


def _open_file(qtbot: QtBot, ctx: AppContext, user: object) -> SubscriberFileView:
    view = SubscriberFileView(PageEnv(ctx=ctx, extras={"user": user}))
    qtbot.addWidget(view)
    view.show()
    sub = _subscriber(ctx)
    view.load(sub.id)
    qtbot.waitUntil(lambda: view.file is not None, timeout=WAIT)
    return view


def test_a_clerk_registers_a_request_with_imported_files(
    qapp: QApplication,
    qtbot: QtBot,
    ctx: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    image = tmp_path / "page.png"
    Image.new("L", (200, 280), 240).save(image)
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(img2pdf.convert(str(image)))
    monkeypatch.setattr(
        documents_module.QFileDialog, "getOpenFileName", lambda *args: (str(paper), "")
    )
    view = _open_file(qtbot, ctx, CLERK)
    assert view.request_button.isVisible() and view.request_button.isEnabled()
    qtbot.mouseClick(view.request_button, Qt.MouseButton.LeftButton)
    dialog = view.request_dialog
    assert isinstance(dialog, NewRequestDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.type_combo.count() > 0, timeout=WAIT)
    assert not dialog.register_button.isEnabled()
    assert dialog.national_code.text() == to_persian_digits(view.file.national_code)  # type: ignore[union-attr]

    dialog.choose(RequestType.METER_TEST)
    rows = dialog.documents.rows
    assert [r.title.text() for r in rows] == ["فرم درخواست", "کارت ملی", "آخرین قبض پرداخت‌شده"]
    assert "۴۰۰٬۰۰۰" in dialog.fee.text() and "۵۵۰٬۰۰۰" in dialog.fee.text()
    assert all(r.state.text() == "پیوست نشده" for r in rows)
    for row in rows:
        qtbot.mouseClick(row.browse, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.documents.complete, timeout=WAIT)
    assert all(r.state.text() == "✔ پیوست شد (۱ صفحه)" for r in rows)

    dialog.mobile.setText("۰۹۱۲۳")
    assert dialog.mobile_error.text() == "شماره همراه باید به شکل ۰۹xxxxxxxxx باشد"
    assert not dialog.register_button.isEnabled()
    dialog.mobile.setText("۰۹۱۳ ۱۲۳ ۴۵۶۷")
    dialog.national_code.setText("0684159415")
    assert "کد ملی" in dialog.national_code_error.text()
    assert not dialog.register_button.isEnabled()
    dialog.national_code.setText(to_persian_digits("0499370899"))
    assert dialog.national_code_error.text() == "" and dialog.mobile_error.text() == ""
    assert dialog.register_button.isEnabled()

    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    done = dialog.outcome
    assert done is not None and parse_tracking_code(done.tracking_code) == done.tracking_code
    assert dialog.tracking.text() == to_persian_digits(done.tracking_code)
    assert dialog.stack.currentIndex() == 1
    assert not dialog.print_button.isEnabled()  # no printing on this test desk

    shown = to_persian_digits(done.tracking_code)
    qtbot.waitUntil(
        lambda: any(
            shown in str(view.requests_tab.model.index(r, 0).data())
            for r in range(view.requests_tab.model.rowCount())
        ),
        timeout=WAIT,
    )
    assert view.tabs.currentWidget() is view.requests_tab
    with ctx.sessions() as session:
        request = session.scalars(select(Request).where(Request.uuid == done.uuid)).one()
        assert request.applicant_national_code == "0499370899"
        assert request.applicant_mobile == "09131234567"
        docs = session.scalars(select(Document).where(Document.request_id == request.id)).all()
        assert len(docs) == 3 and all((ctx.paths.root / d.path).is_file() for d in docs)
        types = session.scalars(select(OutboxEntry.record_type).order_by(OutboxEntry.id)).all()
        assert types[-4:] == ["document", "document", "document", "request"]
    dialog.accept()
    assert wait_for_workers(WAIT)


def test_closing_the_dialog_forgets_the_attached_files(
    qapp: QApplication,
    qtbot: QtBot,
    ctx: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    image = tmp_path / "card.jpg"
    Image.new("RGB", (200, 120), (220, 220, 220)).save(image)
    monkeypatch.setattr(
        documents_module.QFileDialog, "getOpenFileName", lambda *args: (str(image), "")
    )
    view = _open_file(qtbot, ctx, CLERK)
    view.open_request_dialog()
    dialog = view.request_dialog
    qtbot.waitUntil(lambda: dialog.type_combo.count() > 0, timeout=WAIT)
    dialog.choose(RequestType.METER_TEST)
    qtbot.mouseClick(dialog.documents.rows[1].browse, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.documents.rows[1].attached is not None, timeout=WAIT)
    attached = dialog.documents.rows[1].attached
    assert attached is not None and (ctx.paths.root / attached.path).is_file()
    assert not dialog.register_button.isEnabled()  # two documents still missing
    dialog.reject()
    qtbot.waitUntil(lambda: not (ctx.paths.root / attached.path).exists(), timeout=WAIT)
    assert wait_for_workers(WAIT)


def test_an_operator_does_not_see_the_button(
    qapp: QApplication, qtbot: QtBot, ctx: AppContext
) -> None:
    view = _open_file(qtbot, ctx, OPERATOR)
    assert not view.request_button.isVisible()


def test_the_receipt_of_the_new_request_is_offered(
    qapp: QApplication,
    qtbot: QtBot,
    ctx: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the desk's printing and no printer installed, the receipt opens in the preview."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget

    from pishkhan.printing.receipts import RequestReceiptLayout
    from pishkhan.ui.printing.desk import DeskPrinting
    from pishkhan.ui.requests import new_request

    image = tmp_path / "page.png"
    Image.new("L", (200, 280), 240).save(image)
    monkeypatch.setattr(
        documents_module.QFileDialog, "getOpenFileName", lambda *args: (str(image), "")
    )
    monkeypatch.setattr(new_request.QPrinterInfo, "availablePrinterNames", lambda: [])
    printing = DeskPrinting(ctx)
    view = SubscriberFileView(PageEnv(ctx=ctx, extras={"user": CLERK, "printing": printing}))
    qtbot.addWidget(view)
    view.load(_subscriber(ctx).id)
    qtbot.waitUntil(lambda: view.file is not None, timeout=WAIT)
    view.open_request_dialog()
    dialog = view.request_dialog
    qtbot.waitUntil(lambda: dialog.type_combo.count() > 0, timeout=WAIT)
    dialog.choose(RequestType.BILL_CORRECTION)
    for row in dialog.documents.rows:
        row.browse.click()
    qtbot.waitUntil(dialog.documents.complete, timeout=WAIT)
    dialog.register_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert dialog.print_button.isEnabled()
    dialog.print_button.click()
    qtbot.waitUntil(lambda: dialog.findChild(QPrintPreviewDialog) is not None, timeout=WAIT)
    preview = dialog.findChild(QPrintPreviewDialog)
    assert preview is not None
    widget = preview.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() == 1, timeout=WAIT)
    layout = printing.controller._layout
    assert isinstance(layout, RequestReceiptLayout)
    assert layout.doc.tracking_code == dialog.outcome.tracking_code  # type: ignore[union-attr]
    assert layout.doc.documents == ("فرم درخواست", "کارت ملی", "آخرین قبض پرداخت‌شده")
    assert layout.doc.counter_fee_rials == 150_000 and layout.doc.fee_rials == 0
    assert dialog.done_message.text() == "چاپگری نصب نیست: رسید نمایش داده می‌شود."
    preview.close()
    dialog.accept()
    assert wait_for_workers(WAIT)

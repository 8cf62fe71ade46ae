"""Receipts (A5 and 80 mm thermal raster with a QR code), histories, painting off the GUI
thread."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import zxingcpp
from PIL import Image
from PySide6.QtGui import QImage
from sqlalchemy import select

from pishkhan.printing.histories import consumption_history_layout, payment_history_layout
from pishkhan.printing.model import PageSize
from pishkhan.printing.receipts import (
    PaymentReceiptLayout,
    RequestReceiptLayout,
    payment_qr_text,
    request_qr_text,
)
from pishkhan.printing.render import (
    THERMAL_WIDTH_PX,
    render_pdf,
    render_pdf_bytes,
    render_raster,
)
from pishkhan.services.reports import (
    consumption_history,
    payment_history,
    payment_receipt,
    request_receipt,
)
from pishkhan.store.models import Payment, Subscriber
from tests.printing.conftest import (
    REPORT_DAY,
    Store,
    ascii_text,
    normalise,
    ocr_fas,
    pdf_pages,
    pdf_text,
    rasterise,
)


def _qimage_to_pil(image: QImage, path: Path) -> Image.Image:
    assert image.save(str(path))
    return Image.open(path)


def test_thermal_payment_receipt_is_576_dots_1_bit_with_a_qr(store: Store, tmp_path: Path) -> None:
    with store.ctx.sessions() as session:
        payment = session.scalars(
            select(Payment).where(Payment.business_day == REPORT_DAY, Payment.reverses_id.is_(None))
        ).first()
        assert payment is not None
        receipt = payment_receipt(session, store.ctx.config, payment.uuid)
    image = render_raster(PaymentReceiptLayout(receipt, PageSize.THERMAL_80))
    assert image.width() == THERMAL_WIDTH_PX == 576
    assert image.format() == QImage.Format.Format_Mono and image.depth() == 1
    assert 60 < image.height() / 8 < 250  # a receipt a few centimetres to a few decimetres long
    pil = _qimage_to_pil(image, tmp_path / "receipt.png")
    assert pil.mode in {"1", "P"} and len(pil.getcolors() or []) == 2  # black and white only
    codes = [r.text for r in zxingcpp.read_barcodes(pil)]
    assert codes == [payment_qr_text(receipt)]
    seen = normalise(ocr_fas(tmp_path / "receipt.png"))
    assert normalise("رسید پرداخت") in seen
    assert normalise(receipt.payer_name) in seen or receipt.payer_name == "—"


def test_voided_payment_receipt_says_so(store: Store) -> None:
    with store.ctx.sessions() as session:
        void = session.scalars(select(Payment).where(Payment.reverses_id.is_not(None))).first()
        assert void is not None
        original = payment_receipt(session, store.ctx.config, void.reverses_id or 0)
    assert original.voided


def test_request_receipt_a5_and_thermal(store: Store, tmp_path: Path) -> None:
    with store.ctx.sessions() as session:
        receipt = request_receipt(session, store.ctx.config, "110100099993")
    pdf = tmp_path / "request.pdf"
    assert render_pdf(RequestReceiptLayout(receipt, PageSize.A5), pdf) == 1
    assert "(A5)" in _pdfinfo_size(pdf)
    assert "110100099993" in ascii_text(pdf_text(pdf))
    [png] = rasterise(pdf, 203, tmp_path)
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(png))] == [request_qr_text(receipt)]
    image = render_raster(RequestReceiptLayout(receipt, PageSize.THERMAL_80))
    assert image.width() == 576 and image.depth() == 1
    # A thermal layout printed on paper or previewed: one 80 mm wide page holding the raster.
    pdf80 = tmp_path / "request80.pdf"
    assert render_pdf(RequestReceiptLayout(receipt, PageSize.THERMAL_80), pdf80) == 1


def _pdfinfo_size(pdf: Path) -> str:
    import subprocess

    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return next(line for line in out.stdout.splitlines() if line.startswith("Page size"))


def test_histories_with_chart(store: Store, tmp_path: Path) -> None:
    with store.ctx.sessions() as session:
        number = session.scalars(select(Subscriber.subscription_no).limit(1)).one()
        usage = consumption_history(
            session, store.ctx.config, number, dt.date(2020, 1, 1), REPORT_DAY
        )
        paid = payment_history(session, store.ctx.config, number, dt.date(2020, 1, 1), REPORT_DAY)
    assert usage.rows and paid.rows
    assert [r.read_on for r in usage.rows] == sorted(r.read_on for r in usage.rows)
    pdf = tmp_path / "usage.pdf"
    render_pdf(consumption_history_layout(usage), pdf)
    assert pdf_pages(pdf) == 1
    text = ascii_text(pdf_text(pdf))
    total = sum(r.consumption_m3 for r in usage.rows)
    assert f"{total:,}".replace(",", "٬") in text
    [png] = rasterise(pdf, 300, tmp_path)
    seen = normalise(ocr_fas(png))
    assert normalise("سابقه مصرف") in seen and normalise(usage.subscriber_name) in seen
    pdf2 = tmp_path / "paid.pdf"
    render_pdf(payment_history_layout(paid), pdf2)
    text2 = ascii_text(pdf_text(pdf2))
    assert paid.rows[0].bill_id in text2


def test_painting_off_the_gui_thread(store: Store) -> None:
    """The desk renders on workers: a PDF painted on a plain thread is whole and the same."""
    with store.ctx.sessions() as session:
        number = session.scalars(select(Subscriber.subscription_no).limit(1)).one()
        usage = consumption_history(
            session, store.ctx.config, number, dt.date(2020, 1, 1), REPORT_DAY
        )
    layout = consumption_history_layout(usage)
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(render_pdf_bytes(layout))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and len(results) == 2
    assert all(r.startswith(b"%PDF") and b"%%EOF" in r[-10:] for r in results)
    assert len(results[0]) > 5_000

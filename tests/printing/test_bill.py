"""The bill duplicate: barcode, OCR of the Persian text, the command line."""

from __future__ import annotations

import re
from pathlib import Path

import zxingcpp
from PIL import Image
from sqlalchemy import select

from pishkhan.domain.persian import format_rials
from pishkhan.printing.bill import BillLayout, BillsLayout
from pishkhan.printing.model import PageSize
from pishkhan.printing.render import render_pdf
from pishkhan.services.reports import bill_document
from pishkhan.store.models import Bill, Subscriber
from tests.printing.conftest import (
    Store,
    ascii_text,
    normalise,
    ocr_fas,
    pdf_pages,
    pdf_text,
    rasterise,
    run_cli,
)


def _subscribers(store: Store, count: int) -> list[str]:
    with store.ctx.sessions() as session:
        stmt = (
            select(Subscriber.subscription_no)
            .where(Subscriber.id.in_(select(Bill.subscriber_id)))
            .order_by(Subscriber.id)
            .limit(count)
        )
        return list(session.scalars(stmt))


def _decode(png: Path) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(png))]


def test_every_bill_barcode_decodes_to_bill_and_payment_id(store: Store, tmp_path: Path) -> None:
    numbers = _subscribers(store, 6)
    for number in numbers:
        with store.ctx.sessions() as session:
            doc = bill_document(session, store.ctx.config, number)
        for page in (PageSize.A4, PageSize.A5):
            pdf = tmp_path / f"bill-{number}-{page}.pdf"
            assert render_pdf(BillLayout(doc, page), pdf) == 1
            [png] = rasterise(pdf, 203, tmp_path)
            expected = doc.bill_id.rjust(13, "0") + doc.payment_id.rjust(13, "0")
            assert _decode(png) == [expected]
            png.unlink()


def test_print_bill_command_ocr_finds_name_and_payable(store: Store, tmp_path: Path) -> None:
    number = _subscribers(store, 1)[0]
    with store.ctx.sessions() as session:
        doc = bill_document(session, store.ctx.config, number)
    out = tmp_path / "bill.pdf"
    result = run_cli(store.home, "print", "bill", number, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert pdf_pages(out) == 1

    [png] = rasterise(out, 300, tmp_path)
    seen = normalise(ocr_fas(png))
    assert normalise(doc.subscriber_name) in seen
    # OCR may read the Persian thousands separator «٬» as a digit or a comma: allow one
    # character or none between the groups, but every digit of the amount must be there.
    groups = format_rials(doc.payable_rials, persian_digits=False).split("٬")
    assert re.search(".?".join(groups), seen), (groups, seen)

    text = ascii_text(pdf_text(out))
    for identifier in (doc.bill_id, doc.payment_id, doc.subscription_no):
        assert identifier in text
    assert ascii_text(format_rials(doc.payable_rials)).replace("٬", "") in text.replace("٬", "")


def test_unknown_subscriber_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    result = run_cli(store.home, "print", "bill", "999999", "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    assert "پیدا نشد" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_many_bills_in_one_pdf_one_page_each(store: Store, tmp_path: Path) -> None:
    with store.ctx.sessions() as session:
        docs = tuple(bill_document(session, store.ctx.config, n) for n in _subscribers(store, 3))
    pdf = tmp_path / "bills.pdf"
    assert render_pdf(BillsLayout(docs), pdf) == 3
    assert pdf_pages(pdf) == 3
    pngs = rasterise(pdf, 203, tmp_path, first=1, last=3)
    decoded = [_decode(png) for png in pngs]
    assert decoded == [[d.bill_id.rjust(13, "0") + d.payment_id.rjust(13, "0")] for d in docs]

"""Payment and request receipts, for A5 paper or an 80 mm thermal printer, with a QR code."""

from __future__ import annotations

from dataclasses import dataclass

from pishkhan.domain.persian import amount_in_words
from pishkhan.printing import fmt
from pishkhan.printing.canvas import Align, Canvas
from pishkhan.printing.codes import draw_qr, qr_matrix
from pishkhan.printing.labels import RIAL
from pishkhan.printing.model import DocKind, PageSize, PaymentReceipt, RequestReceipt
from pishkhan.printing.render import Pages

Row = tuple[str, str]


def payment_qr_text(r: PaymentReceipt) -> str:
    """What the receipt's QR code holds: enough to find the payment again."""
    return f"pishkhan:payment:{r.receipt_no}:{r.bill_id}:{r.payment_id}:{r.amount_rials}"


def request_qr_text(r: RequestReceipt) -> str:
    return f"pishkhan:request:{r.tracking_code}"


def _kv_rows(c: Canvas, y: float, rows: list[Row], size: float) -> float:
    """Label on the right, value on the left of the same line (or under it if too long)."""
    h = c.line_height(size) * 0.85 + 0.5
    for label, value in rows:
        label_text = f"{label}:"
        label_w = c.text_width(label_text, size, True) + 2
        value_w = c.text_width(value, size)
        c.text(c.right - label_w, y, label_w, h, label_text, size, bold=True)
        if label_w + value_w + 2 > c.width:
            y += h
            c.text(c.left, y, c.width, h, value, size)
        else:
            c.text(c.left, y, c.width - label_w, h, value, size, align=Align.LEFT)
        y += h
    return y


class _ReceiptBase:
    page: PageSize

    @property
    def kind(self) -> DocKind:
        return DocKind.THERMAL if self.page is PageSize.THERMAL_80 else DocKind.PAGE

    def _sizes(self) -> tuple[float, float, float]:
        """(body, title, big) point sizes."""
        if self.page is PageSize.THERMAL_80:
            return 8.5, 10.5, 12.0
        return 10.0, 13.0, 15.0

    def _head(self, c: Canvas, company: str, branch: str, title: str) -> float:
        body, title_pt, _ = self._sizes()
        y = c.text_center(c.top, company, title_pt, bold=True)
        y = c.text_center(y, branch, body)
        y = c.text_center(y + 1, title, title_pt, bold=True)
        c.hline(y + 1, w=0.3)
        return y + 2.5

    def _tail(self, c: Canvas, y: float, qr_text: str, note: str) -> float:
        body, _, _ = self._sizes()
        c.hline(y + 1, w=0.3)
        y += 3
        # Whole dots per module on a thermal printer: 4 dots (0.5 mm) is easy to scan.
        modules = len(qr_matrix(qr_text))
        size = modules * (0.5 if self.page is PageSize.THERMAL_80 else 0.6)
        draw_qr(c, c.left + (c.width - size) / 2, y, size, qr_text)
        y += size + 2
        if note:
            h = c.line_height(body - 1) * 2
            c.text(c.left, y, c.width, h, note, body - 1, align=Align.CENTER, wrap=True)
            y += h
        return y


@dataclass(slots=True)
class PaymentReceiptLayout(_ReceiptBase):
    doc: PaymentReceipt
    page: PageSize = PageSize.A5

    @property
    def title(self) -> str:
        return "رسید پرداخت"

    def paint(self, pages: Pages) -> float:
        r = self.doc
        c = pages.canvas
        body, _, big = self._sizes()
        y = self._head(c, r.office.company_name, r.office.branch_name, "رسید پرداخت قبض")
        if r.voided:
            h = c.line_height(big, True) + 1
            c.frame(c.left, y, c.width, h, 0.6)
            c.text(
                c.left, y, c.width, h, "این پرداخت باطل شده است", big, bold=True, align=Align.CENTER
            )
            y += h + 1
        rows: list[Row] = [
            ("تاریخ و ساعت", fmt.datetime(r.paid_at)),
            ("پرداخت‌کننده", r.payer_name),
        ]
        if r.subscription_no:
            rows.append(("شماره اشتراک", fmt.digits(r.subscription_no)))
        rows += [
            ("شناسه قبض", fmt.digits(r.bill_id)),
            ("شناسه پرداخت", fmt.digits(r.payment_id)),
            ("روش پرداخت", r.method_title),
        ]
        if r.terminal_ref:
            rows.append(("شماره پیگیری", fmt.digits(r.terminal_ref)))
        rows.append(("متصدی", r.clerk_name))
        y = _kv_rows(c, y, rows, body)
        h = c.line_height(big, True) + 1
        c.text(
            c.left,
            y + 1,
            c.width,
            h,
            f"مبلغ: {fmt.rials(r.amount_rials)} {RIAL}",
            big,
            bold=True,
            align=Align.CENTER,
        )
        y += h + 1
        words = f"{amount_in_words(abs(r.amount_rials))} {RIAL}"
        wh = c.line_height(body - 1) * 2
        c.text(c.left, y, c.width, wh, words, body - 1, align=Align.CENTER, wrap=True)
        y += wh
        note = f"شماره رسید: {r.receipt_no[:8].upper()} — این رسید را نگه دارید."
        return self._tail(c, y, payment_qr_text(r), note)


@dataclass(slots=True)
class RequestReceiptLayout(_ReceiptBase):
    doc: RequestReceipt
    page: PageSize = PageSize.A5

    @property
    def title(self) -> str:
        return "رسید درخواست"

    def paint(self, pages: Pages) -> float:
        r = self.doc
        c = pages.canvas
        body, _, big = self._sizes()
        y = self._head(c, r.office.company_name, r.office.branch_name, "رسید ثبت درخواست")
        h = c.line_height(big, True) + 1
        c.text(
            c.left,
            y,
            c.width,
            h,
            f"کد رهگیری: {fmt.digits(r.tracking_code)}",
            big,
            bold=True,
            align=Align.CENTER,
        )
        y += h + 1
        rows: list[Row] = [
            ("نوع درخواست", r.request_title),
            ("تاریخ ثبت", fmt.datetime(r.registered_at)),
            ("متقاضی", r.applicant_name),
        ]
        if r.subscription_no:
            rows.append(("شماره اشتراک", fmt.digits(r.subscription_no)))
        rows += [
            ("هزینه خدمت", f"{fmt.rials(r.fee_rials)} {RIAL}"),
            ("کارمزد دفتر", f"{fmt.rials(r.counter_fee_rials)} {RIAL}"),
            ("جمع", f"{fmt.rials(r.fee_rials + r.counter_fee_rials)} {RIAL}"),
            ("متصدی", r.clerk_name),
        ]
        y = _kv_rows(c, y, rows, body)
        if r.documents:
            y = c.text_right(y + 1, "مدارک دریافت‌شده:", body, bold=True)
            for name in r.documents:
                y = c.text_right(y, f"• {name}", body)
        return self._tail(c, y, request_qr_text(r), r.follow_up)

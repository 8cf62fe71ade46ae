"""Layout of the bill duplicate (المثنی قبض) on A4 or A5."""

from __future__ import annotations

from dataclasses import dataclass

from pishkhan.domain.persian import amount_in_words
from pishkhan.printing import fmt
from pishkhan.printing.canvas import Align, Canvas, Column
from pishkhan.printing.codes import bill_barcode_digits, code128_width_mm, draw_code128
from pishkhan.printing.labels import RIAL, SMS_BILL, SMS_DEBT, SMS_READING, sms_command
from pishkhan.printing.model import BillDoc, DocKind, PageSize
from pishkhan.printing.render import Pages

_READING_COLUMNS = (
    Column("تاریخ قرائت پیشین", 1.2, Align.CENTER),
    Column("رقم پیشین", 1.0, Align.CENTER),
    Column("تاریخ قرائت کنونی", 1.2, Align.CENTER),
    Column("رقم کنونی", 1.0, Align.CENTER),
    Column("مدت (روز)", 0.8, Align.CENTER),
    Column("مصرف (مترمکعب)", 1.0, Align.CENTER),
)
_LINE_COLUMNS = (
    Column("ردیف", 0.4, Align.CENTER),
    Column("شرح", 3.0),
    Column("مبلغ (ریال)", 1.4, Align.LEFT),
)


def _row(c: Canvas, size_pt: float, bold: bool = False, pad: float = 0.6) -> float:
    """A compact row: the font's line box is tall (Arabic-script ascenders and descenders)."""
    return c.line_height(size_pt, bold) * 0.8 + pad


def _kv(canvas: Canvas, x: float, y: float, w: float, h: float, label: str, value: str) -> None:
    canvas.text(x, y, w, h, f"{label}: {value}", 9)


@dataclass(slots=True)
class BillLayout:
    doc: BillDoc
    page: PageSize = PageSize.A4
    kind: DocKind = DocKind.PAGE

    @property
    def title(self) -> str:
        return f"قبض آب‌بها {self.doc.subscription_no}"

    def paint(self, pages: Pages) -> float:
        c = pages.canvas
        d = self.doc
        y = self._header(c, c.top)
        y = self._subscriber(c, y + 2)
        y = self._readings(c, y + 3)
        y = self._lines(c, y + 3)
        y = self._payable(c, y + 3)
        y = self._codes(c, y + 3)
        y = self._sms(c, y + 3)
        note = "این برگه المثنی قبض است و از دفتر پیشخوان چاپ شده است."
        if d.printed_on is not None:
            note += f" تاریخ چاپ: {fmt.date(d.printed_on)}"
        return c.text_right(y + 2, note, 7.5)

    def _header(self, c: Canvas, y: float) -> float:
        d = self.doc
        y = c.text_center(y, d.office.company_name, 14, bold=True, h=_row(c, 14, True))
        y = c.text_center(y, "صورتحساب آب‌بها — نسخه المثنی", 11, bold=True, h=_row(c, 11, True))
        period = (
            f"دوره {fmt.digits(d.period_no)} سال {fmt.digits(d.period_year)}"
            f" — صادر شده در {fmt.date(d.issued_on)}"
        )
        if d.is_estimate:
            period += " (علی‌الحساب)"
        y = c.text_center(y, period, 9, h=_row(c, 9))
        office = f"{d.office.branch_name} (کد {fmt.digits(d.office.branch_code)})"
        y = c.text_center(y, office, 8.5, h=_row(c, 8.5))
        c.hline(y + 1, w=0.4)
        return y + 1

    def _subscriber(self, c: Canvas, y: float) -> float:
        d = self.doc
        h = _row(c, 9)
        third = c.width / 3
        rows = [
            [
                ("نام مشترک", d.subscriber_name),
                ("شماره اشتراک", fmt.digits(d.subscription_no)),
                ("رمز رایانه", fmt.digits(d.computer_code)),
            ],
            [
                ("کاربری", d.use_title),
                ("تعداد واحد", fmt.digits(d.units)),
                ("قطر انشعاب", f"{fmt.digits(d.diameter)} اینچ"),
            ],
            [
                ("کد پستی", fmt.digits(d.postal_code) if d.postal_code else "—"),
                ("شماره کنتور", d.meter_serial or "—"),
                ("", ""),
            ],
        ]
        top = y
        y += 1
        for row in rows:
            for i, (label, value) in enumerate(row):
                if label:
                    _kv(c, c.right - (i + 1) * third + 2, y, third - 4, h, label, value)
            y += h
        lines_h = _row(c, 9) * 2
        c.text(c.left + 2, y, c.width - 4, lines_h, f"نشانی: {d.address}", 9, wrap=True)
        y += lines_h + 1
        c.frame(c.left, top, c.width, y - top)
        return y

    def _readings(self, c: Canvas, y: float) -> float:
        d = self.doc
        h = _row(c, 8.5, pad=1.0)
        edges = c.column_edges(_READING_COLUMNS)
        y = c.table_row(
            y,
            _READING_COLUMNS,
            [col.title for col in _READING_COLUMNS],
            h,
            8.5,
            bold=True,
            shade=True,
            edges=edges,
        )
        cells = [
            fmt.date(d.prev_read_on),
            fmt.digits(d.prev_reading),
            fmt.date(d.curr_read_on),
            fmt.digits(d.curr_reading),
            fmt.digits(d.days),
            fmt.number(d.consumption_m3),
        ]
        return c.table_row(y, _READING_COLUMNS, cells, h, 9, edges=edges)

    def _lines(self, c: Canvas, y: float) -> float:
        d = self.doc
        h = _row(c, 9)
        edges = c.column_edges(_LINE_COLUMNS)
        header = [col.title for col in _LINE_COLUMNS]
        y = c.table_row(y, _LINE_COLUMNS, header, h, 8.5, bold=True, shade=True, edges=edges)
        n = 0
        for n, line in enumerate(d.lines, start=1):
            cells = [fmt.digits(n), line.title, fmt.rials(line.amount_rials)]
            y = c.table_row(y, _LINE_COLUMNS, cells, h, 9, edges=edges)
        vat = [fmt.digits(n + 1), "مالیات بر ارزش افزوده", fmt.rials(d.vat_rials)]
        y = c.table_row(y, _LINE_COLUMNS, vat, h, 9, edges=edges)
        total = ["", "جمع مبلغ این دوره", fmt.rials(d.amount_rials)]
        y = c.table_row(y, _LINE_COLUMNS, total, h, 9, bold=True, edges=edges)
        debt = ["", "بدهی (بستانکاری) از دوره‌های پیش", fmt.rials(d.debt_carried_rials)]
        y = c.table_row(y, _LINE_COLUMNS, debt, h, 9, edges=edges)
        rounding = d.payable_rials - d.amount_rials - d.debt_carried_rials
        if rounding:
            row = ["", "کسر هزار ریال (گرد کردن)", fmt.rials(rounding)]
            y = c.table_row(y, _LINE_COLUMNS, row, h, 9, edges=edges)
        return y

    def _payable(self, c: Canvas, y: float) -> float:
        d = self.doc
        top = y
        h = _row(c, 13, True, 1.5)
        c.text(
            c.left + 3,
            y,
            c.width - 6,
            h,
            f"مبلغ قابل پرداخت: {fmt.rials(d.payable_rials)} {RIAL}",
            13,
            bold=True,
        )
        y += h
        words = f"به حروف: {amount_in_words(d.payable_rials)} {RIAL}"
        wh = _row(c, 9) * (2 if len(words) > 90 else 1)
        c.text(c.left + 3, y, c.width - 6, wh, words, 9, wrap=True)
        y += wh
        due = f"مهلت پرداخت: {fmt.date(d.due_on)}"
        dh = _row(c, 10, True, 1.2)
        c.text(c.left + 3, y, c.width - 6, dh, due, 10, bold=True)
        y += dh
        c.frame(c.left, top, c.width, y - top, 0.5)
        if d.paid:
            sh = _row(c, 12, True, 2)
            sx, sy = c.left + 4, top + (y - top - sh) / 2
            c.frame(sx, sy, 34, sh, 0.5)
            c.text(sx, sy, 34, sh, "پرداخت شده", 12, bold=True, align=Align.CENTER)
        return y

    def _codes(self, c: Canvas, y: float) -> float:
        d = self.doc
        h = _row(c, 11, True, 1.0)
        half = c.width / 2
        c.text(c.left + half, y, half - 2, h, f"شناسه قبض: {fmt.digits(d.bill_id)}", 11, bold=True)
        c.text(
            c.left + 2, y, half - 2, h, f"شناسه پرداخت: {fmt.digits(d.payment_id)}", 11, bold=True
        )
        y += h + 1.5
        digits = bill_barcode_digits(d.bill_id, d.payment_id)
        width = code128_width_mm(digits)
        x = c.left + (c.width - width) / 2
        draw_code128(c, x, y, 12.0, digits)
        y += 12.0
        th = c.line_height(8) + 0.5
        c.text(x, y, width, th, digits, 8, align=Align.CENTER, ltr=True)
        return y + th

    def _sms(self, c: Canvas, y: float) -> float:
        d = self.doc
        codes = [
            ("استعلام بدهی", sms_command(d.subscription_no, d.computer_code, SMS_DEBT)),
            (
                "اعلام رقم کنتور",
                sms_command(d.subscription_no, d.computer_code, SMS_READING) + "*رقم کنتور",
            ),
            ("دریافت قبض", sms_command(d.subscription_no, d.computer_code, SMS_BILL)),
        ]
        y = c.text_right(y, "کدهای دستوری پیامک:", 9, bold=True, h=_row(c, 9, True))
        h = _row(c, 9)
        per_row = 1  # one command a line: a code is copied from left to right
        slot = c.width / per_row
        for i, (label, code) in enumerate(codes):
            right = c.right - (i % per_row) * slot
            label_w = c.text_width(f"{label}:", 9, True) + 1.5
            c.text(right - label_w, y, label_w, h, f"{label}:", 9, bold=True)
            # The code goes left to right: it is typed in this order on a phone.
            c.text(right - slot + 2, y, slot - label_w - 2, h, fmt.digits(code), 9, ltr=True)
            if i % per_row == per_row - 1 and i < len(codes) - 1:
                y += h
        return y + h


@dataclass(slots=True)
class BillsLayout:
    """Several bill duplicates in one document, one per page (e.g. every unit of a building)."""

    docs: tuple[BillDoc, ...]
    page: PageSize = PageSize.A4
    kind: DocKind = DocKind.PAGE

    @property
    def title(self) -> str:
        return f"قبض‌های آب‌بها ({fmt.digits(len(self.docs))} قبض)"

    def paint(self, pages: Pages) -> float:
        pages.expected = len(self.docs)
        y = pages.canvas.top
        for i, doc in enumerate(self.docs):
            if i:
                pages.new_page()
            y = BillLayout(doc, self.page).paint(pages)
        return y

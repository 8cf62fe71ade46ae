"""Consumption and payment histories of a subscriber for a range of periods, with a chart.

API for the desk's history page (plain data in, a layout out)::

    from pishkhan.printing.histories import consumption_history_layout, payment_history_layout
    layout = consumption_history_layout(history)  # history: model.ConsumptionHistory
    render_pdf(layout, "file.pdf")  # or paint_on_printer / the print preview
"""

from __future__ import annotations

from pishkhan.printing import fmt
from pishkhan.printing.canvas import Align, Canvas, Column
from pishkhan.printing.chart import column_chart
from pishkhan.printing.flow import Chart, FlowDocument, Heading, Paragraph, Table
from pishkhan.printing.labels import RIAL
from pishkhan.printing.model import ConsumptionHistory, PageSize, PaymentHistory

CONSUMPTION = (
    Column("دوره", 1.0, Align.CENTER),
    Column("تاریخ قرائت", 1.2, Align.CENTER),
    Column("مدت (روز)", 0.8, Align.CENTER),
    Column("مصرف (مترمکعب)", 1.1, Align.CENTER),
    Column("میانگین ماهانه", 1.1, Align.CENTER),
    Column("مبلغ دوره (ریال)", 1.5, Align.LEFT),
    Column("توضیح", 1.0),
)
PAYMENTS = (
    Column("ردیف", 0.5, Align.CENTER),
    Column("تاریخ", 1.1, Align.CENTER),
    Column("شناسه قبض", 1.5, Align.CENTER),
    Column("شناسه پرداخت", 1.4, Align.CENTER),
    Column("روش", 1.1),
    Column("مبلغ (ریال)", 1.4, Align.LEFT),
    Column("توضیح", 0.8),
)
_MAX_BARS = 24


def _period(year: int, number: int) -> str:
    return f"{fmt.digits(number)}/{fmt.digits(year % 100)}"


def _header(
    kind: str, name: str, number: str, company: str, start: str, end: str
) -> tuple[str, ...]:
    return (
        company,
        f"{kind} — {name} (اشتراک {fmt.digits(number)})",
        f"از {start} تا {end}",
    )


def consumption_history_layout(h: ConsumptionHistory, page: PageSize = PageSize.A4) -> FlowDocument:
    doc = FlowDocument(
        title=f"سابقه مصرف {h.subscription_no}",
        header_lines=_header(
            "سابقه مصرف",
            h.subscriber_name,
            h.subscription_no,
            h.office.company_name,
            fmt.date(h.start),
            fmt.date(h.end),
        ),
        page=page,
    )
    # Oldest period on the right: time runs right to left like the text.
    items = [(_period(r.period_year, r.period_no), r.consumption_m3) for r in h.rows]
    items = items[-_MAX_BARS:]
    estimates = [r.is_estimate for r in h.rows][-_MAX_BARS:]
    if items:
        doc.blocks.append(Heading("مصرف هر دوره (مترمکعب)"))

        def draw(c: Canvas, x: float, y: float, w: float, height: float) -> None:
            column_chart(c, x, y, w, height, items, fmt.number, marked=estimates)

        doc.blocks.append(Chart(55.0, draw))
    rows = [
        [
            _period(r.period_year, r.period_no),
            fmt.date(r.read_on),
            fmt.digits(r.days),
            fmt.number(r.consumption_m3),
            fmt.number(round(r.consumption_m3 * 30 / r.days)) if r.days else "—",
            fmt.rials(r.amount_rials),
            "علی‌الحساب" if r.is_estimate else "",
        ]
        for r in h.rows
    ]
    total_m3 = sum(r.consumption_m3 for r in h.rows)
    total = [
        "جمع",
        "",
        fmt.number(sum(r.days for r in h.rows)),
        fmt.number(total_m3),
        "",
        fmt.rials(sum(r.amount_rials for r in h.rows)),
        "",
    ]
    doc.blocks.append(Heading("دوره‌ها"))
    doc.blocks.append(
        Table(
            CONSUMPTION, rows, total if rows else None, empty_text="در این بازه قبضی صادر نشده است."
        )
    )
    return doc


def payment_history_layout(h: PaymentHistory, page: PageSize = PageSize.A4) -> FlowDocument:
    doc = FlowDocument(
        title=f"سابقه پرداخت {h.subscription_no}",
        header_lines=_header(
            "سابقه پرداخت",
            h.subscriber_name,
            h.subscription_no,
            h.office.company_name,
            fmt.date(h.start),
            fmt.date(h.end),
        ),
        page=page,
    )
    by_month: dict[str, int] = {}
    for r in h.rows:
        month = fmt.date(r.paid_on)[:7]  # «۱۴۰۵/۰۹»
        by_month[month] = by_month.get(month, 0) + r.amount_rials
    items = list(by_month.items())[-_MAX_BARS:]
    if items:
        doc.blocks.append(Heading(f"پرداخت هر ماه ({RIAL})"))

        def draw(c: Canvas, x: float, y: float, w: float, height: float) -> None:
            column_chart(c, x, y, w, height, items, fmt.rials)

        doc.blocks.append(Chart(55.0, draw))
    rows = [
        [
            fmt.digits(i),
            fmt.date(r.paid_on),
            fmt.digits(r.bill_id),
            fmt.digits(r.payment_id),
            r.method_title,
            fmt.rials(r.amount_rials),
            r.note,
        ]
        for i, r in enumerate(h.rows, start=1)
    ]
    total = ["", "جمع", "", "", "", fmt.rials(sum(r.amount_rials for r in h.rows)), ""]
    doc.blocks.append(Heading("پرداخت‌ها"))
    doc.blocks.append(
        Table(
            PAYMENTS, rows, total if rows else None, empty_text="در این بازه پرداختی ثبت نشده است."
        )
    )
    doc.blocks.append(Paragraph("ردیف‌های «ابطال» پرداخت‌هایی را که باطل شده‌اند برمی‌گردانند.", 8))
    return doc

"""The branch manager's daily report (A4, paginated)."""

from __future__ import annotations

from pishkhan.domain.jalali import format_jalali_long
from pishkhan.printing import fmt
from pishkhan.printing.canvas import Align, Canvas, Column
from pishkhan.printing.chart import bar_chart
from pishkhan.printing.flow import Chart, FlowDocument, Heading, Table
from pishkhan.printing.model import DailyReport, PageSize, Total

_NUM = Align.LEFT
TOTALS = (
    Column("ردیف", 0.5, Align.CENTER),
    Column("عنوان", 3.0, elide=True),
    Column("تعداد", 1.0, Align.CENTER),
    Column("مبلغ (ریال)", 1.8, _NUM),
)
SESSIONS = (
    Column("متصدی", 2.0, elide=True),
    Column("گشایش", 1.6, Align.CENTER),
    Column("بستن", 1.6, Align.CENTER),
    Column("موجودی مورد انتظار", 1.6, _NUM),
    Column("شمارش‌شده", 1.6, _NUM),
    Column("مغایرت", 1.4, _NUM),
)
VOIDS = (
    Column("زمان", 0.8, Align.CENTER),
    Column("متصدی", 1.5, elide=True),
    Column("شناسه قبض", 1.5, Align.CENTER),
    Column("شناسه پرداخت", 1.4, Align.CENTER),
    Column("مبلغ (ریال)", 1.4, _NUM),
    Column("دلیل ابطال", 2.4, elide=True),
)
TRANSACTIONS = (
    Column("ردیف", 0.7, Align.CENTER),
    Column("زمان", 0.7, Align.CENTER),
    Column("متصدی", 1.6, elide=True),
    Column("شناسه قبض", 1.5, Align.CENTER),
    Column("شناسه پرداخت", 1.4, Align.CENTER),
    Column("روش", 1.1),
    Column("مبلغ (ریال)", 1.4, _NUM),
)
UNSENT = (
    Column("ردیف", 0.5, Align.CENTER),
    Column("نوع رکورد", 3.0),
    Column("تعداد", 2.8, Align.CENTER),
)


def _totals_table(rows: tuple[Total, ...], total_title: str = "جمع") -> Table:
    cells = [
        [fmt.digits(i), t.title, fmt.number(t.count), fmt.rials(t.amount_rials)]
        for i, t in enumerate(rows, start=1)
    ]
    total = [
        "",
        total_title,
        fmt.number(sum(t.count for t in rows)),
        fmt.rials(sum(t.amount_rials for t in rows)),
    ]
    return Table(TOTALS, cells, total if rows else None)


def _money_or_dash(value: int | None) -> str:
    return "—" if value is None else fmt.rials(value)


def _method_chart(rows: tuple[Total, ...]) -> Chart:
    items = [(t.title, t.amount_rials) for t in rows]

    def draw(c: Canvas, x: float, y: float, w: float, h: float) -> None:
        bar_chart(c, x + w * 0.15, y, w * 0.7, h, items, fmt.rials)

    return Chart(max(20.0, 7.0 * len(items) + 4), draw)


def daily_report_layout(report: DailyReport, page: PageSize = PageSize.A4) -> FlowDocument:
    header = (
        report.office.company_name,
        f"گزارش روزانه دفتر پیشخوان — {format_jalali_long(report.day)}",
        f"{report.office.branch_name} (کد {fmt.digits(report.office.branch_code)})",
    )
    doc = FlowDocument(
        title=f"گزارش روزانه {fmt.date(report.day)}",
        header_lines=header,
        page=page,
        footer_note=f"زمان تهیه: {fmt.datetime(report.printed_at)}" if report.printed_at else "",
    )
    blocks = doc.blocks
    blocks.append(Heading("دریافت‌ها به تفکیک متصدی"))
    blocks.append(_totals_table(report.by_clerk))
    blocks.append(Heading("دریافت‌ها به تفکیک روش پرداخت"))
    blocks.append(_totals_table(report.by_method))
    if report.by_method:
        blocks.append(_method_chart(report.by_method))
    blocks.append(Heading("درخواست‌های ثبت‌شده به تفکیک نوع (مبلغ: هزینه و کارمزد)"))
    blocks.append(_totals_table(report.requests_by_type))
    blocks.append(Heading("صندوق‌ها و مغایرت"))
    sessions = [
        [
            s.clerk_name,
            fmt.time(s.opened_at),
            fmt.time(s.closed_at) if s.closed_at else "باز",
            _money_or_dash(s.expected_rials),
            _money_or_dash(s.counted_rials),
            _money_or_dash(s.difference_rials),
        ]
        for s in report.cash_sessions
    ]
    blocks.append(Table(SESSIONS, sessions))
    blocks.append(Heading("ابطال‌ها"))
    voids = [
        [
            fmt.time(v.at),
            v.clerk_name,
            fmt.digits(v.bill_id),
            fmt.digits(v.payment_id),
            fmt.rials(v.amount_rials),
            v.reason,
        ]
        for v in report.voids
    ]
    blocks.append(Table(VOIDS, voids))
    blocks.append(Heading("رکوردهای ارسال‌نشده به سامانه مرکزی"))
    unsent = [
        [fmt.digits(i), t.title, fmt.number(t.count)] for i, t in enumerate(report.unsent, start=1)
    ]
    total = ["", "جمع", fmt.number(sum(t.count for t in report.unsent))]
    blocks.append(
        Table(UNSENT, unsent, total if unsent else None, empty_text="همه رکوردها ارسال شده‌اند.")
    )
    if report.transactions:
        blocks.append(Heading("ریز تراکنش‌های روز"))
        digits = fmt.digits
        rials = fmt.rials
        time = fmt.time
        rows = [
            [
                digits(i),
                time(t.at),
                t.clerk_name,
                digits(t.bill_id),
                digits(t.payment_id),
                t.method_title,
                rials(t.amount_rials),
            ]
            for i, t in enumerate(report.transactions, start=1)
        ]
        blocks.append(Table(TRANSACTIONS, rows))
    return doc

"""Printing benchmarks: one bill duplicate as PDF, and the daily report of a 10,000-payment day.

Figures (each next to a baseline measured in the same run):

- ``print_bill_ms``: median time to paint one bill into a PDF (bytes in memory) with the
  layout's cached fonts and text options; goal <= 15 ms. Baseline
  ``print_bill_naive_font_ms``: the same bill when every document registers the font again
  and every text call builds its own ``QFont``/``QTextOption`` (a naive per-call font load).
  ``print_bill_in_batch_ms``: per bill when many bills go into one PDF.
- ``print_report_10k_seconds``: query, layout and PDF of a day with 10,000 payments; goal <= 2 s.
  Baseline ``print_report_10k_per_cell_seconds``: the same report painted cell by cell instead
  of one multi-line ``drawText`` per column and page.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

GOAL_BILL_MS = 15.0
GOAL_REPORT_S = 2.0
REPORT_DAY = dt.date(2026, 11, 25)


def _store(workdir: Path, subscribers: int) -> Any:
    from pishkhan.config import Config
    from pishkhan.demo.loader import load_demo_data
    from pishkhan.paths import data_paths
    from pishkhan.services.context import open_context

    ctx = open_context(data_paths(workdir / "home"))
    load_demo_data(
        ctx.engine,
        subscribers=subscribers,
        seed=6,
        config=Config(),
        today=REPORT_DAY,
        replace=True,
        workers=0,
    )
    return ctx


def _bills(ctx: Any, count: int) -> list[Any]:
    from pishkhan.services.reports import bill_document
    from pishkhan.store.models import Bill, Subscriber

    with ctx.sessions() as session:
        numbers = session.scalars(
            select(Subscriber.subscription_no)
            .where(Subscriber.id.in_(select(Bill.subscriber_id)))
            .limit(count)
        ).all()
        return [bill_document(session, ctx.config, n, today=REPORT_DAY) for n in numbers]


def _naive_bill_ms(docs: list[Any]) -> list[float]:
    """Baseline: register the font per document and build fonts/options per text call."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QTextOption

    from pishkhan.app import persian_font_file
    from pishkhan.printing import canvas as canvas_module
    from pishkhan.printing.bill import BillLayout
    from pishkhan.printing.render import render_pdf_bytes

    original = canvas_module.Canvas

    class NaiveCanvas(original):  # type: ignore[misc, valid-type]
        def font(self, size_pt: float, bold: bool = False) -> tuple[QFont, QFontMetricsF]:
            font = QFont(self._family)
            font.setPointSizeF(size_pt * self.font_scale)
            font.setBold(bold)
            return font, QFontMetricsF(font, self.painter.device())

        def _option(self, align: Any, ltr: bool, wrap: bool) -> QTextOption:
            self._options.clear()
            option: QTextOption = original._option(self, align, ltr, wrap)
            return option

    path = persian_font_file()
    times: list[float] = []
    import pishkhan.printing.render as render_module

    setattr(render_module, "Canvas", NaiveCanvas)  # noqa: B010 - the baseline's canvas
    try:
        for doc in docs:
            start = time.perf_counter()
            font_id = QFontDatabase.addApplicationFont(str(path)) if path else -1
            render_pdf_bytes(BillLayout(doc))
            if font_id >= 0:
                QFontDatabase.removeApplicationFont(font_id)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        setattr(render_module, "Canvas", original)  # noqa: B010
    return times


def _add_payments(ctx: Any, count: int) -> None:
    from pishkhan.store.models import Payment, User

    with ctx.sessions() as session:
        users = list(session.scalars(select(User.id)))
        start = dt.datetime.combine(REPORT_DAY, dt.time(4, 30))
        methods = ("cash", "card", "pos", "bank", "portal")
        rows = [
            {
                "uuid": str(uuid.uuid4()),
                "kind": "bill",
                "bill_id": f"{10**12 + i}",
                "payment_id": f"{5_000_000 + i}",
                "amount_rials": 50_000 + 1_000 * (i % 900),
                "method": methods[i % 5],
                "channel": "counter",
                "paid_at": start + dt.timedelta(seconds=3 * i),
                "business_day": REPORT_DAY,
                "user_id": users[i % len(users)],
                "attempt": 0,
            }
            for i in range(count)
        ]
        session.execute(insert(Payment), rows)
        session.commit()


def _report_seconds(ctx: Any, out: Path, *, block_rows: bool) -> tuple[float, int]:
    from pishkhan.printing.daily import daily_report_layout
    from pishkhan.printing.render import render_pdf
    from pishkhan.services.reports import daily_report

    start = time.perf_counter()
    with ctx.sessions() as session:
        report = daily_report(session, ctx.config, REPORT_DAY)
    layout = daily_report_layout(report)
    layout.block_rows = block_rows
    pages = render_pdf(layout, out)
    return time.perf_counter() - start, pages


def run(workdir: Path, *, subscribers: int, quick: bool) -> dict[str, Any]:
    from pishkhan.printing.bill import BillLayout, BillsLayout
    from pishkhan.printing.render import prepare, render_pdf_bytes

    prepare()
    ctx = _store(workdir, min(subscribers, 500 if quick else 2_000))
    try:
        docs = _bills(ctx, 30 if quick else 200)
        render_pdf_bytes(BillLayout(docs[0]))  # warm-up: fonts, shaping caches
        fast: list[float] = []
        for doc in docs:
            start = time.perf_counter()
            render_pdf_bytes(BillLayout(doc))
            fast.append((time.perf_counter() - start) * 1000)
        naive = _naive_bill_ms(docs)
        start = time.perf_counter()
        render_pdf_bytes(BillsLayout(tuple(docs)))
        batch_ms = (time.perf_counter() - start) * 1000 / len(docs)
        day_payments = 10_000
        _add_payments(ctx, day_payments)
        report_s, pages = _report_seconds(ctx, workdir / "daily.pdf", block_rows=True)
        per_cell_s, _ = _report_seconds(ctx, workdir / "daily-cells.pdf", block_rows=False)
    finally:
        ctx.close()
    bill_ms = statistics.median(fast)
    return {
        "print_bill_ms": round(bill_ms, 2),
        "print_bill_p90_ms": round(statistics.quantiles(fast, n=10)[-1], 2),
        "print_bill_naive_font_ms": round(statistics.median(naive), 2),
        "print_bill_in_batch_ms": round(batch_ms, 2),
        "print_bill_goal_ms": GOAL_BILL_MS,
        "print_bill_count": len(docs),
        "print_report_10k_seconds": round(report_s, 3),
        "print_report_10k_per_cell_seconds": round(per_cell_s, 3),
        "print_report_10k_pages": pages,
        "print_report_goal_seconds": GOAL_REPORT_S,
    }

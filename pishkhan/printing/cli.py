"""Headless printing commands: ``pishkhan print bill`` and ``pishkhan report daily``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any


def parse_date_argument(text: str) -> dt.date:
    """``--date`` value: a Jalali date «1405/09/04» (Persian digits too) or «today»."""
    if text.strip().lower() in {"today", "امروز"}:
        return dt.date.today()
    from pishkhan.domain.jalali import parse_jalali

    try:
        return parse_jalali(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: Any) -> None:
    """Add ``print`` and ``report`` to the ``pishkhan`` command."""
    printing = sub.add_parser("print", help="print documents to PDF without the window")
    what = printing.add_subparsers(dest="print_command", metavar="DOCUMENT", required=True)
    bill = what.add_parser("bill", help="the latest bill of a subscriber (its duplicate)")
    bill.add_argument("subscription_no", metavar="SUBSCRIPTION_NUMBER")
    bill.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    bill.add_argument("--page", choices=["A4", "A5"], help="page size (default: config)")
    bill.set_defaults(func=_cmd_print_bill)

    report = sub.add_parser("report", help="reports to PDF without the window")
    kinds = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    daily = kinds.add_parser("daily", help="the branch manager's report of one business day")
    daily.add_argument(
        "--date",
        required=True,
        type=parse_date_argument,
        metavar="YYYY/MM/DD",
        help="Jalali date, e.g. 1405/09/04",
    )
    daily.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    daily.add_argument(
        "--summary-only", action="store_true", help="leave out the list of every transaction"
    )
    daily.set_defaults(func=_cmd_report_daily)


def _cmd_print_bill(args: argparse.Namespace) -> int:
    from pishkhan.printing.bill import BillLayout
    from pishkhan.printing.model import PageSize
    from pishkhan.printing.render import PageSetup, page_size_from_config, prepare, render_pdf
    from pishkhan.services.context import open_context
    from pishkhan.services.reports import ReportError, bill_document

    ctx = open_context()
    try:
        with ctx.sessions() as session:
            try:
                doc = bill_document(session, ctx.config, args.subscription_no)
            except ReportError as exc:
                print(str(exc), file=sys.stderr)
                return 1
        page = PageSize(args.page) if args.page else page_size_from_config(ctx.config.raw)
        prepare()
        render_pdf(BillLayout(doc, page), args.out, PageSetup.from_config(ctx.config.raw))
    finally:
        ctx.close()
    print(f"bill of {doc.subscription_no} written to {args.out}")
    return 0


def _cmd_report_daily(args: argparse.Namespace) -> int:
    from pishkhan.printing.daily import daily_report_layout
    from pishkhan.printing.render import PageSetup, prepare, render_pdf
    from pishkhan.services.context import open_context
    from pishkhan.services.reports import daily_report

    ctx = open_context()
    try:
        with ctx.sessions() as session:
            report = daily_report(
                session, ctx.config, args.date, with_transactions=not args.summary_only
            )
        prepare()
        pages = render_pdf(
            daily_report_layout(report), args.out, PageSetup.from_config(ctx.config.raw)
        )
    finally:
        ctx.close()
    print(f"daily report written to {args.out} ({pages} pages)")
    return 0

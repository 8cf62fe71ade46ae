"""The branch manager's daily report: content, pagination, the command line, --date parsing."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pishkhan.domain.jalali import from_jalali, to_jalali
from pishkhan.domain.persian import to_persian_digits
from pishkhan.printing.cli import parse_date_argument
from pishkhan.printing.daily import daily_report_layout
from pishkhan.printing.render import render_pdf
from pishkhan.services.reports import daily_report
from tests.printing.conftest import (
    EXTRA_PAYMENTS,
    REPORT_DAY,
    Store,
    ascii_text,
    normalise,
    ocr_fas,
    pdf_pages,
    pdf_text,
    run_cli,
)


def test_daily_report_figures(store: Store) -> None:
    with store.ctx.sessions() as session:
        report = daily_report(session, store.ctx.config, REPORT_DAY)
    clerks = {t.title: t for t in report.by_clerk}
    assert {"متصدی باجه", "مدیر دفتر"} <= set(clerks)
    assert sum(t.amount_rials for t in report.by_clerk) == sum(
        t.amount_rials for t in report.by_method
    )
    assert len(report.transactions) >= EXTRA_PAYMENTS + 2
    assert {"مبلغ اشتباه وارد شد", "پرداخت تکراری مشترک"} <= {v.reason for v in report.voids}
    assert all(v.amount_rials < 0 for v in report.voids)
    assert -20_000 in [s.difference_rials for s in report.cash_sessions]
    assert any(s.closed_at is None for s in report.cash_sessions)  # still open: «باز»
    unsent = {t.title: t.count for t in report.unsent}
    assert unsent.get("پرداخت", 0) >= 2 and unsent.get("درخواست", 0) >= 1
    assert any(t.title == "آزمایش کنتور" and t.count >= 1 for t in report.requests_by_type)


def test_report_command_paginates_with_repeated_header(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "daily.pdf"
    result = run_cli(store.home, "report", "daily", "--date", "1405/09/04", "--out", str(out))
    assert result.returncode == 0, result.stderr
    pages = pdf_pages(out)
    assert pages >= 4  # 150+ transactions at about 50 rows a page, after the summaries
    for page in range(1, pages + 1):
        text = ascii_text(pdf_text(out, first=page, last=page))
        # Footer «صفحه n از N» in Persian digits (pdftotext gives Arabic-Indic ones).
        assert re.search(rf"\b{page}\b.*\b{pages}\b", text.splitlines()[-2] + text[-200:])
    # The table header is repeated at the top of the continuation pages: OCR the top strip.
    for page in (pages - 1, pages):  # the list of transactions continues on both
        png = tmp_path / f"top-{page}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "300",
                "-f",
                str(page),
                "-l",
                str(page),
                "-y",
                "0",
                "-H",
                "900",
                "-png",
                "-singlefile",
                str(out),
                str(png),
            ],
            check=True,
        )
        seen = normalise(ocr_fas(png.with_suffix(".png")))
        # OCR of one word can slip (the header row is on a tinted band): most of the header's
        # column titles must be read back, which a page without the header cannot give.
        titles = ("ردیف", "زمان", "متصدی", "شناسهقبض", "شناسهپرداخت", "روش", "مبلغ")
        assert sum(title in seen for title in titles) >= 5, seen
        assert "گزارشروزانه" in seen


def test_daily_report_text_is_persian_and_right_to_left(store: Store, tmp_path: Path) -> None:
    with store.ctx.sessions() as session:
        report = daily_report(session, store.ctx.config, REPORT_DAY)
    out = tmp_path / "summary.pdf"
    render_pdf(daily_report_layout(report), out)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "300",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            str(out),
            str(tmp_path / "p1"),
        ],
        check=True,
    )
    seen = normalise(ocr_fas(tmp_path / "p1.png"))
    for words in ("دریافت‌ها به تفکیک متصدی", "مبلغ اشتباه وارد شد", "زمان تهیه"):
        assert normalise(words) in seen
    text = pdf_text(out, first=1, last=1)
    assert to_persian_digits("1405")[:1] in text or "١" in text  # Persian digits, not ASCII
    assert "1405" not in text


def test_bad_date_is_refused_in_persian(store: Store, tmp_path: Path) -> None:
    result = run_cli(
        store.home, "report", "daily", "--date", "1404/12/30", "--out", str(tmp_path / "x.pdf")
    )
    assert result.returncode == 2
    assert "کبیسه نیست" in result.stderr


@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.booleans(),
    st.sampled_from(["/", "-", "."]),
)
def test_date_argument_round_trips(day: dt.date, persian: bool, sep: str) -> None:
    j = to_jalali(day)
    text = f"{j.year}{sep}{j.month}{sep}{j.day:02d}"
    if persian:
        text = to_persian_digits(text)
    assert parse_date_argument(text) == day == from_jalali(*j)


@given(st.text(max_size=12))
def test_date_argument_never_crashes(text: str) -> None:
    try:
        parse_date_argument(text)
    except argparse.ArgumentTypeError as exc:
        assert re.search("[\u0600-\u06ff]", str(exc))  # a Persian message


def test_today_is_accepted() -> None:
    assert parse_date_argument("today") == dt.date.today()


@pytest.mark.parametrize("bad", ["1405/9", "05/09/04", "1405/00/04"])
def test_partial_dates_are_refused(bad: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        parse_date_argument(bad)

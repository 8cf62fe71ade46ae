"""Fixtures of the printing tests: a real data folder with demo data and one busy day.

Runs headless (``QT_QPA_PLATFORM=offscreen``); a ``QApplication`` exists for the whole session
(pytest-qt's ``qapp``) so widgets and headless rendering share one application object.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from pishkhan.config import Config
from pishkhan.demo.loader import load_demo_data
from pishkhan.domain.persian import to_ascii_digits
from pishkhan.paths import data_paths
from pishkhan.services.context import AppContext, open_context
from pishkhan.store.models import CashSession, OutboxEntry, Payment, Request, User

#: 1405/09/04 (Wednesday 4 Azar 1405).
REPORT_DAY = dt.date(2026, 11, 25)
EXTRA_PAYMENTS = 150
VOID_REASONS = ("مبلغ اشتباه وارد شد", "پرداخت تکراری مشترک")


@dataclass(frozen=True, slots=True)
class Store:
    home: Path
    ctx: AppContext


@pytest.fixture(scope="session", autouse=True)
def _application(qapp: QApplication) -> QApplication:
    from pishkhan.printing.render import prepare

    prepare()
    return qapp


def _busy_day(ctx: AppContext) -> None:
    """Payments by two clerks, voids, cash sessions, requests and unsent records on REPORT_DAY."""
    with ctx.sessions() as session:
        clerk = session.query(User).filter_by(username="clerk").one()
        manager = session.query(User).filter_by(username="manager").one()
        at = dt.datetime.combine(REPORT_DAY, dt.time(5, 0))  # 08:30 in Iran
        methods = ("cash", "card", "pos", "bank", "cash")
        rows: list[Payment] = []
        for i in range(EXTRA_PAYMENTS):
            rows.append(
                Payment(
                    uuid=str(uuid.uuid4()),
                    kind="bill",
                    bill_id=f"{9000000 + i}",
                    payment_id=f"{7700000 + i}",
                    amount_rials=100_000 + 1_000 * i,
                    method=methods[i % len(methods)],
                    paid_at=at + dt.timedelta(minutes=2 * i),
                    business_day=REPORT_DAY,
                    user_id=(clerk.id if i % 3 else manager.id),
                )
            )
        session.add_all(rows)
        session.flush()
        for reason, target in zip(VOID_REASONS, rows[:2], strict=True):
            session.add(
                Payment(
                    uuid=str(uuid.uuid4()),
                    kind="bill",
                    bill_id=target.bill_id,
                    payment_id=target.payment_id,
                    amount_rials=-target.amount_rials,
                    method=target.method,
                    paid_at=target.paid_at + dt.timedelta(minutes=1),
                    business_day=REPORT_DAY,
                    user_id=clerk.id,
                    reverses_id=target.id,
                    reason=reason,
                )
            )
        session.add_all(
            [
                CashSession(
                    uuid=str(uuid.uuid4()),
                    user_id=clerk.id,
                    business_day=REPORT_DAY,
                    opened_at=at,
                    closed_at=at + dt.timedelta(hours=8),
                    opening_float_rials=5_000_000,
                    expected_cash_rials=12_500_000,
                    counted_cash_rials=12_480_000,
                ),
                CashSession(
                    uuid=str(uuid.uuid4()),
                    user_id=manager.id,
                    business_day=REPORT_DAY,
                    opened_at=at + dt.timedelta(hours=1),
                ),
                OutboxEntry(record_type="payment", record_uuid=rows[5].uuid, payload={}),
                OutboxEntry(record_type="payment", record_uuid=rows[6].uuid, payload={}),
                OutboxEntry(record_type="request", record_uuid=str(uuid.uuid4()), payload={}),
                Request(
                    uuid=str(uuid.uuid4()),
                    tracking_code="110100099993",
                    type="meter_test",
                    stage="registered",
                    applicant_name="زهرا کریمی",
                    fee_rials=1_500_000,
                    counter_fee_rials=200_000,
                    created_by=clerk.id,
                    created_at=at,
                ),
            ]
        )
        session.commit()


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    home = tmp_path_factory.mktemp("pishkhan-print")
    ctx = open_context(data_paths(home))
    load_demo_data(
        ctx.engine, subscribers=120, seed=6, config=Config(), today=REPORT_DAY, workers=0
    )
    _busy_day(ctx)
    yield Store(home, ctx)
    ctx.close()


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``pishkhan ARGS`` as a user runs it: a child process with its own data folder."""
    env = dict(os.environ, PISHKHAN_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "pishkhan", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def rasterise(pdf: Path, dpi: int, out_dir: Path, *, first: int = 1, last: int = 1) -> list[Path]:
    """PNG pages of a PDF through poppler's ``pdftoppm``."""
    prefix = out_dir / f"{pdf.stem}-{dpi}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            str(first),
            "-l",
            str(last),
            "-png",
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    return sorted(out_dir.glob(f"{prefix.name}-*.png"))


def ocr_fas(image: Path) -> str:
    result = subprocess.run(
        ["tesseract", str(image), "-", "-l", "fas"], capture_output=True, text=True, check=True
    )
    return result.stdout


def normalise(text: str) -> str:
    """OCR and source text made comparable: ASCII digits, Persian Yeh/Kaf, no ZWNJ/spaces."""
    text = to_ascii_digits(text).replace("ي", "ی").replace("ى", "ی").replace("ك", "ک")
    for mark in ("\u200c", "\u200f", "\u200e", " ", "\n"):
        text = text.replace(mark, "")
    return text


def pdf_text(pdf: Path, *, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def ascii_text(text: str) -> str:
    return to_ascii_digits(text)

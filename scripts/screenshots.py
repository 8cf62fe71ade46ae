#!/usr/bin/env python3
"""Save a screenshot of every page of the main window, with demo figures.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py [--out DIR]

Runs under whatever display is set (an X server such as Xvfb, or ``QT_QPA_PLATFORM=offscreen``),
grabs the window itself with ``QWidget.grab()`` and writes ``<page>.png`` for each page into
``docs/screenshots/`` (or ``--out``). With ``--home DIR`` the desk figures come from that data
folder's database (e.g. after ``pishkhan demo-data``); without it, from fixed demo figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSize  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from pishkhan.app import create_application  # noqa: E402
from pishkhan.services.desk import DeskSummary  # noqa: E402
from pishkhan.ui.main_window import MainWindow  # noqa: E402
from pishkhan.ui.pages import HELP_PAGE, PAGES  # noqa: E402
from pishkhan.ui.worker import wait_for_workers  # noqa: E402

DEMO_SUMMARY = DeskSummary(
    subscribers=48_213,
    debtors=6_127,
    total_debt_rials=18_457_320_000,
    open_requests=37,
    unsent_records=12,
)


def demo_summary() -> DeskSummary:
    time.sleep(0.2)  # like a real query; the desk shows its busy bar meanwhile
    return DEMO_SUMMARY


def settle(app: QApplication, until: float = 0.3) -> None:
    """Process events for a moment so layouts, style and pending results are applied."""
    deadline = time.monotonic() + until
    while time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save a screenshot of every page.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1280x720", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--home", type=Path, help="read the desk figures from this data folder")
    args = parser.parse_args(argv)
    load_summary = demo_summary
    branch, desk = "شعبهٔ مرکزی", 3
    if args.home is not None:
        from pishkhan.paths import DataPaths
        from pishkhan.services.context import open_context
        from pishkhan.services.desk import desk_summary

        ctx = open_context(DataPaths(args.home))
        branch, desk = ctx.config.branch_name, ctx.config.desk_no

        def load_summary() -> DeskSummary:
            with ctx.sessions() as session:
                return desk_summary(session)

    width, height = (int(part) for part in args.size.lower().split("x"))

    app = create_application([sys.argv[0]])
    window = MainWindow(load_summary=load_summary, user_name="مریم احمدی", branch=branch, desk=desk)
    window.resize(QSize(width, height))
    window.show()

    args.out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for page_id in [page.id for page in PAGES] + [HELP_PAGE.id]:
        window.show_page(page_id)
        settle(app)
        deadline = time.monotonic() + 10
        while window.desk_page.is_loading() and time.monotonic() < deadline:
            settle(app, 0.1)
        settle(app, 0.1)
        path = args.out / f"{page_id}.png"
        if window.grab().save(str(path)):
            print(f"saved {path}")
        else:
            print(f"could not save {path}", file=sys.stderr)
            failures += 1
    window.close()
    wait_for_workers()
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

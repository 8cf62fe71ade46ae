#!/usr/bin/env python3
"""Save screenshots of the desk — sign-in, every page, a payment, the lock screen — with demo data.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py [--out DIR]

Runs under whatever display is set (an X server such as Xvfb, or ``QT_QPA_PLATFORM=offscreen``),
grabs the windows themselves with ``QWidget.grab()`` and writes PNGs into ``docs/screenshots/``
(or ``--out``): ``login``, ``desk``, ``subscribers`` (results of a search from the top bar),
``payment`` (a valid bill filled in, as after a barcode scan), ``new-request`` (the dialog over a
subscriber's file), ``lock``, ``help`` and the other pages. A temporary data folder is filled
with a little demo data (or ``--home DIR`` is used).
``scan.png`` and ``bill.png`` are made by the scanning and printing scripts, ``lookup.png`` and
``subscriber-file.png`` by the lookup's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402

from pishkhan.app import create_application  # noqa: E402
from pishkhan.domain.ids import make_payment_id  # noqa: E402
from pishkhan.paths import DataPaths  # noqa: E402
from pishkhan.services.auth import Role, SignedIn, create_user  # noqa: E402
from pishkhan.services.context import AppContext, open_context  # noqa: E402
from pishkhan.services.desk import DeskSummary, desk_summary  # noqa: E402
from pishkhan.store.models import Subscriber, User  # noqa: E402
from pishkhan.ui.env import PageEnv  # noqa: E402
from pishkhan.ui.login import SignInDialog, StoreAuthenticator  # noqa: E402
from pishkhan.ui.main_window import MainWindow  # noqa: E402
from pishkhan.ui.pages import HELP_PAGE, PAGES  # noqa: E402
from pishkhan.ui.worker import pending_jobs, wait_for_workers  # noqa: E402

# Made by other scripts (scanning, printing, lookup): never overwritten here.
NOT_OURS = frozenset({"scan", "bill", "lookup", "subscriber-file"})
SHOWCASE_USER = ("maryam", "مریم احمدی", Role.ADMIN)


def settle(app: QApplication, until: float = 0.3) -> None:
    """Process events for a moment so layouts, style and pending results are applied."""
    deadline = time.monotonic() + until
    while time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def wait_until(app: QApplication, done: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        settle(app, 0.05)
    settle(app, 0.2)


def prepare_store(home: Path, subscribers: int) -> AppContext:
    from pishkhan.demo.loader import load_demo_data

    ctx = open_context(DataPaths(home))
    with ctx.sessions() as session:
        has_subscribers = session.scalar(select(Subscriber.id).limit(1)) is not None
    if not has_subscribers:
        load_demo_data(ctx.engine, subscribers=subscribers, seed=1405, config=ctx.config, workers=0)
    username, full_name, role = SHOWCASE_USER
    with ctx.sessions() as session:
        if session.scalars(select(User).where(User.username == username)).first() is None:
            create_user(session, username, full_name, role, "pishkhan")
            session.commit()
    return ctx


def showcase_user(ctx: AppContext) -> SignedIn:
    with ctx.sessions() as session:
        row = session.scalars(select(User).where(User.username == SHOWCASE_USER[0])).one()
        return SignedIn(row.id, row.username, row.full_name, Role(row.role))


def sample_subscriber(ctx: AppContext) -> Subscriber:
    with ctx.sessions() as session:
        found = session.scalars(
            select(Subscriber).where(Subscriber.balance_rials > 0).order_by(Subscriber.id)
        ).first()
        if found is None:
            found = session.scalars(select(Subscriber).order_by(Subscriber.id)).first()
        assert found is not None, "the demo data has no subscribers"
        return found


def common_last_name(ctx: AppContext) -> str:
    """The most frequent family name: a search with a list of results to show."""
    from sqlalchemy import func

    with ctx.sessions() as session:
        name = session.scalars(
            select(Subscriber.last_name)
            .group_by(Subscriber.last_name)
            .order_by(func.count().desc(), Subscriber.last_name)
            .limit(1)
        ).first()
    return name or ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save screenshots of the desk.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1280x720", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--home", type=Path, help="use this data folder (else a temporary one)")
    parser.add_argument("--subscribers", type=int, default=300)
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="pishkhan-shots-") as tmp:
        home = args.home or Path(tmp) / "home"
        ctx = prepare_store(home, args.subscribers)
        try:
            return shoot(ctx, args.out, QSize(width, height))
        finally:
            wait_for_workers()
            ctx.close()


def shoot(ctx: AppContext, out: Path, size: QSize) -> int:
    app = create_application([sys.argv[0]])
    failures = 0

    def save(widget: QWidget, name: str) -> None:
        nonlocal failures
        if name in NOT_OURS:
            return
        path = out / f"{name}.png"
        if widget.grab().save(str(path)):
            print(f"saved {path}")
        else:
            print(f"could not save {path}", file=sys.stderr)
            failures += 1

    auth = StoreAuthenticator(ctx)
    dialog = SignInDialog(auth, branch=ctx.config.branch_name, username=SHOWCASE_USER[0])
    dialog.panel.password_edit.setText("pishkhan")
    dialog.show()
    settle(app)
    save(dialog, "login")
    dialog.close()

    def load_summary() -> DeskSummary:
        with ctx.sessions() as session:
            return desk_summary(session)

    user = showcase_user(ctx)
    env = PageEnv(ctx=ctx, extras={"user": user, "authenticator": auth})
    window = MainWindow(
        load_summary=load_summary,
        branch=ctx.config.branch_name,
        desk=ctx.config.desk_no,
        env=env,
    )
    window.resize(size)
    window.show()
    wait_until(app, lambda: not window.desk_page.is_loading() and pending_jobs() == 0)

    for page_id in [page.id for page in PAGES] + [HELP_PAGE.id]:
        if page_id in ("subscribers", "payment") or page_id in NOT_OURS:
            continue
        window.show_page(page_id)
        wait_until(app, lambda: pending_jobs() == 0)
        save(window, page_id)

    subscriber = sample_subscriber(ctx)
    window.top_bar.search_box.setText(common_last_name(ctx))
    window.top_bar.search_box.returnPressed.emit()
    wait_until(app, lambda: pending_jobs() == 0)
    save(window, "subscribers")

    payment_id = make_payment_id(subscriber.bill_id, 3_486_000, dt.date.today().year - 621, 4)
    window.open_payment(subscriber.bill_id, payment_id)
    wait_until(app, lambda: pending_jobs() == 0)
    save(window, "payment")

    shoot_new_request(app, env, subscriber, out.parent / ".new-request-paper.pdf", save)

    window.show_page("desk")
    window.lock("idle")
    settle(app)
    save(window, "lock")
    window.close()
    return 1 if failures else 0


def shoot_new_request(
    app: QApplication,
    env: PageEnv,
    subscriber: Subscriber,
    paper: Path,
    save: Callable[[QWidget, str], None],
) -> None:
    """``new-request``: the dialog over a subscriber's file, all but one document attached."""
    import img2pdf
    from PIL import Image

    from pishkhan.domain.requests import RequestType
    from pishkhan.ui.lookup.file_view import SubscriberFileView

    image = paper.with_suffix(".png")
    Image.new("L", (200, 280), 240).save(image)
    paper.write_bytes(img2pdf.convert(str(image)))
    image.unlink()
    view = SubscriberFileView(env)
    view.resize(QSize(1280, 720))
    view.show()
    view.load(subscriber.id)
    wait_until(app, lambda: view.file is not None)
    view.open_request_dialog()
    dialog = view.request_dialog
    wait_until(app, lambda: dialog.type_combo.count() > 0)
    dialog.choose(RequestType.CHANGE_USE)
    wait_until(app, lambda: dialog.documents.rows != [])
    for index in range(len(dialog.documents.rows) - 1):
        dialog.documents.attach(index, paper)
    wait_until(app, lambda: pending_jobs() == 0)
    settle(app, 0.5)
    save(dialog, "new-request")
    dialog.reject()
    view.close()
    paper.unlink(missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(main())

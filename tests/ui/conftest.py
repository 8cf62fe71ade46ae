"""Fixtures for the Qt shell tests: the real application set-up and a main window factory.

Run with ``QT_QPA_PLATFORM=offscreen`` (set here if no platform is chosen).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pishkhan.demo.loader import load_demo_data
from pishkhan.domain.ids import make_payment_id
from pishkhan.paths import DataPaths
from pishkhan.services.auth import Role, SignedIn
from pishkhan.services.context import AppContext, open_context
from pishkhan.services.desk import DeskSummary
from pishkhan.store.models import Subscriber, User
from pishkhan.ui.env import PageEnv
from pishkhan.ui.login import StoreAuthenticator
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.worker import wait_for_workers
from tests.qtapp import load_script, persian_application


@pytest.fixture(scope="session")
def build_translations() -> ModuleType:
    return load_script("build_translations")


@pytest.fixture(scope="session")
def qapp(build_translations: ModuleType) -> QApplication:
    return persian_application()


@pytest.fixture
def sample_summary() -> DeskSummary:
    return DeskSummary(
        subscribers=48_213,
        debtors=6_127,
        total_debt_rials=18_457_320_000,
        open_requests=37,
        unsent_records=12,
    )


@pytest.fixture
def make_window(qapp: QApplication, qtbot: QtBot) -> Iterator[Callable[..., MainWindow]]:
    """Build, show and activate a main window; worker jobs are drained after the test."""

    def factory(
        load_summary: Callable[[], DeskSummary] | None = None,
        user_name: str = "مریم احمدی",
        branch: str = "شعبهٔ مرکزی",
        desk: int = 0,
        *,
        user: SignedIn | None = None,
        ctx: AppContext | None = None,
        lockable: bool = False,
    ) -> MainWindow:
        extras: dict[str, object] = {}
        if user is not None:
            extras["user"] = user
        if lockable and ctx is not None:
            extras["authenticator"] = StoreAuthenticator(ctx)
        window = MainWindow(
            load_summary=load_summary,
            user_name=user_name,
            branch=branch,
            desk=desk,
            env=PageEnv(ctx=ctx, extras=extras),
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield factory
    assert wait_for_workers(10_000), "a background job did not finish"
    qapp.processEvents()


@pytest.fixture(scope="session")
def desk_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    """A real SQLite store with a little demo data and the demo users (password «pishkhan»)."""
    ctx = open_context(DataPaths(tmp_path_factory.mktemp("ui-desk")))
    load_demo_data(
        ctx.engine,
        subscribers=30,
        seed=11,
        config=ctx.config,
        today=dt.date(2026, 11, 25),
        workers=0,
    )
    yield ctx
    wait_for_workers()
    ctx.close()


def user_of(ctx: AppContext, username: str) -> SignedIn:
    with ctx.sessions() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        return SignedIn(user.id, user.username, user.full_name, Role(user.role))


_next_period = iter(range(10, 99))


def fresh_bill(ctx: AppContext, index: int = 0, amount: int = 1_234_000) -> tuple[str, str]:
    """A valid, never paid (bill ID, payment ID) of a demo subscriber (a new period each call)."""
    with ctx.sessions() as session:
        subscriber = session.scalars(select(Subscriber).order_by(Subscriber.id)).all()[index]
        return subscriber.bill_id, make_payment_id(
            subscriber.bill_id, amount, 1409, next(_next_period)
        )

"""The Subscribers page inside the real main window: top-bar search and function keys."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pishkhan.domain.persian import to_persian_digits
from pishkhan.services.context import AppContext
from pishkhan.store import repo
from pishkhan.ui.env import PageEnv
from pishkhan.ui.lookup.page import SubscribersPage
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.worker import wait_for_workers

from .conftest import CLERK, OPERATOR

WAIT = 10_000


def test_top_bar_search_opens_the_file_and_f7_opens_the_reading(
    qapp: QApplication, qtbot: QtBot, ctx: AppContext
) -> None:
    env = PageEnv(ctx=ctx, extras={"user": OPERATOR})
    window = MainWindow(user_name=OPERATOR.full_name, env=env)
    qtbot.addWidget(window)
    window.show()
    with ctx.sessions() as s:
        sub = repo.find_by_subscription_no(s, "10000007")
        assert sub is not None
    window.top_bar.search_box.setText(to_persian_digits(sub.subscription_no))
    window.top_bar.search_box.returnPressed.emit()
    page = window.findChild(SubscribersPage)
    assert page is not None
    qtbot.waitUntil(
        lambda: page.file_view.file is not None and page.file_view.file.subscriber_id == sub.id,
        timeout=WAIT,
    )
    assert page.isVisible() and page.file_view.isVisible()
    assert env.actions is not None
    env.actions.action("meter_reading").trigger()
    assert page.file_view.dialog is not None and page.file_view.dialog.isVisible()
    page.file_view.dialog.reject()
    assert wait_for_workers(WAIT)


def test_f4_opens_a_new_request_from_the_open_file_or_says_what_to_do(
    qapp: QApplication, qtbot: QtBot, ctx: AppContext
) -> None:
    env = PageEnv(ctx=ctx, extras={"user": CLERK})
    window = MainWindow(user_name=CLERK.full_name, env=env)
    qtbot.addWidget(window)
    window.show()
    assert env.actions is not None
    env.actions.action("new_request").trigger()  # no file open yet
    page = window.findChild(SubscribersPage)
    assert page is not None and window.current_page_id() == "subscribers"
    assert "پرونده" in page.message.text()
    page.open_subscriber(1)
    qtbot.waitUntil(lambda: page.file_view.file is not None, timeout=WAIT)
    env.actions.action("new_request").trigger()
    dialog = page.file_view.request_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    assert wait_for_workers(WAIT)

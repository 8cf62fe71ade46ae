"""The "Send bill by SMS" button of the subscriber file: shown, enabled, queues once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pishkhan.domain.persian import to_persian_digits
from pishkhan.services.context import AppContext
from pishkhan.store import repo
from pishkhan.store.models import OutboxEntry, Subscriber
from pishkhan.ui.env import PageEnv
from pishkhan.ui.lookup.file_view import SubscriberFileView
from pishkhan.ui.worker import wait_for_workers

from .conftest import CLERK, OPERATOR

WAIT = 10_000


def _subscriber_id(ctx: AppContext, *, with_mobile: bool) -> int:
    with ctx.sessions() as session:
        for row in session.scalars(select(Subscriber).order_by(Subscriber.id)):
            if bool(row.mobile) == with_mobile and repo.latest_bill(session, row.id) is not None:
                return row.id
    raise AssertionError("no such demo subscriber")


def _open(qtbot: QtBot, ctx: AppContext, user: object, subscriber_id: int) -> SubscriberFileView:
    view = SubscriberFileView(PageEnv(ctx=ctx, extras={"user": user}))
    qtbot.addWidget(view)
    view.show()
    view.load(subscriber_id)
    qtbot.waitUntil(lambda: view.file is not None, timeout=WAIT)
    return view


def _sms_rows(ctx: AppContext) -> int:
    with ctx.sessions() as session:
        return len(
            session.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "sms")).all()
        )


def test_the_operator_queues_the_bill_sms_once(
    qapp: QApplication, qtbot: QtBot, ctx: AppContext
) -> None:
    view = _open(qtbot, ctx, OPERATOR, _subscriber_id(ctx, with_mobile=True))
    file = view.file
    assert file is not None
    button = view.sms_button
    assert button.isVisible() and button.isEnabled()
    assert to_persian_digits(file.mobile) in button.toolTip()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not button.isEnabled()  # no second click while the first is queued
    qtbot.waitUntil(lambda: view._sms_job is None, timeout=WAIT)
    assert _sms_rows(ctx) == 1
    assert view.message.isVisible()
    assert to_persian_digits(file.mobile) in view.message.text()

    # pressed again at once: refused with a message, nothing more queued
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view._sms_job is None, timeout=WAIT)
    wait_for_workers()
    assert _sms_rows(ctx) == 1
    assert "دقیقه پیش" in view.message.text()


def test_no_mobile_disables_the_button_and_says_why(
    qapp: QApplication, qtbot: QtBot, ctx: AppContext
) -> None:
    view = _open(qtbot, ctx, OPERATOR, _subscriber_id(ctx, with_mobile=False))
    assert view.sms_button.isVisible() and not view.sms_button.isEnabled()
    # the lead adds the Persian translation to resources/translations (asserted through tr())
    assert view.sms_button.toolTip() == view.tr("No mobile number is recorded for this subscriber.")


def test_a_clerk_does_not_see_the_button(qapp: QApplication, qtbot: QtBot, ctx: AppContext) -> None:
    view = _open(qtbot, ctx, CLERK, _subscriber_id(ctx, with_mobile=True))
    assert not view.sms_button.isVisible()

"""The Subscribers page with a real demo database: search, open the file, record readings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pishkhan.domain.jalali import format_jalali
from pishkhan.domain.persian import to_persian_digits
from pishkhan.services.context import AppContext
from pishkhan.store import repo
from pishkhan.store.models import OutboxEntry, Property, Request, Subscriber
from pishkhan.ui.env import PageEnv
from pishkhan.ui.lookup.page import SubscribersPage, create_page
from pishkhan.ui.lookup.reading_dialog import ReadingDialog
from pishkhan.ui.widgets import Tone, tone_of
from pishkhan.ui.worker import wait_for_workers

from .conftest import CLERK, OPERATOR, TODAY
from .keys import type_text

WAIT = 10_000


@pytest.fixture
def page(qapp: QApplication, qtbot: QtBot, ctx: AppContext) -> Iterator[SubscribersPage]:
    calls: list[tuple[str, ...]] = []
    env = PageEnv(
        ctx=ctx,
        extras={
            "user": OPERATOR,
            "open_payment": lambda b, p: calls.append(("pay", b, p)),
            "print_bill": lambda s: calls.append(("print", s)),
        },
    )
    widget = create_page(env)
    assert isinstance(widget, SubscribersPage)
    widget.calls = calls  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    assert wait_for_workers(WAIT)
    qapp.processEvents()


def _search(qtbot: QtBot, page: SubscribersPage, text: str) -> None:
    page.box.setFocus()
    page.box.clear()
    type_text(page.box, text)
    qtbot.keyClick(page.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page._job is None and page.message.text() != "", timeout=WAIT)


def _file_open(qtbot: QtBot, page: SubscribersPage, subscriber_id: int) -> None:
    qtbot.waitUntil(
        lambda: (
            page.stack.currentWidget() is page.file_view
            and page.file_view.file is not None
            and page.file_view.file.subscriber_id == subscriber_id
        ),
        timeout=WAIT,
    )


def _subscriber(ctx: AppContext) -> tuple[Subscriber, Property]:
    with ctx.sessions() as s:
        row = s.execute(
            select(Subscriber, Property)
            .join(Property, Subscriber.property_id == Property.id)
            .where(Subscriber.national_code.is_not(None), Property.postal_code.is_not(None))
            .order_by(Subscriber.id.desc())
            .limit(1)
        ).one()
        return row[0], row[1]


@pytest.mark.parametrize(
    "field", ["subscription_no", "bill_id", "computer_code", "national_code", "postal_code"]
)
def test_search_by_identifier_opens_the_file(
    qtbot: QtBot, page: SubscribersPage, ctx: AppContext, field: str
) -> None:
    sub, prop = _subscriber(ctx)
    value = getattr(prop if field == "postal_code" else sub, field)
    _search(qtbot, page, to_persian_digits(value))
    assert page.model.rowCount() >= 1
    if page.model.rowCount() > 1:  # shared national/postal code: choose with the keyboard
        rows = [page.model.hit(r) for r in range(page.model.rowCount())]
        target = next(i for i, h in enumerate(rows) if h and h.subscriber_id == sub.id)
        page.table.setFocus()
        page.table.selectRow(0)
        for _ in range(page.proxy.mapFromSource(page.model.index(target, 0)).row()):
            qtbot.keyClick(page.table, Qt.Key.Key_Down)
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    _file_open(qtbot, page, sub.id)
    assert to_persian_digits(sub.subscription_no) in page.file_view.ids.text()


def test_search_by_mobile_with_persian_digits(
    qtbot: QtBot, page: SubscribersPage, ctx: AppContext
) -> None:
    with ctx.sessions() as s:
        sub = s.scalars(select(Subscriber).where(Subscriber.mobile.is_not(None))).first()
        assert sub is not None and sub.mobile
    text = to_persian_digits(f"{sub.mobile[:4]} {sub.mobile[4:7]} {sub.mobile[7:]}")
    page.search(text)
    qtbot.waitUntil(lambda: page._job is None, timeout=WAIT)
    ids = [page.model.hit(r).subscriber_id for r in range(page.model.rowCount())]  # type: ignore[union-attr]
    assert sub.id in ids


def test_search_by_tracking_code(qtbot: QtBot, page: SubscribersPage, ctx: AppContext) -> None:
    with ctx.sessions() as s:
        request = s.scalars(select(Request).where(Request.subscriber_id.is_not(None))).first()
        assert request is not None and request.subscriber_id is not None
    _search(qtbot, page, to_persian_digits(request.tracking_code))
    _file_open(qtbot, page, request.subscriber_id)


def test_name_search_with_arabic_letters_and_keyboard(
    qtbot: QtBot, page: SubscribersPage, ctx: AppContext
) -> None:
    with ctx.sessions() as s:
        sub = s.scalars(
            select(Subscriber).where(Subscriber.last_name.contains("ی")).order_by(Subscriber.id)
        ).first()
        assert sub is not None
    _search(qtbot, page, sub.last_name.replace("ی", "ي").replace("ک", "ك"))
    assert tone_of(page.message) is Tone.OK
    assert page.stack.currentWidget() is page.results_view or page.model.rowCount() == 1
    if page.model.rowCount() == 1:
        return
    rows = [page.model.hit(r) for r in range(page.model.rowCount())]
    assert all(h is not None and sub.last_name in h.full_name for h in rows) or rows
    # ↓ from the box goes to the table; ↓ again and Enter opens the second row's file.
    page.box.setFocus()
    qtbot.keyClick(page.box, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    chosen = page.model.hit(page.proxy.mapToSource(page.table.currentIndex()).row())
    assert chosen is not None and chosen.subscriber_id is not None
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    _file_open(qtbot, page, chosen.subscriber_id)
    # Esc goes back to the results, focus on the table.
    qtbot.keyClick(page.file_view.tabs, Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.results_view


def test_nothing_found_message(qtbot: QtBot, page: SubscribersPage) -> None:
    _search(qtbot, page, "ژژژژژژ")
    assert page.model.rowCount() == 0
    assert tone_of(page.message) is Tone.ERROR
    assert "ژژژژژژ" in page.message.text()


def test_results_sort_by_debt(qtbot: QtBot, page: SubscribersPage) -> None:
    _search(qtbot, page, "ا")
    assert page.model.rowCount() > 3
    page.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    values = [
        page.proxy.index(r, 5).data(Qt.ItemDataRole.UserRole + 1)
        for r in range(page.proxy.rowCount())
    ]
    assert values == sorted(values, reverse=True)


def test_stale_results_are_dropped(qtbot: QtBot, page: SubscribersPage, ctx: AppContext) -> None:
    sub, _ = _subscriber(ctx)
    page._start("ا", open_single=False)
    page._start(sub.subscription_no, open_single=False)
    qtbot.waitUntil(lambda: page._job is None, timeout=WAIT)
    assert wait_for_workers(WAIT)
    QApplication.processEvents()
    assert [page.model.hit(r).subscriber_id for r in range(page.model.rowCount())] == [sub.id]  # type: ignore[union-attr]


def _open_reading(qtbot: QtBot, page: SubscribersPage, sid: int) -> ReadingDialog:
    page.open_subscriber(sid)
    _file_open(qtbot, page, sid)
    page.file_view.reading_button.click()
    dialog = page.file_view.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _with_digits(ctx: AppContext, digits: int) -> int:
    with ctx.sessions() as s:
        for sub in s.scalars(select(Subscriber).where(Subscriber.status == "active")):
            meter = repo.current_meter(s, sub.id)
            last = repo.latest_reading(s, sub.id)
            if meter and meter.digits == digits and last and last.read_on < TODAY:
                return sub.id
    raise AssertionError


def test_register_a_reading_with_rollover(
    qtbot: QtBot, page: SubscribersPage, ctx: AppContext
) -> None:
    sid = _with_digits(ctx, 5)
    with ctx.sessions() as s, s.begin():
        last = repo.latest_reading(s, sid)
        assert last is not None
        last.value = 99_950
    dialog = _open_reading(qtbot, page, sid)
    qtbot.keyClicks(dialog.value, "abc")
    assert tone_of(dialog.value_error) is Tone.ERROR and not dialog.record_button.isEnabled()
    dialog.value.clear()
    type_text(dialog.value, "۱۲۳۴۵۶")  # six digits on a five-digit meter
    assert tone_of(dialog.value_error) is Tone.ERROR
    dialog.value.clear()
    type_text(dialog.value, "۳۰")
    assert "۸۰" in dialog.value_error.text() and dialog.record_button.isEnabled()
    dialog.date.set_value(dt.date.today() + dt.timedelta(days=3))
    assert dialog.date_error.text() and not dialog.record_button.isEnabled()
    dialog.date.set_value(dt.date.today())
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None or dialog.confirming, timeout=WAIT)
    if dialog.confirming:  # 80 m³ may be a jump for a small household
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert dialog.outcome is not None and dialog.outcome.rolled_over
    assert dialog.outcome.consumption_m3 == 80
    qtbot.waitUntil(
        lambda: page.file_view.file is not None and page.file_view.file.last_reading == 30,
        timeout=WAIT,
    )
    bill = page.file_view.file.latest_bill  # type: ignore[union-attr]
    assert bill is not None and bill.is_estimate
    assert tone_of(page.file_view.bill_tab.state) is Tone.PENDING
    with ctx.sessions() as s:
        assert s.scalars(select(OutboxEntry.record_type)).all() == ["reading"]


def test_a_jump_asks_for_confirmation_in_the_dialog(
    qtbot: QtBot, page: SubscribersPage, ctx: AppContext
) -> None:
    sid = _with_digits(ctx, 6)
    with ctx.sessions() as s:
        last = repo.latest_reading(s, sid)
        assert last is not None
        start = last.value
    dialog = _open_reading(qtbot, page, sid)
    qtbot.keyClicks(dialog.value, str(start + 5000))
    qtbot.keyClick(dialog.value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirming, timeout=WAIT)
    assert "تأیید" in dialog.question.text()
    dialog.value.setText(str(start + 5001))  # changing the figure withdraws the question
    assert not dialog.confirming and not dialog.question.text()
    qtbot.keyClick(dialog.value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirming, timeout=WAIT)
    qtbot.keyClick(dialog.value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert dialog.outcome is not None and dialog.outcome.confirmed_jump


def test_payment_and_print_use_the_shell(
    qtbot: QtBot, page: SubscribersPage, ctx: AppContext
) -> None:
    sub, _ = _subscriber(ctx)
    page.open_subscriber(sub.id)
    _file_open(qtbot, page, sub.id)
    view = page.file_view
    assert view.print_button.isEnabled()
    view.print_button.click()
    assert ("print", sub.subscription_no) in page.calls  # type: ignore[attr-defined]
    bill = view.file.latest_bill  # type: ignore[union-attr]
    assert bill is not None
    assert view.pay_button.isEnabled() == (bill.status == "issued" and bool(bill.payment_id))
    if view.pay_button.isEnabled():
        view.pay_button.click()
        assert ("pay", bill.bill_id, bill.payment_id) in page.calls  # type: ignore[attr-defined]
    # the SMS button works once the file shows a bill and a mobile (see test_sms_button.py)
    assert view.sms_button.isEnabled() == bool(view.file.mobile)  # type: ignore[union-attr]
    assert view.sms_button.toolTip()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=30))
def test_any_text_in_the_search_box_and_the_reading_field(
    qtbot: QtBot, page: SubscribersPage, ctx: AppContext, text: str
) -> None:
    page.box.setText(text)
    page._submit()
    qtbot.waitUntil(lambda: page._job is None, timeout=WAIT)
    assert page.message.text()
    file = page.file_view.file
    if file is None:
        page.open_subscriber(_subscriber(ctx)[0].id)
        qtbot.waitUntil(lambda: page.file_view.file is not None, timeout=WAIT)
        file = page.file_view.file
    assert file is not None
    dialog = ReadingDialog(page.env, file, page)
    dialog.value.setText(text)
    dialog.date.edit.setText(text)
    dialog.date._typed(text)
    assert dialog.record_button.isEnabled() == dialog._validate()
    dialog.deleteLater()


def test_without_a_signed_in_user_the_search_says_so(
    qapp: QApplication, qtbot: QtBot, ctx: AppContext
) -> None:
    page = create_page(PageEnv(ctx=ctx))
    assert isinstance(page, SubscribersPage)
    qtbot.addWidget(page)
    page.search("علی")
    qtbot.waitUntil(lambda: page._job is None, timeout=WAIT)
    assert tone_of(page.message) is Tone.ERROR and "اجازه" in page.message.text()
    assert page.model.rowCount() == 0


def test_a_clerk_sees_no_reading_or_payment_button(
    qapp: QApplication, qtbot: QtBot, ctx: AppContext
) -> None:
    page = create_page(PageEnv(ctx=ctx, extras={"user": CLERK}))
    assert isinstance(page, SubscribersPage)
    qtbot.addWidget(page)
    page.show()
    sub, _ = _subscriber(ctx)
    page.open_subscriber(sub.id)
    _file_open(qtbot, page, sub.id)
    assert not page.file_view.reading_button.isVisible()
    assert not page.file_view.pay_button.isVisible()
    assert page.file_view.print_button.isVisible() and not page.file_view.print_button.isEnabled()
    assert page.file_view.print_button.toolTip()


def test_page_without_a_database(qapp: QApplication, qtbot: QtBot) -> None:
    page = create_page(PageEnv())
    assert isinstance(page, SubscribersPage)
    qtbot.addWidget(page)
    page.search("۱۲۳۴")
    assert tone_of(page.message) is Tone.ERROR


def test_history_tab_loads_a_chosen_range(
    qtbot: QtBot, page: SubscribersPage, ctx: AppContext
) -> None:
    sub, _ = _subscriber(ctx)
    page.open_subscriber(sub.id)
    _file_open(qtbot, page, sub.id)
    view = page.file_view.history
    assert view.history is None  # read only when its tab is shown
    page.file_view.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.history is not None, timeout=WAIT)
    assert view.history is not None
    whole = len(view.history.consumption)
    assert whole > 2 and view.consumption.rowCount() == whole
    assert view.chart.values == [r.consumption_m3 for r in view.history.consumption]
    middle = view.history.consumption[whole // 2].read_on
    view.start.edit.clear()
    type_text(view.start.edit, format_jalali(middle))
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.history is not None and view.history.start == middle, timeout=WAIT)
    assert 0 < len(view.history.consumption) < whole
    assert view.totals.text().startswith(to_persian_digits(len(view.history.consumption)))
    assert not view.print_button.isEnabled() and view.print_button.toolTip()

"""The payment page: fields checked as typed, amount shown, confirm, record, refuse duplicates."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pishkhan.services.context import AppContext
from pishkhan.store.models import OutboxEntry, Payment
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.pages.payment import PaymentPage
from pishkhan.ui.widgets import Tone, tone_of

from .conftest import fresh_bill, user_of

WindowFactory = Callable[..., MainWindow]
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


def persian(text: str) -> str:
    return text.translate(str.maketrans("0123456789", PERSIAN_DIGITS))


def payment_page(window: MainWindow) -> PaymentPage:
    page = window.pages["payment"]
    assert isinstance(page, PaymentPage)
    return page


def test_fields_are_checked_as_typed_with_messages_next_to_them(
    make_window: WindowFactory, desk_store: AppContext, qtbot: QtBot
) -> None:
    window = make_window(user=user_of(desk_store, "operator"), ctx=desk_store)
    qtbot.keyClick(window.navigation, Qt.Key.Key_F3)
    page = payment_page(window)
    assert window.current_page_id() == "payment"
    assert page.bill_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    bill_id, payment_id = fresh_bill(desk_store, 0, amount=1_234_000)

    page.bill_edit.setText(bill_id[:-1] + str((int(bill_id[-1]) + 1) % 10))
    assert page.bill_message.isVisible() and "شناسه قبض" in page.bill_message.text()
    assert tone_of(page.bill_message) is Tone.ERROR
    assert not page.pay_button.isEnabled()

    page.bill_edit.setText(persian(bill_id))  # Persian digits are accepted
    assert not page.bill_message.isVisible()
    page.payment_edit.setText(payment_id[:-1] + str((int(payment_id[-1]) + 1) % 10))
    assert page.payment_message.isVisible() and "شناسه پرداخت" in page.payment_message.text()
    assert page.amount_label.text() == "—"

    page.payment_edit.setText(" ".join(payment_id))  # spaces too
    assert not page.payment_message.isVisible()
    assert page.amount_label.text() == "۱٬۲۳۴٬۰۰۰ ریال"
    assert page.pay_button.isEnabled()
    qtbot.waitUntil(lambda: page.info is not None)
    assert "مشترک" in page.details_label.text() and "آب" in page.details_label.text()

    page.method_buttons["pos"].setChecked(True)  # a POS payment needs the terminal reference
    assert not page.pay_button.isEnabled() and page.terminal_edit.isEnabled()
    qtbot.keyClicks(page.terminal_edit, "T-88")
    assert page.pay_button.isEnabled()


def test_f10_confirms_then_records_once(
    make_window: WindowFactory, desk_store: AppContext, qtbot: QtBot
) -> None:
    operator = user_of(desk_store, "operator")
    window = make_window(user=operator, ctx=desk_store)
    bill_id, payment_id = fresh_bill(desk_store, 1, amount=2_500_000)
    assert window.env.extras["open_payment"](bill_id, payment_id)  # as the subscriber file does
    page = payment_page(window)
    assert window.current_page_id() == "payment"
    assert page.bill_edit.text() == bill_id and page.amount_label.text() == "۲٬۵۰۰٬۰۰۰ ریال"

    qtbot.keyClick(window.navigation, Qt.Key.Key_F10)
    assert page.confirm_frame.isVisible()
    text = page.confirm_label.text()
    assert "۲٬۵۰۰٬۰۰۰ ریال" in text and persian(bill_id) in text and "نقدی" in text
    qtbot.keyClick(page.confirm_button, Qt.Key.Key_Escape)
    assert not page.confirm_frame.isVisible()
    with desk_store.sessions() as session:  # backing out records nothing
        assert not session.scalars(select(Payment).where(Payment.payment_id == payment_id)).all()

    qtbot.keyClick(window.navigation, Qt.Key.Key_F10)
    assert page.confirm_button.hasFocus()
    with qtbot.waitSignal(page.paid, timeout=5000) as paid:
        qtbot.keyClick(page.confirm_button, Qt.Key.Key_Return)  # Enter confirms
    payment = paid.args[0]
    assert payment.user_id == operator.user_id and payment.amount_rials == 2_500_000
    assert tone_of(page.result_label) is Tone.OK and "ثبت شد" in page.result_label.text()
    assert page.bill_edit.text() == "" and page.bill_edit.hasFocus()  # ready for the next bill
    with desk_store.sessions() as session:
        assert session.scalars(
            select(OutboxEntry).where(OutboxEntry.record_uuid == payment.uuid)
        ).one()

    # The same bill again: the page warns, and the service refuses.
    page.prefill(bill_id, payment_id)
    qtbot.waitUntil(lambda: page.info is not None and page.info.paid_here)
    assert "پیش‌تر" in page.details_label.text()
    page.ask()
    page.confirm()
    qtbot.waitUntil(lambda: not page.is_busy())
    assert tone_of(page.result_label) is Tone.ERROR and "پیش‌تر" in page.result_label.text()


def test_page_without_store_still_validates(make_window: WindowFactory) -> None:
    window = make_window()
    window.show_page("payment")
    page = payment_page(window)
    note = page.findChild(QLabel, "paymentResult")
    assert note is not None and "پایگاه" in note.text()
    assert all(isinstance(e, QLineEdit) for e in (page.bill_edit, page.payment_edit))
    page.bill_edit.setText("abc")
    assert page.bill_message.isVisible()
    assert not page.pay_button.isEnabled()

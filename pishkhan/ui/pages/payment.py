"""The payment page (F3): bill ID + payment ID, checked as typed; confirm (F10); record.

The fields accept Persian, Arabic-Indic or ASCII digits and spaces, typed or filled by the barcode
scanner (``MainWindow.open_payment``). Each field's Persian message sits right under it. Once the
pair is valid the amount is shown large, with the service and — looked up in the local store on a
worker — the subscriber and whether this desk has already taken it. Nothing is recorded without
the confirmation line, which says exactly what will be recorded; the payment itself is written on
the worker lane by ``services.payments.record_bill_payment`` as the signed-in user (the service
refuses a role without the payment permission, and a bill already paid here).
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pishkhan.domain.ids import BillPayment, InvalidId, parse_bill_id, parse_bill_payment
from pishkhan.domain.persian import to_persian_digits
from pishkhan.services.auth import PermissionDenied, SignedIn
from pishkhan.services.payments import BillInfo, PaymentRefused, describe_bill, record_bill_payment
from pishkhan.store.models import Payment
from pishkhan.ui.env import PageEnv
from pishkhan.ui.formatting import format_rials
from pishkhan.ui.pages import page_spec
from pishkhan.ui.widgets import Tone, make_ltr, set_tone
from pishkhan.ui.worker import Job, run_in_background

log = logging.getLogger(__name__)

METHODS = ("cash", "card", "pos")
KNOWN_ERRORS = (InvalidId, PaymentRefused, PermissionDenied)


def create_page(env: PageEnv) -> QWidget:
    return PaymentPage(env)


def _message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.hide()
    return label


class PaymentPage(QWidget):
    paid = Signal(object)  # the recorded Payment row

    def __init__(self, env: PageEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_payment")
        self._ctx = env.ctx
        user = env.extras.get("user")
        self._user: SignedIn | None = user if isinstance(user, SignedIn) else None
        self._print_receipt = env.extras.get("print_receipt")
        self.pair: BillPayment | None = None
        self.info: BillInfo | None = None
        self.last_payment: Payment | None = None
        self._describe_job: Job[BillInfo] | None = None
        self._pay_job: Job[Payment] | None = None

        title = QLabel(page_spec("payment").display_title())
        title.setObjectName("pageTitle")
        self.bill_edit = make_ltr(QLineEdit())
        self.bill_edit.setObjectName("billIdEdit")
        self.bill_edit.setMaxLength(40)
        self.bill_message = _message_label("billIdMessage")
        self.payment_edit = make_ltr(QLineEdit())
        self.payment_edit.setObjectName("paymentIdEdit")
        self.payment_edit.setMaxLength(40)
        self.payment_message = _message_label("paymentIdMessage")

        self.amount_label = QLabel("—")
        self.amount_label.setObjectName("amountLabel")
        font = self.amount_label.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.amount_label.setFont(font)
        self.details_label = QLabel()
        self.details_label.setObjectName("billDetails")
        self.details_label.setWordWrap(True)

        self.method_group = QButtonGroup(self)
        method_row = QHBoxLayout()
        titles = {"cash": self.tr("Cash"), "card": self.tr("Bank card"), "pos": self.tr("POS")}
        self.method_buttons: dict[str, QRadioButton] = {}
        for index, method in enumerate(METHODS):
            button = QRadioButton(titles[method])
            button.setObjectName(f"method_{method}")
            self.method_group.addButton(button, index)
            self.method_buttons[method] = button
            method_row.addWidget(button)
        method_row.addStretch(1)
        self.method_buttons["cash"].setChecked(True)
        self.terminal_edit = make_ltr(QLineEdit())
        self.terminal_edit.setObjectName("terminalRefEdit")
        self.terminal_edit.setMaxLength(64)
        self.terminal_edit.setPlaceholderText(self.tr("Terminal reference number"))

        self.pay_button = QPushButton(self.tr("Take payment (F10)"))
        self.pay_button.setObjectName("payButton")
        self.print_button = QPushButton(self.tr("Print receipt"))
        self.print_button.setObjectName("printReceiptButton")
        self.print_button.setEnabled(False)
        if not callable(self._print_receipt):
            self.print_button.setToolTip(self.tr("Receipt printing is not connected yet."))

        self.confirm_frame = QFrame()
        self.confirm_frame.setObjectName("confirmFrame")
        self.confirm_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.confirm_label = QLabel()
        self.confirm_label.setObjectName("confirmLabel")
        self.confirm_label.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Record the payment (Enter)"))
        self.confirm_button.setObjectName("confirmButton")
        self.back_button = QPushButton(self.tr("Back (Esc)"))
        self.back_button.setObjectName("backButton")
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm_button)
        confirm_row.addWidget(self.back_button)
        confirm_row.addStretch(1)
        confirm_layout = QVBoxLayout(self.confirm_frame)
        confirm_layout.addWidget(self.confirm_label)
        confirm_layout.addLayout(confirm_row)
        self.confirm_frame.hide()
        for push in (self.pay_button, self.confirm_button, self.back_button):
            push.setAutoDefault(True)  # Enter presses the focused button (not only in dialogs)

        self.result_label = _message_label("paymentResult")

        form = QFormLayout()
        form.addRow(self.tr("Bill ID"), self.bill_edit)
        form.addRow("", self.bill_message)
        form.addRow(self.tr("Payment ID"), self.payment_edit)
        form.addRow("", self.payment_message)
        form.addRow(self.tr("Amount"), self.amount_label)
        form.addRow("", self.details_label)
        form.addRow(self.tr("Method"), method_row)
        form.addRow(self.tr("Terminal"), self.terminal_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pay_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.confirm_frame)
        layout.addWidget(self.result_label)
        layout.addStretch(1)

        self.bill_edit.textChanged.connect(self._validate)
        self.payment_edit.textChanged.connect(self._validate)
        self.terminal_edit.textChanged.connect(self._validate)
        self.method_group.idToggled.connect(self._on_method)
        self.bill_edit.returnPressed.connect(self._bill_entered)
        self.payment_edit.returnPressed.connect(self.ask)
        self.terminal_edit.returnPressed.connect(self.ask)
        self.pay_button.clicked.connect(self.ask)
        self.confirm_button.clicked.connect(self.confirm)
        self.back_button.clicked.connect(self.cancel_confirmation)
        self.print_button.clicked.connect(self._print)
        self._on_method(0, True)
        if self._ctx is None:
            self._show(self.result_label, self.tr("No data store is connected."), Tone.PENDING)

    # Fields ----------------------------------------------------------------------------------

    def method(self) -> str:
        return METHODS[max(0, self.method_group.checkedId())]

    def prefill(self, bill_id: str, payment_id: str) -> None:
        """Fill the pair in (from a scanned barcode or a subscriber's file)."""
        self.cancel_confirmation()
        self.result_label.hide()
        self.bill_edit.setText(bill_id)
        self.payment_edit.setText(payment_id)
        target = self.pay_button if self.pay_button.isEnabled() else self.payment_edit
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        for edit in (self.bill_edit, self.payment_edit, self.terminal_edit):
            edit.clear()
        self.method_buttons["cash"].setChecked(True)
        self.bill_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show(self, label: QLabel, text: str, tone: Tone = Tone.ERROR) -> None:
        label.setText(text)
        set_tone(label, tone)
        label.setVisible(bool(text))

    @Slot(int, bool)
    def _on_method(self, _id: int, checked: bool) -> None:
        if checked:
            self.terminal_edit.setEnabled(self.method() != "cash")
            self._validate()

    @Slot()
    def _bill_entered(self) -> None:
        self.payment_edit.setFocus(Qt.FocusReason.TabFocusReason)

    @Slot()
    def _validate(self) -> None:
        self.cancel_confirmation()
        bill_text = self.bill_edit.text().strip()
        payment_text = self.payment_edit.text().strip()
        pair: BillPayment | None = None
        self._show(self.bill_message, "")
        self._show(self.payment_message, "")
        bill_ok = False
        if bill_text:
            try:
                parse_bill_id(bill_text)
                bill_ok = True
            except InvalidId as exc:
                self._show(self.bill_message, str(exc))
        if bill_ok and payment_text:
            try:
                pair = parse_bill_payment(bill_text, payment_text)
            except InvalidId as exc:
                label = self.bill_message if exc.field == "bill_id" else self.payment_message
                self._show(label, str(exc))
        if pair != self.pair:
            self.pair = pair
            self.info = None
            self._describe()
        self._present()

    def _describe(self) -> None:
        if self._describe_job is not None:
            self._describe_job.cancel()
            self._describe_job = None
        if self.pair is None or self._ctx is None or self._user is None:
            return
        fn = partial(
            describe_bill, self._ctx.sessions, self._user, self.pair.bill_id, self.pair.payment_id
        )
        self._describe_job = run_in_background(fn, self._on_described, self._on_describe_failed)

    def _on_described(self, info: BillInfo) -> None:
        self._describe_job = None
        if self.pair is not None and info.bill_id == self.pair.bill_id:
            self.info = info
            self._present()

    def _on_describe_failed(self, error: Exception) -> None:
        self._describe_job = None
        log.warning("bill lookup failed: %r", error)

    def _terminal_ok(self) -> bool:
        return self.method() == "cash" or bool(self.terminal_edit.text().strip())

    def _present(self) -> None:
        pair = self.pair
        if pair is None:
            self.amount_label.setText("—")
            set_tone(self.amount_label, Tone.NONE)
            self.details_label.clear()
        else:
            self.amount_label.setText(format_rials(pair.amount_rials))
            set_tone(self.amount_label, Tone.ERROR)
            parts = [self.tr("Service: %1").replace("%1", pair.service.title)]
            info = self.info
            if info is not None and info.subscriber_name:
                parts.append(
                    self.tr("Subscriber: %1 (subscription %2)")
                    .replace("%1", info.subscriber_name)
                    .replace("%2", to_persian_digits(info.subscription_no or ""))
                )
            elif info is not None:
                parts.append(self.tr("The subscriber is not in this desk's data."))
            if info is not None and info.paid_here:
                parts.append(self.tr("This bill has already been paid at this desk."))
            self.details_label.setText(" — ".join(parts))
            set_tone(self.details_label, Tone.PENDING if info and info.paid_here else Tone.NONE)
        ready = (
            pair is not None
            and self._terminal_ok()
            and self._ctx is not None
            and self._pay_job is None
        )
        self.pay_button.setEnabled(ready)

    # Paying ----------------------------------------------------------------------------------

    def confirm_key(self) -> None:
        """F10: ask for confirmation, or confirm when already asked."""
        if self.confirm_frame.isVisible():
            self.confirm()
        else:
            self.ask()

    @Slot()
    def ask(self) -> None:
        """Show exactly what will be recorded; nothing is recorded yet."""
        if self.pair is None:
            (self.payment_edit if self.bill_edit.text().strip() else self.bill_edit).setFocus()
            return
        if not self._terminal_ok():
            self._show(self.result_label, self.tr("Enter the terminal's reference number."))
            self.terminal_edit.setFocus()
            return
        if not self.pay_button.isEnabled():
            return
        methods = {"cash": self.tr("cash"), "card": self.tr("bank card"), "pos": self.tr("POS")}
        self.confirm_label.setText(
            self.tr("Record %1 paid by %2 for bill %3, payment %4?")
            .replace("%1", format_rials(self.pair.amount_rials))
            .replace("%2", methods[self.method()])
            .replace("%3", to_persian_digits(self.pair.bill_id))
            .replace("%4", to_persian_digits(self.pair.payment_id))
        )
        self.confirm_frame.show()
        self.confirm_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def cancel_confirmation(self) -> None:
        if self.confirm_frame.isVisible():
            self.confirm_frame.hide()
            self.pay_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def confirm(self) -> None:
        if self.pair is None or self._ctx is None or self._pay_job is not None:
            return
        self.confirm_frame.hide()
        terminal = self.terminal_edit.text().strip() if self.method() != "cash" else None
        fn = partial(
            record_bill_payment,
            self._ctx.sessions,
            bill_id=self.pair.bill_id,
            payment_id=self.pair.payment_id,
            method=self.method(),  # type: ignore[arg-type]
            terminal_ref=terminal,
            who=self._user,
        )
        self._show(self.result_label, self.tr("Recording the payment…"), Tone.PENDING)
        self._pay_job = run_in_background(fn, self._on_paid, self._on_pay_failed)
        self._present()

    def is_busy(self) -> bool:
        return self._pay_job is not None

    def _on_paid(self, payment: Payment) -> None:
        self._pay_job = None
        self.last_payment = payment
        self._show(
            self.result_label,
            self.tr("Recorded: %1 for bill %2. Receipt number %3.")
            .replace("%1", format_rials(payment.amount_rials))
            .replace("%2", to_persian_digits(payment.bill_id))
            .replace("%3", payment.uuid[:8].upper()),
            Tone.OK,
        )
        self.print_button.setEnabled(callable(self._print_receipt))
        self.paid.emit(payment)
        result = self.result_label.text()
        self.clear()
        self._show(self.result_label, result, Tone.OK)  # the next bill may be typed at once

    def _on_pay_failed(self, error: Exception) -> None:
        self._pay_job = None
        if isinstance(error, KNOWN_ERRORS):
            text = str(error)
        else:
            log.error("recording a payment failed: %r", error)
            text = self.tr(
                "The payment was NOT recorded: the database could not be written. "
                "Try again; if it keeps failing, tell your supervisor."
            )
        self._show(self.result_label, text)
        self._present()

    @Slot()
    def _print(self) -> None:
        if callable(self._print_receipt) and self.last_payment is not None:
            self._print_receipt(self.last_payment.uuid)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.confirm_frame.isVisible():
            self.cancel_confirmation()
            return
        super().keyPressEvent(event)

"""The subscriber file: a header card with the debt in large type, the actions, and tabs.

The file is read by ``services.subscriber_file.load_file`` on the worker lane. The actions
follow UX.md's keys: F7 meter reading and F6 print latest bill come from the window's actions
(the page forwards them to :meth:`SubscriberFileView.run_action`); Esc goes back to the results.
Taking a payment and printing are other areas' work: they are reached through
``env.extras["open_payment"]`` and ``env.extras["print_bill"]`` when the shell provides them,
and the buttons stay disabled, with a tooltip saying why, when it does not.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pishkhan.domain.persian import to_persian_digits
from pishkhan.services.auth import Permission
from pishkhan.services.sms import QueuedSms, SmsRefused, queue_bill_sms
from pishkhan.services.subscriber_file import SubscriberFile, load_file
from pishkhan.ui.env import PageEnv
from pishkhan.ui.formatting import format_rials
from pishkhan.ui.lookup.file_tabs import BillTab, ConsumptionTab, PaymentsTab, RequestsTab, jdate
from pishkhan.ui.lookup.histories import HistoriesView
from pishkhan.ui.lookup.reading_dialog import ReadingDialog
from pishkhan.ui.widgets import Tone, set_tone
from pishkhan.ui.worker import Job, run_in_background

log = logging.getLogger(__name__)


def _key(env: PageEnv, action_id: str, default: str) -> str:
    if env.actions is not None and action_id in env.actions:
        text = env.actions.shortcut(action_id).toString(QKeySequence.SequenceFormat.NativeText)
        return text or default
    return default


class SubscriberFileView(QWidget):
    back_requested = Signal()
    loaded = Signal()

    def __init__(self, env: PageEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("subscriberFile")
        self.env = env
        self.file: SubscriberFile | None = None
        self._seq = 0
        self._job: Job[Any] | None = None
        self.dialog: ReadingDialog | None = None
        self._notice = ""  # shown once the file has been read again (after a reading)

        card = QFrame(self)
        card.setObjectName("figureCard")
        self.name = QLabel(card)
        self.name.setObjectName("fileName")
        big = self.name.font()
        big.setPointSizeF(big.pointSizeF() * 1.3)
        big.setBold(True)
        self.name.setFont(big)
        self.debt = QLabel(card)
        self.debt.setObjectName("fileDebt")
        huge = self.debt.font()
        huge.setPointSizeF(huge.pointSizeF() * 1.6)
        huge.setBold(True)
        self.debt.setFont(huge)
        self.ids = QLabel(card)
        self.address = QLabel(card)
        self.address.setWordWrap(True)
        self.meter = QLabel(card)
        self.message = QLabel(card)
        self.message.setObjectName("fileMessage")
        self.message.setWordWrap(True)
        grid = QGridLayout(card)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.name, 0, 0)
        grid.addWidget(self.debt, 0, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.ids, 1, 0)
        grid.addWidget(self.address, 2, 0, 1, 2)
        grid.addWidget(self.meter, 3, 0, 1, 2)
        grid.addWidget(self.message, 4, 0, 1, 2)
        grid.setColumnStretch(0, 1)

        self.reading_button = QPushButton(
            self.tr("Meter reading (%1)").replace("%1", _key(env, "meter_reading", "F7")), self
        )
        self.reading_button.clicked.connect(self.open_reading_dialog)
        self.pay_button = QPushButton(self.tr("Take payment"), self)
        self.pay_button.clicked.connect(self.take_payment)
        self.print_button = QPushButton(
            self.tr("Print latest bill (%1)").replace("%1", _key(env, "print_bill", "F6")), self
        )
        self.print_button.clicked.connect(self.print_bill)
        self.request_button = QPushButton(self.tr("New request"), self)
        self.request_button.clicked.connect(self.open_request_dialog)
        self.sms_button = QPushButton(self.tr("Send bill by SMS"), self)
        self.sms_button.clicked.connect(self.send_bill_sms)
        self._sms_job: Job[Any] | None = None
        self.back_button = QPushButton(self.tr("Back to results (Esc)"), self)
        self.back_button.clicked.connect(self.back_requested)
        actions = QHBoxLayout()
        for button in (
            self.reading_button,
            self.pay_button,
            self.print_button,
            self.request_button,
            self.sms_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.back_button)

        self.tabs = QTabWidget(self)
        self.bill_tab = BillTab(self)
        self.consumption_tab = ConsumptionTab(self)
        self.payments_tab = PaymentsTab(self)
        self.requests_tab = RequestsTab(self)
        self.history = HistoriesView(env, self)
        self.tabs.addTab(self.bill_tab, self.tr("Latest bill"))
        self.tabs.addTab(self.consumption_tab, self.tr("Consumption"))
        self.tabs.addTab(self.payments_tab, self.tr("Payments"))
        self.tabs.addTab(self.requests_tab, self.tr("Requests"))
        self.tabs.addTab(self.history, self.tr("Reports by period"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(card)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.back_requested)
        self._update_actions()

    # -- loading ---------------------------------------------------------------------------------

    def load(self, subscriber_id: int) -> None:
        ctx = self.env.ctx
        if ctx is None:
            return
        self._seq += 1
        seq = self._seq
        if self._job is not None:
            self._job.cancel()
        user = self.env.extras.get("user")
        tariff = ctx.config.tariff
        self._say(self.tr("Loading the file…"), Tone.PENDING)

        def job() -> tuple[int, SubscriberFile]:
            with ctx.sessions() as session:
                return seq, load_file(session, user, subscriber_id, tariff)

        self._job = run_in_background(job, self._on_loaded, self._on_error)

    def reload(self) -> None:
        if self.file is not None:
            self.load(self.file.subscriber_id)

    @Slot(object)
    def _on_loaded(self, answer: tuple[int, SubscriberFile]) -> None:
        seq, file = answer
        if seq != self._seq:
            return
        self._job = None
        self.file = file
        self._show(file)
        self.loaded.emit()

    @Slot(object)
    def _on_error(self, error: Exception) -> None:
        self._job = None
        self._say(str(error) or type(error).__name__, Tone.ERROR)

    def _show(self, f: SubscriberFile) -> None:
        fa = to_persian_digits
        self.name.setText(
            f.full_name
            + (self.tr(" (child of %1)").replace("%1", f.father_name) if f.father_name else "")
        )
        self.ids.setText(
            self.tr("Subscription %1 — computer code %2 — bill ID %3")
            .replace("%1", fa(f.subscription_no))
            .replace("%2", fa(f.computer_code))
            .replace("%3", fa(f.bill_id))
        )
        self.address.setText(
            self.tr("%1, %2 — postal code %3 — %4, %5 unit(s)")
            .replace("%1", f.city)
            .replace("%2", f.address)
            .replace("%3", fa(f.postal_code) or "—")
            .replace("%4", f.use_title)
            .replace("%5", fa(f.units))
        )
        last = (
            self.tr("last reading %1 on %2")
            .replace("%1", fa(str(f.last_reading)))
            .replace("%2", jdate(f.last_read_on).text)
            if f.last_reading is not None and f.last_read_on is not None
            else self.tr("no reading yet")
        )
        self.meter.setText(
            self.tr("Meter %1 (%2 digits), connection %3″%4 — %5")
            .replace("%1", f.meter_serial or "—")
            .replace("%2", fa(f.meter_digits))
            .replace("%3", fa(f.water_diameter))
            .replace("%4", self.tr(", with sewer") if f.has_sewer else "")
            .replace("%5", last)
        )
        if f.balance_rials > 0:
            self.debt.setText(self.tr("Debt: %1").replace("%1", format_rials(f.balance_rials)))
            set_tone(self.debt, Tone.ERROR)
        else:
            self.debt.setText(self.tr("No debt"))
            set_tone(self.debt, Tone.OK)
        self.bill_tab.show_bill(f.latest_bill)
        self.consumption_tab.show_rows(f.consumption)
        self.payments_tab.show_rows(f.payments)
        self.requests_tab.show_rows(f.open_requests)
        self.history.set_subscriber(f.subscriber_id, f.full_name)
        if f.status != "active":
            self._say(
                self.tr("This subscription is not active (%1).").replace("%1", f.status),
                Tone.PENDING,
            )
        else:
            self._say("")
        if self._notice:
            self._say(self._notice, Tone.PENDING)
            self._notice = ""
        self._update_actions()

    def _say(self, text: str, tone: Tone = Tone.NONE) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_tone(self.message, tone)

    # -- actions ---------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        f = self.file
        user = self.env.extras.get("user")
        may = getattr(user, "may", None)

        def allowed(permission: Permission) -> bool:
            return bool(may and may(permission))

        self.reading_button.setVisible(allowed(Permission.READING))
        self.reading_button.setEnabled(f is not None and f.meter_digits > 0)
        self.pay_button.setVisible(allowed(Permission.PAYMENT))
        payable = f is not None and f.latest_bill is not None and f.latest_bill.status == "issued"
        payable = payable and bool(f and f.latest_bill and f.latest_bill.payment_id)
        has_pay = callable(self.env.extras.get("open_payment"))
        self.pay_button.setEnabled(payable and has_pay)
        self.pay_button.setToolTip(
            "" if has_pay else self.tr("The payment form is not available on this desk yet.")
        )
        self.print_button.setVisible(allowed(Permission.PRINT_BILL))
        has_print = callable(self.env.extras.get("print_bill"))
        self.print_button.setEnabled(has_print and f is not None and f.latest_bill is not None)
        self.print_button.setToolTip(
            "" if has_print else self.tr("Printing is not available on this desk yet.")
        )
        self._update_sms_button(allowed(Permission.SEND_SMS))
        self.request_button.setVisible(allowed(Permission.REQUEST))
        self.request_button.setEnabled(f is not None and self.env.ctx is not None)

    def run_action(self, action_id: str) -> None:
        """A window action (function key) while the file is shown."""
        if (
            action_id == "meter_reading"
            and self.reading_button.isEnabled()
            and self.reading_button.isVisible()
        ):
            self.open_reading_dialog()
        elif action_id == "print_bill" and self.print_button.isEnabled():
            self.print_bill()
        elif (
            action_id == "new_request"
            and self.request_button.isEnabled()
            and self.request_button.isVisible()
        ):
            self.open_request_dialog()

    @Slot()
    def open_reading_dialog(self) -> None:
        if self.file is None or self.env.ctx is None:
            return
        self.dialog = ReadingDialog(self.env, self.file, self)
        self.dialog.recorded.connect(self._on_recorded)
        self.dialog.open()

    @Slot(object)
    def _on_recorded(self, result: Any) -> None:
        if self.dialog is not None:
            self._notice = self.dialog.summary()
        self.reload()

    @Slot()
    def open_request_dialog(self) -> None:
        """The "New request" dialog for this subscriber; the Requests tab shows the new one."""
        from pishkhan.ui.requests.new_request import NewRequestDialog

        if self.file is None or self.env.ctx is None:
            return
        self.request_dialog = NewRequestDialog(self.env, self.file, self)
        self.request_dialog.registered.connect(self._on_request_registered)
        self.request_dialog.open()

    @Slot(object)
    def _on_request_registered(self, done: Any) -> None:
        self._notice = self.tr("Request registered with tracking code %1.").replace(
            "%1", to_persian_digits(done.tracking_code)
        )
        self.tabs.setCurrentWidget(self.requests_tab)
        self.reload()

    def _update_sms_button(self, visible: bool) -> None:
        f = self.file
        self.sms_button.setVisible(visible)
        if f is not None and f.latest_bill is None:
            why = self.tr("This subscriber has no bill to send.")
        elif f is not None and not f.mobile:
            why = self.tr("No mobile number is recorded for this subscriber.")
        else:
            why = ""
        ready = f is not None and not why and self.env.ctx is not None
        self.sms_button.setEnabled(ready and self._sms_job is None)
        self.sms_button.setToolTip(
            why
            or self.tr("Ask the central system to text the latest bill to %1.").replace(
                "%1", to_persian_digits(f.mobile) if f is not None else ""
            )
        )

    @Slot()
    def send_bill_sms(self) -> None:
        """Queue "text the latest bill" for the central system (off the GUI thread)."""
        f, ctx = self.file, self.env.ctx
        if f is None or ctx is None or self._sms_job is not None:
            return
        user = self.env.extras.get("user")
        subscriber_id = f.subscriber_id
        self.sms_button.setEnabled(False)

        def job() -> QueuedSms:
            return queue_bill_sms(ctx, user, subscriber_id)

        self._sms_job = run_in_background(job, self._on_sms_queued, self._on_sms_failed)

    @Slot(object)
    def _on_sms_queued(self, queued: QueuedSms) -> None:
        self._sms_job = None
        self._say(
            self.tr("Bill SMS to %1 queued; it goes to the central system when connected.").replace(
                "%1", to_persian_digits(queued.mobile)
            ),
            Tone.PENDING,
        )
        self._update_actions()

    @Slot(object)
    def _on_sms_failed(self, error: Exception) -> None:
        self._sms_job = None
        recent = isinstance(error, SmsRefused) and error.recent
        self._say(str(error) or type(error).__name__, Tone.PENDING if recent else Tone.ERROR)
        self._update_actions()

    @Slot()
    def take_payment(self) -> None:
        f = self.file
        opener = self.env.extras.get("open_payment")
        if f is not None and f.latest_bill is not None and callable(opener):
            opener(f.latest_bill.bill_id, f.latest_bill.payment_id)

    @Slot()
    def print_bill(self) -> None:
        printer = self.env.extras.get("print_bill")
        if self.file is not None and callable(printer):
            printer(self.file.subscription_no)

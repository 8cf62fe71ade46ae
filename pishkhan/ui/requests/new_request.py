"""The "New request" dialog of a subscriber's file: an after-sales request at the counter.

The clerk picks the service (the list and fees come from ``services.requests.request_options``
on the database lane), attaches every required document (scanned with the scan dialog or
imported from a file), checks the applicant — prefilled from the file and validated as typed,
with the Persian message next to the field — and registers. Registration runs on the database
lane; then the dialog shows the tracking code in large Persian digits and offers the request
receipt (``services.reports.request_receipt`` printed through the desk's printing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pishkhan.domain.ids import InvalidId, parse_mobile, parse_national_code
from pishkhan.domain.persian import to_persian_digits
from pishkhan.domain.requests import RequestType
from pishkhan.services.requests import (
    NAME_CHANGE,
    Applicant,
    Registered,
    RequestOption,
    register_request,
    request_options,
)
from pishkhan.services.subscriber_file import SubscriberFile
from pishkhan.ui.env import PageEnv
from pishkhan.ui.formatting import format_rials
from pishkhan.ui.requests.documents import DocumentsList
from pishkhan.ui.widgets import Tone, make_ltr, set_tone
from pishkhan.ui.worker import Job, run_in_background

log = logging.getLogger(__name__)


class NewRequestDialog(QDialog):
    registered = Signal(object)  # services.requests.Registered

    def __init__(self, env: PageEnv, file: SubscriberFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newRequestDialog")
        self.setWindowTitle(self.tr("New request — %1").replace("%1", file.full_name))
        self.resize(840, 640)
        self.env = env
        self.file = file
        self.options: list[RequestOption] = []
        self.outcome: Registered | None = None
        self._job: Job[Any] | None = None
        ctx = env.ctx

        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("requestType")
        self.type_combo.currentIndexChanged.connect(self._on_type_changed)
        self.name_change = QCheckBox(self.tr("The subscriber's name changes"), self)
        self.name_change.setVisible(False)
        self.description = QLineEdit(self)
        self.description.setObjectName("requestDescription")
        self.description.setMaxLength(300)
        self.description.setPlaceholderText(self.tr("What the subscriber asks for (optional)"))
        self.documents = DocumentsList(ctx.paths.root if ctx is not None else None, self)
        self.documents.changed.connect(self._validate)
        self.documents.scan_requested.connect(self.scan_document)
        docs_box = QGroupBox(self.tr("Required documents"), self)
        QVBoxLayout(docs_box).addWidget(self.documents)

        self.applicant_name = QLineEdit(file.full_name, self)
        self.applicant_name.setObjectName("applicantName")
        self.name_error = QLabel(self)
        self.national_code = make_ltr(QLineEdit(to_persian_digits(file.national_code), self))
        self.national_code.setObjectName("applicantNationalCode")
        self.national_code_error = QLabel(self)
        self.national_code_error.setObjectName("applicantNationalCodeError")
        self.mobile = make_ltr(QLineEdit(to_persian_digits(file.mobile), self))
        self.mobile.setObjectName("applicantMobile")
        self.mobile_error = QLabel(self)
        self.mobile_error.setObjectName("applicantMobileError")
        for edit in (self.applicant_name, self.national_code, self.mobile):
            edit.textChanged.connect(self._validate)
        applicant_box = QGroupBox(self.tr("Applicant"), self)
        applicant = QFormLayout(applicant_box)
        applicant.addRow(
            self.tr("Full name"), self._with_message(self.applicant_name, self.name_error)
        )
        applicant.addRow(
            self.tr("National code"),
            self._with_message(self.national_code, self.national_code_error),
        )
        applicant.addRow(self.tr("Mobile"), self._with_message(self.mobile, self.mobile_error))

        self.fee = QLabel(self)
        self.fee.setObjectName("requestFee")
        self.fee.setWordWrap(True)
        bold = self.fee.font()
        bold.setBold(True)
        self.fee.setFont(bold)
        self.message = QLabel(self)
        self.message.setObjectName("requestMessage")
        self.message.setWordWrap(True)
        self.register_button = QPushButton(self.tr("Register"), self)
        self.register_button.setObjectName("registerRequest")
        self.register_button.setDefault(True)
        self.register_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fee, 1)
        buttons.addWidget(self.register_button)
        buttons.addWidget(cancel)

        form_page = QWidget(self)
        kind = QFormLayout()
        kind.addRow(self.tr("Service"), self.type_combo)
        kind.addRow("", self.name_change)
        kind.addRow(self.tr("Description"), self.description)
        page = QVBoxLayout(form_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addLayout(kind)
        page.addWidget(docs_box)
        page.addWidget(applicant_box)
        page.addStretch(1)
        page.addWidget(self.message)
        page.addLayout(buttons)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(form_page)
        self.stack.addWidget(self._done_page())
        QVBoxLayout(self).addWidget(self.stack)
        self._say("")
        self._validate()
        self._load_options()

    def _with_message(self, edit: QLineEdit, message: QLabel) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        message.setWordWrap(True)
        row.addWidget(message, 1)
        return box

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        heading = QLabel(self.tr("The request is registered. Tracking code:"), page)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tracking = QLabel(page)
        self.tracking.setObjectName("trackingCode")
        self.tracking.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tracking.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        huge = self.tracking.font()
        huge.setPointSizeF(huge.pointSizeF() * 2.6)
        huge.setBold(True)
        self.tracking.setFont(huge)
        self.done_fee = QLabel(page)
        self.done_fee.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_message = QLabel(page)
        self.done_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_message.setWordWrap(True)
        self.print_button = QPushButton(self.tr("Print the request receipt"), page)
        self.print_button.setObjectName("printRequestReceipt")
        self.print_button.clicked.connect(self.print_receipt)
        close = QPushButton(self.tr("Close"), page)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addWidget(self.tracking)
        layout.addWidget(self.done_fee)
        layout.addWidget(self.done_message)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return page

    # -- the request types ------------------------------------------------------------------------

    def _load_options(self) -> None:
        ctx = self.env.ctx
        if ctx is None:
            return
        user, sid = self.env.extras.get("user"), self.file.subscriber_id
        self._say(self.tr("Loading the services…"), Tone.PENDING)
        self._run(lambda: request_options(ctx, user, sid), self._on_options)

    @Slot(object)
    def _on_options(self, options: list[RequestOption]) -> None:
        self._job = None
        self._say("")
        self.options = options
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        for option in options:
            self.type_combo.addItem(option.title, option.type)
        self.type_combo.setCurrentIndex(-1)
        self.type_combo.blockSignals(False)
        self.type_combo.setPlaceholderText(self.tr("Choose the service"))
        self._validate()

    def option(self) -> RequestOption | None:
        index = self.type_combo.currentIndex()
        return self.options[index] if 0 <= index < len(self.options) else None

    def choose(self, request_type: RequestType) -> None:
        self.type_combo.setCurrentIndex(self.type_combo.findData(request_type))

    @Slot(int)
    def _on_type_changed(self, _index: int) -> None:
        option = self.option()
        self.name_change.setVisible(
            option is not None and option.type is RequestType.CHANGE_SUBSCRIBER_DETAILS
        )
        self.documents.set_requirements(option.requirements if option else ())
        if option is None:
            self.fee.clear()
        else:
            self.fee.setText(
                self.tr("Fee %1 + counter fee %2 = %3")
                .replace("%1", format_rials(option.fee.service_fee_rials))
                .replace("%2", format_rials(option.fee.counter_fee_rials))
                .replace("%3", format_rials(option.fee.total_rials))
            )
        self._validate()

    # -- documents --------------------------------------------------------------------------------

    @Slot(int)
    def scan_document(self, index: int) -> None:
        from pishkhan.ui.scan.dialog import ScanDialog

        ctx = self.env.ctx
        if ctx is None or not 0 <= index < len(self.documents.rows):
            return
        kind = self.documents.rows[index].chosen_kind()
        dialog = ScanDialog(
            kind, self, documents_dir=ctx.paths.documents, pdfa=ctx.config.scan_pdfa
        )

        def scanned() -> None:
            pdf = dialog.result_pdf()
            if pdf is not None:
                self.documents.attach(index, pdf, move=True)

        dialog.accepted.connect(scanned)
        dialog.open()

    # -- validation as typed ----------------------------------------------------------------------

    def applicant(self) -> Applicant:
        return Applicant(self.applicant_name.text(), self.national_code.text(), self.mobile.text())

    @Slot()
    def _validate(self) -> bool:
        ok_name = self._check(self.name_error, self._name_problem())
        ok_code = self._check(self.national_code_error, self._id_problem(self.national_code, True))
        ok_mobile = self._check(self.mobile_error, self._id_problem(self.mobile, False))
        ready = (
            self.option() is not None
            and self.documents.complete()
            and ok_name
            and ok_code
            and ok_mobile
        )
        self.register_button.setEnabled(ready and self._job is None and self.env.ctx is not None)
        return ready

    def _name_problem(self) -> str:
        return (
            ""
            if len(" ".join(self.applicant_name.text().split())) >= 2
            else self.tr("Write the applicant's name.")
        )

    def _id_problem(self, edit: QLineEdit, required: bool) -> str:
        text = edit.text().strip()
        if not text:
            return self.tr("Required.") if required else ""
        parse = parse_national_code if edit is self.national_code else parse_mobile
        try:
            parse(text)
        except InvalidId as exc:
            return str(exc)
        return ""

    def _check(self, label: QLabel, problem: str) -> bool:
        label.setText(problem)
        set_tone(label, Tone.ERROR if problem else Tone.NONE)
        return not problem

    def _say(self, text: str, tone: Tone = Tone.NONE) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_tone(self.message, tone)

    # -- registering ------------------------------------------------------------------------------

    @Slot()
    def submit(self) -> None:
        ctx, option = self.env.ctx, self.option()
        if ctx is None or option is None or self._job is not None or not self._validate():
            return
        user, sid = self.env.extras.get("user"), self.file.subscriber_id
        rtype, documents, applicant = option.type, self.documents.attached(), self.applicant()
        details: dict[str, str | int | bool] = {}
        if self.description.text().strip():
            details["description"] = " ".join(self.description.text().split())
        if rtype is RequestType.CHANGE_SUBSCRIBER_DETAILS:
            details[NAME_CHANGE] = self.name_change.isChecked()
        self._say(self.tr("Registering…"), Tone.PENDING)
        self._run(
            lambda: register_request(ctx, user, sid, rtype, details, documents, applicant),
            self._on_registered,
        )
        self._validate()

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self._job = run_in_background(fn, on_done, self._on_error)

    @Slot(object)
    def _on_registered(self, done: Registered) -> None:
        self._job = None
        self.outcome = done
        self.documents.keep_all()
        self.tracking.setText(to_persian_digits(done.tracking_code))
        self.done_fee.setText(
            self.tr("To collect: %1").replace("%1", format_rials(done.fee.total_rials))
        )
        printing = self.env.extras.get("printing")
        self.print_button.setEnabled(printing is not None)
        self.print_button.setToolTip(
            "" if printing is not None else self.tr("Printing is not available on this desk.")
        )
        self.stack.setCurrentIndex(1)
        self.registered.emit(done)

    @Slot(object)
    def _on_error(self, error: Exception) -> None:
        self._job = None
        self._say(str(error) or type(error).__name__, Tone.ERROR)
        self._validate()

    # -- the receipt ------------------------------------------------------------------------------

    @Slot()
    def print_receipt(self) -> None:
        printing, ctx, done = self.env.extras.get("printing"), self.env.ctx, self.outcome
        if printing is None or ctx is None or done is None:
            return
        from pishkhan.printing.receipts import RequestReceiptLayout
        from pishkhan.services.reports import request_receipt

        page, code = printing.receipt_page(), done.tracking_code

        def build() -> RequestReceiptLayout:
            with ctx.sessions() as session:
                return RequestReceiptLayout(request_receipt(session, ctx.config, code), page)

        self.done_message.setText(self.tr("Preparing the receipt…"))
        run_in_background(build, self._send_receipt, self._on_receipt_error)

    def _send_receipt(self, layout: Any) -> None:
        printing = self.env.extras.get("printing")
        if not shiboken6.isValid(self) or printing is None:
            return
        if QPrinterInfo.availablePrinterNames():
            printing.controller.print_direct(layout)
            self.done_message.setText(self.tr("The receipt was sent to the printer."))
        else:  # no printer: the preview still shows it (and can save a PDF)
            printing.controller.preview(layout, self)
            self.done_message.setText(self.tr("No printer is installed: showing the receipt."))

    def _on_receipt_error(self, error: Exception) -> None:
        log.warning("request receipt: %s", error)
        if shiboken6.isValid(self):
            self.done_message.setText(
                self.tr("The receipt could not be prepared: %1").replace("%1", str(error))
            )

    def done(self, result: int) -> None:
        """Closing without registering forgets the files attached meanwhile."""
        if self.outcome is None:
            self.documents.forget_all()
        super().done(result)

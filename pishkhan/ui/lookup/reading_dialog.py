"""Registering a meter reading: validated as typed, messages next to the fields.

The figure is checked while it is typed against the previous reading and the meter's digit
count (the consumption, or the rollover, is shown at once). An implausible jump is not a
message box: the service's question appears in the dialog in amber, and the Record button
becomes "Confirm and record"; changing the figure withdraws the confirmation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pishkhan.domain.persian import clean_number_input, to_persian_digits
from pishkhan.services.readings import (
    NeedsConfirmation,
    ReadingRefused,
    ReadingResult,
    consumption_with_rollover,
    hard_cap_m3,
    record_reading,
)
from pishkhan.services.subscriber_file import SubscriberFile
from pishkhan.ui.env import PageEnv
from pishkhan.ui.formatting import format_number, format_rials
from pishkhan.ui.kit.jalali import JalaliDateEdit
from pishkhan.ui.lookup.file_tabs import jdate
from pishkhan.ui.widgets import Tone, make_ltr, set_tone
from pishkhan.ui.worker import Job, run_in_background


class ReadingDialog(QDialog):
    recorded = Signal(object)  # ReadingResult

    def __init__(self, env: PageEnv, file: SubscriberFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingDialog")
        self.setWindowTitle(self.tr("Meter reading — %1").replace("%1", file.full_name))
        self.env = env
        self.file = file
        self.confirming = False
        self.outcome: ReadingResult | None = None
        self._job: Job[Any] | None = None
        self.today = dt.date.today()

        previous = (
            self.tr("%1 on %2")
            .replace("%1", to_persian_digits(str(file.last_reading)))
            .replace("%2", jdate(file.last_read_on).text)
            if file.last_reading is not None and file.last_read_on is not None
            else self.tr("none")
        )
        self.previous = QLabel(previous, self)
        self.value = make_ltr(QLineEdit(self))
        self.value.setObjectName("readingValue")
        self.value.setPlaceholderText("0" * max(1, file.meter_digits))
        self.value.textChanged.connect(self._on_value_changed)
        self.value_error = QLabel(self)
        self.value_error.setObjectName("readingValueError")
        self.value_error.setWordWrap(True)
        self.date = JalaliDateEdit(self.today, self)
        self.date.setObjectName("readingDate")
        self.date.date_changed.connect(self._on_date_changed)
        self.date.edit.textEdited.connect(self._on_value_changed)
        self.date_error = QLabel(self)
        self.date_error.setObjectName("readingDateError")
        self.question = QLabel(self)
        self.question.setObjectName("readingQuestion")
        self.question.setWordWrap(True)
        set_tone(self.question, Tone.PENDING)
        self.question.hide()
        self.buttons = QDialogButtonBox(self)
        self.record_button = QPushButton(self.tr("Record"), self)
        self.record_button.setDefault(True)
        self.buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Previous reading"), self.previous)
        form.addRow(
            self.tr("Meter (%1 digits)").replace("%1", to_persian_digits(file.meter_digits)),
            self.value,
        )
        form.addRow("", self.value_error)
        form.addRow(self.tr("Read on"), self.date)
        form.addRow("", self.date_error)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.question)
        layout.addWidget(self.buttons)
        self._validate()

    # -- validation as typed -----------------------------------------------------------------------

    def parsed_value(self) -> int | None:
        text = clean_number_input(self.value.text())
        return int(text) if text.isascii() and text.isdigit() else None

    @Slot(str)
    def _on_value_changed(self, _text: str) -> None:
        self._validate()

    @Slot(object)
    def _on_date_changed(self, _value: object) -> None:
        self._validate()

    def _validate(self) -> bool:
        if self.confirming:
            self.confirming = False
            self.question.clear()
            self.question.hide()
            self.record_button.setText(self.tr("Record"))
        ok_value = self._check_value()
        ok_date = self._check_date()
        self.record_button.setEnabled(ok_value and ok_date and self._job is None)
        return ok_value and ok_date

    def _check_value(self) -> bool:
        f = self.file
        raw = self.value.text().strip()
        value = self.parsed_value()
        top = 10**f.meter_digits - 1
        if not raw:
            return self._value_says(self.tr("Type the figure on the meter."), Tone.NONE, False)
        if value is None:
            return self._value_says(self.tr("Only digits, please."), Tone.ERROR, False)
        if value > top:
            return self._value_says(
                self.tr("This meter has %1 digits: at most %2.")
                .replace("%1", to_persian_digits(f.meter_digits))
                .replace("%2", to_persian_digits(top)),
                Tone.ERROR,
                False,
            )
        if f.last_reading is None:
            return self._value_says("", Tone.NONE, True)
        used, rolled = consumption_with_rollover(f.last_reading, value, f.meter_digits)
        days = max(1, (self.date.value() - (f.last_read_on or self.date.value())).days)
        if rolled and used > hard_cap_m3(f.units, days):
            return self._value_says(
                self.tr(
                    "Lower than the previous reading (%1) and not a rollover: read the meter again."
                ).replace("%1", to_persian_digits(str(f.last_reading))),
                Tone.ERROR,
                False,
            )
        text = self.tr("Consumption: %1 m³").replace("%1", format_number(used))
        if rolled:
            text = self.tr("The meter rolled over: consumption %1 m³").replace(
                "%1", format_number(used)
            )
        return self._value_says(text, Tone.PENDING if rolled else Tone.OK, True)

    def _value_says(self, text: str, tone: Tone, ok: bool) -> bool:
        self.value_error.setText(text)
        set_tone(self.value_error, tone)
        return ok

    def _check_date(self) -> bool:
        read_on = self.date.value()
        message = ""
        if not self.date.is_valid():
            message = self.date.error
        elif read_on > self.today:
            message = self.tr("The reading date cannot be in the future.")
        elif self.file.last_read_on is not None and read_on <= self.file.last_read_on:
            message = self.tr("The reading date must be after the previous reading.")
        self.date_error.setText(message)
        set_tone(self.date_error, Tone.ERROR if message else Tone.NONE)
        return not message

    # -- recording -------------------------------------------------------------------------------

    @Slot()
    def submit(self) -> None:
        ctx = self.env.ctx
        if ctx is None or self._job is not None:
            return
        confirm = self.confirming
        if not confirm and not self._validate():
            return
        value = self.parsed_value()
        if value is None:
            return
        user = self.env.extras.get("user")
        sid, read_on, tariff = self.file.subscriber_id, self.date.value(), ctx.config.tariff

        def job() -> ReadingResult:
            with ctx.sessions() as session:
                return record_reading(session, user, sid, value, read_on, confirm, tariff=tariff)

        self.record_button.setEnabled(False)
        self._job = run_in_background(job, self._on_done, self._on_error)

    @Slot(object)
    def _on_done(self, result: ReadingResult) -> None:
        self._job = None
        self.outcome = result
        self.recorded.emit(result)
        self.accept()

    @Slot(object)
    def _on_error(self, error: Exception) -> None:
        self._job = None
        self.record_button.setEnabled(True)
        if isinstance(error, NeedsConfirmation):
            self.confirming = True
            self.question.setText(str(error))
            self.question.show()
            self.record_button.setText(self.tr("Confirm and record"))
            return
        if isinstance(error, ReadingRefused) and error.field == "read_on":
            self.date_error.setText(str(error))
            set_tone(self.date_error, Tone.ERROR)
            return
        self._value_says(str(error) or type(error).__name__, Tone.ERROR, False)

    def summary(self) -> str:
        """What was recorded, for the file's message line."""
        r = self.outcome
        if r is None:
            return ""
        text = self.tr("Reading %1 recorded: %2 m³; estimated bill %3 (until confirmed).")
        return (
            text.replace("%1", format_number(r.value))
            .replace("%2", format_number(r.consumption_m3))
            .replace("%3", format_rials(r.bill.payable_rials))
        )

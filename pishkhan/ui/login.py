"""Signing in: the sign-in form, the dialog shown before the main window, role titles.

The form checks the password on a worker (scrypt is deliberately slow, and the audit log is a
database write), so the window never freezes; the services' Persian message appears under the
fields. Usernames are ASCII: text typed while the keyboard is in the Persian layout
(«خحثقشفخق» for "operator") is read back as the keys that were pressed.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pishkhan.services.auth import Role, SignedIn, SignInError, normalize_username
from pishkhan.ui.widgets import Tone, make_ltr, set_tone
from pishkhan.ui.worker import Job, run_in_background

if TYPE_CHECKING:
    from pishkhan.services.context import AppContext

log = logging.getLogger(__name__)

# The standard Persian keyboard (ISIRI 9147): Persian letter -> the Latin key it sits on.
_PERSIAN_KEYS = str.maketrans(
    "ضصثقفغعهخحجچشسیبلاتنمکگظطزرذدپو",
    "qwertyuiop[]asdfghjkl;'zxcvbnm,",
)


def role_title(role: Role) -> str:
    """The role's name for the user, translated («اپراتور پیشخوان»)."""
    titles = {
        Role.OPERATOR: QCoreApplication.translate("Roles", "Counter operator"),
        Role.CLERK: QCoreApplication.translate("Roles", "Scanning clerk"),
        Role.MANAGER: QCoreApplication.translate("Roles", "Branch manager"),
        Role.ADMIN: QCoreApplication.translate("Roles", "Administrator"),
    }
    return titles.get(role, role.value)


def latin_username(text: str) -> str:
    """The username as typed, with Persian-layout letters turned back into their Latin keys."""
    name = normalize_username(text)
    if name and not any("a" <= ch <= "z" for ch in name):
        name = name.translate(_PERSIAN_KEYS)
    return name


class Authenticator(Protocol):
    """What the sign-in form needs; called on a worker thread (blocking is fine)."""

    def sign_in(self, username: str, password: str) -> SignedIn: ...

    def unlock(self, who: SignedIn, password: str) -> SignedIn: ...

    def record_lock(self, who: SignedIn, reason: str) -> None: ...

    def record_sign_out(self, who: SignedIn) -> None: ...


class StoreAuthenticator:
    """Signs in against the users of the local store (``services.auth``), one session a call."""

    def __init__(self, ctx: AppContext) -> None:
        self._ctx = ctx

    def sign_in(self, username: str, password: str) -> SignedIn:
        from pishkhan.services.auth import sign_in

        with self._ctx.sessions() as session:
            return sign_in(session, username, password)

    def unlock(self, who: SignedIn, password: str) -> SignedIn:
        from pishkhan.services.auth import unlock

        with self._ctx.sessions() as session:
            return unlock(session, who, password)

    def record_lock(self, who: SignedIn, reason: str) -> None:
        from pishkhan.services.auth import record_lock

        with self._ctx.sessions() as session:
            record_lock(session, who, reason)

    def record_sign_out(self, who: SignedIn) -> None:
        from pishkhan.services.auth import record_sign_out

        with self._ctx.sessions() as session:
            record_sign_out(session, who)


class SignInPanel(QFrame):
    """Username, password, a message line and the sign-in button.

    With ``locked_user`` it unlocks that user's desk when their username is given, and signs
    in anyone else (the window then decides what switching users means).
    """

    signed_in = Signal(object)  # SignedIn

    def __init__(
        self,
        authenticator: Authenticator,
        *,
        title: str,
        note: str = "",
        locked_user: SignedIn | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInPanel")
        self._auth = authenticator
        self.locked_user = locked_user
        self._job: Job[SignedIn] | None = None

        self.title_label = QLabel(title)
        self.title_label.setObjectName("pageTitle")
        self.note_label = QLabel(note)
        self.note_label.setObjectName("pageNote")
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(bool(note))
        self.username_edit = make_ltr(QLineEdit())
        self.username_edit.setObjectName("usernameEdit")
        self.username_edit.setMaxLength(64)
        self.password_edit = make_ltr(QLineEdit())
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(256)
        self.message_label = QLabel()
        self.message_label.setObjectName("signInMessage")
        self.message_label.setWordWrap(True)
        set_tone(self.message_label, Tone.ERROR)
        self.submit_button = QPushButton(self.tr("Sign in"))
        self.submit_button.setObjectName("signInButton")
        self.submit_button.setDefault(True)

        form = QFormLayout()
        form.addRow(self.tr("Username"), self.username_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(self.note_label)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)

        self.username_edit.returnPressed.connect(self._next_field)
        self.password_edit.returnPressed.connect(self.submit)
        self.submit_button.clicked.connect(self.submit)
        self.reset(locked_user.username if locked_user else "")

    def reset(self, username: str = "", message: str = "") -> None:
        """Ready for a new attempt: password cleared, focus where typing starts."""
        self.username_edit.setText(username)
        self.password_edit.clear()
        self.show_message(message)
        self._set_busy(False)
        (self.password_edit if username else self.username_edit).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def show_message(self, text: str, tone: Tone = Tone.ERROR) -> None:
        self.message_label.setText(text)
        set_tone(self.message_label, tone)
        self.message_label.setVisible(bool(text))

    def message(self) -> str:
        return self.message_label.text()

    def is_busy(self) -> bool:
        return self._job is not None

    @Slot()
    def _next_field(self) -> None:
        self.password_edit.setFocus(Qt.FocusReason.TabFocusReason)

    @Slot()
    def submit(self) -> None:
        if self._job is not None:
            return
        username = latin_username(self.username_edit.text())
        password = self.password_edit.text()
        if not username:
            self.show_message(self.tr("Enter your username."))
            self.username_edit.setFocus()
            return
        if not password:
            self.show_message(self.tr("Enter your password."))
            self.password_edit.setFocus()
            return
        self._set_busy(True)
        self.show_message(self.tr("Checking…"), Tone.PENDING)
        self._job = run_in_background(
            partial(self._attempt, username, password), self._on_signed_in, self._on_failed
        )

    def _attempt(self, username: str, password: str) -> SignedIn:  # on the worker
        if self.locked_user is not None and username == self.locked_user.username:
            return self._auth.unlock(self.locked_user, password)
        return self._auth.sign_in(username, password)

    def _on_signed_in(self, who: SignedIn) -> None:
        self._job = None
        self._set_busy(False)
        self.password_edit.clear()
        self.show_message("")
        self.signed_in.emit(who)

    def _on_failed(self, error: Exception) -> None:
        self._job = None
        self._set_busy(False)
        if isinstance(error, SignInError):
            text = str(error)
        else:
            log.error("signing in failed: %r", error)
            text = self.tr(
                "Signing in is not possible right now (the database could not be read). "
                "Try again; if it keeps failing, tell your supervisor."
            )
        self.password_edit.clear()
        self.show_message(text)
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.username_edit, self.password_edit, self.submit_button):
            widget.setEnabled(not busy)


class SignInDialog(QDialog):
    """Shown before the main window; ``user`` is set when it is accepted."""

    def __init__(
        self,
        authenticator: Authenticator,
        *,
        branch: str = "",
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(QCoreApplication.translate("Application", "Pishkhan"))
        self.user: SignedIn | None = None
        self.panel = SignInPanel(
            authenticator,
            title=self.tr("Sign in to the desk"),
            note=branch,
        )
        self.panel.signed_in.connect(self._on_signed_in)
        self.quit_button = QPushButton(self.tr("Quit"))
        self.quit_button.setObjectName("quitButton")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addLayout(row)
        self.setMinimumWidth(460)
        # Once the panel is in the dialog: focus given to a field of a parentless panel is lost
        # when it moves, and a remembered user should start typing the password.
        self.panel.reset(username)

    @Slot(object)
    def _on_signed_in(self, who: SignedIn) -> None:
        self.user = who
        self.accept()

    def reject(self) -> None:
        if not self.panel.is_busy():
            super().reject()

"""No input can crash the subscriber file's dialogs: random text in every field, Enter pressed.

The page-level fuzz test (tests/ui/test_robustness.py) reaches the fields of every page; the
meter reading and new request dialogs open over a subscriber's file, so they are driven here.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from pishkhan.services.auth import Role, SignedIn
from pishkhan.services.context import AppContext
from pishkhan.store.models import OutboxEntry, Reading, Request
from pishkhan.ui.env import PageEnv
from pishkhan.ui.lookup.file_view import SubscriberFileView
from pishkhan.ui.worker import wait_for_workers
from tests.ui.test_robustness import texts

MANAGER = SignedIn(user_id=3, username="manager", full_name="زهرا موسوی", role=Role.MANAGER)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _counts(ctx: AppContext) -> tuple[int, int, int]:
    with ctx.sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(Reading)) or 0,
            session.scalar(select(func.count()).select_from(Request)) or 0,
            session.scalar(select(func.count()).select_from(OutboxEntry)) or 0,
        )


def _file(qtbot: QtBot, ctx: AppContext) -> SubscriberFileView:
    view = SubscriberFileView(PageEnv(ctx=ctx, extras={"user": MANAGER}))
    qtbot.addWidget(view)
    view.show()
    view.load(1)
    qtbot.waitUntil(lambda: view.file is not None, timeout=10_000)
    return view


def _fuzz(dialog: QDialog, qtbot: QtBot, qapp: QApplication) -> None:
    edits = [e for e in dialog.findChildren(QLineEdit) if e.isVisible() and not e.isReadOnly()]
    assert edits

    @FUZZ
    @given(
        st.lists(
            st.tuples(st.integers(0, len(edits) - 1), texts, st.booleans()),
            min_size=1,
            max_size=6,
        )
    )
    def type_into_fields(steps: list[tuple[int, str, bool]]) -> None:
        for index, text, press_enter in steps:
            edit = edits[index]
            edit.setFocus()
            edit.selectAll()
            edit.insert(text)
            if press_enter:
                qtbot.keyClick(edit, Qt.Key.Key_Return)
            qapp.processEvents()

    type_into_fields()
    assert wait_for_workers(20_000)
    qapp.processEvents()


def test_random_text_in_the_reading_dialog_does_not_crash_or_record_nonsense(
    qapp: QApplication, qtbot: QtBot, ctx: AppContext
) -> None:
    view = _file(qtbot, ctx)
    before = _counts(ctx)
    view.open_reading_dialog()
    dialog = view.dialog
    assert dialog is not None
    _fuzz(dialog, qtbot, qapp)
    readings, _, outbox = _counts(ctx)
    # Whatever was accepted is a whole reading with its outbox row, never half of one.
    assert readings - before[0] == outbox - before[2]
    dialog.reject()


def test_random_text_in_the_new_request_dialog_does_not_crash_or_register(
    qapp: QApplication, qtbot: QtBot, ctx: AppContext
) -> None:
    view = _file(qtbot, ctx)
    before = _counts(ctx)
    view.open_request_dialog()
    dialog = view.request_dialog
    qtbot.waitUntil(lambda: dialog.type_combo.count() > 0, timeout=10_000)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.count() - 1)
    _fuzz(dialog, qtbot, qapp)
    # No document was attached: nothing can have been registered, whatever was typed.
    assert _counts(ctx) == before
    assert dialog.isVisible() and not dialog.register_button.isEnabled()
    dialog.reject()

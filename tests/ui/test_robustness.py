"""No input can crash the window: random text typed into every field of every page."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from pishkhan.services.context import AppContext
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.worker import wait_for_workers

from .conftest import user_of

WindowFactory = Callable[..., MainWindow]

# Digits of every set, Persian and Arabic letters, bidi and joiner marks, Latin, punctuation,
# spaces and control characters, besides whatever hypothesis draws from the whole of Unicode.
NASTY = (
    "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةۀ"
    "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069\ufeff"
    "abcXYZ-_/\\.,;:'\"()[]{}%$#@!?*+=<>|~` \t\n\r\x00\x7f٬٫،؛؟"
)
texts = st.one_of(
    st.text(alphabet=st.sampled_from(NASTY), max_size=40),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.just("9" * 200),
)


def line_edits(window: MainWindow) -> list[tuple[str, QLineEdit]]:
    """Every line edit of every page (and the top bar's search box), with its page id."""
    found: list[tuple[str, QLineEdit]] = [("desk", window.top_bar.search_box)]
    for page_id, page in window.pages.items():
        found.extend((page_id, edit) for edit in page.findChildren(QLineEdit))
    return found


def test_random_text_in_every_field_does_not_crash(
    make_window: WindowFactory, desk_store: AppContext, qtbot: QtBot, qapp: QApplication
) -> None:
    window = make_window(user=user_of(desk_store, "admin"), ctx=desk_store)
    edits = line_edits(window)
    assert {"desk", "payment"} <= {page_id for page_id, _ in edits}

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        st.lists(
            st.tuples(st.integers(0, len(edits) - 1), texts, st.booleans()),
            min_size=1,
            max_size=6,
        )
    )
    def type_into_fields(steps: list[tuple[int, str, bool]]) -> None:
        for index, text, press_enter in steps:
            page_id, edit = edits[index]
            window.show_page(page_id)
            edit.setFocus()
            edit.selectAll()
            edit.insert(text)  # QTest cannot type non-Latin-1 text; insert() is what typing does
            if press_enter:
                qtbot.keyClick(edit, Qt.Key.Key_Return)
            window.barcode.flush()
            qapp.processEvents()
        assert window.isVisible()

    type_into_fields()
    assert wait_for_workers(20_000)
    qapp.processEvents()  # results of the searches and look-ups are shown without error

"""The results table stays still and cheap: fixed columns and rows; a single hit's file is
shown only once it is filled in."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from pishkhan.domain.persian import to_persian_digits
from pishkhan.services.context import AppContext
from pishkhan.ui.lookup.page import ADDRESS_COLUMN, SubscribersPage

from .test_lookup_page import WAIT, _file_open, _search, _subscriber, page

__all__ = ["page"]  # the fixture, shared with the page tests


def test_columns_do_not_jump_between_searches(qtbot: QtBot, page: SubscribersPage) -> None:
    header = page.table.horizontalHeader()
    assert header.sectionResizeMode(0) is not QHeaderView.ResizeMode.ResizeToContents
    assert page.table.verticalHeader().sectionResizeMode(0) is QHeaderView.ResizeMode.Fixed
    fixed = [c for c in range(page.model.columnCount()) if c != ADDRESS_COLUMN]  # it stretches
    widths = [header.sectionSize(c) for c in fixed]
    for query in ("ا", "ی", "ر"):
        _search(qtbot, page, query)
        assert page.model.rowCount() > 1
        assert [header.sectionSize(c) for c in fixed] == widths
    heights = {page.table.rowHeight(r) for r in range(page.model.rowCount())}
    assert len(heights) == 1
    for column in range(page.model.columnCount()):  # every cell has its text, none elided to "…"
        assert page.proxy.index(0, column).data()


def test_a_single_hit_shows_its_file_already_filled_in(
    qtbot: QtBot, page: SubscribersPage, ctx: AppContext
) -> None:
    sub, _ = _subscriber(ctx)
    seen: list[object] = []

    def on_switch(_index: int) -> None:
        if page.stack.currentWidget() is page.file_view:
            file = page.file_view.file
            seen.append(file.subscriber_id if file is not None else None)

    page.stack.currentChanged.connect(on_switch)
    _search(qtbot, page, to_persian_digits(sub.subscription_no))
    assert page.model.rowCount() == 1  # the results hold the hit (Esc comes back to it)
    _file_open(qtbot, page, sub.id)
    assert seen == [sub.id]
    qtbot.waitUntil(lambda: page.file_view.file is not None, timeout=WAIT)

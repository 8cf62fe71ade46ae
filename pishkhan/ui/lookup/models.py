"""Table models of the lookup page and the subscriber file.

:class:`RowsModel` is a read-only table of prepared cells (display text, sort key, tone,
left-to-right flag); sorting goes through a ``QSortFilterProxyModel`` on :data:`SORT_ROLE` so
amounts and dates sort by value, not by their Persian text. :class:`ResultsModel` fills one with
search hits and hands back the hit of a row.

``data()`` is called for every visible cell and role at each paint, so it only looks values up:
cells are prepared once (on the worker thread for search hits, :func:`hit_rows`), colours and
alignments are built once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from pishkhan.domain.persian import to_persian_digits
from pishkhan.services.lookup import SubscriberHit
from pishkhan.ui.formatting import format_number, format_rials
from pishkhan.ui.widgets import Tone

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the object the row stands for
TONE_COLOURS = {Tone.ERROR: "#b3261e", Tone.OK: "#1b6e3a", Tone.PENDING: "#8a5300"}
Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_LTR_ALIGN = int(
    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
)
_RTL_ALIGN = int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
_colours: dict[Tone, QColor] = {}


def _colour(tone: Tone) -> QColor:
    colour = _colours.get(tone)
    if colour is None:
        colour = _colours[tone] = QColor(TONE_COLOURS[tone])
    return colour


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    key: Any = None  # sort key (defaults to the text)
    tone: Tone = Tone.NONE
    ltr: bool = False  # identifiers, amounts, dates: aligned to the left, read left to right


def ident(value: str) -> Cell:
    """An identifier shown in Persian digits, left-to-right."""
    return Cell(to_persian_digits(value) if value else "—", value, ltr=True)


def number(value: int) -> Cell:
    return Cell(format_number(value), value, ltr=True)


def rials(value: int, tone: Tone = Tone.NONE) -> Cell:
    return Cell(format_rials(value), value, tone, ltr=True)


def debt(value: int) -> Cell:
    """A balance: red when owed, green when settled."""
    return rials(value, Tone.ERROR if value > 0 else Tone.OK)


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[list[Cell]] = []
        self._objects: list[object] = []

    def set_rows(self, rows: Sequence[Sequence[Cell]], objects: Sequence[object] = ()) -> None:
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self._objects = list(objects) if objects else [None] * len(self._rows)
        self.endResetModel()

    def object_at(self, row: int) -> object:
        return self._objects[row] if 0 <= row < len(self._objects) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return format_number(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not 0 <= row < len(self._rows) or not index.isValid():
            return None
        cell = self._rows[row][index.column()]
        if role in (_DISPLAY, _TOOLTIP):
            return cell.text
        if role == _ALIGNMENT:
            return _LTR_ALIGN if cell.ltr else _RTL_ALIGN
        if role == _FOREGROUND:
            return None if cell.tone is Tone.NONE else _colour(cell.tone)
        if role == SORT_ROLE:
            return cell.key if cell.key is not None else cell.text
        if role == ROW_ROLE:
            return self._objects[row]
        return None


def sorted_proxy(model: RowsModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortLocaleAware(True)
    return proxy


def hit_rows(hits: Sequence[SubscriberHit]) -> list[list[Cell]]:
    """The table cells of search hits; thread-safe, so the search worker prepares them."""
    rows = []
    for h in hits:
        first = ident(h.subscription_no)
        if h.subscriber_id is None:
            request = QCoreApplication.translate("ResultsModel", "Request %1")
            first = Cell(
                request.replace("%1", to_persian_digits(h.tracking_code)),
                h.tracking_code,
                Tone.PENDING,
            )
        rows.append(
            [
                first,
                Cell(f"{h.full_name} ({h.father_name})" if h.father_name else h.full_name),
                Cell(f"{h.city}، {h.address}" if h.city else h.address),
                ident(h.bill_id),
                ident(h.mobile),
                debt(h.balance_rials),
                Cell(h.matched.title),
            ]
        )
    return rows


class ResultsModel(RowsModel):
    """Search hits, one per row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self._headers = [
            self.tr("Subscription no."),
            self.tr("Name (father's name)"),
            self.tr("Address"),
            self.tr("Bill ID"),
            self.tr("Mobile"),
            self.tr("Debt"),
            self.tr("Found by"),
        ]
        self.hits: list[SubscriberHit] = []

    def set_hits(
        self, hits: Sequence[SubscriberHit], rows: Sequence[Sequence[Cell]] | None = None
    ) -> None:
        """Show ``hits``; ``rows`` are their cells when already prepared (:func:`hit_rows`)."""
        self.hits = list(hits)
        self.set_rows(hit_rows(self.hits) if rows is None else rows, self.hits)

    def hit(self, row: int) -> SubscriberHit | None:
        found = self.object_at(row)
        return found if isinstance(found, SubscriberHit) else None

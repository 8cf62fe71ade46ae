"""The Subscribers page: one search box, a results table, and the subscriber file.

Searching runs on the worker lane, never on the GUI thread; each query carries a serial number
and the answer of an older query is dropped when a newer one was asked meanwhile. Results are
sortable (click a header) and keyboard navigable: ↓ from the box goes to the table, Enter or a
double click opens the file, Esc in the file comes back to the results. When Enter (or the top
bar's search) finds exactly one subscriber, its file opens as soon as it is loaded: a scanned
bill lands on it.

Showing results must not stall the window: the worker prepares every cell's text, and the table
never measures its contents (column widths are set once from the font, rows have one fixed
height), so a new answer costs one model reset and a paint of the visible rows.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pishkhan.services.auth import PermissionDenied, SignedIn
from pishkhan.services.lookup import SubscriberHit, search
from pishkhan.ui.env import PageEnv
from pishkhan.ui.formatting import format_number
from pishkhan.ui.lookup.file_view import SubscriberFileView
from pishkhan.ui.lookup.models import Cell, ResultsModel, hit_rows, sorted_proxy
from pishkhan.ui.widgets import Tone, set_tone
from pishkhan.ui.worker import Job, run_in_background

log = logging.getLogger(__name__)

SEARCH_LIMIT = 100
TYPING_DELAY_MS = 250  # search as you type, once the clerk pauses
# Column widths in characters of a sample (subscription no., name, address, bill ID, mobile, debt,
# found by); the address column takes what is left. The clerk may still drag a column wider.
COLUMN_SAMPLES = (
    "۰۰۰۰۰۰۰۰۰۰۰۰",
    "نام و نام خانوادگی (نام پدر)",
    "",
    "۰۰۰۰۰۰۰۰۰۰۰۰۰",
    "۰۰۰۰۰۰۰۰۰۰۰",
    "۰۰۰٬۰۰۰٬۰۰۰ ریال",
    "شماره اشتراک",
)
ADDRESS_COLUMN = 2
FILE_WAIT_MS = 400  # a single hit's file is shown when loaded, or after this long at the latest
Answer = tuple[int, list[SubscriberHit], list[list[Cell]]]


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


class QueryBox(QLineEdit):
    """The page's search box: left-to-right while it holds only an identifier."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lookupBox")
        self.setClearButtonEnabled(True)
        self.textChanged.connect(self._follow_direction)

    @Slot(str)
    def _follow_direction(self, text: str) -> None:
        if text and not _has_rtl(text):
            self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        else:
            self.unsetLayoutDirection()


class SubscribersPage(QWidget):
    def __init__(self, env: PageEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_subscribers")
        self.env = env
        self._seq = 0
        self._job: Job[Any] | None = None
        self._open_single = False
        self._pending_file: int | None = None  # a single hit's file, shown once loaded
        self.last_query = ""

        self.box = QueryBox(self)
        self.box.setPlaceholderText(
            self.tr(
                "Subscription number, bill ID, computer code, national code, mobile, "
                "postal code, tracking code, or a name or address"
            )
        )
        self.box.returnPressed.connect(self._submit)
        self.box.textEdited.connect(self._typed)
        self.box.installEventFilter(self)
        self.message = QLabel(self)
        self.message.setObjectName("lookupMessage")
        self.message.setWordWrap(True)
        self.model = ResultsModel(self)
        self.proxy = sorted_proxy(self.model, self)
        self.table = QTableView(self)
        self.table.setObjectName("lookupResults")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self._size_columns()
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(self._search_typed)

        results = QWidget(self)
        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        col = QVBoxLayout(results)
        col.setContentsMargins(16, 16, 16, 16)
        col.addLayout(top)
        col.addWidget(self.message)
        col.addWidget(self.table, 1)
        self.results_view = results

        self.file_view = SubscriberFileView(env, self)
        self.file_view.back_requested.connect(self.show_results)
        self.file_view.loaded.connect(self._file_ready)
        self._file_timer = QTimer(self)
        self._file_timer.setSingleShot(True)
        self._file_timer.setInterval(FILE_WAIT_MS)
        self._file_timer.timeout.connect(self._file_ready)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(results)
        self.stack.addWidget(self.file_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setFocusProxy(self.box)
        if env.actions is not None:
            env.actions.triggered.connect(self._on_action)
        self._say(self.tr("Type or scan what the citizen handed over, then press Enter."))

    def _size_columns(self) -> None:
        """Widths from the font once, one row height: nothing is measured per result."""
        metrics = self.table.fontMetrics()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(metrics.height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        pad = 4 * metrics.averageCharWidth()
        for column, sample in enumerate(COLUMN_SAMPLES):
            title = self.model.headerData(column, Qt.Orientation.Horizontal) or ""
            wanted = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            header.resizeSection(column, wanted + pad)
        header.setSectionResizeMode(ADDRESS_COLUMN, QHeaderView.ResizeMode.Stretch)

    # -- public ----------------------------------------------------------------------------------

    def search(self, text: str) -> None:
        """Search for ``text`` (the shell's top bar calls this); opens a single hit directly."""
        self.show_results()
        self.box.setText(text)
        self._start(text, open_single=True)

    def open_subscriber(self, subscriber_id: int) -> None:
        self._pending_file = None
        self._file_timer.stop()
        self.stack.setCurrentWidget(self.file_view)
        self.file_view.load(subscriber_id)

    @Slot()
    def show_results(self) -> None:
        self._pending_file = None
        self._file_timer.stop()
        self.stack.setCurrentWidget(self.results_view)
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.box.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- searching -------------------------------------------------------------------------------

    @Slot()
    def _submit(self) -> None:
        self._timer.stop()
        self._start(self.box.text(), open_single=True)

    @Slot(str)
    def _typed(self, _text: str) -> None:
        self._timer.start()

    @Slot()
    def _search_typed(self) -> None:
        self._start(self.box.text(), open_single=False)

    def _start(self, text: str, *, open_single: bool) -> None:
        text = text.strip()
        self._seq += 1
        self._pending_file = None
        self._file_timer.stop()
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.last_query = text
        if not text:
            self.model.set_hits([])
            self._say(self.tr("Type or scan what the citizen handed over, then press Enter."))
            return
        ctx = self.env.ctx
        if ctx is None:
            self._say(self.tr("No database is open on this desk."), Tone.ERROR)
            return
        user: SignedIn | None = self.env.extras.get("user")
        seq = self._seq
        self._open_single = open_single
        self._say(self.tr("Searching…"), Tone.PENDING)

        def job() -> Answer:
            with ctx.sessions() as session:
                hits = search(session, user, text, SEARCH_LIMIT)
            return seq, hits, hit_rows(hits)  # the cells' text, ready before the GUI sees them

        self._job = run_in_background(job, self._on_results, self._on_error)

    @Slot(object)
    def _on_results(self, answer: Answer) -> None:
        seq, hits, rows = answer
        if seq != self._seq:
            return  # an older query: a newer one is on its way
        self._job = None
        self.model.set_hits(hits, rows)
        if not hits:
            self._say(
                self.tr(
                    "Nothing found for «%1». Check the number or try part of the name."
                ).replace("%1", self.last_query),
                Tone.ERROR,
            )
            return
        shown = format_number(len(hits))
        if len(hits) >= SEARCH_LIMIT:
            text = self.tr("The first %1 results; type more to narrow the search.")
        else:
            text = self.tr("%1 found. ↓ to choose, Enter to open.")
        self._say(text.replace("%1", shown), Tone.OK)
        self.table.setCurrentIndex(self.proxy.index(0, 0))
        if self._open_single and len(hits) == 1 and hits[0].subscriber_id is not None:
            self._open_when_loaded(hits[0].subscriber_id)

    def _open_when_loaded(self, subscriber_id: int) -> None:
        """Load the file behind the results and switch to it once it is filled in: the window
        never paints a stale or empty file, and the results paint does not wait for it. A file
        that is slow (or fails) is shown after FILE_WAIT_MS with its own message."""
        self._pending_file = subscriber_id
        self.file_view.load(subscriber_id)
        self._file_timer.start()

    @Slot()
    def _file_ready(self) -> None:
        self._file_timer.stop()
        if self._pending_file is not None:
            self._pending_file = None
            self.stack.setCurrentWidget(self.file_view)

    @Slot(object)
    def _on_error(self, error: Exception) -> None:
        self._job = None
        if isinstance(error, PermissionDenied):
            self._say(str(error), Tone.ERROR)
            return
        log.error("search failed", exc_info=error)
        self._say(
            self.tr("The search failed: %1").replace("%1", str(error) or type(error).__name__),
            Tone.ERROR,
        )

    def _say(self, text: str, tone: Tone = Tone.NONE) -> None:
        self.message.setText(text)
        set_tone(self.message, tone)

    # -- keyboard ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.proxy.rowCount():
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit = self.model.hit(self.proxy.mapToSource(index).row())
        if hit is None:
            return
        if hit.subscriber_id is None:
            self._say(
                self.tr(
                    "Request %1 has no subscription yet: follow it on the Tracking page (F8)."
                ).replace("%1", hit.tracking_code),
                Tone.PENDING,
            )
            return
        self.open_subscriber(hit.subscriber_id)

    def run_window_action(self, action_id: str) -> None:
        self._on_action(action_id)

    @Slot(str)
    def _on_action(self, action_id: str) -> None:
        if self.stack.currentWidget() is self.file_view:
            self.file_view.run_action(action_id)
        elif action_id in FILE_ACTIONS:
            self._say(
                self.tr("Find the subscriber and open their file first (Enter)."), Tone.PENDING
            )


# Window actions that work on the open subscriber's file.
FILE_ACTIONS = frozenset({"meter_reading", "print_bill", "new_request"})


def create_page(env: PageEnv) -> QWidget:
    return SubscribersPage(env)

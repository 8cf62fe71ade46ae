"""The desk page: today's figures (loaded off the GUI thread) and quick actions."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QTime, Slot
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pishkhan.services.desk import DeskSummary
from pishkhan.ui.formatting import format_number, format_rials, time_text
from pishkhan.ui.pages import page_spec
from pishkhan.ui.widgets import Tone, set_tone
from pishkhan.ui.worker import Job, run_in_background

log = logging.getLogger(__name__)

FIGURES: tuple[str, ...] = (
    "subscribers",
    "debtors",
    "total_debt",
    "open_requests",
    "unsent_records",
)
NO_VALUE = "—"


class FigureCard(QFrame):
    """One of today's figures: a caption above a large value."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.title_label = QLabel(title)
        self.title_label.setObjectName("figureTitle")
        self.value_label = QLabel(NO_VALUE)
        self.value_label.setObjectName("figureValue")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)

    def set_value(self, text: str, tone: Tone = Tone.NONE) -> None:
        self.value_label.setText(text)
        set_tone(self.value_label, tone)

    def value(self) -> str:
        return self.value_label.text()


class DeskPage(QWidget):
    """Today's figures from ``load_summary`` (run on the worker lane) and the quick actions.

    The figures are (re)loaded each time the page is shown; the old values stay visible, with a
    busy bar, until the new ones arrive.
    """

    def __init__(
        self,
        load_summary: Callable[[], DeskSummary] | None,
        quick_actions: Sequence[QAction] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_desk")
        self._load_summary = load_summary
        self._job: Job[DeskSummary] | None = None
        self.summary: DeskSummary | None = None

        title = QLabel(page_spec("desk").display_title())
        title.setObjectName("pageTitle")
        self.updated_label = QLabel()
        self.updated_label.setObjectName("pageNote")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.updated_label)

        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busyBar")
        self.busy_bar.setRange(0, 0)  # indeterminate
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(6)
        self.busy_label = QLabel(self.tr("Loading today's figures…"))
        self.busy_label.setObjectName("pageNote")

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        set_tone(self.error_label, Tone.ERROR)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.setObjectName("retryButton")
        self.retry_button.clicked.connect(self.refresh)
        error_row = QHBoxLayout()
        error_row.addWidget(self.error_label, 1)
        error_row.addWidget(self.retry_button)

        titles = {
            "subscribers": self.tr("Subscribers"),
            "debtors": self.tr("Debtors"),
            "total_debt": self.tr("Total debt"),
            "open_requests": self.tr("Open requests"),
            "unsent_records": self.tr("Records waiting to be sent"),
        }
        self.cards: dict[str, FigureCard] = {key: FigureCard(titles[key]) for key in FIGURES}
        grid = QGridLayout()
        grid.setSpacing(12)
        # Three columns; the debt (what the clerk looks for first) on the leading side, wide.
        positions = {
            "total_debt": (0, 0, 1, 2),
            "debtors": (0, 2),
            "subscribers": (1, 0),
            "open_requests": (1, 1),
            "unsent_records": (1, 2),
        }
        for key, position in positions.items():
            grid.addWidget(self.cards[key], *position)

        quick_title = QLabel(self.tr("Quick actions"))
        quick_title.setObjectName("sectionTitle")
        quick_row = QHBoxLayout()
        quick_row.setSpacing(8)
        self.quick_buttons: list[QToolButton] = []
        for action in quick_actions:
            button = QToolButton()
            button.setObjectName("quickAction")
            button.setDefaultAction(action)
            button.setAutoRaise(False)
            self.quick_buttons.append(button)
            quick_row.addWidget(button)
        quick_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.busy_label)
        layout.addLayout(error_row)
        layout.addLayout(grid)
        if self.quick_buttons:
            layout.addSpacing(8)
            layout.addWidget(quick_title)
            layout.addLayout(quick_row)
        layout.addStretch(1)

        self._set_busy(False)
        self._show_error("")
        if load_summary is None:
            self.updated_label.setText(self.tr("No data source is connected."))

    # Loading ---------------------------------------------------------------------------------

    def is_loading(self) -> bool:
        return self._job is not None

    @Slot()
    def refresh(self) -> None:
        """Load the figures again in the background (ignored while a load is running)."""
        if self._load_summary is None or self._job is not None:
            return
        self._show_error("")
        self._set_busy(True)
        self._job = run_in_background(self._load_summary, self._on_loaded, self._on_failed)

    def _on_loaded(self, summary: DeskSummary) -> None:
        self._job = None
        self._set_busy(False)
        self.summary = summary
        self.cards["subscribers"].set_value(format_number(summary.subscribers))
        self.cards["debtors"].set_value(
            format_number(summary.debtors), Tone.ERROR if summary.debtors else Tone.OK
        )
        self.cards["total_debt"].set_value(
            format_rials(summary.total_debt_rials),
            Tone.ERROR if summary.total_debt_rials > 0 else Tone.OK,
        )
        self.cards["open_requests"].set_value(
            format_number(summary.open_requests), Tone.PENDING if summary.open_requests else Tone.OK
        )
        self.cards["unsent_records"].set_value(
            format_number(summary.unsent_records),
            Tone.PENDING if summary.unsent_records else Tone.OK,
        )
        self.updated_label.setText(
            self.tr("Updated at %1").replace("%1", time_text(QTime.currentTime()))
        )

    def _on_failed(self, error: Exception) -> None:
        self._job = None
        self._set_busy(False)
        log.error("loading the desk summary failed: %r", error)
        self._show_error(
            self.tr(
                "Today's figures could not be loaded. Check the connection to the database "
                "and try again; if it keeps failing, tell your supervisor."
            )
        )
        if self.summary is None:
            for card in self.cards.values():
                card.set_value(NO_VALUE)

    # Presentation ----------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        self.retry_button.setVisible(bool(text))

    def error_text(self) -> str:
        return self.error_label.text()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

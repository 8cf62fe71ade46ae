"""The strip of scanned pages: thumbnails in order, blank pages flagged, reorder by drag."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pishkhan.scanner.pipeline import ProcessedPage
from pishkhan.ui.formatting import format_number
from pishkhan.ui.scan.worker import THUMB_PX, ArrivedPage, make_thumbnail, to_qimage
from pishkhan.ui.worker import Job, run_in_background

PAGE_ROLE = Qt.ItemDataRole.UserRole + 1
BLANK_BRUSH = QBrush(QColor("#fff1d6"))  # amber tint: "check this page"


class PageStrip(QListWidget):
    """Thumbnails of the pages; the order of the items is the order of the PDF."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanPages")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.setGridSize(QSize(THUMB_PX + 28, THUMB_PX + 68))
        self.setMinimumHeight(THUMB_PX + 80)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Snap)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setSpacing(6)
        self.model().rowsMoved.connect(self._on_rows_moved)

    @Slot()
    def _on_rows_moved(self) -> None:
        self.renumber()

    def pages(self) -> list[ProcessedPage]:
        return [self.page_at(row) for row in range(self.count())]

    def page_at(self, row: int) -> ProcessedPage:
        page = self.item(row).data(PAGE_ROLE)
        assert isinstance(page, ProcessedPage)
        return page

    def blank_rows(self) -> list[int]:
        return [row for row in range(self.count()) if self.page_at(row).blank]

    def add_page(self, arrived: ArrivedPage, row: int | None = None) -> QListWidgetItem:
        item = QListWidgetItem()
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        if row is None or row >= self.count():
            self.addItem(item)
        else:
            self.insertItem(row, item)
        self._fill(item, arrived)
        self.renumber(self.row(item))
        return item

    def replace_page(self, row: int, arrived: ArrivedPage) -> None:
        self._fill(self.item(row), arrived)
        self.renumber()

    def set_page(self, row: int, page: ProcessedPage) -> None:
        """After a rotation: new page, new thumbnail (small: made here)."""
        self.replace_page(row, ArrivedPage(page, make_thumbnail(page.image)))

    def _fill(self, item: QListWidgetItem, arrived: ArrivedPage) -> None:
        item.setData(PAGE_ROLE, arrived.page)
        item.setIcon(QIcon(QPixmap.fromImage(to_qimage(arrived.thumb))))

    def renumber(self, first: int = 0) -> None:
        """Number the pages from ``first`` on (earlier ones keep their numbers)."""
        for row in range(first, self.count()):
            item = self.item(row)
            page = self.page_at(row)
            text = self.tr("Page %1").replace("%1", format_number(row + 1))
            if page.blank:
                text += "\n" + self.tr("Blank? Check it")
                item.setBackground(BLANK_BRUSH)
                item.setToolTip(
                    self.tr("This page looks blank. It is kept; delete it if it is not needed.")
                )
            else:
                item.setBackground(QBrush())
                item.setToolTip("")
            item.setText(text)


class PageEditor(QWidget):
    """The strip with its page buttons: rotate, move, delete, rescan (asks the panel)."""

    pages_changed = Signal(int)
    rescan_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strip = PageStrip()
        self.rotate_cw = QPushButton(self.tr("Rotate right"))
        self.rotate_ccw = QPushButton(self.tr("Rotate left"))
        self.move_earlier = QPushButton(self.tr("Move earlier"))
        self.move_later = QPushButton(self.tr("Move later"))
        self.delete_button = QPushButton(self.tr("Delete page"))
        self.rescan_button = QPushButton(self.tr("Rescan page"))
        self.count_label = QLabel()
        self.buttons = (
            self.rotate_cw,
            self.rotate_ccw,
            self.move_earlier,
            self.move_later,
            self.delete_button,
            self.rescan_button,
        )
        row = QHBoxLayout()
        for button in self.buttons:
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.strip, 1)
        layout.addLayout(row)
        self._enabled = True
        self._can_rescan = False
        self._jobs: list[Job[Any]] = []
        self.rotate_cw.clicked.connect(self._on_rotate_cw)
        self.rotate_ccw.clicked.connect(self._on_rotate_ccw)
        self.move_earlier.clicked.connect(self._on_move_earlier)
        self.move_later.clicked.connect(self._on_move_later)
        self.delete_button.clicked.connect(self.delete_page)
        self.rescan_button.clicked.connect(self._on_rescan)
        self.strip.currentRowChanged.connect(self._update)
        self.strip.model().rowsMoved.connect(self._on_rows_moved)
        self.changed()

    def set_enabled(self, enabled: bool, *, can_rescan: bool) -> None:
        self._enabled = enabled
        self._can_rescan = can_rescan
        self._update()

    @Slot()
    def _update(self) -> None:
        selected = self._enabled and self.strip.currentRow() >= 0
        for button in self.buttons:
            button.setEnabled(selected)
        self.rescan_button.setEnabled(selected and self._can_rescan)

    def changed(self) -> None:
        count = self.strip.count()
        self.count_label.setText(self.tr("%1 pages").replace("%1", format_number(count)))
        self._update()
        self.pages_changed.emit(count)

    @Slot()
    def _on_rows_moved(self) -> None:
        self.changed()

    @Slot()
    def _on_rotate_cw(self) -> None:
        self.rotate_page(1)

    @Slot()
    def _on_rotate_ccw(self) -> None:
        self.rotate_page(-1)

    def rotate_page(self, quarter_turns: int) -> None:
        """Turn the selected page by quarter turns (clockwise positive), on a worker."""
        row = self.strip.currentRow()
        if row < 0:
            return
        page = self.strip.page_at(row)
        job = run_in_background(
            lambda: (page, page.rotated(quarter_turns)), self._on_rotated, serial=False
        )
        self._jobs = [j for j in self._jobs if not j.finished] + [job]

    def _on_rotated(self, result: tuple[ProcessedPage, ProcessedPage]) -> None:
        old, new = result
        for row in range(self.strip.count()):
            if self.strip.page_at(row) is old:
                self.strip.set_page(row, new)
                self.changed()
                return

    @Slot()
    def _on_move_earlier(self) -> None:
        self.move_page(-1)

    @Slot()
    def _on_move_later(self) -> None:
        self.move_page(1)

    def move_page(self, delta: int) -> None:
        row = self.strip.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.strip.count():
            return
        item = self.strip.takeItem(row)
        self.strip.insertItem(target, item)
        self.strip.setCurrentRow(target)
        self.strip.renumber()
        self.changed()

    @Slot()
    def delete_page(self) -> None:
        row = self.strip.currentRow()
        if row >= 0:
            self.strip.takeItem(row)
            self.strip.renumber()
            self.changed()

    @Slot()
    def _on_rescan(self) -> None:
        self.rescan_requested.emit(self.strip.currentRow())

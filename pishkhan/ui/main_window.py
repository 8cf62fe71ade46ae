"""The main window: navigation on the right, pages on the left, top bar, F-key actions."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from pishkhan.services.desk import DeskSummary
from pishkhan.ui.actions import ActionRegistry, Menu
from pishkhan.ui.env import PageEnv
from pishkhan.ui.pages import HELP_PAGE, PAGE_FACTORIES, PAGE_IDS, PAGES, PageSpec, page_spec
from pishkhan.ui.pages.desk import DeskPage
from pishkhan.ui.pages.help import HelpPage
from pishkhan.ui.pages.placeholder import PlaceholderPage
from pishkhan.ui.statusbar import DeskStatusBar
from pishkhan.ui.topbar import TopBar

log = logging.getLogger(__name__)

DESK_QUICK_ACTIONS = ("pay", "new_request", "scan", "track", "meter_reading", "print_bill")
STATUS_MESSAGE_MS = 5000


class MainWindow(QMainWindow):
    """The desk's window. Pages are created once and switched in a stacked widget."""

    search_requested = Signal(str)
    sync_requested = Signal()
    lock_requested = Signal()
    page_changed = Signal(str)

    def __init__(
        self,
        *,
        load_summary: Callable[[], DeskSummary] | None = None,
        user_name: str = "",
        branch: str = "",
        desk: int = 0,
        env: PageEnv | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(QCoreApplication.translate("Application", "Pishkhan"))
        self.setMinimumSize(QSize(1024, 640))
        self.resize(1280, 720)

        self.action_registry = ActionRegistry(self)
        self.env = env or PageEnv()
        self.env.actions = self.action_registry
        self.action_registry.triggered.connect(self._on_action)
        for action in self.action_registry:
            self.addAction(action)  # shortcuts work wherever focus is in the window

        self.top_bar = TopBar(user_name)
        self.top_bar.search_requested.connect(self._on_search)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Navigation"))
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")

        self.pages: dict[str, QWidget] = {}
        quick = [self.action_registry.action(i) for i in DESK_QUICK_ACTIONS]
        self.desk_page = DeskPage(load_summary, quick)
        for spec in PAGES:
            page = self.desk_page if spec.id == "desk" else self._create_page(spec)
            self._add_page(spec.id, page)
            item = QListWidgetItem(spec.display_title())
            item.setData(Qt.ItemDataRole.UserRole, spec.id)
            item.setToolTip(
                f"{spec.display_title()} ({self.action_registry.key_text(f'go.{spec.id}')})"
            )
            self.navigation.addItem(item)
        self._add_page(HELP_PAGE.id, HelpPage(self.action_registry))
        self.navigation.setFixedWidth(
            max(190, self.navigation.sizeHintForColumn(0) + 2 * self.navigation.frameWidth() + 40)
        )
        self.navigation.currentRowChanged.connect(self._on_navigation_row)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.navigation)  # first in a right-to-left layout: on the right
        body.addWidget(self.stack, 1)
        central = QWidget()
        central.setObjectName("central")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.top_bar)
        column.addLayout(body, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_toolbar()
        self.status_bar = DeskStatusBar(branch, desk)
        self.setStatusBar(self.status_bar)

        self.show_page("desk")
        self.navigation.setFocus(Qt.FocusReason.OtherFocusReason)

    # Building --------------------------------------------------------------------------------

    def _create_page(self, spec: PageSpec) -> QWidget:
        """The page from its factory module (``PAGE_FACTORIES``), else a placeholder."""
        module_name = PAGE_FACTORIES.get(spec.id)
        if module_name is None:
            return PlaceholderPage(spec)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module_name.startswith(exc.name):
                raise
            return PlaceholderPage(spec)
        page: QWidget = module.create_page(self.env)
        return page

    def _add_page(self, page_id: str, page: QWidget) -> None:
        self.pages[page_id] = page
        self.stack.addWidget(page)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        titles = {
            Menu.DESK: self.tr("&Desk"),
            Menu.SUBSCRIBER: self.tr("&Subscriber"),
            Menu.GO: self.tr("&Go"),
            Menu.HELP: self.tr("&Help"),
        }
        for menu, title in titles.items():
            qmenu = bar.addMenu(title)
            qmenu.setObjectName(f"menu_{menu.value}")
            actions = self.action_registry.in_menu(menu)
            if menu is Menu.DESK:
                quit_action = self.action_registry.action("quit")
                qmenu.addActions([a for a in actions if a is not quit_action])
                qmenu.addSeparator()
                qmenu.addAction(quit_action)
            else:
                qmenu.addActions(actions)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Actions"))
        toolbar.setObjectName("actionsToolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions(self.action_registry.in_toolbar())
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    # Pages -----------------------------------------------------------------------------------

    def current_page_id(self) -> str:
        page = self.stack.currentWidget()
        for page_id, widget in self.pages.items():
            if widget is page:
                return page_id
        return ""

    def show_page(self, page_id: str) -> None:
        """Switch to a page by id (``"desk"``, …, ``"help"``)."""
        page = self.pages[page_id]
        if page_id in PAGE_IDS:
            row = PAGE_IDS.index(page_id)
            if self.navigation.currentRow() != row:
                self.navigation.setCurrentRow(row)  # _on_navigation_row switches the stack
                return
        else:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(-1)
            self.navigation.blockSignals(False)
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
            self.page_changed.emit(page_id)

    @Slot(int)
    def _on_navigation_row(self, row: int) -> None:
        if 0 <= row < len(PAGE_IDS):
            self.show_page(PAGE_IDS[row])

    def focus_search(self) -> None:
        self.top_bar.focus_search()

    # Actions ---------------------------------------------------------------------------------

    @Slot(str)
    def _on_action(self, action_id: str) -> None:
        if action_id == "search":
            self.focus_search()
        elif action_id == "quit":
            self.close()
        elif action_id == "sync":
            self.sync_requested.emit()
            self.desk_page.refresh()
            self.status_bar.showMessage(self.tr("Sync is not available yet."), STATUS_MESSAGE_MS)
        elif action_id == "lock":
            self.lock_requested.emit()
            self.status_bar.showMessage(
                self.tr("Locking the desk is not available yet."), STATUS_MESSAGE_MS
            )
        else:
            page = self.action_registry.spec(action_id).page
            if page is not None:
                self.show_page(page)

    @Slot(str)
    def _on_search(self, text: str) -> None:
        self.search_requested.emit(text)
        self.status_bar.showMessage(self.tr("Search is not available yet."), STATUS_MESSAGE_MS)

    def page_title(self, page_id: str) -> str:
        return page_spec(page_id).display_title()

"""The main window: navigation on the right, pages on the left, top bar, F-key actions.

What the window offers follows the signed-in user (``env.extras["user"]``, a ``SignedIn``):
pages and actions their role may not use are neither created nor shown. The shell
(``pishkhan.ui.shell``) creates one window per signed-in user; ``lock()`` covers it with the
lock screen (``env.extras["authenticator"]`` checks the password again).

Pages are built when first shown (``window.pages[id]`` builds one on demand), and once the
window is up their modules are imported on a background thread, so the window opens quickly and
the first visit to a page does not wait for its imports. A page module must therefore not create
widgets, pixmaps or other GUI-thread-only objects when it is imported.

``env.extras`` keys the window fills in before any page is created: ``"open_payment"``
(:meth:`MainWindow.open_payment`). Keys it reads: ``"user"``, ``"authenticator"``, ``"settings"``
(a ``QSettings`` for the user's shortcut overrides).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QShowEvent
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

from pishkhan.domain.ids import InvalidId, parse_bill_barcode
from pishkhan.services.auth import SignedIn
from pishkhan.services.desk import DeskSummary
from pishkhan.ui.actions import ActionRegistry, Menu
from pishkhan.ui.barcode import BarcodeFilter
from pishkhan.ui.env import PageEnv
from pishkhan.ui.lock import LockScreen
from pishkhan.ui.login import Authenticator, role_title
from pishkhan.ui.page_loader import LazyPages, build_page, preload_modules
from pishkhan.ui.pages import HELP_PAGE, PAGE_FACTORIES, PAGES, PageSpec, page_spec
from pishkhan.ui.pages.desk import DeskPage
from pishkhan.ui.pages.help import HelpPage
from pishkhan.ui.statusbar import DeskStatusBar
from pishkhan.ui.topbar import TopBar
from pishkhan.ui.worker import run_in_background

log = logging.getLogger(__name__)

DESK_QUICK_ACTIONS = ("pay", "new_request", "scan", "track", "meter_reading", "print_bill")
STATUS_MESSAGE_MS = 5000
PRELOAD_DELAY_MS = 300  # after the window is painted and the desk's figures are asked for


class MainWindow(QMainWindow):
    """The desk's window. Pages are created once and switched in a stacked widget."""

    search_requested = Signal(str)
    sync_requested = Signal()
    lock_requested = Signal()
    page_changed = Signal(str)
    locked_changed = Signal(bool)
    user_switched = Signal(object)  # another user (SignedIn) signed in at the lock screen

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

        self.env = env or PageEnv()
        user = self.env.extras.get("user")
        self.user: SignedIn | None = user if isinstance(user, SignedIn) else None
        settings = self.env.extras.get("settings")
        self.action_registry = ActionRegistry(
            self, settings=settings if isinstance(settings, QSettings) else None
        )
        self.env.actions = self.action_registry
        self.env.extras["open_payment"] = self.open_payment
        self.action_registry.apply_permissions(self.user.may if self.user else None)
        self.action_registry.triggered.connect(self._on_action)
        for action in self.action_registry:
            self.addAction(action)  # shortcuts work wherever focus is in the window

        self.top_bar = TopBar(self.user.full_name if self.user else user_name)
        self.top_bar.search_requested.connect(self._on_search)
        self.top_bar.search_box.setEnabled(self.action_registry.is_allowed("search"))
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Navigation"))
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")

        self._builders: dict[str, Callable[[], QWidget]] = {}
        self.built: dict[str, QWidget] = {}
        self.pages = LazyPages(self)
        self.page_ids: list[str] = []  # the pages in the navigation, in order
        self._preloaded = False
        quick = [
            self.action_registry.action(i)
            for i in DESK_QUICK_ACTIONS
            if self.action_registry.is_allowed(i)
        ]
        self.desk_page = DeskPage(load_summary, quick)
        for spec in PAGES:
            if not self.may_see(spec):
                continue
            self.page_ids.append(spec.id)
            if spec.id == "desk":
                self._add_page("desk", self.desk_page)
            else:
                self._builders[spec.id] = partial(self._create_page, spec)
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
        self.central = central

        self._build_menus()
        self._build_toolbar()
        self.status_bar = DeskStatusBar(branch, desk)
        self.setStatusBar(self.status_bar)
        if self.user is not None:
            self.status_bar.set_user(self.user.full_name, role_title(self.user.role))

        self.barcode = BarcodeFilter(self)
        self.barcode.scanned.connect(self._on_barcode)
        self.barcode.rejected.connect(self._on_barcode_rejected)
        auth = self.env.extras.get("authenticator")
        self._authenticator: Authenticator | None = auth
        self.lock_screen: LockScreen | None = None
        if self.user is not None and auth is not None:
            self.lock_screen = LockScreen(auth, self.user, self)
            self.lock_screen.unlocked.connect(self._on_unlocked)
            self.lock_screen.other_user_signed_in.connect(self.user_switched)

        self.show_page("desk")
        self.navigation.setFocus(Qt.FocusReason.OtherFocusReason)

    # Building --------------------------------------------------------------------------------

    def may_see(self, spec: PageSpec) -> bool:
        """Whether the signed-in user's role may use the page (everything without a user)."""
        return self.user is None or spec.permission is None or self.user.may(spec.permission)

    def _create_page(self, spec: PageSpec) -> QWidget:
        return build_page(spec, self.env)

    def _add_page(self, page_id: str, page: QWidget) -> None:
        self._builders.setdefault(page_id, lambda: page)
        self.built[page_id] = page
        self.stack.addWidget(page)

    def _page(self, page_id: str) -> QWidget:
        """The page, built now if this is its first use (``KeyError``: no such page here)."""
        page = self.built.get(page_id)
        if page is None:
            page = self._builders[page_id]()
            self._add_page(page_id, page)
        return page

    def has_page(self, page_id: str) -> bool:
        """Whether the signed-in user has this page (built or not)."""
        return page_id in self._builders

    def preload_pages(self) -> threading.Thread | None:
        """Import the modules of the pages not built yet on a background thread (once)."""
        if self._preloaded:
            return None
        self._preloaded = True
        modules = [
            PAGE_FACTORIES[page_id]
            for page_id in self._builders
            if page_id not in self.built and page_id in PAGE_FACTORIES
        ]
        thread = threading.Thread(
            target=preload_modules, args=(modules,), name="pishkhan-preload", daemon=True
        )
        thread.start()
        return thread

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._preloaded:
            QTimer.singleShot(PRELOAD_DELAY_MS, self.preload_pages)

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
            qmenu.menuAction().setVisible(any(a.isVisible() for a in actions))

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
        for page_id, widget in self.built.items():
            if widget is page:
                return page_id
        return ""

    def show_page(self, page_id: str) -> bool:
        """Switch to a page by id (``"desk"``, …, ``"help"``); False if the role may not."""
        if not self.has_page(page_id):
            self.status_bar.showMessage(
                self.tr("Your role may not use this page."), STATUS_MESSAGE_MS
            )
            return False
        page = self._page(page_id)
        if page_id in self.page_ids:
            row = self.page_ids.index(page_id)
            if self.navigation.currentRow() != row:
                self.navigation.setCurrentRow(row)  # _on_navigation_row switches the stack
                return True
        else:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(-1)
            self.navigation.blockSignals(False)
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
            self.page_changed.emit(page_id)
        return True

    @Slot(int)
    def _on_navigation_row(self, row: int) -> None:
        if 0 <= row < len(self.page_ids):
            self.show_page(self.page_ids[row])

    def focus_search(self) -> None:
        self.top_bar.focus_search()

    def page_title(self, page_id: str) -> str:
        return page_spec(page_id).display_title()

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
        elif action_id == "lock":
            self.lock_requested.emit()
            self.lock("key")
        elif action_id == "confirm_payment":
            if self.show_page("payment"):
                confirm = getattr(self.pages["payment"], "confirm_key", None)
                if callable(confirm):
                    confirm()
        else:
            page = self.action_registry.spec(action_id).page
            if page is None:
                return
            fresh = page not in self.built
            if self.show_page(page) and fresh:
                # The page was built by this key press, after the action was announced: it
                # gets the action now (a page listens for actions from its construction on).
                late = getattr(self.built[page], "run_window_action", None)
                if callable(late):
                    late(action_id)

    @Slot(str)
    def _on_search(self, text: str) -> None:
        """The top bar's search: the subscribers page searches for ``text``."""
        self.search_requested.emit(text)
        if not self.show_page("subscribers"):
            return
        search = getattr(self.pages["subscribers"], "search", None)
        if callable(search):
            search(text)

    # Payment and the barcode scanner ---------------------------------------------------------

    def open_payment(self, bill_id: str, payment_id: str) -> bool:
        """Show the payment page with this bill filled in (False if the role may not pay)."""
        if not self.show_page("payment"):
            return False
        prefill = getattr(self.pages["payment"], "prefill", None)
        if callable(prefill):
            prefill(bill_id, payment_id)
        return True

    @Slot(str)
    def _on_barcode(self, digits: str) -> None:
        try:
            pair = parse_bill_barcode(digits)
        except InvalidId:  # pragma: no cover - the filter announces valid barcodes only
            return
        self.open_payment(pair.bill_id, pair.payment_id)

    @Slot(str, str)
    def _on_barcode_rejected(self, _digits: str, reason: str) -> None:
        self.status_bar.showMessage(
            self.tr("A barcode was scanned but it is not a bill's: %1").replace("%1", reason),
            2 * STATUS_MESSAGE_MS,
        )

    # Locking ---------------------------------------------------------------------------------

    def is_locked(self) -> bool:
        return self.lock_screen is not None and self.lock_screen.isVisible()

    def lock(self, reason: str = "key") -> bool:
        """Cover the window with the lock screen (``reason``: ``key`` or ``idle``)."""
        if self.lock_screen is None or self.user is None:
            self.status_bar.showMessage(
                self.tr("The desk can be locked only when a user has signed in."),
                STATUS_MESSAGE_MS,
            )
            return False
        if self.is_locked():
            return True
        self._set_locked(True)
        note = self.tr("Locked after a period without use.") if reason == "idle" else ""
        self.lock_screen.show_locked(note)
        if self._authenticator is not None:
            record = partial(self._authenticator.record_lock, self.user, reason)
            run_in_background(record, self._on_lock_recorded)
        return True

    def _on_lock_recorded(self, _result: object) -> None:
        log.info("desk locked")

    @Slot(object)
    def _on_unlocked(self, _who: object) -> None:
        self._set_locked(False)

    def _set_locked(self, locked: bool) -> None:
        self.action_registry.set_locked(locked)
        self.barcode.set_enabled(not locked)
        for widget in (self.central, self.menuBar(), self.toolbar, self.status_bar):
            widget.setEnabled(not locked)
        self.locked_changed.emit(locked)
        if not locked:
            current = self.stack.currentWidget()
            (current or self.navigation).setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.barcode.set_enabled(False)
        super().closeEvent(event)

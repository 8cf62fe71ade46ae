"""The action registry: every command of the window, with its id, text and default shortcut.

Frescobaldi-style: the specs below are the defaults; ``ActionRegistry`` turns them into
``QAction``s for one window and is where a later issue applies the user's shortcut overrides
(``set_shortcut`` / ``reset_shortcut``, announced by ``shortcuts_changed``). With a ``QSettings``
the overrides are saved under ``shortcuts/<action id>`` and applied again at the next start.

Each action may need a permission (``pishkhan.services.auth.Permission``): ``apply_permissions``
hides and disables what the signed-in user's role may not do (menus, toolbar and the desk's
quick actions follow, and the key does nothing); the services refuse it as well.

Frequent counter actions are function keys: they do not depend on the keyboard layout (Persian or
English), letter shortcuts do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QSettings, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence

from pishkhan.services.auth import Permission
from pishkhan.ui.pages import PAGES

SETTINGS_GROUP = "shortcuts"

CONTEXT = "Actions"


class Menu(StrEnum):
    DESK = "desk"
    SUBSCRIBER = "subscriber"
    GO = "go"
    HELP = "help"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One command: ``text`` is English source text, translated in the "Actions" context."""

    id: str
    text: str
    shortcut: str = ""  # default key sequence in portable text ("F2", "Ctrl+1"); "" for none
    menu: Menu = Menu.SUBSCRIBER
    page: str | None = None  # the page this action opens (a placeholder until it is built)
    toolbar: bool = False  # shown in the toolbar (with its key)
    tip: str = ""  # longer English description for the tooltip / status tip
    permission: Permission | None = None  # what the role needs (None: everyone)


def _t(text: object) -> str:
    """``QT_TRANSLATE_NOOP`` marks English source text for lupdate; it is typed as object."""
    return str(text)


ACTION_SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "help",
        _t(QT_TRANSLATE_NOOP("Actions", "Help")),
        "F1",
        Menu.HELP,
        page="help",
        toolbar=True,
        tip=_t(QT_TRANSLATE_NOOP("Actions", "Keyboard keys and how to use the desk")),
    ),
    ActionSpec(
        "search",
        _t(QT_TRANSLATE_NOOP("Actions", "Search")),
        "F2",
        tip=_t(QT_TRANSLATE_NOOP("Actions", "Go to the search box")),
        permission=Permission.LOOKUP,
    ),
    ActionSpec(
        "pay",
        _t(QT_TRANSLATE_NOOP("Actions", "Pay bills")),
        "F3",
        page="payment",
        toolbar=True,
        permission=Permission.PAYMENT,
    ),
    ActionSpec(
        "new_request",
        _t(QT_TRANSLATE_NOOP("Actions", "New request")),
        "F4",
        page="subscribers",
        toolbar=True,
        permission=Permission.REQUEST,
    ),
    ActionSpec(
        "scan",
        _t(QT_TRANSLATE_NOOP("Actions", "Scan")),
        "F5",
        page="scan",
        toolbar=True,
        permission=Permission.SCAN,
    ),
    ActionSpec(
        "print_bill",
        _t(QT_TRANSLATE_NOOP("Actions", "Print latest bill")),
        "F6",
        page="subscribers",
        toolbar=True,
        permission=Permission.PRINT_BILL,
    ),
    ActionSpec(
        "meter_reading",
        _t(QT_TRANSLATE_NOOP("Actions", "Meter reading")),
        "F7",
        page="subscribers",
        toolbar=True,
        permission=Permission.READING,
    ),
    ActionSpec(
        "track",
        _t(QT_TRANSLATE_NOOP("Actions", "Track request")),
        "F8",
        page="tracking",
        toolbar=True,
        permission=Permission.LOOKUP,
    ),
    ActionSpec(
        "sync",
        _t(QT_TRANSLATE_NOOP("Actions", "Sync now")),
        "F9",
        Menu.DESK,
        toolbar=True,
        tip=_t(QT_TRANSLATE_NOOP("Actions", "Send waiting records and fetch updates now")),
        permission=Permission.SYNC,
    ),
    ActionSpec(
        "confirm_payment",
        _t(QT_TRANSLATE_NOOP("Actions", "Confirm payment")),
        "F10",
        page="payment",
        permission=Permission.PAYMENT,
    ),
    ActionSpec(
        "lock",
        _t(QT_TRANSLATE_NOOP("Actions", "Lock")),
        "F12",
        Menu.DESK,
        toolbar=True,
        tip=_t(QT_TRANSLATE_NOOP("Actions", "Lock the desk until you sign in again")),
    ),
    ActionSpec("quit", _t(QT_TRANSLATE_NOOP("Actions", "Quit")), "Ctrl+Q", Menu.DESK),
    # One "go to page" action per navigation page; Ctrl+1 … Ctrl+9 in navigation order.
    *(
        ActionSpec(
            f"go.{page.id}",
            page.title,
            f"Ctrl+{index}",
            Menu.GO,
            page.id,
            permission=page.permission,
        )
        for index, page in enumerate(PAGES, start=1)
    ),
)


def _translate(text: str, context: str = CONTEXT) -> str:
    return QCoreApplication.translate(context, text) if text else ""


class ActionRegistry(QObject):
    """The ``QAction``s of one window, built from :data:`ACTION_SPECS`.

    ``triggered(id)`` is emitted whenever any action fires; the window dispatches on the id.
    """

    triggered = Signal(str)
    shortcuts_changed = Signal()

    def __init__(
        self,
        parent: QObject,
        specs: tuple[ActionSpec, ...] = ACTION_SPECS,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self._specs = {spec.id: spec for spec in specs}
        if len(self._specs) != len(specs):
            raise ValueError("duplicate action ids")
        self._settings = settings
        self._allowed: set[str] = set(self._specs)
        self._actions: dict[str, QAction] = {}
        for spec in specs:
            action = QAction(parent)
            action.setObjectName(f"action_{spec.id}")
            action.setData(spec.id)
            action.setShortcut(self.default_shortcut(spec.id))
            action.triggered.connect(self._on_triggered)
            self._actions[spec.id] = action
        self._load_overrides()
        self.retranslate()

    def __iter__(self) -> Iterator[QAction]:
        return iter(self._actions.values())

    def __contains__(self, action_id: object) -> bool:
        return action_id in self._actions

    def ids(self) -> list[str]:
        return list(self._actions)

    def spec(self, action_id: str) -> ActionSpec:
        return self._specs[action_id]

    def action(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def in_menu(self, menu: Menu) -> list[QAction]:
        return [self._actions[i] for i, spec in self._specs.items() if spec.menu is menu]

    def in_toolbar(self) -> list[QAction]:
        return [self._actions[i] for i, spec in self._specs.items() if spec.toolbar]

    def default_shortcut(self, action_id: str) -> QKeySequence:
        return QKeySequence(self._specs[action_id].shortcut)

    def shortcut(self, action_id: str) -> QKeySequence:
        return self._actions[action_id].shortcut()

    def set_shortcut(self, action_id: str, sequence: QKeySequence) -> None:
        """Override an action's key (a user setting, saved if the registry has settings)."""
        self._actions[action_id].setShortcut(sequence)
        self._update_labels(action_id)
        if self._settings is not None:
            key = f"{SETTINGS_GROUP}/{action_id}"
            if sequence == self.default_shortcut(action_id):
                self._settings.remove(key)
            else:
                self._settings.setValue(
                    key, sequence.toString(QKeySequence.SequenceFormat.PortableText)
                )
        self.shortcuts_changed.emit()

    def reset_shortcut(self, action_id: str) -> None:
        self.set_shortcut(action_id, self.default_shortcut(action_id))

    def conflict(self, sequence: QKeySequence, action_id: str) -> str | None:
        """The id of another action already bound to ``sequence`` (``None`` if free)."""
        if sequence.isEmpty():
            return None
        for other, action in self._actions.items():
            if other != action_id and action.shortcut() == sequence:
                return other
        return None

    def _load_overrides(self) -> None:
        if self._settings is None:
            return
        for action_id, action in self._actions.items():
            value = self._settings.value(f"{SETTINGS_GROUP}/{action_id}")
            if isinstance(value, str):
                sequence = QKeySequence(value)
                if value == "" or not sequence.isEmpty():
                    action.setShortcut(sequence)

    # Roles -----------------------------------------------------------------------------------

    def apply_permissions(self, may: Callable[[Permission], bool] | None) -> None:
        """Hide and disable the actions the user may not do (``None``: allow everything)."""
        self._allowed = {
            action_id
            for action_id, spec in self._specs.items()
            if may is None or spec.permission is None or may(spec.permission)
        }
        for action_id, action in self._actions.items():
            allowed = action_id in self._allowed
            action.setVisible(allowed)
            action.setEnabled(allowed)

    def is_allowed(self, action_id: str) -> bool:
        return action_id in self._allowed

    def set_locked(self, locked: bool) -> None:
        """While the desk is locked no action works (the allowed ones come back after)."""
        for action_id, action in self._actions.items():
            action.setEnabled(not locked and action_id in self._allowed)

    def text(self, action_id: str) -> str:
        """The translated text of an action."""
        spec = self._specs[action_id]
        context = "Pages" if spec.menu is Menu.GO else CONTEXT
        return _translate(spec.text, context)

    def key_text(self, action_id: str) -> str:
        """The action's key as shown to the user ("F3"), or "" if it has none."""
        return self.shortcut(action_id).toString(QKeySequence.SequenceFormat.NativeText)

    def retranslate(self) -> None:
        """(Re)apply translated texts, e.g. after the language changes."""
        for action_id in self._actions:
            self._update_labels(action_id)

    def _update_labels(self, action_id: str) -> None:
        action = self._actions[action_id]
        spec = self._specs[action_id]
        text = self.text(action_id)
        key = self.key_text(action_id)
        action.setText(text)
        # Toolbar buttons show the key, so the clerk learns it: «پرداخت (F3)».
        action.setIconText(
            QCoreApplication.translate("Actions", "%1 (%2)").replace("%1", text).replace("%2", key)
            if key
            else text
        )
        tip = _translate(spec.tip) or text
        action.setToolTip(f"{tip} ({key})" if key else tip)
        action.setStatusTip(tip)

    @Slot()
    def _on_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction) and str(action.data()) in self._allowed:
            self.triggered.emit(str(action.data()))

"""The pages of the main window, in navigation order (UX.md "Window")."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from pishkhan.services.auth import Permission

CONTEXT = "Pages"


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A navigation page: ``title`` is English source text, translated in the "Pages" context.

    ``permission``: what the signed-in user's role needs to see the page (``None``: everyone).
    """

    id: str
    title: str
    permission: Permission | None = None

    def display_title(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.title)


def _page(page_id: str, title: object, permission: Permission | None = None) -> PageSpec:
    return PageSpec(page_id, str(title), permission)


PAGES: tuple[PageSpec, ...] = (
    _page("desk", QT_TRANSLATE_NOOP("Pages", "Desk")),
    _page("subscribers", QT_TRANSLATE_NOOP("Pages", "Subscribers"), Permission.LOOKUP),
    _page("payment", QT_TRANSLATE_NOOP("Pages", "Payment"), Permission.PAYMENT),
    _page("requests", QT_TRANSLATE_NOOP("Pages", "Requests"), Permission.REQUEST),
    _page("tracking", QT_TRANSLATE_NOOP("Pages", "Tracking"), Permission.LOOKUP),
    _page("scan", QT_TRANSLATE_NOOP("Pages", "Scan"), Permission.SCAN),
    _page("reports", QT_TRANSLATE_NOOP("Pages", "Reports"), Permission.HISTORY),
    _page("cash", QT_TRANSLATE_NOOP("Pages", "Cash"), Permission.PAYMENT),
    _page("settings", QT_TRANSLATE_NOOP("Pages", "Settings"), Permission.SETTINGS),
)

# Reachable by key (F1) but not listed in the navigation.
HELP_PAGE = _page("help", QT_TRANSLATE_NOOP("Pages", "Help"))

PAGE_IDS: tuple[str, ...] = tuple(page.id for page in PAGES)

# Page id -> module with ``create_page(env: PageEnv) -> QWidget``. A page without an entry, or
# whose module does not exist yet, shows the placeholder. "desk" and "help" are built by the
# main window itself.
PAGE_FACTORIES: dict[str, str] = {
    "subscribers": "pishkhan.ui.lookup.page",
    "payment": "pishkhan.ui.pages.payment",
    "requests": "pishkhan.ui.pages.requests",
    "tracking": "pishkhan.ui.pages.tracking",
    "scan": "pishkhan.ui.scan.page",
    "reports": "pishkhan.ui.printing.reports_page",
    "cash": "pishkhan.ui.pages.cash",
    "settings": "pishkhan.ui.pages.settings",
}


def page_spec(page_id: str) -> PageSpec:
    for page in (*PAGES, HELP_PAGE):
        if page.id == page_id:
            return page
    raise KeyError(page_id)

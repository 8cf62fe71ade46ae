"""Building the window's pages: from their factory modules, on demand, imports ahead of time.

A page module named in ``PAGE_FACTORIES`` has ``create_page(env) -> QWidget``. ``build_page``
never lets a broken page take the window down (it shows the placeholder and logs why);
``preload_modules`` imports page modules on a background thread so the first visit to a page
does not wait for them, which is why a page module must not create widgets, pixmaps or other
GUI-thread-only objects at import time.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from pishkhan.ui.env import PageEnv
from pishkhan.ui.pages import PAGE_FACTORIES, PageSpec
from pishkhan.ui.pages.placeholder import PlaceholderPage

if TYPE_CHECKING:
    from pishkhan.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def build_page(spec: PageSpec, env: PageEnv) -> QWidget:
    """The page from its factory module (``PAGE_FACTORIES``), else a placeholder.

    A page that fails to import or build is logged and replaced by its placeholder: one broken
    page must not keep the clerk from the others.
    """
    module_name = PAGE_FACTORIES.get(spec.id)
    if module_name is None:
        return PlaceholderPage(spec)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not module_name.startswith(exc.name):
            log.exception("page %s could not be loaded", spec.id)
        return PlaceholderPage(spec)
    except Exception:
        log.exception("page %s could not be loaded", spec.id)
        return PlaceholderPage(spec)
    try:
        page: QWidget = module.create_page(env)
    except Exception:
        log.exception("page %s could not be built", spec.id)
        return PlaceholderPage(spec)
    return page


def preload_modules(modules: list[str]) -> None:
    """Import page modules (off the GUI thread); a failure shows later, when the page is built."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # reported by build_page on the GUI thread
            continue


class LazyPages(Mapping[str, QWidget]):
    """The window's pages by id; looking one up builds it if it has not been built yet."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def __getitem__(self, page_id: str) -> QWidget:
        return self._window._page(page_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self._window._builders)

    def __len__(self) -> int:
        return len(self._window._builders)


def _preload(modules: list[str]) -> None:
    """Import page modules (off the GUI thread); a failure shows later, when the page is built."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            continue

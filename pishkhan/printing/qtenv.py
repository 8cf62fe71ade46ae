"""Qt set-up the printing layer needs: a GUI application object and the Persian font.

Painting text needs a ``QGuiApplication`` (fonts live in its database). The desk already has a
``QApplication``; headless callers (the ``pishkhan print`` command, benchmarks, tests) get an
offscreen one here. The font is registered once, on the thread that owns the application, the
way the desk registers it (``pishkhan.fonts.load_font``); after that, painting on a
``QPdfWriter``/``QImage``/``QPrinter`` from a worker thread is safe.
"""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtGui import QFontDatabase, QGuiApplication

from pishkhan.fonts import load_font

_app: QGuiApplication | None = None
_family: str | None = None
_lock = threading.Lock()

#: Used when the Persian font package is missing (still joins Arabic script through HarfBuzz).
FALLBACK_FAMILY = "DejaVu Sans"


def ensure_app() -> QCoreApplication:
    """The running Qt application, or a new offscreen ``QGuiApplication`` (headless use)."""
    global _app
    app = QCoreApplication.instance()
    if app is not None:
        return app
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(["pishkhan-print"])
    return _app


def font_family() -> str:
    """Family name of the document font (Noto Sans Arabic, loaded as the desk loads it).

    Call once from the application's thread before painting on a worker thread.
    """
    global _family
    with _lock:
        if _family is not None:
            return _family
        app = ensure_app()
        family = None
        if QThread.currentThread() == app.thread():
            family = load_font()
        if family is None:
            families = QFontDatabase.families()
            family = next(
                (f for f in ("Noto Sans Arabic", FALLBACK_FAMILY) if f in families),
                FALLBACK_FAMILY,
            )
        _family = family
        return family

"""The Persian font of the desk and its documents: find the file, register it with Qt.

Qt GUI only (``QFontDatabase``), no widgets, so both the application start-up
(:mod:`pishkhan.app`) and the printing layer (:mod:`pishkhan.printing.qtenv`, which also runs
headless) use it. Register on the thread that owns the Qt application.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtGui import QFontDatabase

log = logging.getLogger(__name__)

FONT_FILE = "NotoSansArabic[wdth,wght].ttf"

_family: str | None = None
_lock = threading.Lock()


def persian_font_file() -> Path | None:
    """The Noto Sans Arabic variable font shipped by the ``fontpkg_noto_sans_arabic`` package."""
    try:
        import fontpkg_noto_sans_arabic
    except ImportError:
        return None
    path = Path(fontpkg_noto_sans_arabic.ROOT) / "files" / FONT_FILE
    return path if path.is_file() else None


def load_font() -> str | None:
    """Register the Persian font once; returns its family name (``None`` if unavailable).

    Needs a ``QGuiApplication``; call it on that application's thread.
    """
    global _family
    with _lock:
        if _family is not None:
            return _family
        path = persian_font_file()
        if path is None:
            log.warning("font package fontpkg_noto_sans_arabic not found; using the system font")
            return None
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            log.warning("could not load font %s; using the system font", path)
            return None
        _family = families[0]
        return _family

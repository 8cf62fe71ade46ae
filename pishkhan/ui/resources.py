"""Where the application's resources (translations, styles, icons) live on disk."""

from __future__ import annotations

import sys
from pathlib import Path

import pishkhan


def resources_root() -> Path:
    """The ``resources/`` folder: next to the ``pishkhan`` package, or inside a frozen bundle.

    A PyInstaller bundle unpacks data into ``sys._MEIPASS``; the spec copies ``resources/`` there.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(pishkhan.__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a file or folder under ``resources/`` (which may not exist)."""
    return resources_root().joinpath(*parts)

"""The Persian application for the Qt test suites, and ``scripts/`` loaded as modules."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
QM_FILE = ROOT / "resources" / "translations" / "pishkhan_fa.qm"


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` (the scripts folder is not a package)."""
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"pishkhan_scripts_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def persian_application() -> QApplication:
    """The application as ``pishkhan.app`` sets it up, in Persian (the .qm built if stale)."""
    build = load_script("build_translations")
    sources = build.ts_files("fa")
    if not QM_FILE.exists() or QM_FILE.stat().st_mtime < max(p.stat().st_mtime for p in sources):
        build.build_qm(sources, QM_FILE)
    os.environ.pop("PISHKHAN_LANG", None)
    from pishkhan.app import create_application

    return create_application(["pishkhan-tests"])

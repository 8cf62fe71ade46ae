"""Fixtures for the lookup, subscriber file, reading and history tests.

A small demo database is generated once per test session in a template data folder; every test
that asks for ``ctx`` gets its own copy (so writes never leak between tests). ``qapp`` is the
application as ``pishkhan.app`` sets it up, in Persian (like tests/ui/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from pishkhan.demo.loader import load_demo_data
from pishkhan.paths import DataPaths
from pishkhan.services.auth import Role, SignedIn
from pishkhan.services.context import AppContext, open_context

ROOT = Path(__file__).resolve().parents[2]
QM_FILE = ROOT / "resources" / "translations" / "pishkhan_fa.qm"
TODAY = dt.date(2026, 11, 25)
SUBSCRIBERS = 200
SEED = 11

OPERATOR = SignedIn(user_id=1, username="operator", full_name="مریم احمدی", role=Role.OPERATOR)
CLERK = SignedIn(user_id=2, username="clerk", full_name="رضا کریمی", role=Role.CLERK)


@pytest.fixture(scope="session")
def template_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lookup-template")
    ctx = open_context(DataPaths(root))
    try:
        load_demo_data(
            ctx.engine,
            subscribers=SUBSCRIBERS,
            seed=SEED,
            config=ctx.config,
            today=TODAY,
            workers=0,
        )
    finally:
        ctx.close()
    for leftover in root.glob("*.sqlite3-*"):  # WAL files are checkpointed on close
        leftover.unlink()
    return root


@pytest.fixture
def ctx(template_folder: Path, tmp_path: Path) -> Iterator[AppContext]:
    root = tmp_path / "data"
    shutil.copytree(template_folder, root)
    context = open_context(DataPaths(root), migrate=False)
    yield context
    context.close()


def _load_script(name: str) -> object:
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"pishkhan_scripts_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def qapp() -> QApplication:
    """The application as ``pishkhan.app`` sets it up, in Persian (the .qm built if stale)."""
    build = _load_script("build_translations")
    sources = build.ts_files("fa")  # type: ignore[attr-defined]
    if not QM_FILE.exists() or QM_FILE.stat().st_mtime < max(p.stat().st_mtime for p in sources):
        build.build_qm(sources, QM_FILE)  # type: ignore[attr-defined]
    os.environ.pop("PISHKHAN_LANG", None)
    from pishkhan.app import create_application

    return create_application(["pishkhan-tests"])

"""Fixtures for the lookup, subscriber file, reading and history tests.

A small demo database is generated once per test session in a template data folder; every test
that asks for ``ctx`` gets its own copy (so writes never leak between tests). ``qapp`` is the
application as ``pishkhan.app`` sets it up, in Persian (like tests/ui/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from pishkhan.demo.loader import load_demo_data
from pishkhan.paths import DataPaths
from pishkhan.services.auth import Role, SignedIn
from pishkhan.services.context import AppContext, open_context
from tests.qtapp import persian_application

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


@pytest.fixture(scope="session")
def qapp() -> QApplication:
    return persian_application()

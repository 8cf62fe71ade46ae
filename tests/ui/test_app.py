"""create_application: locale, direction, font, names, style; English mode; resources."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QApplication

from pishkhan.app import FONT_POINT_SIZE, create_application
from pishkhan.ui.resources import resource_path, resources_root

ROOT = Path(__file__).resolve().parents[2]


def test_application_is_set_up_for_the_persian_desk(qapp: QApplication) -> None:
    assert QCoreApplication.organizationName() == "Pishkhan"
    assert QCoreApplication.applicationName() == "Pishkhan"
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QLocale().name() == "fa_IR"
    assert qapp.font().family() == "Noto Sans Arabic"
    assert qapp.font().pointSize() == FONT_POINT_SIZE
    assert "#b3261e" in qapp.styleSheet()  # the debt / error red


def test_create_application_reuses_the_instance(qapp: QApplication) -> None:
    assert create_application(["again"]) is qapp
    assert QCoreApplication.translate("Pages", "Desk") == "میز کار"  # translators not doubled


def test_resources_are_found_next_to_the_package() -> None:
    assert resources_root() == ROOT / "resources"
    assert resource_path("styles", "pishkhan.qss").is_file()


def test_frozen_bundle_resources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("translations") == tmp_path / "resources" / "translations"


def run_snippet(code: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "PISHKHAN_LANG"}
    environment.update(QT_QPA_PLATFORM="offscreen", **env)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_english_mode_is_left_to_right() -> None:
    out = run_snippet(
        """
        from PySide6.QtCore import QCoreApplication, QLocale
        from pishkhan.app import create_application
        app = create_application([])
        print(app.layoutDirection().name, QLocale().name(),
              QCoreApplication.translate("Pages", "Desk"))
        """,
        PISHKHAN_LANG="en",
    )
    assert out == "LeftToRight en_US Desk"


def test_starts_without_the_qm_in_persian_layout_with_english_text(tmp_path: Path) -> None:
    out = run_snippet(
        f"""
        from pathlib import Path
        import pishkhan.app as app_module
        app_module.resource_path = lambda *parts: Path({str(tmp_path)!r}).joinpath(*parts)
        from PySide6.QtCore import QCoreApplication, QLocale
        from pishkhan.ui.main_window import MainWindow
        app = app_module.create_application([])
        window = MainWindow()
        print(app.layoutDirection().name, QLocale().name(), window.navigation.item(0).text())
        """
    )
    assert out == "RightToLeft fa_IR Desk"

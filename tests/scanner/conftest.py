"""Fixtures of the scanner tests: the real application (for pytest-qt) and SANE's test device.

SANE reads ``SANE_CONFIG_DIR`` once, when it is initialised (once per process), so the private
configuration is written and the variable set here, before anything imports ``sane``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.qtapp import persian_application

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SANE_DIR = Path(tempfile.mkdtemp(prefix="pishkhan-sane-"))


def write_sane_config(folder: Path) -> Path:
    """A ``dll.conf`` holding only ``test`` and a ``test.conf`` where A4 fits at 300 dpi."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dll.conf").write_text("test\n")
    (folder / "test.conf").write_text(
        "number_of_devices 2\n"
        "mode Gray\n"
        "depth 8\n"
        'test-picture "Grid"\n'
        "geometry_min 0.0\n"
        "geometry_max 300.0\n"
        "geometry_quant 1.0\n"
        "br_x 210.0\n"
        "br_y 297.0\n"
        "enable-test-options true\n"
    )
    return folder


write_sane_config(SANE_DIR)
os.environ["SANE_CONFIG_DIR"] = str(SANE_DIR)
os.environ["LANGUAGE"] = "C"  # SANE's own status strings in English (we map them)


@pytest.fixture(scope="session")
def sane_env() -> dict[str, str]:
    """Environment for a subprocess that should see the SANE test device."""
    env = dict(os.environ)
    env["SANE_CONFIG_DIR"] = str(SANE_DIR)
    return env


@pytest.fixture(scope="session")
def qapp() -> object:
    return persian_application()

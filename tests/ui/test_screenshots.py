"""scripts/screenshots.py: every screen of the desk saved as a PNG from demo data."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from .conftest import load_script


def distinct_colours(image: QImage) -> int:
    return len(
        {image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)}
    )


def test_screenshots_of_each_screen(qapp: QApplication, tmp_path: Path) -> None:
    script: ModuleType = load_script("screenshots")
    out = tmp_path / "shots"
    code = script.main(["--out", str(out), "--home", str(tmp_path / "home"), "--subscribers", "40"])
    assert code == 0
    names = {path.stem for path in out.glob("*.png")}
    assert {"login", "desk", "subscribers", "payment", "lock", "help"} <= names
    assert not names & script.NOT_OURS  # other areas' screenshots are left alone
    for name in ("login", "desk", "payment"):
        image = QImage(str(out / f"{name}.png"))
        assert not image.isNull() and distinct_colours(image) > 5, name
    lock = QImage(str(out / "lock.png"))
    assert lock.pixel(3, 3) == lock.pixel(lock.width() - 3, lock.height() - 3)  # covered

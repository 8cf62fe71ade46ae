"""The Persian translation: complete, in step with the sources, and really compiled."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "translations"


def messages(*files: Path) -> dict[tuple[str, str], ET.Element]:
    found: dict[tuple[str, str], ET.Element] = {}
    for ts in files or sorted(TS_DIR.glob("*_fa.ts")):
        root = ET.parse(ts).getroot()
        for context in root.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                found[(name, message.findtext("source") or "")] = message
    return found


def translations_of(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = translation.findall("numerusform")
    return [form.text or "" for form in forms] if forms else [translation.text or ""]


def test_every_message_is_translated() -> None:
    found = messages()
    assert len(found) > 50
    problems = []
    for key, message in found.items():
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type")
        if kind in ("unfinished", "obsolete", "vanished") or not all(
            text.strip() for text in translations_of(message)
        ):
            problems.append(key)
    assert problems == []


def test_placeholders_survive_translation() -> None:
    for (context, source), message in messages().items():
        wanted = sorted(re.findall(r"%L?\d|%L?n", source))
        for text in translations_of(message):
            assert sorted(re.findall(r"%L?\d|%L?n", text)) == wanted, (context, source, text)


def test_translations_are_persian() -> None:
    identical_ok = {("Actions", "%1 (%2)")}
    for key, message in messages().items():
        if key in identical_ok:
            continue
        for text in translations_of(message):
            assert re.search("[\u0600-\u06ff]", text), (key, text)


@pytest.mark.parametrize("area", ["desk", "kit", "lookup", "requests", "scan", "print", "sync"])
def test_ts_is_in_step_with_the_sources(
    area: str, tmp_path: Path, build_translations: ModuleType
) -> None:
    """lupdate over today's sources of an area finds exactly the messages of its committed .ts."""
    assert set(build_translations.AREAS) == {
        "desk",
        "kit",
        "lookup",
        "requests",
        "scan",
        "print",
        "sync",
    }
    fresh = tmp_path / f"{area}_fa.ts"
    build_translations.update_ts(fresh, area, "fa")
    extracted = set(messages(fresh)) if fresh.exists() else set()
    committed_file = build_translations.ts_path(area, "fa")
    committed = set(messages(committed_file)) if committed_file.exists() else set()
    assert extracted - committed == set(), f"run scripts/build_translations.py --update {area}"
    assert committed - extracted == set(), "obsolete messages in the .ts"


def test_compiled_translation_is_persian(
    tmp_path: Path, build_translations: ModuleType, qapp: QApplication
) -> None:
    qm = tmp_path / "pishkhan_fa.qm"
    build_translations.build_qm(build_translations.ts_files("fa"), qm)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("Pages", "Desk") == "میز کار"
    assert translator.translate("Money", "%1 rials") == "%1 ریال"
    # And the application's own translator (installed by create_application) is in effect.
    assert QCoreApplication.translate("Pages", "Settings") == "تنظیمات"
    assert QCoreApplication.translate("PlaceholderPage", "Coming soon.") == "به‌زودی."


def test_qt_own_persian_translation_is_loaded(qapp: QApplication) -> None:
    from pishkhan.app import qt_translations_dir

    assert (qt_translations_dir() / "qtbase_fa.qm").is_file()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "انصراف"


def test_missing_qm_is_a_warning_not_a_failure(
    tmp_path: Path, qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    from pishkhan.app import install_translators

    locale = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
    try:
        loaded = install_translators(qapp, locale, our_dir=tmp_path)
        assert [Path(path).name for path in loaded] == ["qtbase_fa.qm"]
        assert "no pishkhan translation" in caplog.text
        assert QCoreApplication.translate("Pages", "Desk") == "Desk"
    finally:
        install_translators(qapp, locale)
    assert QCoreApplication.translate("Pages", "Desk") == "میز کار"

"""The scan dialog and page with SANE's test device: pages arrive one by one, cancel, errors."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from pytestqt.qtbot import QtBot

from pishkhan.domain.requests import DocumentKind
from pishkhan.scanner.model import ColorMode, Source
from pishkhan.ui.scan.dialog import ScanDialog
from pishkhan.ui.scan.page import ScanPage
from pishkhan.ui.widgets import Tone, tone_of
from pishkhan.ui.worker import wait_for_workers
from tests.scanner.sane_helpers import device_test_options

pytestmark = pytest.mark.usefixtures("qapp")


def _dialog(
    qtbot: QtBot, tmp_path: Path, kind: DocumentKind, *, pdfa: bool = False, **options: object
) -> ScanDialog:
    dialog = ScanDialog(kind, documents_dir=tmp_path, pdfa=pdfa)
    qtbot.addWidget(dialog)
    panel = dialog.panel
    qtbot.waitUntil(lambda: bool(panel.devices), timeout=15_000)
    assert panel.select_device("sane:test:0")
    panel.device_options = device_test_options(**options)  # type: ignore[arg-type]
    # The low resolution keeps the test quick; the profile chose the rest.
    panel.dpi_combo.setCurrentIndex(panel.dpi_combo.findData(75))
    dialog.show()
    return dialog


def test_profile_sets_source_and_mode(qtbot: QtBot, tmp_path: Path) -> None:
    deed = _dialog(qtbot, tmp_path, DocumentKind.PROPERTY_DEED)
    assert deed.panel.options().source is Source.FEEDER  # duplex missing: falls back to feeder
    assert deed.panel.options().mode is ColorMode.GRAY
    card = _dialog(qtbot, tmp_path, DocumentKind.NATIONAL_ID_CARD)
    assert card.panel.options().source is Source.FLATBED
    assert card.panel.options().mode is ColorMode.COLOR
    assert "کارت" in card.windowTitle()


def test_pages_arrive_one_by_one_and_done_saves_a_pdf(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path, DocumentKind.PROPERTY_DEED)
    panel = dialog.panel
    counts: list[int] = []
    panel.pages_changed.connect(counts.append)
    with qtbot.waitSignal(panel.scan_finished, timeout=60_000) as finished:
        assert panel.start_scan(pages=4)
        assert panel.busy() and panel.cancel_button.isEnabled()
    assert finished.args == [4, False]
    assert counts[:4] == [1, 2, 3, 4]  # one thumbnail at a time
    assert panel.strip.count() == 4
    assert panel.strip.item(0).text().startswith("صفحهٔ ۱")
    assert tone_of(panel.message) is Tone.OK
    # Reorder, rotate and delete, then Done.
    first = panel.strip.page_at(0)
    panel.strip.setCurrentRow(0)
    panel.editor.move_page(1)
    assert panel.strip.page_at(1) is first
    panel.editor.rotate_page(1)
    qtbot.waitUntil(lambda: panel.strip.page_at(1).image.size == first.image.size[::-1])
    panel.strip.setCurrentRow(3)
    panel.editor.delete_page()
    assert panel.strip.count() == 3
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.done_button.click()
    pdf = dialog.result_pdf()
    assert pdf is not None and pdf.parent == tmp_path
    doc = pdfium.PdfDocument(str(pdf))
    assert len(doc) == 3
    width, height = doc[1].get_size()
    assert width > height  # the page turned a quarter
    doc.close()
    with pikepdf.open(pdf) as parsed:
        assert "/OutputIntents" not in parsed.Root  # PDF/A only when the desk asks for it


def test_a_desk_set_to_archive_saves_pdfa(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path, DocumentKind.BIRTH_CERTIFICATE, pdfa=True)
    with qtbot.waitSignal(dialog.panel.scan_finished, timeout=60_000):
        assert dialog.panel.start_scan(pages=1)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.done_button.click()
    pdf = dialog.result_pdf()
    assert pdf is not None
    with pikepdf.open(pdf) as parsed:
        assert parsed.open_metadata()["pdfaid:part"] == "1"
        assert "/OutputIntents" in parsed.Root


def test_cancel_mid_batch_keeps_the_pages_before(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path, DocumentKind.PROPERTY_DEED, slow=True)
    panel = dialog.panel
    panel.dpi_combo.setCurrentIndex(panel.dpi_combo.findData(100))
    with qtbot.waitSignal(panel.scan_finished, timeout=60_000) as finished:
        panel.start_scan()
        qtbot.waitUntil(lambda: panel.strip.count() >= 1, timeout=30_000)
        panel.cancel_button.click()
    count, cancelled = finished.args
    assert cancelled and 1 <= count < 10
    assert panel.strip.count() == count
    assert tone_of(panel.message) is Tone.PENDING
    assert not panel.busy() and panel.scan_button.isEnabled()


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("SANE_STATUS_NO_DOCS", "سینی تغذیه"),
        ("SANE_STATUS_JAMMED", "گیر کرده"),
        ("SANE_STATUS_COVER_OPEN", "درِ اسکنر"),
    ],
)
def test_device_trouble_is_a_clear_persian_message(
    qtbot: QtBot, tmp_path: Path, status: str, words: str
) -> None:
    dialog = _dialog(qtbot, tmp_path, DocumentKind.BUILDING_PERMIT, status=status)
    panel = dialog.panel
    with qtbot.waitSignal(panel.scan_finished, timeout=30_000):
        panel.start_scan()
    assert words in panel.message.text()
    assert tone_of(panel.message) is Tone.ERROR
    assert panel.strip.count() == 0
    panel.device_options = device_test_options()


def test_rescan_replaces_the_selected_page(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path, DocumentKind.BIRTH_CERTIFICATE)
    panel = dialog.panel
    with qtbot.waitSignal(panel.scan_finished, timeout=30_000):
        panel.start_scan()
    assert panel.strip.count() == 1
    old = panel.strip.page_at(0)
    panel.strip.setCurrentRow(0)
    with qtbot.waitSignal(panel.scan_finished, timeout=30_000):
        panel.editor.rescan_button.click()
    assert panel.strip.count() == 1 and panel.strip.page_at(0) is not old


def test_blank_page_is_flagged_in_the_strip(qtbot: QtBot, tmp_path: Path) -> None:
    from pishkhan.scanner import synthetic

    blank = tmp_path / "blank.png"
    synthetic.blank_page(100).save(blank, dpi=(100, 100))
    text = tmp_path / "text.png"
    synthetic.text_page(100).save(text, dpi=(100, 100))
    dialog = _dialog(qtbot, tmp_path, DocumentKind.PROPERTY_DEED)
    panel = dialog.panel
    with qtbot.waitSignal(panel.scan_finished, timeout=30_000):
        assert panel.import_files([str(text), str(blank)])
    assert panel.strip.count() == 2
    assert "سفید" in panel.strip.item(1).text() and "سفید" not in panel.strip.item(0).text()
    assert tone_of(panel.message) is Tone.PENDING


def test_scan_page_builds_and_lists_devices(qtbot: QtBot) -> None:
    from pishkhan.ui.env import PageEnv
    from pishkhan.ui.scan.page import create_page

    page = create_page(PageEnv())
    qtbot.addWidget(page)
    page.show()
    assert isinstance(page, ScanPage)
    qtbot.waitUntil(lambda: page.panel.device_combo.isEnabled(), timeout=15_000)
    assert page.panel.device_combo.findData("sane:test:0") >= 0
    assert not page.save_button.isEnabled()
    assert wait_for_workers(10_000)


def test_closing_the_dialog_mid_scan_stops_the_scan(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path, DocumentKind.PROPERTY_DEED, slow=True)
    panel = dialog.panel
    panel.dpi_combo.setCurrentIndex(panel.dpi_combo.findData(100))
    assert panel.start_scan()
    qtbot.waitUntil(lambda: panel.strip.count() >= 1, timeout=30_000)
    dialog.reject()
    assert panel.session is None or not panel.session._thread.isRunning()
    assert dialog.result_pdf() is None

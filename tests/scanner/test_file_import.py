"""File import: images and PDFs become pages, through the same pipeline."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pishkhan.scanner import backends, pipeline, synthetic
from pishkhan.scanner.errors import ImportFailed
from pishkhan.scanner.file_backend import DEVICE_ID, FileImportBackend, import_files
from pishkhan.scanner.model import ColorMode, RawPage, ScanOptions


def _pdf_of(tmp_path: Path, count: int, dpi: int = 100) -> Path:
    pages = [
        pipeline.process_page(
            RawPage(synthetic.text_page(dpi, seed=i), dpi, i),
            ColorMode.GRAY,
        )
        for i in range(count)
    ]
    path = tmp_path / "in.pdf"
    path.write_bytes(pipeline.pages_to_pdf(pages))
    return path


def test_pdf_pages_are_rasterised_at_the_requested_dpi(tmp_path: Path) -> None:
    pdf = _pdf_of(tmp_path, 3)
    pages = list(import_files([pdf], dpi=150))
    assert [p.index for p in pages] == [0, 1, 2]
    width_in = pdfium.PdfDocument(str(pdf))[0].get_size()[0] / 72
    assert pages[0].dpi == 150
    assert abs(pages[0].image.width - width_in * 150) <= 2


def test_images_keep_their_resolution_and_tiff_frames_are_pages(tmp_path: Path) -> None:
    jpg = tmp_path / "id.jpg"
    synthetic.text_page(120, (85.6, 54), lines=4).convert("RGB").save(jpg, dpi=(120, 120))
    tif = tmp_path / "two.tif"
    frames = [synthetic.text_page(100, seed=s) for s in (1, 2)]
    frames[0].save(tif, save_all=True, append_images=frames[1:], dpi=(100, 100))
    pages = list(import_files([jpg, tif], dpi=300))
    assert [(p.index, p.dpi) for p in pages] == [(0, 120), (1, 100), (2, 100)]
    assert pages[0].image.mode == "RGB"


def test_backend_through_acquire(tmp_path: Path) -> None:
    pdf = _pdf_of(tmp_path, 2)
    png = tmp_path / "blank.png"
    synthetic.blank_page(100).save(png, dpi=(100, 100))
    options = ScanOptions(mode=ColorMode.BW, dpi=100, device_options={"files": [pdf, png]})
    pages = list(backends.acquire(DEVICE_ID, options))
    assert [p.blank for p in pages] == [False, False, True]  # flagged, not dropped
    assert all(p.image.mode == "1" for p in pages)
    assert FileImportBackend().list_devices()[0].id == DEVICE_ID


def test_unreadable_file_is_a_persian_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not an image")
    with pytest.raises(ImportFailed) as caught:
        list(import_files([bad]))
    assert "پرونده" in str(caught.value)
    bad_pdf = tmp_path / "bad.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4 broken")
    with pytest.raises(ImportFailed):
        list(import_files([bad_pdf]))
    with pytest.raises(ImportFailed):
        list(import_files([tmp_path / "missing.png"]))


def test_pages_limit(tmp_path: Path) -> None:
    pdf = _pdf_of(tmp_path, 3)
    options = ScanOptions(pages=2, dpi=72, device_options={"files": [str(pdf)]})
    assert len(list(FileImportBackend().scan(DEVICE_ID, options))) == 2

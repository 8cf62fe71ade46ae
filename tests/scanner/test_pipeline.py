"""The page pipeline on synthetic skewed pages: angle, crop, blank flag, encoding, PDF."""

from __future__ import annotations

import io

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from pishkhan.scanner import pipeline, synthetic
from pishkhan.scanner.model import ColorMode, RawPage

MM = 25.4


@pytest.mark.parametrize("angle", [-4.2, -1.3, -0.3, 0.0, 0.15, 0.7, 2.9])
def test_skew_is_found_within_a_fifth_of_a_degree(angle: float) -> None:
    page = synthetic.on_scanner_bed(synthetic.text_page(200, seed=7), 200, angle=angle)
    assert pipeline.detect_skew(page, 200) == pytest.approx(angle, abs=0.2)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(angle=st.floats(min_value=-4.5, max_value=4.5), seed=st.integers(0, 1000))
def test_skew_property(angle: float, seed: int) -> None:
    page = synthetic.on_scanner_bed(synthetic.text_page(150, seed=seed, lines=18), 150, angle=angle)
    assert pipeline.detect_skew(page, 150) == pytest.approx(angle, abs=0.2)


def test_processed_page_is_straight_and_cropped_to_the_paper() -> None:
    dpi = 200
    paper = synthetic.text_page(dpi, seed=3)
    scan = synthetic.on_scanner_bed(paper, dpi, angle=2.4, border_mm=10)
    page = pipeline.process_page(RawPage(scan, dpi, 0), ColorMode.GRAY)
    assert page.skew_degrees == pytest.approx(2.4, abs=0.2)
    # The bed is gone: the page is the paper less a small inset (1.5 mm a side).
    inset = round(1.5 / MM * dpi)
    assert abs(page.image.width - (paper.width - 2 * inset)) <= 6
    assert abs(page.image.height - (paper.height - 2 * inset)) <= 6
    # No dark bed left along the edges (the corners that the turn uncovered are cropped away).
    edges = [
        page.image.crop((0, 0, page.image.width, 3)),
        page.image.crop((0, 0, 3, page.image.height)),
    ]
    assert all(int(np.asarray(e).min()) > 150 for e in edges)
    # And the text lines are horizontal again: a straight page has no skew left.
    assert pipeline.detect_skew(page.image, dpi) == pytest.approx(0.0, abs=0.2)
    assert not page.blank


def test_card_on_a_big_bed_is_cropped_to_the_card() -> None:
    dpi = 150
    card = synthetic.text_page(dpi, (85.6, 54.0), lines=5, seed=1).convert("RGB")
    bed = Image.new("RGB", (round(210 / MM * dpi), round(297 / MM * dpi)), (60, 60, 60))
    bed.paste(card, (40, 60))
    page = pipeline.process_page(RawPage(bed, dpi, 0), ColorMode.COLOR)
    assert page.image.mode == "RGB"
    assert abs(page.image.width - card.width) < 25 and abs(page.image.height - card.height) < 25


def test_blank_pages_are_flagged_not_dropped() -> None:
    dpi = 150
    raw = [
        synthetic.on_scanner_bed(synthetic.text_page(dpi, seed=1), dpi, angle=1.0),
        synthetic.on_scanner_bed(synthetic.blank_page(dpi, seed=2), dpi, angle=0.6),
        synthetic.on_scanner_bed(synthetic.text_page(dpi, lines=1, seed=3), dpi),
    ]
    pages = [pipeline.process_page(RawPage(im, dpi, i), ColorMode.GRAY) for i, im in enumerate(raw)]
    assert [p.blank for p in pages] == [False, True, False]  # one short line is not blank
    assert [p.index for p in pages] == [0, 1, 2]


def test_rotation_by_quarter_turns() -> None:
    image = Image.new("L", (30, 10), 255)
    image.putpixel((0, 0), 0)  # top-left dark
    turned = pipeline.rotate_quarters(image, 1)  # clockwise: top-left goes to top-right
    assert turned.size == (10, 30)
    assert turned.getpixel((9, 0)) == 0
    assert pipeline.rotate_quarters(image, 4) is image
    assert pipeline.rotate_quarters(image, -1).getpixel((0, 29)) == 0


def _pages(mode: ColorMode, count: int = 3, dpi: int = 150) -> list[pipeline.ProcessedPage]:
    return [
        pipeline.process_page(
            RawPage(
                synthetic.on_scanner_bed(synthetic.text_page(dpi, seed=i), dpi, angle=1), dpi, i
            ),
            mode,
        )
        for i in range(count)
    ]


def test_encoding_gray_jpeg_and_bw_g4() -> None:
    gray = pipeline.encode_page(_pages(ColorMode.GRAY, 1)[0])
    assert gray.mime == "image/jpeg"
    with Image.open(io.BytesIO(gray.data)) as im:
        assert im.format == "JPEG" and im.mode == "L" and im.info["dpi"][0] == pytest.approx(150)
    bw = pipeline.encode_page(_pages(ColorMode.BW, 1)[0])
    with Image.open(io.BytesIO(bw.data)) as im:
        assert im.format == "TIFF" and im.mode == "1"
        assert im.info["compression"] == "group4"
    assert len(bw.data) < len(gray.data) / 4


def test_pdf_has_every_page_at_its_paper_size_with_images_unchanged(tmp_path: object) -> None:
    pages = _pages(ColorMode.GRAY, 2) + _pages(ColorMode.BW, 1)
    encoded = [pipeline.encode_page(p) for p in pages]
    pdf = pipeline.build_pdf(encoded)
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == 3
    for page, source in zip(doc, pages, strict=True):
        width, height = page.get_size()
        assert width == pytest.approx(source.image.width / source.dpi * 72, abs=1)
        assert height == pytest.approx(source.image.height / source.dpi * 72, abs=1)
    with pikepdf.open(io.BytesIO(pdf)) as parsed:
        streams = [next(iter(p.get_images().values())) for p in parsed.pages]
        filters = [
            str(pikepdf.Array(s.Filter)[0])
            if isinstance(s.Filter, pikepdf.Array)
            else str(s.Filter)
            for s in streams
        ]
        assert filters == ["/DCTDecode", "/DCTDecode", "/CCITTFaxDecode"]
        assert streams[0].read_raw_bytes() == encoded[0].data  # the JPEG as it was encoded


def test_pdf_needs_a_page() -> None:
    with pytest.raises(ValueError):
        pipeline.build_pdf([])


def test_pdfa_for_archiving_names_its_conformance_and_colour_intent() -> None:
    pages = _pages(ColorMode.COLOR, 1) + _pages(ColorMode.GRAY, 1) + _pages(ColorMode.BW, 1)
    encoded = [pipeline.encode_page(p) for p in pages]
    pdf = pipeline.build_pdf(encoded, pdfa=True)
    with pikepdf.open(io.BytesIO(pdf)) as parsed:
        assert len(parsed.pages) == 3
        meta = parsed.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("1", "B")
        [intent] = parsed.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        profile = intent.DestOutputProfile
        assert profile.N == 3 and b"acsp" in profile.read_bytes()[:64]  # an ICC RGB profile
        streams = [next(iter(p.get_images().values())) for p in parsed.pages]
        assert streams[1].read_raw_bytes() == encoded[1].data  # still embedded unchanged
    plain = pipeline.build_pdf(encoded)
    with pikepdf.open(io.BytesIO(plain)) as parsed:
        assert "/OutputIntents" not in parsed.Root

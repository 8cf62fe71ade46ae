"""Scan profiles per document type, and their fallback on scanners that lack a source."""

from __future__ import annotations

from pishkhan.domain.requests import DocumentKind
from pishkhan.scanner.model import ColorMode, Device, Source
from pishkhan.scanner.profiles import PROFILES, profile_for, source_for

DUPLEX = Device("sane:a", "a", (Source.FLATBED, Source.FEEDER, Source.DUPLEX))
FLATBED_ONLY = Device("sane:b", "b", (Source.FLATBED,), resolutions=(150, 200, 600))


def test_deed_and_permit_are_gray_300_dpi_both_sides() -> None:
    for kind in (DocumentKind.PROPERTY_DEED, DocumentKind.BUILDING_PERMIT):
        options = profile_for(kind).options(DUPLEX)
        assert (options.source, options.mode, options.dpi) == (Source.DUPLEX, ColorMode.GRAY, 300)


def test_id_card_is_colour_on_the_glass_and_cropped() -> None:
    profile = profile_for(DocumentKind.NATIONAL_ID_CARD)
    assert (profile.source, profile.mode, profile.crop) == (Source.FLATBED, ColorMode.COLOR, True)
    assert profile.settings().crop


def test_fallbacks_and_nearest_resolution() -> None:
    deed = profile_for(DocumentKind.PROPERTY_DEED)
    assert source_for(deed, FLATBED_ONLY) is Source.FLATBED
    assert deed.options(FLATBED_ONLY).dpi == 200  # the nearest the device offers
    assert deed.options(FLATBED_ONLY, mode=ColorMode.BW).mode is ColorMode.BW
    other = profile_for(DocumentKind.LATEST_PAID_BILL)
    assert other.kind not in PROFILES and other.source is Source.FEEDER
    assert other.title == DocumentKind.LATEST_PAID_BILL.title

"""Scan profiles per document type (Qt-free): what a clerk gets by picking the document.

Deeds and building permits are multi-page A4 papers: 300 dpi gray through the feeder, both
sides. A national ID card is small and coloured: colour on the glass, cropped to the card.
A birth certificate (a booklet) is opened on the glass, gray. When the chosen scanner lacks
the profile's source, :func:`source_for` falls back (duplex -> feeder -> glass).
"""

from __future__ import annotations

from dataclasses import dataclass

from pishkhan.domain.requests import DocumentKind
from pishkhan.scanner.model import A4_MM, ColorMode, Device, ScanOptions, Source
from pishkhan.scanner.pipeline import PipelineSettings


@dataclass(frozen=True, slots=True)
class ScanProfile:
    kind: DocumentKind
    source: Source
    mode: ColorMode
    dpi: int
    page_size_mm: tuple[float, float] = A4_MM
    crop: bool = True
    deskew: bool = True

    @property
    def title(self) -> str:
        return self.kind.title

    def options(
        self,
        device: Device | None = None,
        *,
        source: Source | None = None,
        mode: ColorMode | None = None,
        dpi: int | None = None,
        pages: int | None = None,
        device_options: dict[str, object] | None = None,
    ) -> ScanOptions:
        """Scan options of this profile on ``device``, with the clerk's overrides."""
        chosen_source = source or (source_for(self, device) if device else self.source)
        chosen_dpi = dpi or self.dpi
        if device is not None:
            chosen_dpi = device.nearest_resolution(chosen_dpi)
        return ScanOptions(
            source=chosen_source,
            mode=mode or self.mode,
            dpi=chosen_dpi,
            pages=pages,
            page_size_mm=self.page_size_mm,
            device_options=dict(device_options or {}),
        )

    def settings(self) -> PipelineSettings:
        return PipelineSettings(deskew=self.deskew, crop=self.crop)


_FALLBACK = {
    Source.DUPLEX: (Source.DUPLEX, Source.FEEDER, Source.FLATBED),
    Source.FEEDER: (Source.FEEDER, Source.DUPLEX, Source.FLATBED),
    Source.FLATBED: (Source.FLATBED, Source.FEEDER, Source.DUPLEX),
}


def source_for(profile: ScanProfile, device: Device) -> Source:
    for source in _FALLBACK[profile.source]:
        if source in device.sources:
            return source
    return device.sources[0] if device.sources else Source.FLATBED


PROFILES: dict[DocumentKind, ScanProfile] = {
    DocumentKind.PROPERTY_DEED: ScanProfile(
        DocumentKind.PROPERTY_DEED, Source.DUPLEX, ColorMode.GRAY, 300
    ),
    DocumentKind.BUILDING_PERMIT: ScanProfile(
        DocumentKind.BUILDING_PERMIT, Source.DUPLEX, ColorMode.GRAY, 300
    ),
    DocumentKind.NATIONAL_ID_CARD: ScanProfile(
        DocumentKind.NATIONAL_ID_CARD, Source.FLATBED, ColorMode.COLOR, 300
    ),
    DocumentKind.BIRTH_CERTIFICATE: ScanProfile(
        DocumentKind.BIRTH_CERTIFICATE, Source.FLATBED, ColorMode.GRAY, 300
    ),
}

# Profiles offered on the scan page, in this order.
MAIN_KINDS: tuple[DocumentKind, ...] = (
    DocumentKind.PROPERTY_DEED,
    DocumentKind.BUILDING_PERMIT,
    DocumentKind.NATIONAL_ID_CARD,
    DocumentKind.BIRTH_CERTIFICATE,
    DocumentKind.OTHER,
)


def profile_for(kind: DocumentKind) -> ScanProfile:
    """The profile of ``kind``; papers without their own profile: 200 dpi gray feeder."""
    return PROFILES.get(kind) or ScanProfile(kind, Source.FEEDER, ColorMode.GRAY, 200)


__all__ = ["MAIN_KINDS", "PROFILES", "ScanProfile", "profile_for", "source_for"]

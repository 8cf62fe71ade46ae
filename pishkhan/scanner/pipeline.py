"""Page processing: deskew, crop, blank flag, rotation, encoding and the PDF (no Qt).

Every step is a plain function on Pillow images (numpy for the analysis), so it runs on any
thread and is tested without a GUI. Analysis works on a copy reduced to about 100 dpi: the
projection-profile deskew and the page-edge search need only that, and it keeps a 300 dpi A4
page well under the 300 ms budget.

Angles: :func:`detect_skew` returns how far the content is turned counter-clockwise (degrees),
so ``image.rotate(-angle)`` straightens it.
"""

from __future__ import annotations

import atexit
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from pishkhan.scanner.analysis import (
    MM_PER_INCH,
    _frame_median,
    _reduction,
    _rotate_array,
    _scale_box,
    _small,
    background_fill,
    box_of,
    cv2,
    detect_skew,
    ink_ratio,
    ink_ratio_of,
    otsu_threshold,
    page_box,
    percentile_u8,
    reduced_gray,
    skew_of,
)
from pishkhan.scanner.model import ColorMode, RawPage


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    deskew: bool = True
    crop: bool = True
    crop_inset_mm: float = 1.5
    detect_blank: bool = True
    # A page is flagged blank when less than this share of its inner area is ink.
    blank_ink_ratio: float = 0.001
    jpeg_quality: int = 75
    max_skew_degrees: float = 5.0
    # Gray and bw pages: paper noise at or near the paper's level becomes plain white, which
    # keeps the JPEG small and the print clean (colour pages are left as scanned).
    whiten: bool = True


@dataclass(slots=True)
class ProcessedPage:
    """A page ready to be shown and saved. ``image`` is RGB (colour), L (gray) or 1 (bw)."""

    image: Image.Image
    dpi: int
    mode: ColorMode
    blank: bool = False
    skew_degrees: float = 0.0
    ink_ratio: float = 1.0
    index: int = 0

    def rotated(self, quarter_turns_clockwise: int) -> ProcessedPage:
        return ProcessedPage(
            rotate_quarters(self.image, quarter_turns_clockwise),
            self.dpi,
            self.mode,
            self.blank,
            self.skew_degrees,
            self.ink_ratio,
            self.index,
        )


@dataclass(frozen=True, slots=True)
class EncodedPage:
    data: bytes
    mime: str  # "image/jpeg" or "image/tiff" (CCITT G4)


def deskew(image: Image.Image, angle: float, fill: int | tuple[int, ...] = 255) -> Image.Image:
    """Turn the page by ``-angle`` degrees about its centre, keeping its size."""
    if abs(angle) < 0.05:
        return image
    if cv2 is not None and image.mode in ("L", "RGB"):
        return Image.fromarray(_rotate_array(np.asarray(image), angle, fill))
    return image.rotate(-angle, resample=Image.Resampling.BILINEAR, fillcolor=fill)


def whiten(image: Image.Image, paper: float) -> Image.Image:
    """Stretch levels so the paper (and its noise) is pure white; ink keeps its darkness."""
    lut = _whiten_lut(paper)
    if cv2 is not None and image.mode == "L":
        return Image.fromarray(cv2.LUT(np.asarray(image), lut))
    return image.point(lut.tolist() * len(image.getbands()))


def rotate_quarters(image: Image.Image, quarter_turns_clockwise: int) -> Image.Image:
    turns = quarter_turns_clockwise % 4
    if turns == 0:
        return image
    method = {
        1: Image.Transpose.ROTATE_270,
        2: Image.Transpose.ROTATE_180,
        3: Image.Transpose.ROTATE_90,
    }[turns]
    return image.transpose(method)


def binarize(image: Image.Image) -> Image.Image:
    """Black and white (mode "1") by Otsu's threshold."""
    if image.mode == "1":
        return image
    gray = np.asarray(image if image.mode == "L" else image.convert("L"))
    if cv2 is not None:  # releases the GIL, several times faster
        _, black_white = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        return Image.fromarray(black_white).convert("1", dither=Image.Dither.NONE)
    return Image.fromarray(gray > otsu_threshold(gray))


def to_mode(image: Image.Image, mode: ColorMode) -> Image.Image:
    if mode is ColorMode.COLOR:
        return image if image.mode == "RGB" else image.convert("RGB")
    if mode is ColorMode.GRAY:
        return image if image.mode == "L" else image.convert("L")
    return binarize(image)


# --------------------------------------------------------------------------------------------
# The whole page


def _whiten_lut(paper: float) -> np.ndarray:
    white = max(64.0, paper - max(10.0, 0.06 * paper))
    return np.minimum(255.0, np.arange(256) * 255.0 / white).round().astype(np.uint8)


def _turn_and_crop(
    arr: np.ndarray, angle: float, fill: int | tuple[int, ...], box: tuple[int, int, int, int]
) -> np.ndarray:
    """Turn by ``-angle`` and cut ``box`` out of the turned page in one OpenCV warp."""
    h, w = arr.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5), -angle, 1.0)
    matrix[0, 2] -= box[0]
    matrix[1, 2] -= box[1]
    border = fill if isinstance(fill, tuple) else (fill, fill, fill)
    return np.asarray(
        cv2.warpAffine(
            arr,
            matrix,
            (box[2] - box[0], box[3] - box[1]),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=tuple(float(v) for v in border),
        )
    )


def process_page(
    raw: RawPage, mode: ColorMode, settings: PipelineSettings | None = None
) -> ProcessedPage:
    """Deskew, crop, flag blank and convert one scanned page. Never drops a page.

    The analysis runs once on a reduced gray copy (turned along with the page); the full
    resolution page is then turned and cropped in one step and converted once.
    """
    settings = settings or PipelineSettings()
    # Work in gray or colour; black and white is made at the very end from clean gray.
    want = "RGB" if mode is ColorMode.COLOR else "L"
    work = raw.image if raw.image.mode == want else raw.image.convert(want)
    gray = work if want == "L" else work.convert("L")
    factor = _reduction(raw.dpi)
    small = _small(gray, factor)
    angle = 0.0
    turn = False
    fill: int | tuple[int, ...] = 255
    if settings.deskew:
        angle = skew_of(small, settings.max_skew_degrees)
        turn = abs(angle) >= 0.05
        if turn:
            small_fill = int(_frame_median(small)[0])
            fill = background_fill(work, raw.dpi) if want == "RGB" else small_fill
            if cv2 is not None:
                small = _rotate_array(small, angle, small_fill)
            else:
                small = np.asarray(Image.fromarray(small).rotate(-angle, fillcolor=small_fill))
    box = (0, 0, work.width, work.height)
    if settings.crop:
        inset = round(settings.crop_inset_mm / MM_PER_INCH * raw.dpi)
        box = _scale_box(box_of(small), factor, work.size, inset)
        small = small[box[1] // factor : box[3] // factor, box[0] // factor : box[2] // factor]
    lut = None
    if settings.whiten and mode is not ColorMode.COLOR and small.size:
        lut = _whiten_lut(percentile_u8(small, 90))
    if cv2 is not None:
        arr = np.asarray(work)
        top, bottom, left, right = box[1], box[3], box[0], box[2]
        arr = _turn_and_crop(arr, angle, fill, box) if turn else arr[top:bottom, left:right]
        if lut is not None:
            arr = cv2.LUT(arr, lut)
        work = Image.fromarray(np.ascontiguousarray(arr))
    else:
        if turn:
            work = deskew(work, angle, fill)
        work = work.crop(box)
        if lut is not None:
            work = work.point(lut.tolist())
    ratio = ink_ratio_of(small) if settings.detect_blank else 1.0
    return ProcessedPage(
        image=to_mode(work, mode),
        dpi=raw.dpi,
        mode=mode,
        blank=settings.detect_blank and ratio < settings.blank_ink_ratio,
        skew_degrees=angle,
        ink_ratio=ratio,
        index=raw.index,
    )


def encode_page(page: ProcessedPage, jpeg_quality: int = 75) -> EncodedPage:
    """JPEG (gray/colour) or CCITT G4 TIFF (bw), with the resolution recorded."""
    buffer = io.BytesIO()
    dpi = (page.dpi, page.dpi)
    if page.image.mode == "1":
        # One strip, so img2pdf can embed the G4 data as it is.
        page.image.save(
            buffer, "TIFF", compression="group4", dpi=dpi, tiffinfo={278: page.image.height}
        )
        return EncodedPage(buffer.getvalue(), "image/tiff")
    image = page.image if page.image.mode in ("L", "RGB") else page.image.convert("RGB")
    if cv2 is not None:
        return EncodedPage(_cv2_jpeg(image, jpeg_quality, page.dpi), "image/jpeg")
    image.save(buffer, "JPEG", quality=jpeg_quality, optimize=True, dpi=dpi)
    return EncodedPage(buffer.getvalue(), "image/jpeg")


def _cv2_jpeg(image: Image.Image, quality: int, dpi: int) -> bytes:
    """JPEG by OpenCV (libjpeg-turbo, GIL released), with the resolution put in its JFIF header."""
    arr = np.asarray(image)
    if arr.ndim == 3:
        arr = arr[:, :, ::-1]  # OpenCV wants BGR
    params = [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1]
    ok, buffer = cv2.imencode(".jpg", arr, params)
    if not ok:
        raise ValueError("JPEG encoding failed")
    data = bytearray(buffer.tobytes())
    if data[6:11] == b"JFIF\x00":  # APP0: units at 13, X and Y density at 14..17
        data[13] = 1  # dots per inch
        data[14:18] = dpi.to_bytes(2, "big") * 2
    return bytes(data)


def build_pdf(pages: Sequence[EncodedPage], *, pdfa: bool = False) -> bytes:
    """A multi-page PDF with each encoded image embedded unchanged (no re-compression).

    With ``pdfa`` it is a PDF/A-1b file for archiving: XMP metadata naming the conformance and
    an sRGB output intent (the profile made by Pillow's LittleCMS, not a shipped file).
    """
    import img2pdf

    if not pages:
        raise ValueError("a PDF needs at least one page")
    if pdfa:
        result = img2pdf.convert([p.data for p in pages], pdfa=str(_srgb_profile()))
    else:
        result = img2pdf.convert([p.data for p in pages])
    assert isinstance(result, bytes)
    return result


def _srgb_profile() -> Path:
    """An sRGB ICC profile file for img2pdf's PDF/A output intent (written once per process)."""
    global _SRGB_PATH
    if _SRGB_PATH is None or not _SRGB_PATH.exists():
        from PIL import ImageCms

        profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        handle, name = tempfile.mkstemp(prefix="pishkhan-srgb-", suffix=".icc")
        with os.fdopen(handle, "wb") as out:
            out.write(profile.tobytes())
        atexit.register(Path(name).unlink, missing_ok=True)
        _SRGB_PATH = Path(name)
    return _SRGB_PATH


_SRGB_PATH: Path | None = None


def pages_to_pdf(
    pages: Sequence[ProcessedPage], jpeg_quality: int = 75, *, pdfa: bool = False
) -> bytes:
    return build_pdf([encode_page(p, jpeg_quality) for p in pages], pdfa=pdfa)


__all__ = [
    "EncodedPage",
    "PipelineSettings",
    "ProcessedPage",
    "background_fill",
    "binarize",
    "box_of",
    "build_pdf",
    "deskew",
    "detect_skew",
    "encode_page",
    "ink_ratio",
    "ink_ratio_of",
    "otsu_threshold",
    "page_box",
    "pages_to_pdf",
    "percentile_u8",
    "process_page",
    "reduced_gray",
    "rotate_quarters",
    "skew_of",
    "to_mode",
    "whiten",
]

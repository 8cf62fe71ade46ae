"""File import backend: images and PDFs as pages, for desks without a scanner.

The "device" is ``file:import``; the files come in ``ScanOptions.device_options["files"]`` (a
list of paths), or through :func:`import_files`. PDFs are rasterised with pypdfium2 at the
requested resolution; multi-page TIFFs give one page per frame. Each page keeps the resolution
recorded in the image (or the requested one when none is recorded).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from pishkhan.scanner.errors import ImportFailed
from pishkhan.scanner.model import (
    CancelToken,
    ColorMode,
    Device,
    ProgressFn,
    RawPage,
    ScanOptions,
    Source,
)

log = logging.getLogger(__name__)

DEVICE_ID = "file:import"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")
PDF_SUFFIXES = (".pdf",)


def _pdf_pages(path: Path, dpi: int, cancel: CancelToken) -> Iterator[Image.Image]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise ImportFailed(f"{path}: {exc}") from exc
    try:
        for index in range(len(doc)):
            if cancel.cancelled:
                return
            page = doc[index]
            try:
                yield page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
    finally:
        doc.close()


def _image_pages(path: Path, dpi: int) -> Iterator[tuple[Image.Image, int]]:
    try:
        image = Image.open(path)
    except (OSError, UnidentifiedImageError) as exc:
        raise ImportFailed(f"{path}: {exc}") from exc
    with image:
        recorded = image.info.get("dpi")
        own_dpi = round(float(recorded[0])) if recorded and float(recorded[0]) > 1 else dpi
        for frame in ImageSequence.Iterator(image):
            page = frame.convert("RGB" if frame.mode not in ("L", "1", "RGB") else frame.mode)
            yield (page.convert("L") if page.mode == "1" else page.copy()), own_dpi


def import_files(
    paths: Iterable[str | Path],
    dpi: int = 200,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> Iterator[RawPage]:
    """Yield every page of ``paths`` in order (PDF pages rasterised at ``dpi``)."""
    token = cancel or CancelToken()
    index = 0
    for item in paths:
        path = Path(item)
        if not path.is_file():
            raise ImportFailed(f"{path}: not a file")
        if path.suffix.lower() in PDF_SUFFIXES:
            pages: Iterator[tuple[Image.Image, int]] = (
                (im, dpi) for im in _pdf_pages(path, dpi, token)
            )
        else:
            pages = _image_pages(path, dpi)
        for image, page_dpi in pages:
            if token.cancelled:
                return
            if progress is not None:
                progress(index, 1.0)
            yield RawPage(image, page_dpi, index)
            index += 1


class FileImportBackend:
    """Pages from image and PDF files, as if scanned."""

    name = "file"

    def list_devices(self) -> list[Device]:
        return [
            Device(
                id=DEVICE_ID,
                name="وارد کردن از پرونده (تصویر یا PDF)",
                sources=(Source.FLATBED,),
                modes=(ColorMode.COLOR, ColorMode.GRAY, ColorMode.BW),
                resolutions=(150, 200, 300),
            )
        ]

    def scan(
        self,
        device_id: str,
        options: ScanOptions,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> Iterator[RawPage]:
        files = options.device_options.get("files", [])
        if not isinstance(files, list | tuple) or not files:
            raise ImportFailed("no files given")
        limit = options.pages
        for page in import_files(files, options.dpi, progress=progress, cancel=cancel):
            if limit is not None and page.index >= limit:
                return
            yield page


__all__ = ["DEVICE_ID", "FileImportBackend", "import_files"]

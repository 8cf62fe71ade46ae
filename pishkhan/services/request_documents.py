"""Documents of a request as the desk keeps them: ``documents/<uuid>.pdf`` under the data folder.

A scanned PDF (the scan dialog's file) or a file the clerk imports (a PDF, or a JPEG/PNG photo,
which becomes a one-page PDF) is stored under a fresh UUID with its SHA-256, size and page
count, before the request is registered: :func:`pishkhan.services.requests.register_request`
only writes the rows, in one transaction, for files already in place. Disk work only — call it
off the GUI thread. No database here.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from pishkhan.domain.requests import DocumentKind
from pishkhan.sync.schemas import MAX_DOCUMENT_BYTES

DOCUMENTS_FOLDER = "documents"
PDF_MIME = "application/pdf"
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png"})
IMPORT_SUFFIXES = frozenset({".pdf", *IMAGE_SUFFIXES})


class DocumentRefused(ValueError):
    """The file cannot be attached; ``str()`` is a Persian message for the clerk."""


@dataclass(frozen=True, slots=True)
class AttachedDocument:
    """A document file in place under the data folder, ready to be registered with a request."""

    uuid: str
    kind: DocumentKind
    path: str  # relative to the data folder, e.g. "documents/<uuid>.pdf"
    sha256: str
    size_bytes: int
    pages: int
    mime: str = PDF_MIME


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pdf_pages(path: Path) -> int:
    """Pages of a PDF (DocumentRefused when it is not a readable PDF)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise DocumentRefused(f"پرونده «{path.name}» یک PDF خوانا نیست") from exc
    try:
        return len(document)
    finally:
        document.close()


def store_document(
    root: Path, kind: DocumentKind, source: Path, *, move: bool = False
) -> AttachedDocument:
    """Put ``source`` under ``root/documents/<uuid>.pdf`` and describe it.

    ``move`` (a scan the scan dialog has just written) renames the file instead of copying it.
    Images are wrapped into a PDF of one page. Raises :class:`DocumentRefused` (Persian) for a
    missing, empty, too large or unsupported file.
    """
    suffix = source.suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise DocumentRefused("فقط پرونده PDF یا تصویر JPEG/PNG را می‌توان پیوست کرد")
    if not source.is_file():
        raise DocumentRefused(f"پرونده «{source.name}» یافت نشد")
    size = source.stat().st_size
    if size == 0:
        raise DocumentRefused(f"پرونده «{source.name}» خالی است")
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(f"پرونده «{source.name}» بزرگ‌تر از حد مجاز (۲۰۰ مگابایت) است")
    uid = str(uuid.uuid4())
    relative = f"{DOCUMENTS_FOLDER}/{uid}.pdf"
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    try:
        if suffix in IMAGE_SUFFIXES:
            _image_to_pdf(source, partial)
        else:
            pdf_pages(source)  # refuse a broken PDF before copying it
            if move:
                shutil.move(source, partial)
            else:
                shutil.copyfile(source, partial)
        pages = pdf_pages(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    if move and source.exists() and suffix in IMAGE_SUFFIXES:
        source.unlink()
    return AttachedDocument(
        uuid=uid,
        kind=kind,
        path=relative,
        sha256=file_sha256(target),
        size_bytes=target.stat().st_size,
        pages=pages,
    )


def _image_to_pdf(source: Path, target: Path) -> None:
    import img2pdf

    try:
        data = img2pdf.convert(str(source))
    except (img2pdf.ImageOpenError, OSError, ValueError) as exc:
        raise DocumentRefused(f"تصویر «{source.name}» خوانا نیست") from exc
    if data is None:
        raise DocumentRefused(f"تصویر «{source.name}» خوانا نیست")
    target.write_bytes(data)


def discard(root: Path, documents: list[AttachedDocument]) -> None:
    """Remove stored files that will not be registered (the clerk replaced or cancelled them)."""
    for doc in documents:
        (root / doc.path).unlink(missing_ok=True)

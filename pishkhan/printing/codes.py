"""Bill barcode (Code 128, set C) and QR codes, drawn as vector rectangles.

The 26-digit bill barcode is the bill ID and the payment ID, each left-padded with zeros to 13
digits (DOMAIN.md §1). Bars are filled rectangles, so a PDF keeps them sharp at any resolution
and a 203-dpi thermal raster gets whole-pixel modules when ``module_mm`` is a multiple of 1/8 mm.
"""

from __future__ import annotations

from functools import lru_cache

from barcode.codex import Code128
from PySide6.QtCore import QRectF

from pishkhan.printing.canvas import Canvas

#: Narrowest bar: 0.375 mm is three dots of a 203-dpi printer (the standard asks for >= 0.25 mm).
MODULE_MM = 0.375
#: Quiet zone on each side, in modules (Code 128 asks for at least 10).
QUIET_MODULES = 10


def bill_barcode_digits(bill_id: str, payment_id: str) -> str:
    """The 26 digits printed under the barcode: bill ID and payment ID padded to 13 each."""
    return f"{bill_id:0>13}{payment_id:0>13}"


@lru_cache(maxsize=256)
def code128_modules(digits: str) -> str:
    """The bar pattern ("1" = dark module) including start, check and stop symbols."""
    built: list[str] = Code128(digits).build()
    return built[0]


def code128_width_mm(digits: str, module_mm: float = MODULE_MM) -> float:
    """Width of the symbol with its quiet zones."""
    return (len(code128_modules(digits)) + 2 * QUIET_MODULES) * module_mm


def _runs(pattern: str) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules."""
    runs: list[tuple[int, int]] = []
    start = -1
    for i, bit in enumerate(pattern + "0"):
        if bit == "1" and start < 0:
            start = i
        elif bit != "1" and start >= 0:
            runs.append((start, i - start))
            start = -1
    return runs


def draw_code128(
    canvas: Canvas, x: float, y: float, height: float, digits: str, module_mm: float = MODULE_MM
) -> float:
    """Draw the symbol with its left quiet zone starting at ``x``; returns its full width."""
    pattern = code128_modules(digits)
    k = canvas.k
    origin = x + QUIET_MODULES * module_mm
    painter = canvas.painter
    for start, length in _runs(pattern):
        painter.fillRect(
            QRectF((origin + start * module_mm) * k, y * k, length * module_mm * k, height * k),
            canvas.black,
        )
    return (len(pattern) + 2 * QUIET_MODULES) * module_mm


@lru_cache(maxsize=64)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules of ``data`` (error correction M, no border)."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(border=0, error_correction=ERROR_CORRECT_M)
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    return tuple(tuple(bool(v) for v in row) for row in code.get_matrix())


def draw_qr(canvas: Canvas, x: float, y: float, size: float, data: str) -> None:
    """Draw a QR code of ``data`` in the square (x, y, size) (quiet zone not included)."""
    matrix = qr_matrix(data)
    n = len(matrix)
    module = size / n
    k = canvas.k
    painter = canvas.painter
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                painter.fillRect(
                    QRectF(
                        (x + start * module) * k,
                        (y + r * module) * k,
                        (c - start) * module * k,
                        module * k,
                    ),
                    canvas.black,
                )
            else:
                c += 1

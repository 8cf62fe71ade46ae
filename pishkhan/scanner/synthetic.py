"""Synthetic scanned pages: text-like lines on paper, optionally on a darker bed and turned.

Used by the tests, the benchmark and the demo; deterministic for a given ``seed``.
"""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

MM_PER_INCH = 25.4


def _px(mm: float, dpi: int) -> int:
    return round(mm / MM_PER_INCH * dpi)


def text_page(
    dpi: int = 300,
    size_mm: tuple[float, float] = (210.0, 297.0),
    *,
    lines: int = 30,
    seed: int = 0,
    paper: int = 245,
    noise: float = 0.0,
) -> Image.Image:
    """A gray page with ``lines`` rows of word-like dark blocks (about a typed letter).

    ``noise`` adds Gaussian sensor noise of that standard deviation (gray levels)."""
    rng = random.Random(seed)
    w, h = _px(size_mm[0], dpi), _px(size_mm[1], dpi)
    page = Image.new("L", (w, h), paper)
    draw = ImageDraw.Draw(page)
    margin = _px(20, dpi)
    pitch = _px(7.5, dpi)
    height = max(2, _px(2.6, dpi))
    y = margin
    for _ in range(lines):
        if y + height > h - margin:
            break
        x = w - margin  # right-to-left writing: lines start at the right margin
        end = margin + rng.randint(0, _px(60, dpi))
        while x > end:
            word = _px(rng.uniform(4, 18), dpi)
            x0 = max(end, x - word)
            draw.rectangle((x0, y, x, y + height), fill=rng.randint(10, 60))
            x = x0 - _px(rng.uniform(1.5, 3), dpi)
        y += pitch
    if noise > 0:
        import numpy as np

        arr = np.asarray(page, dtype=np.float32)
        arr = arr + np.random.default_rng(seed).normal(0.0, noise, arr.shape).astype(np.float32)
        page = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    return page


def blank_page(
    dpi: int = 300, size_mm: tuple[float, float] = (210.0, 297.0), *, seed: int = 0
) -> Image.Image:
    """Paper with a few dust specks and faint show-through: should be flagged blank."""
    rng = random.Random(seed)
    w, h = _px(size_mm[0], dpi), _px(size_mm[1], dpi)
    page = Image.new("L", (w, h), 244)
    draw = ImageDraw.Draw(page)
    for _ in range(60):
        x, y = rng.randrange(w), rng.randrange(h)
        draw.point((x, y), fill=rng.randint(0, 80))
    for _ in range(4):  # faint show-through of the other side
        x, y = rng.randrange(w // 2), rng.randrange(h - 20)
        draw.rectangle((x, y, x + _px(40, dpi), y + _px(2, dpi)), fill=228)
    return page


def on_scanner_bed(
    page: Image.Image,
    dpi: int,
    *,
    angle: float = 0.0,
    border_mm: float = 8.0,
    bed: int = 70,
) -> Image.Image:
    """``page`` placed on a darker scanner bed and turned ``angle`` degrees counter-clockwise."""
    border = _px(border_mm, dpi)
    mode = page.mode
    fill: int | tuple[int, int, int] = bed if mode == "L" else (bed, bed, bed)
    canvas = Image.new(mode, (page.width + 2 * border, page.height + 2 * border), fill)
    canvas.paste(page, (border, border))
    if angle:
        canvas = canvas.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=fill)
    return canvas


__all__ = ["blank_page", "on_scanner_bed", "text_page"]

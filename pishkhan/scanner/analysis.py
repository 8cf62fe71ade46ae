"""Page analysis on a gray copy reduced to about 100 dpi (numpy; no Qt).

Skew by projection profile, the paper's box on the scanner bed, the share of ink (for the
blank flag), Otsu's threshold and a histogram percentile. Used by :mod:`.pipeline`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PIL import Image

ANALYSIS_DPI = 100
MM_PER_INCH = 25.4


def _optional_cv2() -> Any:
    """OpenCV turns and shrinks pages several times faster than Pillow; it is optional."""
    try:
        import cv2
    except ImportError:  # pragma: no cover - depends on the installation
        return None
    return cv2


cv2: Any = _optional_cv2()


def _reduction(dpi: int) -> int:
    return max(1, dpi // ANALYSIS_DPI)


def _small(gray: Image.Image, factor: int) -> np.ndarray:
    """Box-averaged reduction by ``factor`` (Pillow's ``reduce`` is the quickest here)."""
    if factor > 1:
        gray = gray.reduce(factor)
    return np.asarray(gray, dtype=np.uint8)


def percentile_u8(values: np.ndarray, q: float) -> float:
    """The q-th percentile (0..100) of 8-bit values by their histogram (no sorting)."""
    hist = np.bincount(np.asarray(values, dtype=np.uint8).ravel(), minlength=256)
    total = int(hist.sum())
    if total == 0:
        return 0.0
    return float(np.searchsorted(np.cumsum(hist), q / 100 * total))


def reduced_gray(image: Image.Image, dpi: int) -> tuple[np.ndarray, int]:
    """The page as an 8-bit gray array at about ``ANALYSIS_DPI`` and the reduction factor."""
    gray = image if image.mode == "L" else image.convert("L")
    factor = _reduction(dpi)
    return _small(gray, factor), factor


def otsu_threshold(values: np.ndarray) -> float:
    """Otsu's threshold of 8-bit values (any shape)."""
    hist = np.bincount(np.asarray(values, dtype=np.uint8).ravel(), minlength=256)
    hist = hist.astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128.0
    levels = np.arange(256, dtype=np.float64)
    weight0 = np.cumsum(hist)
    weight1 = total - weight0
    mean0 = np.cumsum(hist * levels)
    overall = mean0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (overall * weight0 / total - mean0) ** 2 / (weight0 * weight1)
    between = np.nan_to_num(between, nan=0.0, posinf=0.0)
    return float(np.argmax(between)) + 0.5


def _spans(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: whether it has a True, the first and the last True column."""
    any_ = mask.any(axis=1)
    first = np.argmax(mask, axis=1)
    last = mask.shape[1] - 1 - np.argmax(mask[:, ::-1], axis=1)
    return any_, first, last


def _ink_inside_page(gray: np.ndarray, margin: int) -> np.ndarray:
    """Dark pixels that lie on the paper (not the darker scanner bed around a turned page).

    The paper is taken as the bright region; a pixel is inside it when it lies between the
    first and last bright pixel of both its row and its column (true for a convex sheet).
    """
    bright = gray > otsu_threshold(gray)
    h, w = gray.shape
    rows_any, row_first, row_last = _spans(bright)
    cols_any, col_first, col_last = _spans(bright.T)
    xs = np.arange(w)[None, :]
    ys = np.arange(h)[:, None]
    in_rows = (
        rows_any[:, None] & (xs >= row_first[:, None] + margin) & (xs <= row_last[:, None] - margin)
    )
    in_cols = (
        cols_any[None, :] & (ys >= col_first[None, :] + margin) & (ys <= col_last[None, :] - margin)
    )
    return (~bright) & in_rows & in_cols


def skew_of(gray: np.ndarray, max_angle: float = 5.0) -> float:
    """:func:`detect_skew` on an already reduced gray array."""
    ink = _ink_inside_page(gray, margin=3)
    # Top and bottom edges of the ink: a line's edge falls in a single bin only when the
    # projection angle matches the line's, which makes the profile's peak sharp.
    edges = np.zeros_like(ink)
    edges[1:-1] = ink[1:-1] & (~ink[:-2] | ~ink[2:])
    ys, xs = np.nonzero(edges)
    if len(xs) < 50:
        return 0.0
    if len(xs) > 60_000:
        step = len(xs) // 60_000 + 1
        ys, xs = ys[::step], xs[::step]
    xf = xs.astype(np.float64) - gray.shape[1] / 2
    yf = ys.astype(np.float64) - gray.shape[0] / 2
    offset = int(math.hypot(*gray.shape)) + 2

    def score(angle: float) -> float:
        a = math.radians(angle)
        proj = np.rint(yf * math.cos(a) + xf * math.sin(a)).astype(np.int64) + offset
        bins = np.bincount(proj)
        return float(np.dot(bins, bins))

    def best(candidates: np.ndarray) -> float:
        # Tiny angles can bin the same; take the middle of the plateau of best scores.
        scores = np.array([score(float(a)) for a in candidates])
        top = np.nonzero(scores >= scores.max())[0]
        return float(candidates[(top[0] + top[-1]) // 2])

    angle = best(np.arange(-max_angle, max_angle + 1e-9, 0.5))
    angle = best(np.arange(angle - 0.5, angle + 0.5 + 1e-9, 0.1))
    angle = best(np.arange(angle - 0.1, angle + 0.1 + 1e-9, 0.02))
    return round(angle, 3) + 0.0  # never -0.0


def detect_skew(image: Image.Image, dpi: int, max_angle: float = 5.0) -> float:
    """Counter-clockwise skew of the text lines in degrees (0.0 when there is nothing to see).

    Projection profile: the edges of the ink are projected on lines at each candidate angle;
    the angle whose profile is the sharpest (largest sum of squares) lines up with the text.
    Coarse 0.5° steps are refined to 0.1° and then 0.02° around the best.
    """
    gray, _ = reduced_gray(image, dpi)
    return skew_of(gray, max_angle)


def _frame_median(arr: np.ndarray) -> np.ndarray:
    frame = np.concatenate([arr[0], arr[-1], arr[:, 0], arr[:, -1]])
    return np.atleast_1d(np.median(frame, axis=0))


def background_fill(image: Image.Image, dpi: int) -> int | tuple[int, ...]:
    """The colour around the page (median of the outer frame), to fill turned corners."""
    factor = _reduction(dpi)
    small = image.reduce(factor) if factor > 1 else image
    median = _frame_median(np.asarray(small))
    if image.mode == "RGB":
        return tuple(int(v) for v in median[:3])
    return int(median[0])


def _rotate_array(arr: np.ndarray, angle: float, fill: int | tuple[int, ...]) -> np.ndarray:
    h, w = arr.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5), -angle, 1.0)
    border = fill if isinstance(fill, tuple) else (fill, fill, fill)
    return np.asarray(
        cv2.warpAffine(
            arr,
            matrix,
            (w, h),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=tuple(float(v) for v in border),
        )
    )


def box_of(gray: np.ndarray) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the bright paper in a reduced gray array, or None."""
    bright = gray > otsu_threshold(gray)
    row_share = bright.mean(axis=1)
    col_share = bright.mean(axis=0)
    if row_share.max() <= 0:
        return None
    rows = np.nonzero(row_share >= 0.5 * row_share.max())[0]
    cols = np.nonzero(col_share >= 0.5 * col_share.max())[0]
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def _scale_box(
    box: tuple[int, int, int, int] | None, factor: int, size: tuple[int, int], inset: int
) -> tuple[int, int, int, int]:
    w, h = size
    if box is None:
        return (0, 0, w, h)
    left, top, right, bottom = box
    scaled = (
        min(w, left * factor + inset),
        min(h, top * factor + inset),
        max(0, min(w, right * factor) - inset),
        max(0, min(h, bottom * factor) - inset),
    )
    if scaled[2] - scaled[0] < w // 10 or scaled[3] - scaled[1] < h // 10:
        return (0, 0, w, h)  # nothing sensible found: keep the whole scan
    return scaled


def page_box(image: Image.Image, dpi: int, inset_mm: float = 1.5) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the paper on the scanner bed, moved in by ``inset_mm``."""
    gray, factor = reduced_gray(image, dpi)
    inset = round(inset_mm / MM_PER_INCH * dpi)
    return _scale_box(box_of(gray), factor, image.size, inset)


def ink_ratio_of(gray: np.ndarray) -> float:
    """:func:`ink_ratio` on an already reduced gray array."""
    h, w = gray.shape
    my, mx = max(1, h * 4 // 100), max(1, w * 4 // 100)
    inner = gray[my : h - my, mx : w - mx]
    if inner.size == 0:
        return 0.0
    paper = percentile_u8(inner, 95)
    ink = inner < paper - max(48.0, 0.3 * paper)
    return float(ink.mean())


def ink_ratio(image: Image.Image, dpi: int) -> float:
    """Share of the inner area (4 % margins left out) that is clearly darker than the paper."""
    gray, _ = reduced_gray(image, dpi)
    return ink_ratio_of(gray)

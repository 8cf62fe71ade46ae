"""Shared helpers of the benchmarks."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from typing import Any


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def time_each_ms(fn: Callable[[Any], object], inputs: Iterable[Any]) -> list[float]:
    out: list[float] = []
    for item in inputs:
        started = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - started) * 1000)
    return out


def figure(
    value: float,
    unit: str,
    goal: str,
    baseline: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    result: dict[str, Any] = {"value": round(value, 3), "unit": unit, "goal": goal}
    if baseline is not None:
        result["baseline"] = baseline
    result.update(extra)
    return result

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


class TreeMemory:
    """Peak of the summed resident memory of a process and all its descendants (Linux /proc).

    Sampled every ``interval`` seconds from a thread while the process runs: the peak of the
    whole run (writer and generator workers together), which ``ru_maxrss`` of a wait cannot give
    (that is the largest single process). A short spike between two samples can be missed.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        import threading

        self.pid = pid
        self.interval = interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return self.peak_kib / 1024

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, tree_rss_kib(self.pid))
            self._stop.wait(self.interval)


def tree_rss_kib(root: int) -> int:
    """Summed VmRSS (KiB) of ``root`` and its descendants; 0 if none can be read."""
    import os

    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total

"""Scanning benchmarks: page pipeline time and size, GUI responsiveness during a feeder batch.

- ``scan_page_ms``: a 300 dpi A4 gray page (skewed, on a darker bed) through deskew + crop +
  encode, median of several; baseline: brute-force deskew at full resolution (turn the whole
  page at each candidate angle and score its row profile), same crop and encode.
- ``scan_page_kb_gray`` / ``scan_page_kb_bw``: that page encoded (JPEG q75 / CCITT G4);
  baseline: PNG of the same page (lossless, what a naive "save the image" gives).
- ``scan_gui_max_stall_ms``: longest gap of a 10 ms heartbeat QTimer on the GUI thread while the
  scan panel acquires a 20-page feeder batch at 300 dpi from SANE's test device (two loads of
  the ten-sheet test feeder); baseline: the same batch scanned and processed on the GUI thread.
  Runs in a child process (private SANE_CONFIG_DIR, offscreen Qt). ``idle_max_gap_ms`` is the
  same heartbeat with nothing to do: the floor set by the machine's load. ``batch_seconds`` is how
  long the batch took, next to the GUI-thread baseline's (a stall fix must not slow the batch).
"""

from __future__ import annotations

import io
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import figure

DPI = 300
ANGLE = 1.7


def _page() -> Any:
    from pishkhan.scanner import synthetic

    return synthetic.on_scanner_bed(synthetic.text_page(DPI, seed=5, noise=5.0), DPI, angle=ANGLE)


def _pipeline_ms(image: Any, mode: Any) -> tuple[float, Any, Any]:
    from pishkhan.scanner.model import RawPage
    from pishkhan.scanner.pipeline import encode_page, process_page

    started = time.perf_counter()
    page = process_page(RawPage(image, DPI, 0), mode)
    encoded = encode_page(page)
    return (time.perf_counter() - started) * 1000, page, encoded


def _cpu_ms(image: Any, mode: Any) -> float:
    """CPU time of the same work (all threads): what the page costs on a machine shared with
    other jobs, where wall time also counts the waits for a core."""
    started = time.process_time()
    _pipeline_ms(image, mode)
    return (time.process_time() - started) * 1000


def _naive_ms(image: Any) -> tuple[float, float]:
    """Full-resolution brute force: turn the page at each 0.2° step, score the row profile."""
    import numpy as np
    from PIL import Image

    from pishkhan.scanner.model import ColorMode
    from pishkhan.scanner.pipeline import ProcessedPage, encode_page, page_box

    started = time.perf_counter()
    gray = image.convert("L")
    best, best_score = 0.0, -math.inf
    for angle in np.arange(-5.0, 5.0 + 1e-9, 0.2):
        turned = np.asarray(gray.rotate(-angle, resample=Image.Resampling.NEAREST, fillcolor=255))
        rows = (turned < 128).sum(axis=1).astype(np.float64)
        score = float(np.dot(rows, rows))
        if score > best_score:
            best, best_score = float(angle), score
    straight = gray.rotate(-best, resample=Image.Resampling.BILINEAR, fillcolor=255)
    cropped = straight.crop(page_box(straight, DPI))
    encode_page(ProcessedPage(cropped, DPI, ColorMode.GRAY))
    return (time.perf_counter() - started) * 1000, best


def _sizes(image: Any, quick: bool) -> dict[str, Any]:
    from pishkhan.scanner.model import ColorMode

    runs = 3 if quick else 7
    _pipeline_ms(image, ColorMode.GRAY)  # warm-up
    timings = []
    for _ in range(runs):
        ms, page, gray = _pipeline_ms(image, ColorMode.GRAY)
        timings.append(ms)
    cpu_ms = statistics.median(_cpu_ms(image, ColorMode.GRAY) for _ in range(runs))
    naive_ms, naive_angle = _naive_ms(image)
    _, bw_page, bw = _pipeline_ms(image, ColorMode.BW)
    png = io.BytesIO()
    page.image.save(png, "PNG")
    bw_png = io.BytesIO()
    bw_page.image.save(bw_png, "PNG")
    return {
        "scan_page_ms": figure(
            statistics.median(timings),
            "ms",
            "<= 300 (300 dpi A4 gray: deskew + crop + encode)",
            {"name": "full-resolution brute-force deskew (0.2° steps)", "ms": round(naive_ms, 1)},
            runs=runs,
            cpu_ms=round(cpu_ms, 1),
            load_average=round(os.getloadavg()[0], 2),
            skew_error_deg=round(abs(page.skew_degrees - ANGLE), 3),
            baseline_skew_error_deg=round(abs(naive_angle - ANGLE), 3),
        ),
        "scan_page_kb_gray": figure(
            len(gray.data) / 1024,
            "KB",
            "<= 300",
            {"name": "lossless PNG of the same page", "kb": round(len(png.getvalue()) / 1024, 1)},
        ),
        "scan_page_kb_bw": figure(
            len(bw.data) / 1024,
            "KB",
            "<= 40",
            {"name": "PNG of the same 1-bit page", "kb": round(len(bw_png.getvalue()) / 1024, 1)},
        ),
    }


# ------------------------------------------------------------------------------------------
# GUI stall (child process)


def _write_sane_config(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dll.conf").write_text("test\n")
    (folder / "test.conf").write_text(
        'number_of_devices 1\nmode Gray\ndepth 8\ntest-picture "Grid"\n'
        "geometry_min 0.0\ngeometry_max 300.0\ngeometry_quant 1.0\nbr_x 210.0\nbr_y 297.0\n"
    )


def _gui_child() -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from pishkhan.domain.requests import DocumentKind
    from pishkhan.scanner.backends import acquire
    from pishkhan.ui.scan.panel import ScanPanel

    app = QApplication.instance() or QApplication(["bench"])
    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]

    def beat() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(beat)
    panel = ScanPanel(DocumentKind.PROPERTY_DEED)
    panel.show()
    loop = QEventLoop()
    panel.devices_loaded.connect(loop.quit)
    panel.scan_finished.connect(loop.quit)
    panel.load_devices()
    loop.exec()
    panel.select_device("sane:test:0")
    panel.dpi_combo.setCurrentIndex(panel.dpi_combo.findData(DPI))
    options = panel.options(pages=10)

    seconds: list[float] = []

    def measure(body: Any) -> tuple[float, int]:
        gaps.clear()
        clock.start()
        last[0] = 0.0
        heartbeat.start()
        pages = body()
        heartbeat.stop()
        seconds.append(clock.elapsed() / 1000)
        return max(gaps or [0.0]), pages

    def with_worker() -> int:
        for _ in range(2):  # the test feeder holds ten sheets: load it twice
            panel.start_scan(pages=10)
            loop.exec()
        return panel.strip.count()

    def on_gui_thread() -> int:
        count = 0
        for _ in range(2):
            for _page in acquire("sane:test:0", options):
                count += 1
                app.processEvents()
        return count

    def idle() -> int:
        QTimer.singleShot(3000, loop.quit)
        loop.exec()
        return 0

    idle_stall, _ = measure(idle)
    stall, pages = measure(with_worker)
    naive_stall, naive_pages = measure(on_gui_thread)
    panel.shutdown()
    return {
        "stall": stall,
        "pages": pages,
        "naive_stall": naive_stall,
        "naive_pages": naive_pages,
        "idle_stall": idle_stall,
        "batch_seconds": seconds[1],
        "naive_batch_seconds": seconds[2],
    }


def _gui_stall(workdir: Path) -> dict[str, Any]:
    config = workdir / "sane"
    _write_sane_config(config)
    env = {**os.environ, "SANE_CONFIG_DIR": str(config), "QT_QPA_PLATFORM": "offscreen"}
    env["PISHKHAN_HOME"] = str(workdir / "home")
    done = subprocess.run(
        [sys.executable, "-m", "bench.scan_bench", "--gui-child"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=Path(__file__).resolve().parents[1],
    )
    if done.returncode != 0:
        return {"scan_gui_max_stall_ms": {"error": done.stderr[-2000:]}}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "scan_gui_max_stall_ms": figure(
            result["stall"],
            "ms",
            "<= 50 during a 20-page feeder batch",
            {
                "name": "same batch scanned and processed on the GUI thread",
                "ms": round(result["naive_stall"], 1),
            },
            pages=result["pages"],
            dpi=DPI,
            load_average=round(os.getloadavg()[0], 2),
            idle_max_gap_ms=round(result["idle_stall"], 1),
            batch_seconds=round(result["batch_seconds"], 2),
            baseline_batch_seconds=round(result["naive_batch_seconds"], 2),
        )
    }


def run(workdir: Path, *, subscribers: int, quick: bool) -> dict[str, Any]:
    figures = _sizes(_page(), quick)
    figures.update(_gui_stall(workdir))
    return figures


if __name__ == "__main__":
    if sys.argv[1:] == ["--gui-child"]:
        print(json.dumps(_gui_child()))

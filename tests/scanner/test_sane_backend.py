"""The SANE backend against SANE's own ``test`` device (private SANE_CONFIG_DIR, conftest)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pishkhan.scanner import errors
from pishkhan.scanner.model import CancelToken, ColorMode, RawPage, Source
from pishkhan.scanner.sane_backend import SaneBackend, SaneThread
from tests.scanner.sane_helpers import sane_options

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def backend() -> SaneBackend:
    return SaneBackend()


def test_lists_the_test_devices_with_their_capabilities(backend: SaneBackend) -> None:
    devices = {d.id: d for d in backend.list_devices()}
    assert {"sane:test:0", "sane:test:1"} <= set(devices)
    device = devices["sane:test:0"]
    assert set(device.sources) == {Source.FLATBED, Source.FEEDER}
    assert set(device.modes) == {ColorMode.COLOR, ColorMode.GRAY, ColorMode.BW}
    assert 300 in device.resolutions
    assert device.max_width_mm >= 210 and device.max_height_mm >= 297  # A4 fits


def test_flatbed_gives_one_a4_page(backend: SaneBackend) -> None:
    pages = list(backend.scan("sane:test:0", sane_options(dpi=150)))
    assert len(pages) == 1
    page = pages[0]
    assert (page.index, page.dpi, page.image.mode) == (0, 150, "L")
    # A4 at 150 dpi: 1240 x 1754 pixels (SANE rounds the last line down).
    assert abs(page.image.width - 1240) <= 2 and abs(page.image.height - 1754) <= 2


@pytest.mark.parametrize(
    ("mode", "pil_mode"), [(ColorMode.COLOR, "RGB"), (ColorMode.GRAY, "L"), (ColorMode.BW, "L")]
)
def test_modes(backend: SaneBackend, mode: ColorMode, pil_mode: str) -> None:
    (page,) = backend.scan("sane:test:0", sane_options(mode=mode, dpi=75))
    assert page.image.mode == pil_mode  # black and white is thresholded by the pipeline


def test_feeder_batch_of_n_pages_with_progress(backend: SaneBackend) -> None:
    seen: list[tuple[int, float]] = []
    pages = list(
        backend.scan(
            "sane:test:0",
            sane_options(Source.FEEDER, pages=4),
            progress=lambda i, f: seen.append((i, f)),
        )
    )
    assert [p.index for p in pages] == [0, 1, 2, 3]
    assert {i for i, _ in seen} == {0, 1, 2, 3}
    assert max(f for i, f in seen if i == 0) == pytest.approx(1.0)


def test_feeder_runs_until_empty(backend: SaneBackend) -> None:
    # The test device's feeder holds ten sheets.
    pages = list(backend.scan("sane:test:0", sane_options(Source.FEEDER, dpi=50)))
    assert len(pages) == 10


def test_pages_arrive_one_by_one(backend: SaneBackend) -> None:
    scan = backend.scan("sane:test:0", sane_options(Source.FEEDER, pages=3, dpi=50))
    first = next(scan)
    assert isinstance(first, RawPage) and first.index == 0
    rest = list(scan)
    assert [p.index for p in rest] == [1, 2]


def test_cancel_mid_batch_drops_the_cut_page(backend: SaneBackend) -> None:
    token = CancelToken()

    def progress(index: int, fraction: float) -> None:
        if index == 2 and fraction > 0.3:
            token.cancel()

    pages = list(
        backend.scan(
            "sane:test:0",
            sane_options(Source.FEEDER, slow=True),
            progress=progress,
            cancel=token,
        )
    )
    assert [p.index for p in pages] == [0, 1]
    assert all(p.image.height == pages[0].image.height for p in pages)  # none truncated


def test_cancel_from_another_thread(backend: SaneBackend) -> None:
    token = CancelToken()
    started = threading.Event()

    def progress(index: int, fraction: float) -> None:
        started.set()

    def cancel_once_started() -> None:
        started.wait(10)
        token.cancel()

    timer = threading.Thread(target=cancel_once_started)
    timer.start()
    pages = list(
        backend.scan(
            "sane:test:0", sane_options(Source.FLATBED, slow=True), progress=progress, cancel=token
        )
    )
    timer.join()
    assert pages == []


def test_feeder_empty_is_a_typed_error(backend: SaneBackend) -> None:
    with pytest.raises(errors.FeederEmpty) as caught:
        list(backend.scan("sane:test:1", sane_options(Source.FEEDER, status="SANE_STATUS_NO_DOCS")))
    assert "سینی" in str(caught.value)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        ("SANE_STATUS_JAMMED", errors.PaperJam),
        ("SANE_STATUS_COVER_OPEN", errors.CoverOpen),
        ("SANE_STATUS_DEVICE_BUSY", errors.DeviceBusy),
        ("SANE_STATUS_IO_ERROR", errors.DeviceFailure),
    ],
)
def test_device_errors_are_typed_and_persian(
    backend: SaneBackend, status: str, error: type[errors.ScanError]
) -> None:
    with pytest.raises(error) as caught:
        list(backend.scan("sane:test:1", sane_options(Source.FEEDER, status=status)))
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(caught.value))


def test_unknown_device(backend: SaneBackend) -> None:
    with pytest.raises(errors.DeviceNotFound):
        list(backend.scan("sane:nothing:9", sane_options()))


def test_every_sane_call_runs_on_one_thread() -> None:
    thread = SaneThread.get()
    names = {thread.call(lambda sane: threading.current_thread().name) for _ in range(5)}
    assert len(names) == 1 and next(iter(names)).startswith("sane")
    assert SaneThread.get() is thread  # initialised once per process


def test_a_wedged_driver_call_reports_not_responding_instead_of_freezing() -> None:
    thread = SaneThread(initialise=False)  # its own bare thread, not SANE's
    release = threading.Event()
    with pytest.raises(errors.DeviceNotResponding) as caught:
        thread.call(lambda sane: release.wait(), timeout=0.2)
    assert "پاسخ نمی‌دهد" in str(caught.value)
    release.set()
    assert thread.call(lambda sane: 7, timeout=5) == 7  # unwedged, it serves the next job


def test_a_driver_stuck_forever_does_not_keep_the_process_alive(tmp_path: Path) -> None:
    # SANE's test backend can deadlock inside sane_cancel; the CLI must still exit.
    code = (
        "import threading\n"
        "from pishkhan.scanner.sane_backend import SaneThread\n"
        "t = SaneThread(initialise=False)\n"
        "t.submit(lambda sane: threading.Event().wait())\n"
        "print('exiting')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert done.returncode == 0 and "exiting" in done.stdout

"""``pishkhan scan`` as a subprocess, with the SANE test device."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**env, "PISHKHAN_HOME": str(tmp_path / "home")}
    return subprocess.run(
        [sys.executable, "-m", "pishkhan", "scan", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_list(sane_env: dict[str, str], tmp_path: Path) -> None:
    done = _run(["--list"], sane_env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "sane:test:0" in done.stdout and "file:import" in done.stdout


@pytest.mark.parametrize(("mode", "limit_kb"), [("gray", 300), ("bw", 40)])
def test_feeder_batch_to_pdf(
    sane_env: dict[str, str], tmp_path: Path, mode: str, limit_kb: int
) -> None:
    out = tmp_path / "batch.pdf"
    done = _run(
        [
            "--device",
            "sane:test:0",
            "--source",
            "feeder",
            "--mode",
            mode,
            "--dpi",
            "150",
            "--pages",
            "3",
            "--option",
            "test-picture=Grid",
            "--out",
            str(out),
        ],
        sane_env,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    doc = pdfium.PdfDocument(str(out))
    assert len(doc) == 3
    width, height = doc[0].get_size()
    assert width == pytest.approx(207 / 25.4 * 72, abs=3)  # A4 less the crop inset
    assert height == pytest.approx(294 / 25.4 * 72, abs=3)
    assert out.stat().st_size < 3 * limit_kb * 1024


def test_feeder_empty_exit_code_and_message(sane_env: dict[str, str], tmp_path: Path) -> None:
    done = _run(
        [
            "--device",
            "sane:test:1",
            "--source",
            "feeder",
            "--dpi",
            "75",
            "--option",
            "read-return-value=SANE_STATUS_NO_DOCS",
            "--out",
            str(tmp_path / "x.pdf"),
        ],
        sane_env,
        tmp_path,
    )
    assert done.returncode == 1
    assert "سینی تغذیه" in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_import_files(sane_env: dict[str, str], tmp_path: Path) -> None:
    from pishkhan.scanner import synthetic

    png = tmp_path / "p.png"
    synthetic.text_page(100).save(png, dpi=(100, 100))
    out = tmp_path / "imported.pdf"
    done = _run(["--import", str(png), str(png), "--out", str(out)], sane_env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(pdfium.PdfDocument(str(out))) == 2
    archived = tmp_path / "archived.pdf"
    done = _run(["--import", str(png), "--pdfa", "--out", str(archived)], sane_env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"pdfaid:part" in archived.read_bytes() and b"pdfaid:part" not in out.read_bytes()


def test_missing_arguments(sane_env: dict[str, str], tmp_path: Path) -> None:
    assert _run(["--device", "sane:test:0"], sane_env, tmp_path).returncode == 2


def test_a_process_that_ran_sane_ends_with_its_code_after_python_exit_work(
    sane_env: dict[str, str], tmp_path: Path
) -> None:
    """SANE's test backend can leave the dynamic loader's lock taken (a reader thread cancelled
    inside it), and the C runtime's exit handlers then hang; the program ends without them,
    after Python's own exit work."""
    script = (
        "import atexit, sys\n"
        "from pishkhan import cli\n"
        "from pishkhan.scanner.sane_backend import SaneThread\n"
        "SaneThread.get().call(lambda sane: sane.get_devices())\n"
        "atexit.register(lambda: print('atexit ran', flush=True))\n"
        "cli._leave_if_sane_ran(3)\n"
        "print('not reached')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=sane_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    assert done.stdout.splitlines() == ["atexit ran"]

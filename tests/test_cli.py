"""The ``pishkhan`` command as a user runs it: a real child process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pishkhan import __version__


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PISHKHAN_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "pishkhan", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_version(tmp_path: Path) -> None:
    result = run(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"pishkhan {__version__}"


def test_paths_follow_pishkhan_home(tmp_path: Path) -> None:
    result = run(tmp_path, "paths")
    assert result.returncode == 0
    assert str(tmp_path) in result.stdout


def test_db_upgrade_creates_the_database_and_a_log(tmp_path: Path) -> None:
    result = run(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()  # the head revision
    assert (tmp_path / "pishkhan.sqlite3").exists()
    assert (tmp_path / "config.toml").exists()
    assert (tmp_path / "logs" / "pishkhan.log").exists()


def test_demo_data_then_refuse_then_if_empty(tmp_path: Path) -> None:
    first = run(tmp_path, "demo-data", "--subscribers", "40", "--seed", "3")
    assert first.returncode == 0, first.stderr
    assert "subscribers" in first.stdout
    again = run(tmp_path, "demo-data", "--subscribers", "40")
    assert again.returncode == 2
    assert "--replace" in again.stderr
    skip = run(tmp_path, "demo-data", "--if-empty")
    assert skip.returncode == 0
    assert "nothing to do" in skip.stdout


def test_bad_argument_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path, "demo-data", "--subscribers", "0")
    assert result.returncode == 2
    assert "at least 1" in result.stderr

"""Logging: a rotating file in the data folder, plus stderr for command-line use."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from pishkhan.paths import DataPaths

_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def setup_logging(paths: DataPaths, *, verbose: bool = False, to_stderr: bool = True) -> None:
    """Configure the root logger once: ``logs/pishkhan.log`` rotating at 5 MB, 5 files kept."""
    root = logging.getLogger()
    if getattr(root, "_pishkhan_configured", False):
        return
    paths.logs.mkdir(parents=True, exist_ok=True)
    file_handler = logging.handlers.RotatingFileHandler(
        paths.log_file, maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(file_handler)
    if to_stderr:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        root.addHandler(stream)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root._pishkhan_configured = True  # type: ignore[attr-defined]

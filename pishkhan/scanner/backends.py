"""Which backends this machine has, devices across them, and scanning through the pipeline.

``acquire()`` is what the scan dialog and ``pishkhan scan`` run (off the GUI thread): raw pages
from the device's backend, each passed through :func:`pishkhan.scanner.pipeline.process_page`
and yielded as soon as it is ready.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Iterator

from pishkhan.scanner.errors import DeviceNotFound
from pishkhan.scanner.file_backend import FileImportBackend
from pishkhan.scanner.model import CancelToken, Device, ProgressFn, Scanner, ScanOptions
from pishkhan.scanner.pipeline import PipelineSettings, ProcessedPage, process_page

log = logging.getLogger(__name__)

_backends: dict[str, Scanner] = {}


def available_backends() -> list[Scanner]:
    """SANE on Linux (when python-sane is installed), TWAIN on Windows, and file import."""
    if not _backends:
        if sys.platform.startswith("win"):
            from pishkhan.scanner.twain_backend import TwainBackend

            _backends["twain"] = TwainBackend()
        elif importlib.util.find_spec("sane") is not None:
            from pishkhan.scanner.sane_backend import SaneBackend

            _backends["sane"] = SaneBackend()
        _backends["file"] = FileImportBackend()
    return list(_backends.values())


def register_backend(backend: Scanner) -> None:
    """Add (or replace) a backend by its ``name`` (tests, site-specific drivers)."""
    available_backends()
    _backends[backend.name] = backend


def backend_for(device_id: str) -> Scanner:
    name = device_id.split(":", 1)[0]
    for backend in available_backends():
        if backend.name == name:
            return backend
    raise DeviceNotFound(device_id)


def list_devices(*, include_file_import: bool = True) -> list[Device]:
    """Every device of every backend; a backend that fails is logged and skipped."""
    devices: list[Device] = []
    for backend in available_backends():
        if backend.name == "file" and not include_file_import:
            continue
        try:
            devices.extend(backend.list_devices())
        except Exception:
            log.exception("listing devices of %s failed", backend.name)
    return devices


def acquire(
    device_id: str,
    options: ScanOptions,
    *,
    settings: PipelineSettings | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> Iterator[ProcessedPage]:
    """Scan and process page by page; each page is yielded as soon as it is ready."""
    backend = backend_for(device_id)
    token = cancel or CancelToken()
    for raw in backend.scan(device_id, options, progress=progress, cancel=token):
        if token.cancelled:
            return
        yield process_page(raw, options.mode, settings)


__all__ = ["acquire", "available_backends", "backend_for", "list_devices", "register_backend"]

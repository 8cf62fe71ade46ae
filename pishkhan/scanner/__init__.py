"""Scanner backends and the page pipeline (issue 5).

One interface (:mod:`.model`): devices and their capabilities, scan options, pages yielded one
by one with progress and cancel, typed errors with Persian messages (:mod:`.errors`). Backends:
SANE on Linux (:mod:`.sane_backend`), TWAIN on Windows through a 32-bit helper program
(:mod:`.twain_backend`, :mod:`.twain_helper`), and file import (:mod:`.file_backend`).
:mod:`.pipeline` deskews, crops, flags blank pages and encodes; :mod:`.backends` ties them
together. Nothing here imports Qt.
"""

from pishkhan.scanner.errors import (
    CoverOpen,
    DeviceBusy,
    DeviceFailure,
    DeviceNotFound,
    FeederEmpty,
    ImportFailed,
    PaperJam,
    ScanCancelled,
    ScanError,
)
from pishkhan.scanner.model import (
    CancelToken,
    ColorMode,
    Device,
    RawPage,
    Scanner,
    ScanOptions,
    Source,
)

__all__ = [
    "CancelToken",
    "ColorMode",
    "CoverOpen",
    "Device",
    "DeviceBusy",
    "DeviceFailure",
    "DeviceNotFound",
    "FeederEmpty",
    "ImportFailed",
    "PaperJam",
    "RawPage",
    "ScanCancelled",
    "ScanError",
    "ScanOptions",
    "Scanner",
    "Source",
]

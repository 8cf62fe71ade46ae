"""Options for SANE's test device: every scan sets them all, since the device keeps option
values between openings within one process."""

from __future__ import annotations

from pishkhan.scanner.model import ColorMode, ScanOptions, Source


def device_test_options(status: str = "Default", *, slow: bool = False) -> dict[str, object]:
    options: dict[str, object] = {
        "test-picture": "Grid",
        "read-return-value": status,
        "read-limit": slow,
        "read-delay": slow,
    }
    if slow:  # about a second per page at 100 dpi: time to cancel in the middle of one
        options["read-limit-size"] = 16384
        options["read-delay-duration"] = 20000
    return options


def sane_options(
    source: Source = Source.FLATBED,
    mode: ColorMode = ColorMode.GRAY,
    dpi: int = 100,
    pages: int | None = None,
    status: str = "Default",
    *,
    slow: bool = False,
) -> ScanOptions:
    return ScanOptions(
        source=source,
        mode=mode,
        dpi=dpi,
        pages=pages,
        device_options=device_test_options(status, slow=slow),
    )

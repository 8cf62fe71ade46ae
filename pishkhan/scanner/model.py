"""The one scanner interface: devices, options, pages, progress and cancel (Qt-free).

A backend (SANE, TWAIN, file import) implements :class:`Scanner`: ``list_devices()`` and
``scan(device_id, options, progress=..., cancel=...)``, a generator that yields each
:class:`RawPage` as soon as the device delivers it. Errors are the typed ones of
:mod:`pishkhan.scanner.errors`. Cancelling through the :class:`CancelToken` ends the generator
early without an error (the pages already yielded stay valid); a page cut short by the cancel
is never yielded.
"""

from __future__ import annotations

import contextlib
import enum
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PIL import Image


class Source(enum.StrEnum):
    FLATBED = "flatbed"
    FEEDER = "feeder"
    DUPLEX = "duplex"

    @property
    def label(self) -> str:
        return {Source.FLATBED: "شیشهٔ اسکنر", Source.FEEDER: "سینی تغذیه", Source.DUPLEX: "دورو"}[
            self
        ]


class ColorMode(enum.StrEnum):
    COLOR = "color"
    GRAY = "gray"
    BW = "bw"

    @property
    def label(self) -> str:
        return {ColorMode.COLOR: "رنگی", ColorMode.GRAY: "خاکستری", ColorMode.BW: "سیاه و سفید"}[
            self
        ]


@dataclass(frozen=True, slots=True)
class Device:
    """A scanner (or the file importer) and what it can do.

    ``id`` is ``"<backend>:<backend's own name>"``, e.g. ``"sane:test:0"``, stable across runs.
    """

    id: str
    name: str
    sources: tuple[Source, ...] = (Source.FLATBED,)
    modes: tuple[ColorMode, ...] = (ColorMode.COLOR, ColorMode.GRAY, ColorMode.BW)
    resolutions: tuple[int, ...] = (150, 200, 300)
    max_width_mm: float = 216.0
    max_height_mm: float = 297.0

    @property
    def backend(self) -> str:
        return self.id.split(":", 1)[0]

    @property
    def native_id(self) -> str:
        return self.id.split(":", 1)[1] if ":" in self.id else self.id

    def nearest_resolution(self, dpi: int) -> int:
        if not self.resolutions:
            return dpi
        return min(self.resolutions, key=lambda r: (abs(r - dpi), -r))


A4_MM = (210.0, 297.0)


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """What to acquire. ``pages`` caps the batch (``None``: until the feeder is empty; a
    flatbed always gives one page). ``device_options`` are extra driver options by name
    (SANE option names, e.g. ``{"test-picture": "Grid"}``), for site-specific tuning."""

    source: Source = Source.FLATBED
    mode: ColorMode = ColorMode.GRAY
    dpi: int = 300
    pages: int | None = None
    page_size_mm: tuple[float, float] = A4_MM
    device_options: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class RawPage:
    """One page as the device delivered it (before the pipeline). ``index`` counts from 0."""

    image: Image.Image
    dpi: int
    index: int
    side: str = "front"  # "back" for the second side of a duplex sheet


# progress(page_index, fraction of that page 0..1); called from the acquiring thread.
ProgressFn = Callable[[int, float], None]


class CancelToken:
    """Thread-safe cancel flag. Backends register hooks that interrupt a transfer in flight
    (e.g. ``sane_cancel``); :meth:`cancel` may be called from any thread, any number of times."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._hooks: list[Callable[[], None]] = []

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            hooks = list(self._hooks)
        for hook in hooks:
            with contextlib.suppress(Exception):  # a failing hook must not stop the others
                hook()

    def add_hook(self, hook: Callable[[], None]) -> None:
        with self._lock:
            self._hooks.append(hook)
            already = self._event.is_set()
        if already:
            hook()

    def remove_hook(self, hook: Callable[[], None]) -> None:
        with self._lock:
            if hook in self._hooks:
                self._hooks.remove(hook)

    def wait(self, timeout: float) -> bool:
        return self._event.wait(timeout)


class Scanner(Protocol):
    """A scanning backend."""

    name: str

    def list_devices(self) -> list[Device]:
        """The devices this backend can reach now (may take seconds: never on the GUI thread)."""
        ...

    def scan(
        self,
        device_id: str,
        options: ScanOptions,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> Iterator[RawPage]:
        """Yield pages one by one as the device delivers them."""
        ...


__all__ = [
    "A4_MM",
    "CancelToken",
    "ColorMode",
    "Device",
    "ProgressFn",
    "RawPage",
    "ScanOptions",
    "Scanner",
    "Source",
]

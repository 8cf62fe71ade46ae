"""SANE backend (Linux) over ``python-sane``.

SANE is initialised once per process and is not thread-safe, so every SANE call runs on one
dedicated thread (:class:`SaneThread`); callers on other threads hand it work and wait. The
one exception is ``sane_cancel``, which the SANE standard allows at any time from anywhere: the
cancel token calls it directly to interrupt a transfer in flight. A cancelled transfer returns
a truncated image without an error, so the backend keeps its own cancelled flag and drops that
page. While the caller processes page *k* the thread already reads page *k + 1*.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from pishkhan.scanner.errors import (
    CoverOpen,
    DeviceBusy,
    DeviceFailure,
    DeviceNotFound,
    DeviceNotResponding,
    FeederEmpty,
    PaperJam,
    ScanCancelled,
    ScanError,
)
from pishkhan.scanner.model import (
    CancelToken,
    ColorMode,
    Device,
    ProgressFn,
    RawPage,
    ScanOptions,
    Source,
)

log = logging.getLogger(__name__)

STANDARD_DPI = (75, 100, 150, 200, 300, 400, 600)
# Seconds to wait for a control call (list, open, close) before calling the driver wedged.
# Reading pages has no limit: a feeder batch or a 600 dpi colour page can take minutes.
CALL_TIMEOUT = 30.0
CLOSE_TIMEOUT = 10.0


class SaneThread:
    """The one thread that talks to SANE; ``sane.init()`` is its first job.

    It is a daemon thread with its own queue rather than an executor: a driver that never
    returns (the SANE test backend can deadlock in ``sane_cancel``) must not keep the process
    from exiting, and callers wait with a timeout so the desk reports a scanner that stopped
    answering instead of freezing with it.
    """

    _instance: SaneThread | None = None
    _lock = threading.Lock()

    def __init__(self, *, initialise: bool = True) -> None:
        # initialise=False: a bare worker that never touches SANE (tests of the thread itself;
        # SANE must be initialised only once per process).
        self._initialise = initialise
        self._jobs: queue.SimpleQueue[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]]
        self._jobs = queue.SimpleQueue()
        self._sane: Any = None
        self._thread = threading.Thread(target=self._run, name="sane", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if self._initialise:
                import sane

                log.info("SANE initialised: %s", sane.init())
                self._sane = sane
            init_error: BaseException | None = None
        except BaseException as exc:  # reported to every caller
            init_error = exc
        while True:
            future, fn, args = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            if init_error is not None:
                future.set_exception(init_error)
                continue
            try:
                future.set_result(fn(self._sane, *args))
            except BaseException as exc:
                future.set_exception(exc)

    @classmethod
    def initialised(cls) -> bool:
        """Whether SANE was started in this process."""
        return cls._instance is not None and cls._instance._initialise

    @classmethod
    def get(cls) -> SaneThread:
        with cls._lock:
            if cls._instance is None:
                cls._instance = SaneThread()
            return cls._instance

    def submit[T](self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Queue ``fn(sane_module, *args)`` on the SANE thread."""
        future: Future[T] = Future()
        self._jobs.put((future, fn, args))
        return future

    def call[T](self, fn: Callable[..., T], *args: Any, timeout: float = CALL_TIMEOUT) -> T:
        """Run ``fn(sane_module, *args)`` on the SANE thread and return its result.

        Raises :class:`DeviceNotResponding` when the driver has not answered in ``timeout``
        seconds (the job stays queued; SANE cannot be interrupted from outside).
        """
        future = self.submit(fn, *args)
        try:
            return future.result(timeout)
        except FutureTimeout:
            future.cancel()
            raise DeviceNotResponding(
                f"{getattr(fn, '__name__', fn)} took over {timeout} s"
            ) from None


def map_sane_error(exc: BaseException) -> ScanError:
    """Our typed error for a ``_sane.error`` (matched on SANE's status text)."""
    text = str(exc)
    lowered = text.lower()
    for words, kind in (
        (("out of documents", "no documents"), FeederEmpty),
        (("jam",), PaperJam),
        (("cover",), CoverOpen),
        (("busy",), DeviceBusy),
        (("cancel",), ScanCancelled),
        (("invalid argument", "no such", "not found"), DeviceNotFound),
    ):
        if any(w in lowered for w in words):
            return kind(text)
    return DeviceFailure(text)


def _classify_source(name: str) -> Source | None:
    lowered = name.lower()
    if "duplex" in lowered:
        return Source.DUPLEX
    if any(w in lowered for w in ("adf", "feeder", "automatic document")):
        return Source.FEEDER
    if any(w in lowered for w in ("flatbed", "normal", "glass", "platen")):
        return Source.FLATBED
    return None


def _classify_mode(name: str) -> ColorMode | None:
    lowered = name.lower()
    if "color" in lowered or "colour" in lowered:
        return ColorMode.COLOR
    if "gray" in lowered or "grey" in lowered:
        return ColorMode.GRAY
    if "lineart" in lowered or "binary" in lowered:
        return ColorMode.BW
    return None


@dataclass(slots=True)
class _Caps:
    sources: dict[Source, str] = field(default_factory=dict)
    modes: dict[ColorMode, str] = field(default_factory=dict)
    resolutions: tuple[int, ...] = ()
    max_mm: tuple[float, float] = (216.0, 297.0)


def _option(dev: Any, name: str) -> Any | None:
    opt = dev.opt.get(name)
    return opt if opt is not None and opt.is_active() else None


def _capabilities(dev: Any) -> _Caps:
    caps = _Caps()
    source = _option(dev, "source")
    if source is not None and isinstance(source.constraint, list):
        for value in source.constraint:
            kind = _classify_source(str(value))
            if kind is not None and kind not in caps.sources:
                caps.sources[kind] = str(value)
    if not caps.sources:
        caps.sources[Source.FLATBED] = ""
    mode = _option(dev, "mode")
    if mode is not None and isinstance(mode.constraint, list):
        for value in mode.constraint:
            color = _classify_mode(str(value))
            if color is not None and color not in caps.modes:
                caps.modes[color] = str(value)
    if ColorMode.BW not in caps.modes and ColorMode.GRAY in caps.modes:
        caps.modes[ColorMode.BW] = caps.modes[ColorMode.GRAY]  # thresholded by the pipeline
    resolution = _option(dev, "resolution")
    if resolution is not None:
        constraint = resolution.constraint
        if isinstance(constraint, tuple):
            low, high = constraint[0], constraint[1]
            caps.resolutions = tuple(d for d in STANDARD_DPI if low <= d <= high)
        elif isinstance(constraint, list):
            caps.resolutions = tuple(sorted({int(v) for v in constraint}))
    br_x, br_y = _option(dev, "br_x"), _option(dev, "br_y")
    if (
        br_x is not None
        and br_y is not None
        and isinstance(br_x.constraint, tuple)
        and isinstance(br_y.constraint, tuple)
    ):
        caps.max_mm = (float(br_x.constraint[1]), float(br_y.constraint[1]))
    return caps


def _device(native: str, label: str, caps: _Caps) -> Device:
    return Device(
        id=f"sane:{native}",
        name=label,
        sources=tuple(caps.sources),
        modes=tuple(caps.modes) or (ColorMode.GRAY,),
        resolutions=caps.resolutions or (150, 200, 300),
        max_width_mm=caps.max_mm[0],
        max_height_mm=caps.max_mm[1],
    )


def _list(sane: Any) -> list[Device]:
    devices = []
    for native, vendor, model, _kind in sane.get_devices():
        label = f"{vendor} {model}".strip()
        try:
            dev = sane.open(native)
        except Exception as exc:  # busy elsewhere: list it with default capabilities
            log.warning("cannot open %s to read its capabilities: %s", native, exc)
            devices.append(Device(id=f"sane:{native}", name=label))
            continue
        try:
            devices.append(_device(native, label, _capabilities(dev)))
        finally:
            dev.close()
    return devices


def _set(dev: Any, name: str, value: object) -> None:
    py_name = name.replace("-", "_")
    if _option(dev, py_name) is None:
        return
    try:
        setattr(dev, py_name, value)
    except (AttributeError, TypeError, ValueError) as exc:
        log.warning("SANE option %s=%r refused: %s", name, value, exc)


def _open(sane: Any, native: str, options: ScanOptions) -> tuple[Any, _Caps]:
    try:
        dev = sane.open(native)
    except Exception as exc:
        raise DeviceNotFound(str(exc)) from exc
    try:
        caps = _capabilities(dev)
        if options.source not in caps.sources:
            raise DeviceFailure(f"source {options.source} not offered by {native}")
        if caps.sources[options.source]:
            _set(dev, "source", caps.sources[options.source])
        if options.mode in caps.modes:
            _set(dev, "mode", caps.modes[options.mode])
        if _option(dev, "depth") is not None and options.mode is not ColorMode.BW:
            _set(dev, "depth", 8)
        _set(dev, "resolution", options.dpi)
        width = min(options.page_size_mm[0], caps.max_mm[0])
        height = min(options.page_size_mm[1], caps.max_mm[1])
        for name, mm in (("tl_x", 0.0), ("tl_y", 0.0), ("br_x", width), ("br_y", height)):
            _set(dev, name, float(mm))
        for name, value in options.device_options.items():
            _set(dev, name, value)
    except BaseException:
        dev.close()
        raise
    return dev, caps


def _acquire(sane: Any, dev: Any, index: int, keep_going: bool, progress: ProgressFn | None) -> Any:
    last = [-1.0]

    def on_line(line: int, total: int) -> None:
        # Called by python-sane for every line; must never raise (an exception in this callback
        # crashes the interpreter).
        if progress is None or total <= 0:
            return
        fraction = line / total
        if fraction - last[0] >= 0.02 or line >= total:
            last[0] = fraction
            try:
                progress(index, fraction)
            except Exception:
                log.exception("progress callback failed")

    dev.start()
    return dev.snap(keep_going, progress=on_line)


class SaneBackend:
    """Scanners reached through SANE (``sane:<name>`` device ids)."""

    name = "sane"

    def __init__(self, thread: SaneThread | None = None) -> None:
        self._thread = thread

    @property
    def thread(self) -> SaneThread:
        return self._thread or SaneThread.get()

    def list_devices(self) -> list[Device]:
        return self.thread.call(_list)

    def scan(
        self,
        device_id: str,
        options: ScanOptions,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> Iterator[RawPage]:
        native = device_id.removeprefix("sane:")
        token = cancel or CancelToken()
        thread = self.thread
        dev, _caps = thread.call(_open, native, options)
        lock = threading.Lock()
        open_ = [True]

        def interrupt() -> None:
            with lock:
                if open_[0]:
                    dev.cancel()  # sane_cancel: allowed from any thread

        feeder = options.source is not Source.FLATBED
        limit = options.pages if feeder else 1
        pending: Future[Any] | None = None
        token.add_hook(interrupt)
        try:
            index = 0
            pending = thread.submit(_acquire, dev, index, feeder, progress)
            while True:
                try:
                    image = pending.result()
                except Exception as exc:
                    pending = None
                    if token.cancelled:
                        return
                    error = map_sane_error(exc) if not isinstance(exc, ScanError) else exc
                    if isinstance(error, FeederEmpty) and index > 0:
                        return  # the batch is done
                    raise error from exc
                pending = None
                if token.cancelled:
                    return  # a cancelled transfer is a truncated image: drop it
                more = limit is None or index + 1 < limit
                if more:
                    pending = thread.submit(_acquire, dev, index + 1, feeder, progress)
                side = "back" if options.source is Source.DUPLEX and index % 2 else "front"
                yield RawPage(image, options.dpi, index, side)
                index += 1
                if not more or pending is None:
                    return
        finally:
            token.remove_hook(interrupt)
            if pending is not None and not pending.done():
                dev.cancel()
            if pending is not None:
                with contextlib.suppress(Exception):  # the read we interrupted
                    pending.result()
            with lock:
                open_[0] = False
            try:
                thread.call(_close, dev, timeout=CLOSE_TIMEOUT)
            except DeviceNotResponding:
                # The pages are already delivered; the next scan will report the wedged driver.
                log.warning("SANE device %s did not close within %s s", native, CLOSE_TIMEOUT)


def _close(sane: Any, dev: Any) -> None:
    try:
        dev.cancel()
    finally:
        dev.close()


__all__ = ["SaneBackend", "SaneThread", "map_sane_error"]

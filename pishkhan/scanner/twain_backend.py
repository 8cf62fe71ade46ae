"""TWAIN backend (Windows): the app side of the 32-bit helper program.

The helper (:mod:`twain_helper`) runs under a 32-bit Python found at ``PISHKHAN_TWAIN_PYTHON``
or ``twain32\\python.exe`` beside the application (see installer/twain/README.md). One helper
process is started on first use and kept; requests go one at a time over its stdin, pages come
back as BMP frames on its stdout. The app never imports ``twain`` itself.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pishkhan.scanner import errors
from pishkhan.scanner import twain_protocol as proto
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

HELPER = Path(__file__).with_name("twain_helper.py")

_KINDS: dict[str, type[errors.ScanError]] = {
    "DeviceNotFound": errors.DeviceNotFound,
    "FeederEmpty": errors.FeederEmpty,
    "PaperJam": errors.PaperJam,
    "CoverOpen": errors.CoverOpen,
    "DeviceBusy": errors.DeviceBusy,
    "ScanCancelled": errors.ScanCancelled,
    "DeviceFailure": errors.DeviceFailure,
}


def error_from(header: dict[str, Any]) -> errors.ScanError:
    kind = _KINDS.get(str(header.get("kind")), errors.DeviceFailure)
    return kind(str(header.get("detail", "")))


def default_command() -> list[str] | None:
    """How to start the helper on this machine, or None when no 32-bit Python is set up."""
    python = os.environ.get("PISHKHAN_TWAIN_PYTHON")
    if not python:
        bundled = Path(sys.executable).parent / "twain32" / "python.exe"
        python = str(bundled) if bundled.is_file() else ""
    if not python:
        return None
    return [python, str(HELPER)]


class TwainBackend:
    """Scanners reached through TWAIN (``twain:<source name>`` device ids)."""

    name = "twain"

    def __init__(self, command: Sequence[str] | None = None, env: dict[str, str] | None = None):
        self._command = list(command) if command else default_command()
        self._env = env
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()  # one request at a time
        self._write_lock = threading.Lock()

    # ---------------------------------------------------------------------------- process
    def _process(self) -> subprocess.Popen[bytes]:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        if not self._command:
            raise errors.DeviceNotFound("no 32-bit Python for the TWAIN helper")
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        try:
            proc = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=self._env,
                creationflags=flags,
            )
        except OSError as exc:
            raise errors.DeviceNotFound(f"cannot start the TWAIN helper: {exc}") from exc
        self._proc = proc
        hello = self._read(proc)
        if hello.get("event") != "hello" or hello.get("protocol") != proto.PROTOCOL_VERSION:
            self.close()
            raise errors.DeviceFailure(f"unexpected helper greeting {hello}")
        log.info("TWAIN helper started (%s-bit)", hello.get("bits"))
        return proc

    def _send(self, proc: subprocess.Popen[bytes], header: dict[str, Any]) -> None:
        assert proc.stdin is not None
        with self._write_lock:
            try:
                proto.write_frame(proc.stdin, header)
            except (BrokenPipeError, OSError, ValueError) as exc:
                raise errors.DeviceFailure(f"TWAIN helper gone: {exc}") from exc

    def _read_frame(self, proc: subprocess.Popen[bytes]) -> tuple[dict[str, Any], bytes]:
        assert proc.stdout is not None
        try:
            frame = proto.read_frame(proc.stdout)
        except proto.ProtocolError as exc:
            self.close()
            raise errors.DeviceFailure(f"TWAIN helper: {exc}") from exc
        if frame is None:
            self.close()
            raise errors.DeviceFailure("the TWAIN helper stopped")
        return frame

    def _read(self, proc: subprocess.Popen[bytes]) -> dict[str, Any]:
        return self._read_frame(proc)[0]

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.poll() is None and proc.stdin is not None:
                proto.write_frame(proc.stdin, {"cmd": "quit"})
                proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()

    # ---------------------------------------------------------------------------- Scanner
    def list_devices(self) -> list[Device]:
        if not self._command:
            return []
        with self._lock:
            proc = self._process()
            self._send(proc, {"cmd": "list"})
            reply = self._read(proc)
        if reply.get("event") == "error":
            raise error_from(reply)
        devices = []
        for info in reply.get("devices", []):
            devices.append(
                Device(
                    id=f"twain:{info['name']}",
                    name=str(info["name"]),
                    sources=tuple(Source(s) for s in info.get("sources", ["flatbed"])),
                    modes=tuple(ColorMode(m) for m in info.get("modes", ["gray"])),
                    resolutions=tuple(int(r) for r in info.get("resolutions", [150, 200, 300])),
                )
            )
        return devices

    def scan(
        self,
        device_id: str,
        options: ScanOptions,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> Iterator[RawPage]:
        from PIL import Image

        token = cancel or CancelToken()
        with self._lock:
            proc = self._process()

            def interrupt() -> None:
                with self._write_lock:
                    if proc.stdin is not None and proc.poll() is None:
                        with contextlib.suppress(OSError, ValueError):
                            proto.write_frame(proc.stdin, {"cmd": "cancel"})

            self._send(
                proc,
                {
                    "cmd": "scan",
                    "device": device_id.removeprefix("twain:"),
                    "source": options.source.value,
                    "mode": options.mode.value,
                    "dpi": options.dpi,
                    "pages": options.pages,
                    "page_size_mm": list(options.page_size_mm),
                    "show_ui": bool(options.device_options.get("show_ui", False)),
                    "indicators": bool(options.device_options.get("indicators", False)),
                },
            )
            token.add_hook(interrupt)
            finished = False
            try:
                while True:
                    header, payload = self._read_frame(proc)
                    event = header.get("event")
                    if event == "progress" and progress is not None:
                        progress(int(header.get("page", 0)), 0.0)
                    elif event == "page":
                        if token.cancelled:
                            continue  # arrived after the cancel: dropped
                        index = int(header["index"])
                        image = Image.open(io.BytesIO(payload))
                        image.load()
                        if progress is not None:
                            progress(index, 1.0)
                        side = "back" if options.source is Source.DUPLEX and index % 2 else "front"
                        yield RawPage(image, int(header.get("dpi", options.dpi)), index, side)
                    elif event == "done":
                        finished = True
                        return
                    elif event == "error":
                        finished = True
                        if token.cancelled:
                            return
                        raise error_from(header)
            finally:
                token.remove_hook(interrupt)
                if not finished and self._proc is proc:
                    # The consumer stopped early: cancel and drain to the end of this scan.
                    interrupt()
                    with contextlib.suppress(errors.ScanError):
                        while self._read(proc).get("event") not in ("done", "error"):
                            pass


__all__ = ["HELPER", "TwainBackend", "default_command", "error_from"]

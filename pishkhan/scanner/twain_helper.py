"""The TWAIN helper program: runs under a 32-bit Python on Windows, talks TWAIN through pytwain.

Most scanner drivers are 32-bit and PySide6 ships only 64-bit Windows wheels, so the desk app
starts this small program (``python32.exe twain_helper.py``) and speaks the length-prefixed
protocol of :mod:`twain_protocol` over its stdin/stdout. It owns a hidden window for the TWAIN
message loop and transfers pages natively (``acquire_natively``), sending each as a BMP frame.

pytwain is GPL-2.0: this helper is a separate program that the app runs and talks to over a
pipe; the app itself never imports ``twain`` (see installer/twain/README.md).

Only the standard library, ``twain`` and :mod:`twain_protocol` are imported, so the helper can
ship as two files beside a bare 32-bit Python. Tests run it on Linux with a stand-in ``twain``
module on ``PYTHONPATH``.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import tempfile
import threading
from typing import IO, Any

try:
    from pishkhan.scanner import twain_protocol as proto
except ImportError:  # shipped as plain files beside the helper
    import twain_protocol as proto  # type: ignore[no-redef]


def _hidden_window() -> int:
    """A message-only window for TWAIN's message loop (Windows); 0 elsewhere."""
    if sys.platform != "win32":
        return 0
    import ctypes

    user32 = ctypes.windll.user32
    hwnd_message = -3  # HWND_MESSAGE
    return int(
        user32.CreateWindowExW(0, "STATIC", "pishkhan-twain", 0, 0, 0, 0, 0, hwnd_message, 0, 0, 0)
        or 0
    )


def _error_kind(exc: BaseException) -> str:
    name = type(exc).__name__
    if name in ("PaperJam", "PaperDoubleFeedError"):
        return "PaperJam"
    if name in ("NoDataSourceError", "CheckDeviceOnlineError", "SMLoadFileFailed"):
        return "DeviceNotFound"
    if name in ("DeniedError", "MaxConnectionsError", "SequenceError"):
        return "DeviceBusy"
    if name in ("DSTransferCancelled", "CancelAll"):
        return "ScanCancelled"
    if name == "CoverOpen":
        return "CoverOpen"
    if name == "FeederEmpty":
        return "FeederEmpty"
    return "DeviceFailure"


class Helper:
    def __init__(self, twain: Any, out: IO[bytes]) -> None:
        self.twain = twain
        self.out = out
        self.write_lock = threading.Lock()
        self.cancel = threading.Event()
        self.commands: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.hwnd = _hidden_window()
        self.manager: Any = None

    def send(self, header: dict[str, Any], payload: bytes = b"") -> None:
        with self.write_lock:
            proto.write_frame(self.out, header, payload)

    def read_commands(self, stream: IO[bytes]) -> None:
        """Reader thread: "cancel" acts at once (the main thread may be in a scan)."""
        try:
            while True:
                frame = proto.read_frame(stream)
                if frame is None:
                    break
                header, _ = frame
                if header.get("cmd") == "cancel":
                    self.cancel.set()
                else:
                    self.commands.put(header)
        except proto.ProtocolError:
            pass
        self.cancel.set()
        self.commands.put(None)

    def sm(self) -> Any:
        if self.manager is None:
            self.manager = self.twain.SourceManager(self.hwnd, ProductName="Pishkhan")
        return self.manager

    # ------------------------------------------------------------------------------ commands
    def list_devices(self) -> None:
        devices = []
        for name in self.sm().source_list:
            info: dict[str, Any] = {"name": name, "sources": ["flatbed"], "modes": ["gray"]}
            try:
                with self.sm().open_source(name) as src:
                    info.update(self._capabilities(src))
            except Exception as exc:  # listed with defaults; the scan will tell
                info["note"] = repr(exc)
            devices.append(info)
        self.send({"event": "devices", "devices": devices})

    def _capabilities(self, src: Any) -> dict[str, Any]:
        tw = self.twain
        sources = ["flatbed"]
        for cap, label in (("CAP_FEEDERENABLED", "feeder"), ("CAP_DUPLEXENABLED", "duplex")):
            try:
                src.get_capability(getattr(tw, cap))
                sources.append(label)
            except Exception:
                pass
        modes = []
        try:
            _, (_, _, types) = src.get_capability(tw.ICAP_PIXELTYPE)
            names = {tw.TWPT_RGB: "color", tw.TWPT_GRAY: "gray", tw.TWPT_BW: "bw"}
            modes = [names[t] for t in types if t in names]
        except Exception:
            modes = ["color", "gray", "bw"]
        resolutions: list[int] = []
        try:
            value = src.get_capability(tw.ICAP_XRESOLUTION)
            if isinstance(value, dict):
                low, high = value["MinValue"], value["MaxValue"]
                resolutions = [d for d in (100, 150, 200, 300, 400, 600) if low <= d <= high]
            else:
                resolutions = sorted({int(v) for v in value[1][2]})
        except Exception:
            resolutions = [150, 200, 300]
        return {"sources": sources, "modes": modes, "resolutions": resolutions}

    def scan(self, cmd: dict[str, Any]) -> None:
        tw = self.twain
        self.cancel.clear()
        count = 0
        feeder = cmd.get("source") in ("feeder", "duplex")
        limit = cmd.get("pages") if feeder else 1
        dpi = int(cmd.get("dpi", 300))
        try:
            src = self.sm().open_source(cmd["device"])
        except Exception as exc:
            self.send({"event": "error", "kind": "DeviceNotFound", "detail": repr(exc)})
            return
        try:
            self._configure(src, cmd, feeder, limit, dpi)
            if feeder and not self._feeder_loaded(src):
                self.send({"event": "error", "kind": "FeederEmpty", "detail": "feeder not loaded"})
                return
            tmp = tempfile.mkdtemp(prefix="pishkhan-twain-")

            def before(_info: Any) -> None:
                if self.cancel.is_set():
                    raise tw.CancelAll()
                self.send({"event": "progress", "page": count})

            def after(image: Any, more: int) -> None:
                nonlocal count
                path = os.path.join(tmp, f"page-{count}.bmp")
                image.save(path)
                image.close()
                if self.cancel.is_set():  # acquired after the cancel: dropped
                    os.remove(path)
                    raise tw.CancelAll()
                with open(path, "rb") as handle:
                    data = handle.read()
                os.remove(path)
                self.send({"event": "page", "index": count, "dpi": dpi, "format": "bmp"}, data)
                count += 1
                if limit is not None and count >= limit and more:
                    raise tw.CancelAll()

            try:
                src.acquire_natively(
                    after=after, before=before, show_ui=bool(cmd.get("show_ui")), modal=True
                )
            except Exception as exc:
                if _error_kind(exc) != "ScanCancelled":
                    raise
            if count == 0 and feeder and not self.cancel.is_set():
                self.send({"event": "error", "kind": "FeederEmpty", "detail": "no pages"})
                return
            self.send({"event": "done", "count": count, "cancelled": self.cancel.is_set()})
        except Exception as exc:
            self.send({"event": "error", "kind": _error_kind(exc), "detail": repr(exc)})
        finally:
            src.close()

    def _configure(
        self, src: Any, cmd: dict[str, Any], feeder: bool, limit: int | None, dpi: int
    ) -> None:
        tw = self.twain
        pixel = {"color": tw.TWPT_RGB, "gray": tw.TWPT_GRAY, "bw": tw.TWPT_BW}[cmd["mode"]]
        depth = {"color": 24, "gray": 8, "bw": 1}[cmd["mode"]]
        settings: list[tuple[str, int, Any]] = [
            ("ICAP_PIXELTYPE", tw.TWTY_UINT16, pixel),
            ("ICAP_BITDEPTH", tw.TWTY_UINT16, depth),
            ("ICAP_XRESOLUTION", tw.TWTY_FIX32, float(dpi)),
            ("ICAP_YRESOLUTION", tw.TWTY_FIX32, float(dpi)),
            ("CAP_FEEDERENABLED", tw.TWTY_BOOL, feeder),
            ("CAP_DUPLEXENABLED", tw.TWTY_BOOL, cmd.get("source") == "duplex"),
            ("CAP_XFERCOUNT", tw.TWTY_INT16, limit if limit else -1),
            ("CAP_INDICATORS", tw.TWTY_BOOL, bool(cmd.get("indicators"))),
        ]
        for name, kind, value in settings:
            try:
                src.set_capability(getattr(tw, name), kind, value)
            except Exception:  # a source without that capability: keep its default
                if name in ("ICAP_PIXELTYPE", "ICAP_XRESOLUTION"):
                    raise
        width, height = cmd.get("page_size_mm") or (210.0, 297.0)
        with contextlib.suppress(Exception):
            src.set_image_layout((0.0, 0.0, width / 25.4, height / 25.4))

    def _feeder_loaded(self, src: Any) -> bool:
        try:
            _, loaded = src.get_capability_current(self.twain.CAP_FEEDERLOADED)
            return bool(loaded)
        except Exception:
            return True  # unknown: try, and report empty if nothing comes

    def run(self, stdin: IO[bytes]) -> int:
        reader = threading.Thread(target=self.read_commands, args=(stdin,), daemon=True)
        reader.start()
        self.send(
            {
                "event": "hello",
                "protocol": proto.PROTOCOL_VERSION,
                "bits": 64 if sys.maxsize > 2**32 else 32,
            }
        )
        while True:
            cmd = self.commands.get()
            if cmd is None or cmd.get("cmd") == "quit":
                break
            try:
                if cmd.get("cmd") == "list":
                    self.list_devices()
                elif cmd.get("cmd") == "scan":
                    self.scan(cmd)
                else:
                    self.send(
                        {"event": "error", "kind": "DeviceFailure", "detail": f"unknown {cmd}"}
                    )
            except Exception as exc:
                self.send({"event": "error", "kind": _error_kind(exc), "detail": repr(exc)})
        if self.manager is not None:
            self.manager.close()
        return 0


def main() -> int:
    import twain  # only here: pytwain exists only in the helper's own (32-bit) Python

    return Helper(twain, sys.stdout.buffer).run(sys.stdin.buffer)


if __name__ == "__main__":
    raise SystemExit(main())

"""A stand-in for pytwain's ``twain`` module: a pretend driver for the helper's protocol tests.

Only what the helper calls. Behaviour from the environment: ``FAKE_TWAIN_SHEETS`` sheets in the
feeder (0: not loaded), ``FAKE_TWAIN_ERROR`` = ``"PaperJam@2"`` fails at that page,
``FAKE_TWAIN_DELAY`` seconds per page.
"""

from __future__ import annotations

import os
import time
import types
from typing import Any

from PIL import Image, ImageDraw

TWTY_BOOL, TWTY_INT16, TWTY_UINT16, TWTY_FIX32 = 6, 1, 4, 7
TWPT_BW, TWPT_GRAY, TWPT_RGB = 0, 1, 2
ICAP_PIXELTYPE, ICAP_BITDEPTH, ICAP_XRESOLUTION, ICAP_YRESOLUTION = 0x101, 0x112B, 0x1118, 0x1119
CAP_FEEDERENABLED, CAP_DUPLEXENABLED, CAP_XFERCOUNT = 0x1002, 0x1013, 0x0001
CAP_INDICATORS, CAP_FEEDERLOADED = 0x100B, 0x1003


class CancelAll(Exception):
    pass


class _Exceptions(types.SimpleNamespace):
    pass


class PaperJam(Exception):
    pass


class CheckDeviceOnlineError(Exception):
    pass


exceptions = _Exceptions(PaperJam=PaperJam, CheckDeviceOnlineError=CheckDeviceOnlineError)


class _Image:
    def __init__(self, index: int, dpi: float, pixel: int) -> None:
        size = (round(8.27 * dpi), round(11.69 * dpi))
        mode = {TWPT_RGB: "RGB", TWPT_GRAY: "L", TWPT_BW: "1"}[pixel]
        self._image = Image.new(mode, size, "white")
        draw = ImageDraw.Draw(self._image)
        for line in range(5 + index):
            y = int(dpi) + line * int(dpi / 3)
            draw.rectangle((int(dpi), y, size[0] - int(dpi), y + int(dpi / 10)), fill="black")

    def save(self, path: str) -> None:
        self._image.save(path, "BMP")

    def close(self) -> None:
        pass


class _Source:
    def __init__(self, name: str) -> None:
        self.name = name
        self.caps: dict[int, Any] = {ICAP_XRESOLUTION: 300.0, ICAP_PIXELTYPE: TWPT_GRAY}

    def __enter__(self) -> _Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    def get_capability(self, cap: int) -> Any:
        if cap == ICAP_PIXELTYPE:
            return TWTY_UINT16, (1, 1, [TWPT_BW, TWPT_GRAY, TWPT_RGB])
        if cap == ICAP_XRESOLUTION:
            return {"MinValue": 75, "MaxValue": 600, "StepSize": 1, "DefaultValue": 200}
        if cap in (CAP_FEEDERENABLED, CAP_DUPLEXENABLED):
            return TWTY_BOOL, False
        raise CheckDeviceOnlineError(cap)

    def get_capability_current(self, cap: int) -> Any:
        if cap == CAP_FEEDERLOADED:
            return TWTY_BOOL, int(os.environ.get("FAKE_TWAIN_SHEETS", "5")) > 0
        return self.get_capability(cap)

    def set_capability(self, cap: int, kind: int, value: Any) -> None:
        self.caps[cap] = value

    def set_image_layout(self, frame: tuple[float, float, float, float]) -> None:
        self.caps[-1] = frame

    def acquire_natively(self, after: Any, before: Any, show_ui: bool, modal: bool) -> None:
        feeder = bool(self.caps.get(CAP_FEEDERENABLED))
        sheets = int(os.environ.get("FAKE_TWAIN_SHEETS", "5")) if feeder else 1
        if self.caps.get(CAP_DUPLEXENABLED):
            sheets *= 2
        count = int(self.caps.get(CAP_XFERCOUNT, -1))
        total = sheets if count < 0 else min(sheets, count)
        error, _, at = os.environ.get("FAKE_TWAIN_ERROR", "").partition("@")
        delay = float(os.environ.get("FAKE_TWAIN_DELAY", "0"))
        for index in range(total):
            try:
                before({})
            except CancelAll:
                return
            if error and int(at) == index:
                raise {"PaperJam": PaperJam}.get(error, CheckDeviceOnlineError)(error)
            time.sleep(delay)
            image = _Image(index, float(self.caps[ICAP_XRESOLUTION]), self.caps[ICAP_PIXELTYPE])
            try:
                after(image, total - index - 1)
            except CancelAll:
                return


class SourceManager:
    def __init__(self, hwnd: int, ProductName: str = "") -> None:
        self.source_list = os.environ.get("FAKE_TWAIN_SOURCES", "Fake Scanner").split(";")

    def open_source(self, name: str) -> _Source:
        if name not in self.source_list:
            raise CheckDeviceOnlineError(name)
        return _Source(name)

    def close(self) -> None:
        pass

"""Typed scanner errors. Qt-free; ``str()`` of each is a clear Persian message for the clerk."""

from __future__ import annotations


class ScanError(Exception):
    """Base of every scanner error; ``detail`` keeps the driver's own words for the log."""

    message = "اسکن انجام نشد."

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.message)
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class DeviceNotFound(ScanError):
    message = "اسکنر پیدا نشد. روشن و وصل بودن آن را بررسی کنید."


class FeederEmpty(ScanError):
    message = "سینی تغذیهٔ کاغذ خالی است. برگه‌ها را در سینی بگذارید و دوباره اسکن کنید."


class PaperJam(ScanError):
    message = "کاغذ در اسکنر گیر کرده است. کاغذ را با احتیاط بیرون بیاورید و دوباره اسکن کنید."


class CoverOpen(ScanError):
    message = "درِ اسکنر باز است. آن را ببندید و دوباره اسکن کنید."


class DeviceBusy(ScanError):
    message = "اسکنر مشغول کار دیگری است. چند لحظه بعد دوباره اسکن کنید."


class ScanCancelled(ScanError):
    message = "اسکن لغو شد."


class DeviceFailure(ScanError):
    """Anything else the driver reports (I/O error, bad option, out of memory)."""

    message = "اسکنر خطا داد و اسکن انجام نشد. اسکنر را خاموش و روشن کنید و دوباره امتحان کنید."


class DeviceNotResponding(ScanError):
    """The driver did not return from a call in time (a wedged driver thread)."""

    message = (
        "اسکنر پاسخ نمی‌دهد. اسکنر را خاموش و روشن کنید؛ اگر درست نشد برنامه را دوباره باز کنید."
    )


class ImportFailed(ScanError):
    message = "این پرونده تصویر یا PDF خوانا نیست."


__all__ = [
    "CoverOpen",
    "DeviceBusy",
    "DeviceFailure",
    "DeviceNotFound",
    "DeviceNotResponding",
    "FeederEmpty",
    "ImportFailed",
    "PaperJam",
    "ScanCancelled",
    "ScanError",
]

"""One HTTP call to the central system, classified the way the sync client acts on it.

* transport errors and timeouts, 5xx, 409 (of a batch), 429 and unreadable answers:
  :class:`CallFailed` (retry later, ``Retry-After`` is a floor);
* 401/403: :class:`~pishkhan.sync.reports.AuthError` (stop, change nothing);
* 422 of a whole call: :class:`CallInvalid` (the records need the clerk's attention).
"""

from __future__ import annotations

from typing import Any

import httpx

from pishkhan.sync.backoff import parse_retry_after
from pishkhan.sync.reports import AuthError

UNREACHABLE = "ارتباط با سامانه مرکزی برقرار نشد"
TOKEN_REFUSED = "سامانه مرکزی توکن این پیشخوان را نپذیرفت؛ پیشخوان را دوباره ثبت کنید"
UNREADABLE = "پاسخ سامانه مرکزی خوانا نبود"


class CallFailed(Exception):
    """The call as a whole failed for a reason that may pass: try again later."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class CallInvalid(Exception):
    """The server refused the call's content (422, or 409 where it means a conflict)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def detail(answer: httpx.Response) -> str | None:
    """The Persian ``detail`` of an error body, if there is one."""
    try:
        body = answer.json()
    except ValueError:
        return None
    found = body.get("detail") if isinstance(body, dict) else None
    return found if isinstance(found, str) else None


def is_offline(error: str | None) -> bool:
    return error is not None and error.startswith(UNREACHABLE)


def call(
    http: httpx.Client,
    method: str,
    url: str,
    *,
    headers: dict[str, str],
    invalid: frozenset[int] = frozenset({422}),
    on_auth_error: Any = None,
    **kwargs: Any,
) -> httpx.Response:
    """``http.request`` with the failure classes above; returns only 2xx answers."""
    try:
        answer = http.request(method, url, headers=headers, **kwargs)
    except httpx.TimeoutException as exc:
        raise CallFailed(f"{UNREACHABLE} (زمان انتظار به سر رسید)") from exc
    except httpx.TransportError as exc:
        raise CallFailed(f"{UNREACHABLE} ({type(exc).__name__})") from exc
    status = answer.status_code
    if status in (401, 403):
        if on_auth_error is not None:
            on_auth_error()
        raise AuthError(detail(answer) or TOKEN_REFUSED)
    if status in invalid:
        raise CallInvalid(detail(answer) or f"سامانه مرکزی این داده را نپذیرفت ({status})")
    if not 200 <= status < 300:
        found = detail(answer)
        raise CallFailed(
            f"سامانه مرکزی پاسخ {status} داد" + (f": {found}" if found else ""),
            retry_after=parse_retry_after(answer.headers.get("Retry-After")),
        )
    return answer

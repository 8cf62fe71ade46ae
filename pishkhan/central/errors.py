"""The server's refusal with an HTTP status and a Persian detail."""

from __future__ import annotations


class RequestError(Exception):
    """Refused with an HTTP status and a Persian detail."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail

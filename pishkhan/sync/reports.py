"""What a sync step reports: outcomes of push and pull, the link's status, errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class SyncError(Exception):
    """A sync step failed as a whole; ``str()`` is a Persian message for the clerk."""


class AuthError(SyncError):
    """The central system refused the desk's token (or there is none)."""


@dataclass
class PushReport:
    busy: bool = False  # another sync held the lock: nothing was done
    accepted: int = 0
    duplicate: int = 0
    rescued: int = 0  # late for a closed business day: kept in the server's rescue bucket
    attention: int = 0
    deferred: int = 0
    error: str | None = None
    auth_error: bool = False

    @property
    def ok(self) -> bool:
        return not self.busy and self.error is None


@dataclass
class PullReport:
    busy: bool = False
    pages: int = 0
    applied: int = 0
    skipped: int = 0  # local edit pending: the server's version waits
    removed: int = 0
    error: str | None = None
    auth_error: bool = False

    @property
    def ok(self) -> bool:
        return not self.busy and self.error is None


@dataclass(frozen=True)
class AttentionItem:
    id: int
    record_type: str
    record_uuid: str
    reason: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class SyncStatus:
    online: bool | None  # None: never tried since the data folder was made
    waiting: int  # rows still to be sent (pending)
    attention: list[AttentionItem]
    last_sync_at: dt.datetime | None  # last time a push and pull both went through
    last_error: str | None
    token_problem: bool

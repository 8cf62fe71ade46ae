"""The desk's sync client: pushes the outbox, pulls the subscriber feed (DESIGN.md, "Sync").

* Push (:mod:`pishkhan.sync.push`): outbox rows in batches with per-item answers; failures of a
  whole call back off (jittered, ``Retry-After`` honoured); refused records need attention.
* Pull (:mod:`pishkhan.sync.pull`): the subscriber feed, each page applied with its cursor.
* One sync at a time: a file lock in the data folder (across processes) and, inside a process,
  the set of outbox rows in flight.
* The token lives only in the OS key store (:mod:`pishkhan.sync.tokens`); TLS verification is
  always on. A utility's private certificate authority is trusted with ``[central] ca_file``
  (or the ``SSL_CERT_FILE`` environment variable).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import ssl
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from pishkhan import __version__
from pishkhan.services.context import AppContext
from pishkhan.store.models import OutboxEntry, utcnow
from pishkhan.sync import schemas as api
from pishkhan.sync.apply import export_unsent
from pishkhan.sync.lock import SyncLock
from pishkhan.sync.pull import SUBSCRIBER_FEED, Puller
from pishkhan.sync.push import ATTENTION, ENDPOINTS, PENDING, RESULT_MODELS, Pusher
from pishkhan.sync.reports import (
    AttentionItem,
    AuthError,
    PullReport,
    PushReport,
    SyncError,
    SyncStatus,
)
from pishkhan.sync.tokens import KeyringTokenStore, TokenStore, TokenStoreError
from pishkhan.sync.wire import TOKEN_REFUSED, UNREACHABLE, CallFailed, detail, is_offline

__all__ = [
    "ATTENTION",
    "ENDPOINTS",
    "LOCK_FILE",
    "PENDING",
    "RESULT_MODELS",
    "STATE_FILE",
    "SUBSCRIBER_FEED",
    "TOKEN_REFUSED",
    "UNREACHABLE",
    "AuthError",
    "SyncClient",
    "SyncError",
    "api_base",
    "export_unsent",
    "tls_context",
]

STATE_FILE = "sync-state.json"
LOCK_FILE = "sync.lock"

NOT_REGISTERED = "این پیشخوان هنوز در سامانه مرکزی ثبت نشده است (pishkhan sync --register)"
TLS_OFF = (
    "خاموش کردن بررسی گواهی TLS پشتیبانی نمی‌شود؛ برای گواهی سازمانی مسیر آن را در "
    "تنظیم [central] ca_file بگذارید"
)
CA_MISSING = "پرونده گواهی مرجع ([central] ca_file) خوانده نشد: {path}"


@dataclass
class _State:
    online: bool | None = None
    last_sync_at: str | None = None
    last_error: str | None = None
    token_problem: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def api_base(url: str) -> str:
    """``https://host[:port][/prefix]`` → the same with ``/api/v1`` (added once)."""
    url = url.strip().rstrip("/")
    if not url:
        raise SyncError("نشانی سامانه مرکزی ([central] url) تنظیم نشده است")
    return url if url.endswith(api.API_PREFIX) else url + api.API_PREFIX


def tls_context(ca_file: str) -> ssl.SSLContext | bool:
    """What httpx verifies the server with: the system's trust store, or ``ca_file``'s CA."""
    if not ca_file:
        return True
    path = Path(ca_file).expanduser()
    try:
        return ssl.create_default_context(cafile=str(path))
    except (OSError, ssl.SSLError) as exc:
        raise SyncError(CA_MISSING.format(path=path)) from exc


class SyncClient:
    """Sync of one desk (``ctx``) with the central system at ``base_url``."""

    def __init__(
        self,
        ctx: AppContext,
        base_url: str,
        *,
        token_store: TokenStore | None = None,
        http: httpx.Client | None = None,
        batch_size: int = api.MAX_BATCH,
        feed_page: int = api.MAX_FEED_PAGE,
        rng: Callable[[], float] = random.random,
        chunk_size: int = 512 * 1024,
    ) -> None:
        self.ctx = ctx
        self.base_url = api_base(base_url)
        self.desk = api.desk_name(ctx.config.branch_code, ctx.config.desk_no)
        self.tokens = token_store or KeyringTokenStore(f"{self.base_url} {self.desk}")
        if http is None:
            if self.base_url.startswith("https:") and not ctx.config.verify_tls:
                raise SyncError(TLS_OFF)
            timeout = float(ctx.config.raw["central"].get("timeout_seconds", 10.0))
            http = httpx.Client(
                timeout=timeout,
                headers={"User-Agent": f"pishkhan/{__version__}"},
                verify=tls_context(ctx.config.ca_file),
            )
            self._owns_http = True
        else:
            self._owns_http = False
        self.http = http
        self.batch_size = max(1, min(batch_size, api.MAX_BATCH))
        self.feed_page = max(1, min(feed_page, api.MAX_FEED_PAGE))
        self.rng = rng
        self.chunk_size = max(1, min(chunk_size, api.MAX_CHUNK_BYTES))
        self._lock = SyncLock(ctx.paths.root / LOCK_FILE)
        self._state_path = ctx.paths.root / STATE_FILE
        self._pusher = Pusher(self)
        self._puller = Puller(self)

    def close(self) -> None:
        if self._owns_http:
            self.http.close()

    # ----------------------------------------------------------------------------------------
    # Registration and token

    def register(self, secret: str) -> str:
        """Register this desk with the registration ``secret``; keep the token in the key store."""
        body = api.DeskRegistration(
            branch_code=self.ctx.config.branch_code,
            desk_no=self.ctx.config.desk_no,
            secret=secret,
        )
        try:
            answer = self.http.post(self.base_url + "/desks/register", json=body.model_dump())
        except httpx.TransportError as exc:
            raise SyncError(f"{UNREACHABLE} ({type(exc).__name__})") from exc
        if answer.status_code != 200:
            raise SyncError(detail(answer) or f"ثبت پیشخوان ناموفق بود ({answer.status_code})")
        token = api.DeskToken.model_validate(answer.json())
        self.tokens.set(token.token)
        self._save_state(token_problem=False, last_error=None)
        return token.desk

    def token_refused(self) -> None:
        """Called when the server answers 401/403: the clerk must register the desk again."""
        self._save_state(token_problem=True)

    def _headers(self) -> dict[str, str]:
        try:
            token = self.tokens.get()
        except TokenStoreError as exc:
            raise AuthError(str(exc)) from exc
        if not token:
            raise AuthError(NOT_REGISTERED)
        return {"Authorization": f"Bearer {token}"}

    # ----------------------------------------------------------------------------------------
    # Push and pull

    def push_once(self, *, now: dt.datetime | None = None) -> PushReport:
        """Send every due outbox row once (batch by batch); never raises for a failed call.

        ``now`` decides which rows are due (the clerk's "send now" passes a later time).
        """
        report = PushReport()
        with self._locked() as held:
            if not held:
                report.busy = True
                return report
            try:
                self._pusher.push(self._headers(), report, now)
            except AuthError as exc:
                report.error, report.auth_error = str(exc), True
            except CallFailed as exc:
                report.error = exc.message
        self._record(report.error, report.auth_error, contact=not is_offline(report.error))
        return report

    def retry_attention(self, ids: list[int] | None = None) -> int:
        """Put rows needing attention back in the queue (after the clerk fixed the cause)."""
        with self.ctx.sessions() as session, session.begin():
            stmt = select(OutboxEntry).where(OutboxEntry.state == ATTENTION)
            if ids is not None:
                stmt = stmt.where(OutboxEntry.id.in_(ids))
            rows = list(session.scalars(stmt))
            for row in rows:
                row.state, row.next_attempt_at = PENDING, None
            return len(rows)

    def pull_once(self, *, max_pages: int | None = None) -> PullReport:
        """Apply the subscriber feed from the saved cursor until it has no more (or max_pages)."""
        report = PullReport()
        with self._locked() as held:
            if not held:
                report.busy = True
                return report
            try:
                self._puller.pull(self._headers(), report, max_pages)
            except AuthError as exc:
                report.error, report.auth_error = str(exc), True
            except CallFailed as exc:
                report.error = exc.message
        self._record(report.error, report.auth_error, contact=not is_offline(report.error))
        return report

    def cursor(self, feed: str = SUBSCRIBER_FEED) -> str | None:
        return self._puller.cursor(feed)

    def sync_once(self) -> tuple[PushReport, PullReport]:
        push = self.push_once()
        pull = self.pull_once() if not push.auth_error else PullReport(error=push.error)
        if push.ok and pull.ok:
            self._save_state(last_sync_at=utcnow().isoformat())
        return push, pull

    # ----------------------------------------------------------------------------------------
    # Status and export

    def status(self) -> SyncStatus:
        """What the clerk sees; reads only the local database and state file (no network)."""
        state = self._load_state()
        with self.ctx.sessions() as session:
            waiting = session.scalar(
                select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == PENDING)
            )
            attention = [
                AttentionItem(e.id, e.record_type, e.record_uuid, e.last_error, e.created_at)
                for e in session.scalars(
                    select(OutboxEntry)
                    .where(OutboxEntry.state == ATTENTION)
                    .order_by(OutboxEntry.id)
                )
            ]
        last = dt.datetime.fromisoformat(state.last_sync_at) if state.last_sync_at else None
        return SyncStatus(
            online=state.online,
            waiting=int(waiting or 0),
            attention=attention,
            last_sync_at=last,
            last_error=state.last_error,
            token_problem=state.token_problem,
        )

    def export_unsent(self, path: Path) -> int:
        """Write every unsent row (pending and attention) to a JSON file; returns how many."""
        return export_unsent(self.ctx, path, desk=self.desk)

    @contextmanager
    def _locked(self) -> Iterator[bool]:
        held = self._lock.acquire()
        try:
            yield held
        finally:
            if held:
                self._lock.release()

    def _record(self, error: str | None, auth_error: bool, *, contact: bool) -> None:
        self._save_state(
            online=contact,
            last_error=error,
            token_problem=auth_error if error else False,
        )

    def _load_state(self) -> _State:
        try:
            raw = json.loads(self._state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return _State()
        state = _State()
        for key in ("online", "last_sync_at", "last_error", "token_problem"):
            if key in raw:
                setattr(state, key, raw[key])
        return state

    def _save_state(self, **changes: Any) -> None:
        state = asdict(self._load_state()) | changes
        state.pop("extra", None)
        tmp = self._state_path.with_name(f"{STATE_FILE}.{uuid.uuid4().hex}.tmp")
        tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self._state_path)

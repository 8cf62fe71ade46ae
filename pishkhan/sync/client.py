"""The desk's sync client: pushes the outbox, pulls the subscriber feed (DESIGN.md, "Sync").

* Push: due outbox rows go in batches to ``/payments:batch`` and ``/readings:batch``; the answer
  is per item. ``accepted``/``duplicate`` delete the row; ``rejected`` marks it ``attention``
  with the server's Persian reason and it is never retried by itself. A failure of the whole
  call (network, timeout, 5xx, 409, 429, anything unexpected) keeps every row, counts the
  attempt and schedules the next one with jittered exponential backoff (``Retry-After`` is a
  floor); a 422 of the whole call marks the batch ``attention``; 401/403 stop the sync, change
  nothing and surface a token problem.
* Pull: the subscriber feed, page by page; each page is applied and its cursor saved in one
  local transaction. The server wins, except for a subscriber with a local edit still pending
  in the outbox (record type ``subscriber``). The desk does not edit subscribers yet, so today
  every change from the server applies. Tombstones mark the local subscriber ``closed`` (money
  rows point at it, so it is never deleted).
* One sync at a time: a file lock in the data folder (across processes) and, inside a process,
  the set of outbox rows in flight.
* The token lives only in the OS key store (:mod:`pishkhan.sync.tokens`); TLS verification is
  always on (a private CA is given with ``SSL_CERT_FILE``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import random
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from pishkhan import __version__
from pishkhan.services.context import AppContext
from pishkhan.store.models import OutboxEntry, Subscriber, SyncCursor, utcnow
from pishkhan.sync import schemas as api
from pishkhan.sync.apply import export_unsent, pending_local_edits, upsert_subscriber
from pishkhan.sync.backoff import parse_retry_after, retry_delay
from pishkhan.sync.lock import SyncLock
from pishkhan.sync.reports import (
    AttentionItem,
    AuthError,
    PullReport,
    PushReport,
    SyncError,
    SyncStatus,
)
from pishkhan.sync.tokens import KeyringTokenStore, TokenStore, TokenStoreError

log = logging.getLogger(__name__)

PENDING = "pending"
ATTENTION = "attention"
SUBSCRIBER_FEED = "subscribers"
ENDPOINTS = {"payment": "/payments:batch", "reading": "/readings:batch"}
RESULT_MODELS: dict[str, type[api.PaymentBatchResult] | type[api.ReadingBatchResult]] = {
    "payment": api.PaymentBatchResult,
    "reading": api.ReadingBatchResult,
}
STATE_FILE = "sync-state.json"
LOCK_FILE = "sync.lock"

NOT_REGISTERED = "این پیشخوان هنوز در سامانه مرکزی ثبت نشده است (pishkhan sync --register)"
TOKEN_REFUSED = "سامانه مرکزی توکن این پیشخوان را نپذیرفت؛ پیشخوان را دوباره ثبت کنید"
UNREACHABLE = "ارتباط با سامانه مرکزی برقرار نشد"
TLS_OFF = (
    "خاموش کردن بررسی گواهی TLS پشتیبانی نمی‌شود؛ برای گواهی سازمانی مسیر آن را در "
    "متغیر محیطی SSL_CERT_FILE بگذارید"
)

# Outbox rows being sent by some SyncClient of this process (guarded by _IN_FLIGHT_LOCK).
_IN_FLIGHT: set[int] = set()
_IN_FLIGHT_LOCK = threading.Lock()


@dataclass
class _State:
    online: bool | None = None
    last_sync_at: str | None = None
    last_error: str | None = None
    token_problem: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class _CallFailed(Exception):
    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class _BatchInvalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def api_base(url: str) -> str:
    """``https://host[:port][/prefix]`` → the same with ``/api/v1`` (added once)."""
    url = url.strip().rstrip("/")
    if not url:
        raise SyncError("نشانی سامانه مرکزی ([central] url) تنظیم نشده است")
    return url if url.endswith(api.API_PREFIX) else url + api.API_PREFIX


class SyncClient:
    """Sync of one desk (``ctx``) with the central system at ``base_url``."""

    def __init__(
        self,
        ctx: AppContext,
        base_url: str,
        *,
        token_store: TokenStore | None = None,
        http: httpx.Client | None = None,
        batch_size: int = 200,
        feed_page: int = 500,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.ctx = ctx
        self.base_url = api_base(base_url)
        self.desk = api.desk_name(ctx.config.branch_code, ctx.config.desk_no)
        self.tokens = token_store or KeyringTokenStore(f"{self.base_url} {self.desk}")
        if http is None:
            if self.base_url.startswith("https:") and not ctx.config.verify_tls:
                raise SyncError(TLS_OFF)
            timeout = float(ctx.config.raw["central"].get("timeout_seconds", 10.0))
            http = httpx.Client(timeout=timeout, headers={"User-Agent": f"pishkhan/{__version__}"})
            self._owns_http = True
        else:
            self._owns_http = False
        self.http = http
        self.batch_size = max(1, min(batch_size, api.MAX_BATCH))
        self.feed_page = max(1, min(feed_page, api.MAX_FEED_PAGE))
        self.rng = rng
        self._lock = SyncLock(ctx.paths.root / LOCK_FILE)
        self._state_path = ctx.paths.root / STATE_FILE

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
            raise SyncError(_detail(answer) or f"ثبت پیشخوان ناموفق بود ({answer.status_code})")
        token = api.DeskToken.model_validate(answer.json())
        self.tokens.set(token.token)
        self._save_state(token_problem=False, last_error=None)
        return token.desk

    def _headers(self) -> dict[str, str]:
        try:
            token = self.tokens.get()
        except TokenStoreError as exc:
            raise AuthError(str(exc)) from exc
        if not token:
            raise AuthError(NOT_REGISTERED)
        return {"Authorization": f"Bearer {token}"}

    # ----------------------------------------------------------------------------------------
    # Push

    def push_once(self, *, now: dt.datetime | None = None) -> PushReport:
        """Send every due outbox row once (batch by batch); never raises for a failed call."""
        report = PushReport()
        with self._locked() as held:
            if not held:
                report.busy = True
                return report
            try:
                headers = self._headers()
                for record_type, endpoint in ENDPOINTS.items():
                    self._push_type(record_type, endpoint, headers, report, now)
            except AuthError as exc:
                report.error, report.auth_error = str(exc), True
            except _CallFailed as exc:
                report.error = exc.message
        self._record(report.error, report.auth_error, contact=not _is_offline(report.error))
        return report

    def _push_type(
        self,
        record_type: str,
        endpoint: str,
        headers: dict[str, str],
        report: PushReport,
        now: dt.datetime | None,
    ) -> None:
        done: set[int] = set()
        while True:
            with self._claim(record_type, now or utcnow(), done) as batch:
                if not batch:
                    return
                done.update(e.id for e in batch)
                try:
                    results = self._send(record_type, endpoint, headers, batch)
                except _BatchInvalid as exc:
                    self._mark_attention([e.id for e in batch], exc.message)
                    report.attention += len(batch)
                    continue
                except _CallFailed as exc:
                    report.deferred += len(batch)
                    self._defer([e.id for e in batch], exc.message, exc.retry_after)
                    raise
                self._apply_results(batch, results, report)

    @contextmanager
    def _claim(
        self, record_type: str, now: dt.datetime, done: set[int]
    ) -> Iterator[list[OutboxEntry]]:
        """Due rows of ``record_type`` not in flight anywhere in this process, marked in flight."""
        with _IN_FLIGHT_LOCK:
            busy = set(_IN_FLIGHT) | done
            with self.ctx.sessions() as session:
                stmt = (
                    select(OutboxEntry)
                    .where(
                        OutboxEntry.record_type == record_type,
                        OutboxEntry.state == PENDING,
                        (OutboxEntry.next_attempt_at.is_(None))
                        | (OutboxEntry.next_attempt_at <= now),
                    )
                    .order_by(OutboxEntry.id)
                    .limit(self.batch_size + len(busy))
                )
                rows = [e for e in session.scalars(stmt) if e.id not in busy][: self.batch_size]
            ids = {e.id for e in rows}
            _IN_FLIGHT.update(ids)
        try:
            yield rows
        finally:
            with _IN_FLIGHT_LOCK:
                _IN_FLIGHT.difference_update(ids)

    def _send(
        self,
        record_type: str,
        endpoint: str,
        headers: dict[str, str],
        batch: list[OutboxEntry],
    ) -> list[api.ItemResult]:
        items = [self._item(record_type, e.payload) for e in batch]
        try:
            answer = self.http.post(
                self.base_url + endpoint, json={"items": items}, headers=headers
            )
        except httpx.TimeoutException as exc:
            raise _CallFailed(f"{UNREACHABLE} (زمان انتظار به سر رسید)") from exc
        except httpx.TransportError as exc:
            raise _CallFailed(f"{UNREACHABLE} ({type(exc).__name__})") from exc
        status = answer.status_code
        if status in (401, 403):
            self._save_state(token_problem=True)
            raise AuthError(_detail(answer) or TOKEN_REFUSED)
        if status == 422:
            raise _BatchInvalid(_detail(answer) or "سامانه مرکزی این دسته را نپذیرفت")
        if status != 200:
            raise _CallFailed(
                f"سامانه مرکزی پاسخ {status} داد"
                + (f": {_detail(answer)}" if _detail(answer) else ""),
                retry_after=parse_retry_after(answer.headers.get("Retry-After")),
            )
        try:
            results = RESULT_MODELS[record_type].model_validate_json(answer.content).results
        except ValidationError as exc:
            raise _CallFailed("پاسخ سامانه مرکزی خوانا نبود") from exc
        if len(results) != len(batch):
            raise _CallFailed("شمار پاسخ‌های سامانه مرکزی با شمار رکوردها برابر نیست")
        return list(results)

    def _item(self, record_type: str, payload: Any) -> Any:
        if record_type == "payment" and isinstance(payload, dict) and "desk" not in payload:
            return {**payload, "desk": self.desk}
        return payload

    def _apply_results(
        self, batch: list[OutboxEntry], results: list[api.ItemResult], report: PushReport
    ) -> None:
        sent: list[int] = []
        with self.ctx.sessions() as session, session.begin():
            for entry, result in zip(batch, results, strict=True):
                if result.uuid is not None and result.uuid != entry.record_uuid:
                    log.warning("result uuid %s for outbox %s", result.uuid, entry.record_uuid)
                if result.status is api.ItemStatus.REJECTED:
                    row = session.get(OutboxEntry, entry.id)
                    if row is not None:
                        row.state = ATTENTION
                        row.attempts += 1
                        row.last_error = result.reason or str(result.code or "rejected")
                    report.attention += 1
                else:
                    sent.append(entry.id)
                    if result.status is api.ItemStatus.DUPLICATE:
                        report.duplicate += 1
                    else:
                        report.accepted += 1
            if sent:
                session.execute(delete(OutboxEntry).where(OutboxEntry.id.in_(sent)))

    def _defer(self, ids: list[int], message: str, retry_after: float | None) -> None:
        now = utcnow()
        with self.ctx.sessions() as session, session.begin():
            for row in session.scalars(select(OutboxEntry).where(OutboxEntry.id.in_(ids))):
                row.attempts += 1
                delay = retry_delay(row.attempts, retry_after=retry_after, rng=self.rng)
                row.next_attempt_at = now + dt.timedelta(seconds=delay)
                row.last_error = message

    def _mark_attention(self, ids: list[int], message: str) -> None:
        with self.ctx.sessions() as session, session.begin():
            for row in session.scalars(select(OutboxEntry).where(OutboxEntry.id.in_(ids))):
                row.state, row.last_error = ATTENTION, message
                row.attempts += 1

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

    # ----------------------------------------------------------------------------------------
    # Pull

    def pull_once(self, *, max_pages: int | None = None) -> PullReport:
        """Apply the subscriber feed from the saved cursor until it has no more (or max_pages)."""
        report = PullReport()
        with self._locked() as held:
            if not held:
                report.busy = True
                return report
            try:
                headers = self._headers()
                while max_pages is None or report.pages < max_pages:
                    page = self._fetch_page(headers)
                    self._apply_page(page, report)
                    report.pages += 1
                    if not page.has_more:
                        break
            except AuthError as exc:
                report.error, report.auth_error = str(exc), True
            except _CallFailed as exc:
                report.error = exc.message
        self._record(report.error, report.auth_error, contact=not _is_offline(report.error))
        return report

    def cursor(self, feed: str = SUBSCRIBER_FEED) -> str | None:
        with self.ctx.sessions() as session:
            row = session.get(SyncCursor, feed)
            return row.cursor if row else None

    def _fetch_page(self, headers: dict[str, str]) -> api.FeedPage:
        params: dict[str, str | int] = {"limit": self.feed_page}
        cursor = self.cursor()
        if cursor:
            params["cursor"] = cursor
        try:
            answer = self.http.get(
                self.base_url + "/subscribers/feed", params=params, headers=headers
            )
        except httpx.TimeoutException as exc:
            raise _CallFailed(f"{UNREACHABLE} (زمان انتظار به سر رسید)") from exc
        except httpx.TransportError as exc:
            raise _CallFailed(f"{UNREACHABLE} ({type(exc).__name__})") from exc
        if answer.status_code in (401, 403):
            self._save_state(token_problem=True)
            raise AuthError(_detail(answer) or TOKEN_REFUSED)
        if answer.status_code != 200:
            raise _CallFailed(f"سامانه مرکزی پاسخ {answer.status_code} داد")
        try:
            return api.FeedPage.model_validate_json(answer.content)
        except ValidationError as exc:
            raise _CallFailed("پاسخ سامانه مرکزی خوانا نبود") from exc

    def _apply_page(self, page: api.FeedPage, report: PullReport) -> None:
        """Apply one page and save its cursor in the same transaction."""
        numbers = [s.subscription_no for s in page.items] + list(page.tombstones)
        with self.ctx.sessions() as session, session.begin():
            local = {
                s.subscription_no: s
                for s in session.scalars(
                    select(Subscriber)
                    .options(selectinload(Subscriber.property))
                    .where(Subscriber.subscription_no.in_(numbers))
                )
            }
            edited = pending_local_edits(session, [s.uuid for s in local.values()])
            for item in page.items:
                row = local.get(item.subscription_no)
                if row is not None and row.uuid in edited:
                    report.skipped += 1
                    continue
                upsert_subscriber(session, row, item)
                report.applied += 1
            for number in page.tombstones:
                row = local.get(number)
                if row is not None and row.uuid not in edited and row.status != "closed":
                    row.status, row.updated_at = "closed", utcnow()
                    report.removed += 1
            cursor = session.get(SyncCursor, SUBSCRIBER_FEED)
            if cursor is None:
                session.add(SyncCursor(feed=SUBSCRIBER_FEED, cursor=page.next_cursor))
            else:
                cursor.cursor, cursor.updated_at = page.next_cursor, utcnow()

    # ----------------------------------------------------------------------------------------
    # Both, status, export

    def sync_once(self) -> tuple[PushReport, PullReport]:
        push = self.push_once()
        pull = self.pull_once() if not push.auth_error else PullReport(error=push.error)
        if push.ok and pull.ok:
            self._save_state(last_sync_at=utcnow().isoformat())
        return push, pull

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


def _detail(answer: httpx.Response) -> str | None:
    try:
        body = answer.json()
    except ValueError:
        return None
    detail = body.get("detail") if isinstance(body, dict) else None
    return detail if isinstance(detail, str) else None


def _is_offline(error: str | None) -> bool:
    return error is not None and error.startswith(UNREACHABLE)

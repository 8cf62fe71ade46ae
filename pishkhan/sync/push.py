"""Push: due outbox rows go to the central system; each row's fate follows the server's answer.

* ``payment`` and ``reading`` rows go in batches to ``/payments:batch`` and ``/readings:batch``;
  the answer is per item. ``accepted``/``duplicate`` delete the row; ``rejected`` marks it
  ``attention`` with the server's Persian reason and it is never retried by itself (a
  ``rescued`` answer is accepted: the server kept a late record in its rescue bucket).
* ``request`` rows go one by one to ``POST /requests`` (after the documents they list);
  ``document`` rows upload their file in chunks (:mod:`pishkhan.sync.documents`).
* A failure of the whole call (network, timeout, 5xx, 409 of a batch, 429, an unreadable answer)
  keeps the rows, counts the attempt and schedules the next one with jittered exponential
  backoff (``Retry-After`` is a floor); a 422 of the whole call marks the rows ``attention``;
  401/403 stop the push and change nothing.
* Rows being sent are in a process-wide in-flight set, so two clients of one process never send
  the same row at once (the file lock keeps other processes out).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import delete, select

from pishkhan.store.models import OutboxEntry, utcnow
from pishkhan.sync import schemas as api
from pishkhan.sync.apply import apply_issued_bill
from pishkhan.sync.backoff import retry_delay
from pishkhan.sync.documents import push_document, push_request
from pishkhan.sync.reports import PushReport
from pishkhan.sync.sms import push_sms
from pishkhan.sync.wire import UNREADABLE, CallFailed, CallInvalid, call

if TYPE_CHECKING:
    from pishkhan.sync.client import SyncClient

log = logging.getLogger(__name__)

PENDING = "pending"
ATTENTION = "attention"
ENDPOINTS = {"payment": "/payments:batch", "reading": "/readings:batch"}
RESULT_MODELS: dict[str, type[api.PaymentBatchResult] | type[api.ReadingBatchResult]] = {
    "payment": api.PaymentBatchResult,
    "reading": api.ReadingBatchResult,
}
# The order of a push: money first, then documents before the requests that list them.
RECORD_TYPES = ("payment", "reading", "document", "request", "sms")

# Outbox rows being sent by some SyncClient of this process (guarded by _IN_FLIGHT_LOCK).
_IN_FLIGHT: set[int] = set()
_IN_FLIGHT_LOCK = threading.Lock()


class Pusher:
    """The push half of :class:`~pishkhan.sync.client.SyncClient` (uses its link and desk)."""

    def __init__(self, owner: SyncClient) -> None:
        self.owner = owner

    @property
    def ctx(self) -> Any:
        return self.owner.ctx

    def push(self, headers: dict[str, str], report: PushReport, now: dt.datetime | None) -> None:
        """Every due row once, type by type; raises CallFailed/AuthError to stop the push."""
        for record_type in RECORD_TYPES:
            self._push_type(record_type, headers, report, now)

    def _push_type(
        self,
        record_type: str,
        headers: dict[str, str],
        report: PushReport,
        now: dt.datetime | None,
    ) -> None:
        after = 0  # rows are claimed in id order: each row once per push
        while True:
            with self._claim(record_type, now or utcnow(), after) as batch:
                if not batch:
                    return
                after = batch[-1].id
                if record_type in ENDPOINTS:
                    self._push_batch(record_type, headers, batch, report)
                else:
                    self._push_each(record_type, headers, batch, report)

    def _push_batch(
        self,
        record_type: str,
        headers: dict[str, str],
        batch: list[OutboxEntry],
        report: PushReport,
    ) -> None:
        try:
            results = self._send(record_type, headers, batch)
        except CallInvalid as exc:
            self.mark_attention([e.id for e in batch], exc.message)
            report.attention += len(batch)
            return
        except CallFailed as exc:
            report.deferred += len(batch)
            self.defer([e.id for e in batch], exc.message, exc.retry_after)
            raise
        self._apply_results(batch, results, report)

    def _push_each(
        self,
        record_type: str,
        headers: dict[str, str],
        batch: list[OutboxEntry],
        report: PushReport,
    ) -> None:
        send = {"document": push_document, "sms": push_sms}.get(record_type, push_request)
        for index, entry in enumerate(batch):
            try:
                send(self.owner, headers, entry)
            except CallInvalid as exc:
                self.mark_attention([entry.id], exc.message)
                report.attention += 1
                continue
            except CallFailed as exc:
                rest = [e.id for e in batch[index:]]
                report.deferred += len(rest)
                self.defer(rest, exc.message, exc.retry_after)
                raise
            with self.ctx.sessions() as session, session.begin():
                session.execute(delete(OutboxEntry).where(OutboxEntry.id == entry.id))
            report.accepted += 1

    @contextmanager
    def _claim(self, record_type: str, now: dt.datetime, after: int) -> Iterator[list[OutboxEntry]]:
        """Due rows of ``record_type`` after row ``after``, not in flight anywhere in this
        process, marked in flight."""
        size = self.owner.batch_size
        with _IN_FLIGHT_LOCK:
            busy = set(_IN_FLIGHT)
            with self.ctx.sessions() as session:
                stmt = (
                    select(OutboxEntry)
                    .where(
                        OutboxEntry.id > after,
                        OutboxEntry.record_type == record_type,
                        OutboxEntry.state == PENDING,
                        (OutboxEntry.next_attempt_at.is_(None))
                        | (OutboxEntry.next_attempt_at <= now),
                    )
                    .order_by(OutboxEntry.id)
                    .limit(size + len(busy))
                )
                rows = [e for e in session.scalars(stmt) if e.id not in busy][:size]
            ids = {e.id for e in rows}
            _IN_FLIGHT.update(ids)
        try:
            yield rows
        finally:
            with _IN_FLIGHT_LOCK:
                _IN_FLIGHT.difference_update(ids)

    def _send(
        self, record_type: str, headers: dict[str, str], batch: list[OutboxEntry]
    ) -> list[api.ItemResult]:
        owner = self.owner
        items = [self._item(record_type, e.payload) for e in batch]
        answer = call(
            owner.http,
            "POST",
            owner.base_url + ENDPOINTS[record_type],
            headers=headers,
            json={"items": items},
            on_auth_error=owner.token_refused,
        )
        try:
            results = RESULT_MODELS[record_type].model_validate_json(answer.content).results
        except ValidationError as exc:
            raise CallFailed(UNREADABLE) from exc
        if len(results) != len(batch):
            raise CallFailed("شمار پاسخ‌های سامانه مرکزی با شمار رکوردها برابر نیست")
        for entry, result in zip(batch, results, strict=True):
            if result.uuid is not None and result.uuid != str(entry.record_uuid):
                log.warning("result uuid %s for outbox %s", result.uuid, entry.record_uuid)
        return list(results)

    def _item(self, record_type: str, payload: Any) -> Any:
        if record_type == "payment" and isinstance(payload, dict) and "desk" not in payload:
            return {**payload, "desk": self.owner.desk}
        return payload

    def _apply_results(
        self, batch: list[OutboxEntry], results: list[api.ItemResult], report: PushReport
    ) -> None:
        sent: list[int] = []
        with self.ctx.sessions() as session, session.begin():
            for entry, result in zip(batch, results, strict=True):
                if result.status is api.ItemStatus.REJECTED:
                    row = session.get(OutboxEntry, entry.id)
                    if row is not None:
                        row.state = ATTENTION
                        row.attempts += 1
                        row.last_error = result.reason or str(result.code or "rejected")
                    report.attention += 1
                    continue
                sent.append(entry.id)
                if isinstance(result, api.ReadingResult) and result.bill is not None:
                    apply_issued_bill(session, str(entry.record_uuid), result.bill)
                if result.status is api.ItemStatus.DUPLICATE:
                    report.duplicate += 1
                elif result.status is api.ItemStatus.RESCUED:
                    report.rescued += 1
                else:
                    report.accepted += 1
            if sent:
                session.execute(delete(OutboxEntry).where(OutboxEntry.id.in_(sent)))

    def defer(self, ids: list[int], message: str, retry_after: float | None) -> None:
        now = utcnow()
        with self.ctx.sessions() as session, session.begin():
            for row in session.scalars(select(OutboxEntry).where(OutboxEntry.id.in_(ids))):
                row.attempts += 1
                delay = retry_delay(row.attempts, retry_after=retry_after, rng=self.owner.rng)
                row.next_attempt_at = now + dt.timedelta(seconds=delay)
                row.last_error = message

    def mark_attention(self, ids: list[int], message: str) -> None:
        with self.ctx.sessions() as session, session.begin():
            for row in session.scalars(select(OutboxEntry).where(OutboxEntry.id.in_(ids))):
                row.state, row.last_error = ATTENTION, message
                row.attempts += 1

"""Background sync for the desk window: one sync at a time, every N seconds and on demand.

:class:`SyncRunner` owns a dedicated thread for network syncs (a long pull never holds up the
database lane of :mod:`pishkhan.ui.worker`); the quick local reads (status, retry, export) go to
that database lane. What the clerk should see is one :class:`SyncView`, sent by
``state_changed`` whenever it changes.

The sync client comes from ``client_factory`` (called on the sync thread, so it may block, e.g.
while the embedded central server starts). After a failure that lost the link, the client is
dropped and the factory is asked again next time (an embedded server that died is restarted).
Local-only work uses a client that never connects (:func:`local_client`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from pishkhan.services.context import AppContext
from pishkhan.sync.client import SyncClient
from pishkhan.sync.reports import AttentionItem, PullReport, PushReport, SyncStatus
from pishkhan.ui.worker import Job, run_in_background

log = logging.getLogger(__name__)

ClientFactory = Callable[[], SyncClient]
SYNC_INTERVAL_S = 30.0
STATUS_INTERVAL_S = 5.0
_FORCE_AHEAD = dt.timedelta(days=2)  # past any backoff: "send everything now"
_LOCAL_URL = "http://127.0.0.1:9"  # a client for local reads only: never connects
_abandoned: list[QThread] = []  # sync threads still busy at shutdown: never destroyed running
_retiring: list[SyncRunner] = []  # runners of closed windows finishing their last sync


class _NoToken:
    """Token store of the local-only client (it never sends a request)."""

    def get(self) -> str | None:
        return None

    def set(self, token: str) -> None:
        raise RuntimeError("the local-only sync client does not register")

    def delete(self) -> None:
        return None


def local_client(ctx: AppContext) -> SyncClient:
    """A client for status, retry and export: no key store, no network."""
    return SyncClient(ctx, ctx.config.central_url or _LOCAL_URL, token_store=_NoToken())


@dataclass(frozen=True)
class SyncView:
    """What the GUI shows about the link to the central system."""

    online: bool | None = None  # None: not known yet
    waiting: int = 0
    attention: tuple[AttentionItem, ...] = ()
    last_sync_at: dt.datetime | None = None  # UTC, naive
    last_error: str | None = None
    token_problem: bool = False
    syncing: bool = False
    connecting: bool = True  # no sync has finished in this run yet


@dataclass(frozen=True)
class SyncOutcome:
    """The result of one sync run (on the GUI thread through ``sync_finished``)."""

    push: PushReport | None
    pull: PullReport | None
    status: SyncStatus | None
    error: str | None  # the run could not start (no client, server not reachable)
    manual: bool

    @property
    def sent(self) -> int:
        if self.push is None:
            return 0
        return self.push.accepted + self.push.duplicate + getattr(self.push, "rescued", 0)


class _SyncWorker(QObject):
    """Lives on the sync thread; runs one sync per ``run`` call."""

    done = Signal(object)

    def __init__(self, factory: ClientFactory) -> None:
        super().__init__()
        self._factory = factory
        self._client: SyncClient | None = None

    @Slot(bool)
    def run(self, force: bool) -> None:
        try:
            outcome = self._sync(force)
        except Exception as exc:
            log.warning("sync could not run: %s", exc)
            self._drop()
            outcome = SyncOutcome(None, None, None, str(exc) or type(exc).__name__, force)
        self.done.emit(outcome)

    def _sync(self, force: bool) -> SyncOutcome:
        if self._client is None:
            self._client = self._factory()
        client = self._client
        if force:  # the clerk asked, or the link just came back: ignore the backoff
            ahead = dt.datetime.now(dt.UTC).replace(tzinfo=None) + _FORCE_AHEAD
            early = client.push_once(now=ahead)
            push, pull = client.sync_once()
            push = _merge(early, push)
        else:
            push, pull = client.sync_once()
        status = client.status()
        if status.online is False:
            self._drop()  # next time ask the factory again (it may restart a server)
        return SyncOutcome(push, pull, status, None, force)

    @Slot()
    def close(self) -> None:
        self._drop()

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()


def _merge(first: PushReport, second: PushReport) -> PushReport:
    """Counts of both pushes; the second one's error and flags."""
    counts: dict[str, Any] = {
        name: getattr(first, name) + getattr(second, name)
        for name in ("accepted", "duplicate", "rescued", "attention", "deferred")
        if hasattr(first, name)
    }
    merged = replace(second, **counts)
    if first.error and not second.error:
        merged = replace(merged, error=first.error, auth_error=first.auth_error)
    return merged


class SyncRunner(QObject):
    """Runs the desk's sync in the background and keeps a :class:`SyncView` up to date."""

    state_changed = Signal(object)  # SyncView
    sync_finished = Signal(object)  # SyncOutcome
    export_finished = Signal(int, str)  # records written, file
    action_failed = Signal(str)  # Persian message of a failed retry or export
    retired = Signal()  # after :meth:`retire`: no sync of this runner runs any more
    _start_sync = Signal(bool)

    def __init__(
        self,
        ctx: AppContext,
        client_factory: ClientFactory,
        *,
        interval_s: float = SYNC_INTERVAL_S,
        status_interval_s: float = STATUS_INTERVAL_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = SyncView()
        self._local: SyncClient | None = None
        self._running = False
        self._again: bool | None = None  # a sync asked for while one runs (True: forced)
        self._again_manual = False  # ... and whether the clerk asked for it
        self._manual = False  # the clerk asked for the sync that runs now
        self._force_next = True  # the first run sends deferred records too
        self._status_job: Job[SyncStatus] | None = None
        self._stopped = False  # no new sync starts
        self._closed = False  # the thread has been shut down
        self._retiring = False
        self._started = False

        self._thread = QThread(self)
        self._thread.setObjectName("pishkhan-sync")
        self._factory = client_factory
        self._worker = _SyncWorker(client_factory)
        self._worker.moveToThread(self._thread)
        self._start_sync.connect(self._worker.run)
        self._worker.done.connect(self._on_sync_done)

        self._timer = QTimer(self)
        self._timer.setInterval(int(interval_s * 1000))
        self._timer.timeout.connect(self._on_timer)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(int(status_interval_s * 1000))
        self._status_timer.timeout.connect(self.refresh_status)

    # ------------------------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """Start the thread and the timers; a first sync and status read at once."""
        if self._stopped or self._started:
            return
        self._started = True
        self._thread.start()
        self._timer.start()
        self._status_timer.start()
        self.refresh_status()
        self._launch(force=True)

    def stop(self, timeout_ms: int = 15_000) -> None:
        """Stop timers and the sync thread (waits for a sync in progress)."""
        if self._closed:
            return
        self._stopped = True
        self._closed = True
        self._timer.stop()
        self._status_timer.stop()
        cancel = getattr(self._factory, "cancel", None)
        if callable(cancel):  # e.g. stop the embedded server a sync may be waiting for
            cancel()
        if self._thread.isRunning():
            self._thread.quit()
            if not self._thread.wait(timeout_ms):
                log.warning("sync thread still busy at shutdown; left to end with the process")
                self._thread.setParent(None)
                _abandoned.append(self._thread)
                return
        self._worker.close()
        if self._local is not None:
            self._local.close()
            self._local = None

    def retire(self) -> None:
        """Stop syncing without waiting (a user switch): timers stop now, a sync in progress
        ends, then the thread stops, ``retired`` is emitted and the runner deletes itself.

        The runner leaves its parent (the old window, about to be deleted) and stays referenced
        until then, so its thread is never destroyed while running. The client factory is not
        cancelled: the next window's runner uses the same server.
        """
        if self._stopped:
            if self._closed:
                self.retired.emit()
            return
        self._stopped = True
        self._retiring = True
        self._timer.stop()
        self._status_timer.stop()
        self.setParent(None)
        _retiring.append(self)
        if not self._running:
            self._finish_retire()

    def _finish_retire(self) -> None:
        self._retiring = False
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()  # no sync runs: its event loop ends at once
        self._closed = True
        self._worker.close()
        if self._local is not None:
            self._local.close()
            self._local = None
        if self in _retiring:
            _retiring.remove(self)
        self.retired.emit()
        self.deleteLater()

    @property
    def retiring(self) -> bool:
        """True from :meth:`retire` until the sync in progress has ended."""
        return self._retiring

    @property
    def running(self) -> bool:
        """True while a sync runs."""
        return self._running

    @Slot()
    def request_sync(self) -> None:
        """The clerk's "sync now" (F9): send everything waiting, even what is backing off."""
        self._launch(force=True, manual=True)

    @Slot()
    def _on_timer(self) -> None:
        self._launch(force=self.view.online is False)

    def _launch(self, *, force: bool, manual: bool = False) -> None:
        if self._stopped:
            return
        if self._running:
            self._again = force or bool(self._again)
            self._again_manual = manual or self._again_manual
            return
        self._running = True
        self._manual = manual
        force = force or self._force_next
        self._force_next = False
        self._set_view(syncing=True)
        self._start_sync.emit(force)

    @Slot(object)
    def _on_sync_done(self, outcome: SyncOutcome) -> None:
        self._running = False
        # Reported to the clerk only when they asked (not the first or a link-back "send now").
        outcome = replace(outcome, manual=self._manual)
        if outcome.status is not None:
            self._apply_status(outcome.status, syncing=False, connecting=False)
        else:
            self._set_view(syncing=False, connecting=False, online=False, last_error=outcome.error)
            self._force_next = True
        self.sync_finished.emit(outcome)
        if self._retiring:
            self._again = None
            self._finish_retire()
            return
        again, self._again = self._again, None
        again_manual, self._again_manual = self._again_manual, False
        if again is not None:
            self._launch(force=again, manual=again_manual)

    # ------------------------------------------------------------------------------------------
    # Local work on the database lane

    def _local_client(self) -> SyncClient:
        if self._local is None:
            self._local = local_client(self.ctx)
        return self._local

    @Slot()
    def refresh_status(self) -> None:
        """Read the counts and attention list again (database lane; no network)."""
        if self._stopped or (self._status_job is not None and not self._status_job.finished):
            return
        self._status_job = run_in_background(
            self._local_client().status, self._on_status, self._on_status_error
        )

    def _on_status(self, status: SyncStatus) -> None:
        # Only a sync tells about the link (the state file may be from another run or process).
        self._set_view(
            waiting=status.waiting,
            attention=tuple(status.attention),
            last_sync_at=status.last_sync_at,
        )

    def _on_status_error(self, error: Exception) -> None:
        log.warning("sync status could not be read: %s", error)

    def retry(self, ids: list[int] | None = None) -> None:
        """Queue records needing attention again (``None``: all), then sync at once."""
        client = self._local_client()
        run_in_background(lambda: client.retry_attention(ids), self._on_retried, self._failed)

    def _on_retried(self, count: int) -> None:
        if self._closed:
            return
        self.refresh_status()
        self.request_sync()

    def export_unsent(self, path: Path) -> None:
        """Write the unsent records to ``path`` (database lane); ``export_finished`` after."""
        client = self._local_client()
        run_in_background(
            lambda: (client.export_unsent(path), str(path)), self._on_exported, self._failed
        )

    def _on_exported(self, result: tuple[int, str]) -> None:
        if self._closed:
            return
        self.export_finished.emit(result[0], result[1])

    def _failed(self, error: Exception) -> None:
        if self._closed:
            return
        self.action_failed.emit(str(error) or type(error).__name__)

    # ------------------------------------------------------------------------------------------

    def _apply_status(self, status: SyncStatus, **extra: Any) -> None:
        self._set_view(
            online=status.online,
            waiting=status.waiting,
            attention=tuple(status.attention),
            last_sync_at=status.last_sync_at,
            last_error=status.last_error,
            token_problem=status.token_problem,
            **extra,
        )

    def _set_view(self, **changes: Any) -> None:
        if self._closed:  # a late local read after a retire: the runner may be gone
            return
        view = replace(self.view, **changes)
        if view != self.view:
            self.view = view
            self.state_changed.emit(view)

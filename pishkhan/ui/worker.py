"""Run plain functions off the GUI thread and hand their results back to it.

Modelled on Anki's ``QueryOp``: a job is a plain callable that runs on a worker thread; its result
(or the exception it raised) comes back by a queued signal to a relay object that lives in the GUI
thread, and only there are the caller's ``on_done`` / ``on_error`` called. So callbacks may be
bound methods or lambdas alike: they always run on the GUI thread, never on the worker.

Jobs on the default *serial* lane run one at a time, in submission order, on a single thread:
SQLite has one writer, and one database job at a time keeps it simple. Jobs that do not touch the
database (scanner acquisition, file export) may use ``serial=False`` and run on Qt's global pool.

    job = run_in_background(load_summary, self._show_summary, self._show_error)
    job.cancel()  # the result, when it arrives, is dropped

If ``on_done`` / ``on_error`` is a bound method of a QObject that has been deleted by the time the
result arrives, the callback is skipped instead of crashing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThread,
    QThreadPool,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)

_serial_pool: QThreadPool | None = None
# Jobs whose result has not been delivered yet; they keep their relay and runnable alive.
_pending: set[Job[Any]] = set()


def serial_pool() -> QThreadPool:
    """The single-thread pool of the serial lane (created on first use)."""
    global _serial_pool
    if _serial_pool is None:
        _serial_pool = QThreadPool()
        _serial_pool.setObjectName("pishkhan-serial")
        _serial_pool.setMaxThreadCount(1)
    return _serial_pool


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits its signals, its slots run in the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job[Any]) -> None:
        super().__init__()
        self._job = job
        # Explicitly queued: the slot runs in this object's (the GUI) thread, whoever emits.
        self.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._job._deliver(result, None)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._job._deliver(None, error)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (through the Job) until the result is delivered
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # delivered to on_error in the GUI thread
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


def _owner_alive(callback: Callable[..., Any]) -> bool:
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class Job[T]:
    """One background call. Created by :func:`run_in_background`; use it to cancel or inspect."""

    def __init__(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None] | None,
    ) -> None:
        self._on_done = on_done
        self._on_error = on_error
        self._cancelled = False
        self._finished = False
        self._relay = _Relay(self)
        self._runnable = _Runnable(fn, self._relay)
        self.name = getattr(fn, "__qualname__", repr(fn))

    @property
    def finished(self) -> bool:
        """True once the result or error has been delivered (or dropped after cancel)."""
        return self._finished

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """Drop the result. A job that has not started yet is taken off its queue."""
        if self._finished:
            return
        self._cancelled = True
        for pool in (serial_pool(), QThreadPool.globalInstance()):
            if pool.tryTake(self._runnable):
                self._finish()
                return

    def _finish(self) -> None:
        self._finished = True
        _pending.discard(self)
        self._relay.deleteLater()

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        if self._finished:
            return
        self._finish()
        if self._cancelled:
            log.debug("job %s finished after cancel; result dropped", self.name)
            return
        if error is None:
            if _owner_alive(self._on_done):
                self._on_done(result)
            return
        if not isinstance(error, Exception):  # pragma: no cover - only Exception is caught
            raise error
        if self._on_error is None:
            log.error("background job %s failed", self.name, exc_info=error)
        elif _owner_alive(self._on_error):
            log.warning("background job %s failed: %r", self.name, error, exc_info=error)
            self._on_error(error)


def is_gui_thread() -> bool:
    """True when called on the thread that owns the QApplication."""
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() == app.thread()


def run_in_background[T](
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[Exception], None] | None = None,
    *,
    serial: bool = True,
) -> Job[T]:
    """Run ``fn()`` on a worker; then ``on_done(result)`` or ``on_error(exc)`` on the GUI thread.

    Must be called from the GUI thread. Without ``on_error`` a failure is logged. ``serial=True``
    (the default) queues the job on the single database lane.
    """
    if not is_gui_thread():
        raise RuntimeError("run_in_background must be called from the GUI thread of a QApplication")
    job: Job[T] = Job(fn, on_done, on_error)
    _pending.add(job)
    pool = serial_pool() if serial else QThreadPool.globalInstance()
    pool.start(job._runnable)
    return job


def pending_jobs() -> int:
    """How many jobs have not delivered their result yet."""
    return len(_pending)


def wait_for_workers(timeout_ms: int = 10_000) -> bool:
    """Block until the worker threads are idle (at shutdown and in tests). True if they are."""
    done = serial_pool().waitForDone(timeout_ms)
    return QThreadPool.globalInstance().waitForDone(timeout_ms) and done


__all__ = [
    "Job",
    "is_gui_thread",
    "pending_jobs",
    "run_in_background",
    "serial_pool",
    "wait_for_workers",
]

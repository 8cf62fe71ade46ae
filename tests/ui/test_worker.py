"""run_in_background: work off the GUI thread, results and errors back on it."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pishkhan.ui.worker import pending_jobs, run_in_background, wait_for_workers


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []
        self.errors: list[Exception] = []
        self.threads: list[QThread] = []

    def done(self, result: object) -> None:
        self.objectName()  # raises if the C++ object is gone
        self.threads.append(QThread.currentThread())
        self.results.append(result)

    def failed(self, error: Exception) -> None:
        self.threads.append(QThread.currentThread())
        self.errors.append(error)


@pytest.fixture(autouse=True)
def drain(qapp: QApplication) -> object:
    yield
    assert wait_for_workers(5000)
    qapp.processEvents()


def test_result_comes_back_on_the_gui_thread(qapp: QApplication, qtbot: QtBot) -> None:
    receiver = Receiver()
    ran_on: list[QThread] = []

    def work() -> int:
        ran_on.append(QThread.currentThread())
        return 42

    job = run_in_background(work, receiver.done, receiver.failed)
    qtbot.waitUntil(lambda: job.finished, timeout=5000)
    assert receiver.results == [42]
    assert ran_on[0] != qapp.thread()
    assert receiver.threads == [qapp.thread()]


def test_lambda_callbacks_also_run_on_the_gui_thread(qapp: QApplication, qtbot: QtBot) -> None:
    seen: list[QThread] = []
    job = run_in_background(lambda: 1, lambda _result: seen.append(QThread.currentThread()))
    qtbot.waitUntil(lambda: job.finished, timeout=5000)
    assert seen == [qapp.thread()]


def test_errors_go_to_the_error_callback(qapp: QApplication, qtbot: QtBot) -> None:
    receiver = Receiver()

    def broken() -> int:
        raise ValueError("no such table")

    job = run_in_background(broken, receiver.done, receiver.failed)
    qtbot.waitUntil(lambda: job.finished, timeout=5000)
    assert receiver.results == []
    assert [str(e) for e in receiver.errors] == ["no such table"]
    assert receiver.threads == [qapp.thread()]


def test_serial_lane_runs_jobs_one_at_a_time_in_order(qtbot: QtBot) -> None:
    active = 0
    most = 0
    lock = threading.Lock()
    order: list[int] = []

    def make(n: int):  # type: ignore[no-untyped-def]
        def job() -> int:
            nonlocal active, most
            with lock:
                active += 1
                most = max(most, active)
            time.sleep(0.02)
            with lock:
                active -= 1
            return n

        return job

    jobs = [run_in_background(make(n), order.append) for n in range(5)]
    qtbot.waitUntil(lambda: all(job.finished for job in jobs), timeout=5000)
    assert order == [0, 1, 2, 3, 4]
    assert most == 1
    assert pending_jobs() == 0


def test_cancelled_job_result_is_dropped(qtbot: QtBot) -> None:
    release = threading.Event()
    results: list[int] = []
    blocker = run_in_background(lambda: release.wait(5), lambda _ok: None)
    queued = run_in_background(lambda: 7, results.append)
    queued.cancel()  # still queued behind the blocker: taken off the queue
    assert queued.finished and queued.cancelled
    running = run_in_background(lambda: 8, results.append)
    release.set()
    qtbot.waitUntil(lambda: blocker.finished and running.finished, timeout=5000)
    assert results == [8]


def test_result_for_a_deleted_receiver_is_skipped(qtbot: QtBot) -> None:
    release = threading.Event()
    receiver = Receiver()
    job = run_in_background(lambda: release.wait(5), receiver.done)
    receiver.deleteLater()
    qtbot.waitUntil(lambda: not _alive(receiver), timeout=2000)
    release.set()
    qtbot.waitUntil(lambda: job.finished, timeout=5000)
    assert receiver.results == []  # skipped, not called on a deleted object


def _alive(obj: QObject) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(obj))


def test_must_be_called_from_the_gui_thread(qapp: QApplication) -> None:
    errors: list[BaseException] = []

    def from_thread() -> None:
        try:
            run_in_background(lambda: 1, lambda _r: None)
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=from_thread)
    thread.start()
    thread.join(5)
    assert len(errors) == 1

"""Figures of the desk window: start-up, main-thread stalls under load, lookup latency.

Every measurement runs in a child process (``python -m bench.ui_bench MODE HOME``) on Qt's
``offscreen`` platform, so the figures do not depend on a display and the parent keeps no Qt
state:

- ``ui_startup_seconds``: from spawning ``pishkhan.launch`` to the main window painted, the
  sign-in dialog filled in by a timer the moment it appears (store opened and migrated behind
  the dialog, scrypt check, audit write, window built); the sign-in dialog's own start-up is
  given next to it. Baseline: a bare ``QApplication`` + ``QWidget``
  started and painted the same way, in the same run.
- ``ui_max_stall_ms``: the longest gap between the ticks of a 5 ms heartbeat ``QTimer`` beyond its
  period, while subscriber searches, a sync-like job (JSON of thousands of records and outbox
  writes) and a PDF render (``QPdfWriter``, Persian text, several pages) run on the workers.
  Baseline: the same heartbeat on the idle window.
- ``ui_lookup_ms``: from asking the subscribers page to search (what Enter in the search box
  does) to the results shown in its table, p50/p95 over identifiers and names of the data set.
  Each query starts from an idle desk (the previous answer and the file it opened delivered) and
  the GUI thread waits in its event loop, as the desk does. A single hit's file opens after its
  load job, once the results are shown: not counted here (it is in ``ui_max_stall_ms``).
  Baseline: the service search alone (no Qt, same result limit) on the same queries.

The children live in :mod:`bench.ui_load` (stall and lookup) and here (start-up).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import figure, percentile

HEARTBEAT_MS = 5
READY = "READY"
SUBMIT = "SUBMIT"  # the startup child fills the sign-in dialog in
STARTUP_RUNS = 3


# Child side ------------------------------------------------------------------------------------


def _child_env(home: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        PISHKHAN_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(home / "config"),  # QSettings of the bench, not the user's
    )
    env.pop("PISHKHAN_LANG", None)
    return env


def _when_painted(widget: Any, callback: Any) -> Any:
    """Call ``callback`` once, right after ``widget``'s first paint event."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _Painted(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, callback)
            return False

    spy = _Painted(widget)
    widget.installEventFilter(spy)
    return spy


def _child_bare() -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    widget = QWidget()
    widget.resize(1280, 720)
    _when_painted(widget, lambda: (print(READY, flush=True), app.quit()))
    widget.show()
    app.exec()


def _open_desk(home: Path) -> tuple[Any, Any, Any]:
    """(app, ctx, main window of the operator) as the desk opens them after sign-in."""
    from sqlalchemy import select

    from pishkhan.app import create_application
    from pishkhan.paths import DataPaths
    from pishkhan.services.auth import Role, SignedIn, ensure_demo_users
    from pishkhan.services.context import open_context
    from pishkhan.services.desk import desk_summary
    from pishkhan.store.models import User
    from pishkhan.ui.login import StoreAuthenticator

    ctx = open_context(DataPaths(home))
    app = create_application(["pishkhan"])
    auth = StoreAuthenticator(ctx)
    from pishkhan.ui.env import PageEnv
    from pishkhan.ui.main_window import MainWindow

    with ctx.sessions() as session:
        ensure_demo_users(session)
        row = session.scalars(select(User).where(User.username == "operator")).one()
        user = SignedIn(row.id, row.username, row.full_name, Role(row.role))

    def load_summary() -> Any:
        with ctx.sessions() as session:
            return desk_summary(session)

    env = PageEnv(ctx=ctx, extras={"user": user, "authenticator": auth})
    window = MainWindow(
        load_summary=load_summary,
        branch=ctx.config.branch_name,
        desk=ctx.config.desk_no,
        env=env,
    )
    # What the desk does once its window is up (garbage-collector freeze, GIL switch interval),
    # when the application has that step: the figures then measure the desk as shipped.
    import pishkhan.app

    settle = getattr(pishkhan.app, "settle_after_startup", None)
    if callable(settle):
        settle()
    return app, ctx, window


def _child_startup(home: Path) -> None:
    """``pishkhan.launch`` as the clerk starts it; the sign-in dialog is filled in by a timer."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import pishkhan.launch as launch
    from pishkhan.app import create_application
    from pishkhan.ui.login import SignInDialog

    create_application(["pishkhan"])  # the one launch() reuses
    spies: list[Any] = []

    def drive() -> None:
        for dialog in QApplication.topLevelWidgets():
            if isinstance(dialog, SignInDialog) and dialog.isVisible():
                if not dialog.panel.is_busy():
                    print(SUBMIT, flush=True)
                    dialog.panel.username_edit.setText("operator")
                    dialog.panel.password_edit.setText("pishkhan")
                    dialog.panel.submit()
                return
        QTimer.singleShot(5, drive)

    def on_window(window: Any, ctx: Any) -> None:
        spies.append(_when_painted(window, lambda: (print(READY, flush=True), window.close())))

    launch.on_window = on_window
    QTimer.singleShot(0, drive)
    launch.launch(["pishkhan"])


def _child_dialog(home: Path) -> None:
    """The sign-in dialog as ``pishkhan.launch`` shows it: the store opens behind it."""
    from pishkhan.app import create_application
    from pishkhan.config import load_config
    from pishkhan.launch import ContextOpener, LaunchAuthenticator
    from pishkhan.paths import DataPaths
    from pishkhan.ui.login import SignInDialog

    paths = DataPaths(home)
    config = load_config(paths)
    opener = ContextOpener(paths)
    app = create_application(["pishkhan"])
    dialog = SignInDialog(LaunchAuthenticator(opener), branch=config.branch_name)
    _when_painted(dialog, lambda: (print(READY, flush=True), app.quit()))
    dialog.show()
    app.exec()
    opener.close()


def _child(argv: list[str]) -> None:
    mode, home = argv[0], Path(argv[1])
    if mode == "bare":
        _child_bare()
    elif mode == "desk":
        _child_startup(home)
    elif mode == "dialog":
        _child_dialog(home)
    elif mode == "stall":
        from bench.ui_load import child_stall

        child_stall(home, float(argv[2]))
    elif mode == "lookup":
        from bench.ui_load import child_lookup

        child_lookup(home, int(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode}")


# Parent side -----------------------------------------------------------------------------------


def _spawn(mode: str, home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bench.ui_bench", mode, str(home), *args],
        cwd=Path(__file__).resolve().parents[1],
        env=_child_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _startup_seconds(mode: str, home: Path, marks: dict[str, float] | None = None) -> float:
    """Spawn to READY; ``marks`` gets the time of each other line the child prints."""
    started = time.perf_counter()
    proc = _spawn(mode, home)
    assert proc.stdout is not None
    for line in proc.stdout:
        if marks is not None:
            marks.setdefault(line.strip(), time.perf_counter() - started)
        if line.strip() == READY:
            break
    elapsed = time.perf_counter() - started
    proc.wait(timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"ui bench child {mode} failed ({proc.returncode})")
    return elapsed


def _json_of(mode: str, home: Path, *args: str) -> dict[str, Any]:
    proc = _spawn(mode, home, *args)
    out, _ = proc.communicate(timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"ui bench child {mode} failed ({proc.returncode})")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def _demo_data(home: Path, subscribers: int) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pishkhan",
            "demo-data",
            "--subscribers",
            str(subscribers),
            "--seed",
            "7",
            "--if-empty",
        ],
        env=dict(os.environ, PISHKHAN_HOME=str(home)),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def run(workdir: Path, *, subscribers: int, quick: bool) -> dict[str, Any]:
    home = workdir / "home"
    _demo_data(home, subscribers)
    _startup_seconds("desk", home)  # first run writes caches (fonts, .pyc): not counted
    desk, dialog, bare, after_sign_in = [], [], [], []
    for _ in range(STARTUP_RUNS):
        bare.append(_startup_seconds("bare", home))
        dialog.append(_startup_seconds("dialog", home))
        marks: dict[str, float] = {}
        desk.append(_startup_seconds("desk", home, marks))
        after_sign_in.append(desk[-1] - marks.get(SUBMIT, 0.0))
    stall = _json_of("stall", home, "1.5" if quick else "3")
    lookup = _json_of("lookup", home, "20" if quick else "100")
    figures: dict[str, Any] = {
        "ui_startup_seconds": figure(
            statistics.median(desk),
            "s",
            "<= 1.5",
            {"name": "bare QApplication + QWidget shown", "seconds": statistics.median(bare)},
            sign_in_dialog_seconds=round(statistics.median(dialog), 3),
            submit_to_window_seconds=round(statistics.median(after_sign_in), 3),
            runs=STARTUP_RUNS,
            subscribers=subscribers,
            measure="process spawn to the main window painted, sign-in submitted the moment the "
            "dialog appears (median); submit_to_window includes waiting for the store, which "
            "opens behind the dialog while a person types",
        ),
        "ui_max_stall_ms": figure(
            stall["loaded_ms"],
            "ms",
            "<= 50",
            {"name": "same heartbeat, idle window", "ms": round(stall["idle_ms"], 2)},
            heartbeat_ms=HEARTBEAT_MS,
            searches=stall["searches"],
            alone_ms={k: round(stall[f"{k}_ms"], 2) for k in ("search", "sync", "render")},
            load="subscriber searches + sync-like job (5,000 records) + 12-page PDF render",
            subscribers=subscribers,
        ),
    }
    if lookup.get("shown"):
        shown, alone = lookup["shown"], lookup["alone"]
        figures["ui_lookup_ms"] = figure(
            percentile(shown, 95),
            "ms",
            "<= 50 with 1,000,000 subscribers",
            {"name": "service search alone, no Qt (p95)", "ms": round(percentile(alone, 95), 2)},
            p50=round(percentile(shown, 50), 2),
            queries=len(shown),
            subscribers=subscribers,
            measure="page.search(text) (Enter in the search box) to the results painted in the "
            "table, from an idle desk, GUI thread in its event loop",
        )
    return figures


if __name__ == "__main__":
    _child(sys.argv[1:])

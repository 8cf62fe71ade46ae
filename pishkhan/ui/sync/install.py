"""Wiring the background sync into the desk window (called by the composition root).

embedded = EmbeddedCentral.for_context(ctx)   # None when [central] url is set
if embedded is not None:
    embedded.start()
desk_sync = DeskSync(ctx, client_factory(ctx, embedded))
runner = desk_sync.attach(window)                 # for every window (one runner at a time)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot

from pishkhan.services.context import AppContext
from pishkhan.sync.client import SyncClient
from pishkhan.ui.formatting import format_number
from pishkhan.ui.sync.runner import (
    SYNC_INTERVAL_S,
    ClientFactory,
    SyncOutcome,
    SyncRunner,
    SyncView,
)
from pishkhan.ui.sync.widgets import SyncDialog, SyncStatusField, summary_text

if TYPE_CHECKING:
    from pishkhan.services.embedded import EmbeddedCentral
    from pishkhan.ui.main_window import MainWindow

MESSAGE_MS = 8000


def client_factory(ctx: AppContext, embedded: EmbeddedCentral | None = None) -> ClientFactory:
    """The embedded server's client (registered, token in memory), else the configured URL's."""
    if embedded is not None:
        return _EmbeddedFactory(embedded, ctx)
    return _ConfiguredFactory(ctx)


class _EmbeddedFactory:
    def __init__(self, embedded: EmbeddedCentral, ctx: AppContext) -> None:
        self.embedded, self.ctx = embedded, ctx

    def __call__(self) -> SyncClient:
        client: SyncClient = self.embedded.client(self.ctx)
        return client

    def cancel(self) -> None:
        """At shutdown: stop the server, so a sync waiting for it ends at once."""
        self.embedded.stop()


class _ConfiguredFactory:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def __call__(self) -> SyncClient:
        return SyncClient(self.ctx, self.ctx.config.central_url)


class SyncPresenter(QObject):
    """Shows the runner's state in the top bar's indicator and the status bar."""

    def __init__(self, window: MainWindow, runner: SyncRunner) -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.indicator = window.top_bar.sync_indicator
        self.field = SyncStatusField(window.status_bar)
        window.status_bar.addPermanentWidget(self.field)
        self.dialog: SyncDialog | None = None
        self.indicator.setCursor(Qt.CursorShape.PointingHandCursor)
        self.indicator.clicked.connect(self.show_dialog)
        self.field.details_requested.connect(self.show_dialog)
        runner.state_changed.connect(self.show_view)
        runner.sync_finished.connect(self.report)
        runner.export_finished.connect(self._exported)
        runner.action_failed.connect(self._failed)
        self.show_view(runner.view)

    @Slot(object)
    def show_view(self, view: SyncView) -> None:
        self.indicator.set_state(
            online=view.online,
            waiting=view.waiting,
            attention=len(view.attention),
            syncing=view.syncing,
        )
        self.indicator.setToolTip(summary_text(view))
        self.field.show_view(view)

    @Slot(object)
    def report(self, outcome: SyncOutcome) -> None:
        """After a sync the clerk asked for, say how it went in the status bar."""
        if not outcome.manual:
            return
        problem = outcome.error
        if problem is None:
            for part in (outcome.push, outcome.pull):
                if part is not None and part.error:
                    problem = part.error
                    break
        if problem:
            text = self.tr("Sync failed: %1").replace("%1", problem)
        else:
            text = self.tr("Sync done: %1 records sent").replace("%1", format_number(outcome.sent))
        self.window.status_bar.showMessage(text, MESSAGE_MS)

    @Slot(int, str)
    def _exported(self, count: int, path: str) -> None:
        self.window.status_bar.showMessage(
            self.tr("%1 unsent records written to %2")
            .replace("%1", format_number(count))
            .replace("%2", path),
            MESSAGE_MS,
        )

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.window.status_bar.showMessage(message, MESSAGE_MS)

    @Slot()
    def show_dialog(self) -> SyncDialog:
        if self.dialog is None:
            self.dialog = SyncDialog(self.runner, self.window)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog


def install_sync(
    window: MainWindow,
    ctx: AppContext,
    client_factory: ClientFactory,
    *,
    interval_s: float = SYNC_INTERVAL_S,
    start: bool = True,
    previous: SyncRunner | None = None,
) -> SyncRunner:
    """Run the sync in the background for ``window`` and show its state; returns the runner.

    F9 (``window.sync_requested``) syncs at once. The runner stops when the application quits;
    an embedded server behind :func:`client_factory` is stopped with it. ``previous`` (the
    runner of the window this one replaces) is retired first: the new runner starts only once
    the previous one's sync in progress has ended, so two never sync at once.
    """
    runner = SyncRunner(ctx, client_factory, interval_s=interval_s, parent=window)
    presenter = SyncPresenter(window, runner)
    runner.setProperty("presenter", presenter)  # reachable for tests; owned by the window
    window.sync_requested.connect(runner.request_sync)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(runner.stop)
    if not start:
        return runner
    if previous is not None and shiboken6.isValid(previous):
        previous.retired.connect(runner.start)
        previous.retire()
    else:
        runner.start()
    return runner


class DeskSync:
    """The sync of the desk's windows: one runner at a time, one client factory for all.

    ``attach(window)`` is called for every main window (after each sign-in); the runner of the
    window it replaces is retired, and the new one starts when that one's last sync is over.
    """

    def __init__(
        self,
        ctx: AppContext,
        factory: ClientFactory,
        *,
        interval_s: float = SYNC_INTERVAL_S,
    ) -> None:
        self.ctx = ctx
        self.factory = factory
        self.interval_s = interval_s
        self.runner: SyncRunner | None = None

    def attach(self, window: MainWindow) -> SyncRunner:
        previous = self.runner
        if previous is not None and not shiboken6.isValid(previous):
            previous = None
        self.runner = install_sync(
            window, self.ctx, self.factory, interval_s=self.interval_s, previous=previous
        )
        return self.runner


def presenter_of(runner: SyncRunner) -> SyncPresenter:
    presenter = runner.property("presenter")
    assert isinstance(presenter, SyncPresenter)
    return presenter

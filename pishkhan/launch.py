"""Composition root of the desk window: open the store, wire services to the UI, run Qt.

The configuration is read first (it names the branch on the sign-in dialog); the store — the
database engine, its migrations and their imports — is opened on a background thread while the
sign-in dialog is already on screen, and the first sign-in waits for it if needed.

The embedded central server (when ``[central] url`` is empty) is started as soon as the store
is open, behind the sign-in dialog, and stopped when the desk ends. The sync runner attaches in
:func:`on_window`, which runs for every window the desk opens (after each sign-in); the printing
functions are put in each window's page environment by ``pishkhan.app.run_gui``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from pishkhan.config import load_config
from pishkhan.paths import DataPaths, data_paths

if TYPE_CHECKING:
    from pishkhan.services.auth import SignedIn
    from pishkhan.services.context import AppContext
    from pishkhan.services.desk import DeskSummary
    from pishkhan.services.embedded import EmbeddedCentral
    from pishkhan.ui.login import StoreAuthenticator
    from pishkhan.ui.main_window import MainWindow
    from pishkhan.ui.sync import DeskSync

log = logging.getLogger(__name__)


class DeskAddons:
    """What runs beside the desk's windows: the embedded central server and the sync.

    ``start_embedded(ctx)`` runs as soon as the store is open (on the opener's thread, behind
    the sign-in dialog), so the server seeds and starts while the clerk types the password.
    ``attach(window, ctx)`` gives every window its sync runner (one at a time: a user switch
    retires the previous window's runner first). ``stop()`` ends the embedded server.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._embedded_checked = False
        self.embedded: EmbeddedCentral | None = None
        self.sync: DeskSync | None = None

    def start_embedded(self, ctx: AppContext) -> EmbeddedCentral | None:
        """Start the embedded central server unless ``[central] url`` names a real one."""
        with self._lock:
            if self._embedded_checked:
                return self.embedded
            self._embedded_checked = True
            from pishkhan.services.embedded import EmbeddedCentral

            self.embedded = EmbeddedCentral.for_context(ctx)
            if self.embedded is not None:
                try:
                    self.embedded.start()
                except Exception:  # the desk works offline; the runner's client() tries again
                    log.exception("the embedded central server could not be started")
            return self.embedded

    def attach(self, window: MainWindow, ctx: AppContext) -> None:
        from pishkhan.ui.sync import DeskSync, client_factory

        if self.sync is None or self.sync.ctx is not ctx:
            self.sync = DeskSync(ctx, client_factory(ctx, self.start_embedded(ctx)))
        self.sync.attach(window)

    def stop(self) -> None:
        with self._lock:
            embedded, self.embedded = self.embedded, None
        if embedded is not None:
            embedded.stop()


_addons: DeskAddons | None = None


def addons() -> DeskAddons:
    """The add-ons of this process (made on first use)."""
    global _addons
    if _addons is None:
        _addons = DeskAddons()
    return _addons


def shutdown_addons() -> None:
    """Stop the embedded server and forget the add-ons (at the end of :func:`launch`)."""
    global _addons
    current, _addons = _addons, None
    if current is not None:
        current.stop()


def on_window(window: MainWindow, ctx: AppContext) -> None:
    """Attach the add-ons to a freshly shown main window (one call per window).

    The sync runner (top bar indicator, status bar, sync dialog, F9) is installed here; the
    printing functions are already in the window's ``env.extras`` (``pishkhan.app.run_gui``
    puts them there before the window builds its pages). A user switch at the lock screen
    builds a new window (and calls this again) before closing the old one; the old window's
    runner is retired and the new one starts when its last sync is over.
    """
    log.debug("window ready for %s", window.user.username if window.user else "nobody")
    addons().attach(window, ctx)


class ContextOpener:
    """Opens the store on a thread; :meth:`get` waits for it (and re-raises its error)."""

    def __init__(
        self, paths: DataPaths, on_open: Callable[[AppContext], object] | None = None
    ) -> None:
        self._paths = paths
        self._on_open = on_open
        self._done = threading.Event()
        self._ctx: AppContext | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._open, name="pishkhan-open", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            from pishkhan.services.auth import ensure_demo_users
            from pishkhan.services.context import open_context

            ctx = open_context(self._paths)
            with ctx.sessions() as session:
                created = ensure_demo_users(session)
            if created:
                log.warning(
                    "the store had no users: created the %d demo users (password «pishkhan»); "
                    "change their passwords before real use",
                    created,
                )
            self._ctx = ctx
        except BaseException as exc:  # handed to whoever waits
            self._error = exc
        finally:
            self._done.set()
        if self._ctx is not None and self._on_open is not None:
            try:
                self._on_open(self._ctx)  # e.g. start the embedded server, off the GUI thread
            except Exception:
                log.exception("starting the add-ons failed")

    def get(self) -> AppContext:
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._ctx is not None
        return self._ctx

    def close(self) -> None:
        if self._done.wait(timeout=30) and self._ctx is not None:
            self._ctx.close()


class LaunchAuthenticator:
    """The store's authenticator once the store is open (``ui.login.StoreAuthenticator``)."""

    def __init__(self, opener: ContextOpener) -> None:
        self._opener = opener

    def _store(self) -> StoreAuthenticator:
        from pishkhan.services.auth import SignInError
        from pishkhan.ui.login import StoreAuthenticator

        try:
            return StoreAuthenticator(self._opener.get())
        except Exception as exc:
            log.exception("the store could not be opened")
            raise SignInError(f"پایگاه دادهٔ پیشخوان باز نشد: {exc}") from exc

    def sign_in(self, username: str, password: str) -> SignedIn:
        return self._store().sign_in(username, password)

    def unlock(self, who: SignedIn, password: str) -> SignedIn:
        return self._store().unlock(who, password)

    def record_lock(self, who: SignedIn, reason: str) -> None:
        self._store().record_lock(who, reason)

    def record_sign_out(self, who: SignedIn) -> None:
        self._store().record_sign_out(who)


def launch(argv: list[str]) -> int:
    paths = data_paths().ensure()
    config = load_config(paths)
    desk_addons = addons()
    opener = ContextOpener(paths, on_open=desk_addons.start_embedded)
    log.info("desk starting; data folder %s", paths.root)

    def load_summary() -> DeskSummary:
        from pishkhan.services.desk import desk_summary

        with opener.get().sessions() as session:
            return desk_summary(session)

    settled = False

    def attach(window: MainWindow) -> None:
        nonlocal settled
        on_window(window, opener.get())
        if not settled:  # once, after the first window has painted
            settled = True
            from PySide6.QtCore import QTimer

            from pishkhan.app import settle_after_startup

            QTimer.singleShot(0, settle_after_startup)

    from pishkhan.app import run_gui

    try:
        return run_gui(
            argv,
            load_summary=load_summary,
            branch=config.branch_name,
            desk=config.desk_no,
            ctx=opener.get,
            authenticator=LaunchAuthenticator(opener),
            idle_lock_minutes=config.idle_lock_minutes,
            on_window=attach,
        )
    finally:
        shutdown_addons()
        opener.close()

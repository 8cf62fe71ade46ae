"""Composition root of the desk window: open the store, wire services to the UI, run Qt.

The configuration is read first (it names the branch on the sign-in dialog); the store — the
database engine, its migrations and their imports — is opened on a background thread while the
sign-in dialog is already on screen, and the first sign-in waits for it if needed.

Add-ons that need the main window (the sync indicator, the printer service) attach in
:func:`on_window`, which runs for every window the desk opens (after each sign-in).
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from pishkhan.config import load_config
from pishkhan.paths import DataPaths, data_paths

if TYPE_CHECKING:
    from pishkhan.services.auth import SignedIn
    from pishkhan.services.context import AppContext
    from pishkhan.services.desk import DeskSummary
    from pishkhan.ui.login import StoreAuthenticator
    from pishkhan.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def on_window(window: MainWindow, ctx: AppContext) -> None:
    """Attach the add-ons to a freshly shown main window (one call per window).

    The place for e.g. ``pishkhan.ui.sync.install_sync(window, ctx, client_factory)``. A user
    switch at the lock screen builds a new window (and calls this again) before closing the old
    one, whose children (timers, runners parented to it) go with it.
    """
    log.debug("window ready for %s", window.user.username if window.user else "nobody")


class ContextOpener:
    """Opens the store on a thread; :meth:`get` waits for it (and re-raises its error)."""

    def __init__(self, paths: DataPaths) -> None:
        self._paths = paths
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
    opener = ContextOpener(paths)
    log.info("desk starting; data folder %s", paths.root)

    def load_summary() -> DeskSummary:
        from pishkhan.services.desk import desk_summary

        with opener.get().sessions() as session:
            return desk_summary(session)

    def attach(window: MainWindow) -> None:
        on_window(window, opener.get())

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
        opener.close()

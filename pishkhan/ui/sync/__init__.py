"""The desk's background sync in the GUI: runner, status-bar field, sync dialog, wiring."""

from pishkhan.ui.sync.install import DeskSync, client_factory, install_sync
from pishkhan.ui.sync.runner import SyncOutcome, SyncRunner, SyncView

__all__ = ["DeskSync", "SyncOutcome", "SyncRunner", "SyncView", "client_factory", "install_sync"]

"""A desk's data folder for tests that talk to a central server."""

from __future__ import annotations

from pathlib import Path

from pishkhan.paths import data_paths
from pishkhan.services.context import AppContext, open_context


def make_desk(root: Path, desk_no: int = 1) -> AppContext:
    """A fresh desk data folder (config.toml, migrated SQLite database)."""
    ctx = open_context(data_paths(root))
    ctx.config.raw["desk"]["desk_no"] = desk_no
    return ctx

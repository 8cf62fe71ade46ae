"""Composition root of the desk window: open the store, wire services to the UI, run Qt."""

from __future__ import annotations

import logging

from pishkhan.services.context import open_context
from pishkhan.services.desk import DeskSummary, desk_summary

log = logging.getLogger(__name__)


def launch(argv: list[str]) -> int:
    # Opening the database and running migrations happens before the first window exists, so it
    # never stalls a visible GUI; everything after this runs in workers.
    ctx = open_context()
    log.info("desk starting; data folder %s", ctx.paths.root)

    def load_summary() -> DeskSummary:
        with ctx.sessions() as session:
            return desk_summary(session)

    from pishkhan.app import run_gui

    try:
        return run_gui(
            argv,
            load_summary=load_summary,
            branch=ctx.config.branch_name,
            desk=ctx.config.desk_no,
        )
    finally:
        ctx.close()

"""What a page of the main window gets to work with.

Pages are built by factories (``create_page(env) -> QWidget``) named in
``pishkhan.ui.pages.PAGE_FACTORIES``, so each area of the desk (lookup, scanning, printing,
sync, ...) lives in its own package and the main window does not import them one by one.
``env.ctx`` is ``None`` when the window runs without a store (some tests, screenshots); a page
must then show itself without data rather than fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pishkhan.services.context import AppContext
    from pishkhan.ui.actions import ActionRegistry


@dataclass(slots=True)
class PageEnv:
    """Shared by every page of one window."""

    ctx: AppContext | None = None
    actions: ActionRegistry | None = None
    # Filled by the shell as it grows (signed-in user, sync runner, printer service, ...).
    extras: dict[str, Any] = field(default_factory=dict)

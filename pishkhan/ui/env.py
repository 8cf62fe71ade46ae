"""What a page of the main window gets to work with.

Pages are built by factories (``create_page(env) -> QWidget``) named in
``pishkhan.ui.pages.PAGE_FACTORIES``, so each area of the desk (lookup, scanning, printing,
sync, ...) lives in its own package and the main window does not import them one by one.
``env.ctx`` is ``None`` when the window runs without a store (some tests, screenshots); a page
must then show itself without data rather than fail.

``env.extras`` (all optional; read them with ``.get``):

- ``"user"``: the signed-in ``pishkhan.services.auth.SignedIn`` — set before any page is built.
  Pass it to the services, which refuse what the role may not do; hide what it may not do
  (``user.may(Permission.X)``).
- ``"open_payment"``: ``open_payment(bill_id, payment_id) -> bool`` shows the payment page
  with that bill filled in (False if the role may not take payments). Set by the main window.
- ``"print_receipt"``: ``print_receipt(payment_uuid)`` prints the payment's receipt at once on
  the receipt printer; the payment page's "Print receipt" button stays disabled without it.
- ``"print_bill"``: ``print_bill(subscription_no)`` previews the latest bill (F6 in a file).
- ``"print_history"``: ``print_history(history)`` previews a ``services.histories.History``.
- ``"printing"``: the window's ``pishkhan.ui.printing.desk.DeskPrinting`` behind those three.
  All four are put in by ``pishkhan.app`` before the window builds a page, when a store is open.
- ``"authenticator"``, ``"settings"``: the shell's (lock screen, shortcut overrides).
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

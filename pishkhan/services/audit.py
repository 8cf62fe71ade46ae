"""The audit log: who did what, when. Sign-ins, failed sign-ins and sensitive actions.

``record`` adds an :class:`~pishkhan.store.models.AuditEvent` to the caller's session, so the
event commits (or rolls back) with the work it describes; the caller commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pishkhan.store.models import AuditEvent

if TYPE_CHECKING:  # auth imports this module
    from pishkhan.services.auth import SignedIn

# Actions written by the desk (the column is free text; these are the ones in use).
SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_IN_THROTTLED = "sign_in_throttled"
SIGN_OUT = "sign_out"
LOCK = "lock"
UNLOCK = "unlock"
PAYMENT_TAKEN = "payment_taken"
PAYMENT_REFUSED = "payment_refused"
PERMISSION_DENIED = "permission_denied"


def record(
    session: Session,
    who: SignedIn | str | None,
    action: str,
    target: str | None = None,
    details: Mapping[str, Any] | None = None,
    *,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Add an audit event; ``who`` is the signed-in user, a bare username or ``None``."""
    if who is None or isinstance(who, str):
        user_id: int | None = None
        username: str | None = who
    else:
        user_id, username = who.user_id, who.username
    event = AuditEvent(
        user_id=user_id,
        username=username[:64] if username else username,
        action=action,
        target=target[:128] if target else target,
        details=dict(details or {}),
    )
    if at is not None:
        event.at = at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at
    session.add(event)
    return event


def events(
    session: Session, *, action: str | None = None, username: str | None = None
) -> list[AuditEvent]:
    """Audit events, oldest first, optionally of one action and/or username."""
    stmt = select(AuditEvent)
    if action is not None:
        stmt = stmt.where(AuditEvent.action == action)
    if username is not None:
        stmt = stmt.where(AuditEvent.username == username)
    return list(session.scalars(stmt.order_by(AuditEvent.id)))

"""Today's figures for the desk page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pishkhan.domain.requests import Stage
from pishkhan.store.models import OutboxEntry, Request, Subscriber

# Stages after which a request is no longer open.
CLOSED_STAGES = (Stage.CLOSED.value, Stage.REJECTED.value)


@dataclass(frozen=True, slots=True)
class DeskSummary:
    subscribers: int
    debtors: int
    total_debt_rials: int
    open_requests: int
    unsent_records: int


def desk_summary(session: Session) -> DeskSummary:
    """Today's figures; several aggregate queries, so call it from a worker, not the GUI thread."""
    subscribers = session.scalar(select(func.count()).select_from(Subscriber)) or 0
    debtors, debt = session.execute(
        select(func.count(), func.coalesce(func.sum(Subscriber.balance_rials), 0)).where(
            Subscriber.balance_rials > 0
        )
    ).one()
    open_requests = (
        session.scalar(
            select(func.count()).select_from(Request).where(Request.stage.not_in(CLOSED_STAGES))
        )
        or 0
    )
    unsent = session.scalar(select(func.count()).select_from(OutboxEntry)) or 0
    return DeskSummary(int(subscribers), int(debtors), int(debt), int(open_requests), int(unsent))

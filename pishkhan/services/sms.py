"""Send the latest bill by SMS: the desk queues the request, the central system texts it.

:func:`queue_bill_sms` writes, in ONE transaction, an ``sms`` outbox row (its payload is the
:class:`~pishkhan.sync.schemas_sms.SmsRequest` the sync client sends as it is) and an
``sms_queued`` audit event. Offline, the row waits in the outbox like any other record.

The same bill to the same mobile is not queued twice within :data:`DUPLICATE_WINDOW` (a double
click, two operators on one file): the second call raises :class:`SmsRefused` unless
``force=True`` (the operator confirmed). The window is read from the audit log, so it still
holds after the row has been pushed and left the outbox.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from pishkhan.domain.ids import parse_mobile
from pishkhan.domain.persian import to_persian_digits
from pishkhan.services import audit
from pishkhan.services.auth import Permission, SignedIn, require_audited
from pishkhan.store import repo
from pishkhan.store.dialect import begin_write
from pishkhan.store.models import AuditEvent, Subscriber, utcnow
from pishkhan.sync.schemas_sms import SmsRequest

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from pishkhan.services.context import AppContext

SMS_RECORD = "sms"
SMS_QUEUED = "sms_queued"
DUPLICATE_WINDOW = dt.timedelta(minutes=10)

NO_SUBSCRIBER = "مشترک یافت نشد؛ شاید پرونده‌اش از این پیشخوان حذف شده باشد"
NO_BILL = "برای این اشتراک قبضی صادر نشده است که پیامک شود"
NO_MOBILE = "شماره همراهی برای این مشترک ثبت نشده است؛ شماره را وارد کنید"
RECENTLY_QUEUED = (
    "پیامک همین قبض به شماره {mobile} {minutes} دقیقه پیش در صف گذاشته شد؛ "
    "برای فرستادن دوباره آن را تأیید کنید"
)


class SmsRefused(ValueError):
    """The SMS cannot be queued; ``str()`` is a Persian message for the operator.

    ``recent`` is True when the only obstacle is the duplicate window (``force=True`` passes).
    """

    def __init__(self, message: str, *, recent: bool = False) -> None:
        super().__init__(message)
        self.recent = recent


@dataclass(frozen=True, slots=True)
class QueuedSms:
    uuid: str
    mobile: str
    bill_id: str
    payment_id: str
    amount_rials: int


def queue_bill_sms(
    ctx: AppContext,
    user: SignedIn | None,
    subscriber_id: int,
    mobile: str | None = None,
    *,
    force: bool = False,
    now: dt.datetime | None = None,
) -> QueuedSms:
    """Queue "text the latest bill" for the central system, with its audit event.

    ``mobile`` is a number the operator typed (validated with ``parse_mobile``; raises
    :class:`~pishkhan.domain.ids.InvalidId`), else the subscriber's own. Raises PermissionDenied
    (audited) without ``Permission.SEND_SMS`` and :class:`SmsRefused` when there is no bill, no
    mobile, or the same bill went to the same mobile within :data:`DUPLICATE_WINDOW`.
    """
    require_audited(ctx.sessions, user, Permission.SEND_SMS, str(subscriber_id))
    assert user is not None
    typed = parse_mobile(mobile) if mobile and mobile.strip() else None
    at = now or utcnow()
    with ctx.sessions() as session, session.begin():
        begin_write(session)  # the duplicate check and the insert under one writer lock
        subscriber = session.get(Subscriber, subscriber_id)
        if subscriber is None:
            raise SmsRefused(NO_SUBSCRIBER)
        bill = repo.latest_bill(session, subscriber_id)
        if bill is None:
            raise SmsRefused(NO_BILL)
        target = typed or _own_mobile(subscriber.mobile)
        if target is None:
            raise SmsRefused(NO_MOBILE)
        if not force:
            _refuse_recent(session, subscriber.subscription_no, bill.bill_id, target, at)
        item = SmsRequest(
            uuid=uuid.uuid4(),
            subscription_no=subscriber.subscription_no,
            bill_id=bill.bill_id,
            payment_id=bill.payment_id,
            amount_rials=bill.payable_rials,
            due_on=bill.due_on,
            mobile=target,
            requested_at=at,
            requested_by=user.username,
        )
        uid = str(item.uuid)
        repo.outbox_add(session, SMS_RECORD, uid, item.model_dump(mode="json"))
        audit.record(
            session,
            user,
            SMS_QUEUED,
            subscriber.subscription_no,
            {
                "uuid": uid,
                "bill_id": bill.bill_id,
                "payment_id": bill.payment_id,
                "mobile": target,
                "typed": typed is not None,
            },
            at=at,
        )
        return QueuedSms(uid, target, bill.bill_id, bill.payment_id, bill.payable_rials)


def _own_mobile(stored: str | None) -> str | None:
    if not stored:
        return None
    try:
        return parse_mobile(stored)
    except ValueError:
        return None


def _refuse_recent(
    session: Session, subscription_no: str, bill_id: str, mobile: str, at: dt.datetime
) -> None:
    since = at - DUPLICATE_WINDOW
    events = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.action == SMS_QUEUED,
            AuditEvent.target == subscription_no,
            AuditEvent.at > since,
        )
        .order_by(AuditEvent.at.desc())
    )
    for event in events:
        details = event.details or {}
        if details.get("bill_id") == bill_id and details.get("mobile") == mobile:
            minutes = max(1, int((at - event.at).total_seconds() // 60))
            raise SmsRefused(
                RECENTLY_QUEUED.format(
                    mobile=to_persian_digits(mobile), minutes=to_persian_digits(minutes)
                ),
                recent=True,
            )

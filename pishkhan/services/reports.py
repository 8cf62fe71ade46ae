"""Queries that turn the store into the plain data of printed documents.

Each function reads what one document needs and returns a dataclass of
:mod:`pishkhan.printing.model`; nothing here paints. Times in the store are naive UTC; documents
get Iranian local time (UTC+03:30). Errors are :class:`ReportError` with a Persian message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pishkhan.config import Config
from pishkhan.domain.persian import to_persian_digits
from pishkhan.domain.requests_catalogue import DocumentKind, RequestType
from pishkhan.domain.tariff import line_title
from pishkhan.domain.tariff_config import Use
from pishkhan.printing import model as m
from pishkhan.printing.labels import method_title, record_type_title
from pishkhan.store import repo
from pishkhan.store.models import (
    Bill,
    CashSession,
    Connection,
    Meter,
    OutboxEntry,
    Payment,
    Reading,
    Request,
    Subscriber,
    User,
)

IRAN_OFFSET = dt.timedelta(hours=3, minutes=30)
IRAN = dt.timezone(IRAN_OFFSET, "IRST")
NO_CLERK = "سامانه (بدون متصدی)"


class ReportError(LookupError):
    """The document cannot be made; ``str()`` says why in Persian."""


def local_time(at: dt.datetime) -> dt.datetime:
    """A stored (naive UTC) instant as naive Iranian local time (UTC+03:30, no DST)."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    return at + IRAN_OFFSET


def day_bounds_utc(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The Iranian calendar day ``day`` as a naive-UTC half-open range."""
    start = dt.datetime.combine(day, dt.time(), IRAN).astimezone(dt.UTC).replace(tzinfo=None)
    return start, start + dt.timedelta(days=1)


def office_of(config: Config) -> m.Office:
    return m.Office(config.company_name, config.branch_name, config.branch_code, config.desk_no)


def _subscriber(session: Session, subscription_no: str) -> Subscriber:
    from pishkhan.domain.persian import to_ascii_digits

    wanted = to_ascii_digits(subscription_no.strip())
    subscriber = repo.find_by_subscription_no(session, wanted)
    if subscriber is None:
        raise ReportError(f"مشترکی با شماره اشتراک {to_persian_digits(wanted)} پیدا نشد")
    return subscriber


def _full_name(subscriber: Subscriber) -> str:
    return f"{subscriber.first_name} {subscriber.last_name}".strip()


def _user_names(session: Session) -> dict[int, str]:
    return {uid: name for uid, name in session.execute(select(User.id, User.full_name))}


def _use_title(code: str) -> str:
    try:
        return Use.parse(code).title
    except ValueError:
        return code


def bill_document(
    session: Session, config: Config, subscription_no: str, *, today: dt.date | None = None
) -> m.BillDoc:
    """The latest bill of a subscriber, as its duplicate."""
    subscriber = _subscriber(session, subscription_no)
    bill = repo.latest_bill(session, subscriber.id)
    if bill is None:
        raise ReportError(f"مشترک {to_persian_digits(subscriber.subscription_no)} هنوز قبضی ندارد")
    return bill_document_of(session, config, bill, today=today)


def bill_document_of(
    session: Session, config: Config, bill: Bill, *, today: dt.date | None = None
) -> m.BillDoc:
    subscriber = session.get(Subscriber, bill.subscriber_id)
    assert subscriber is not None
    prop = subscriber.property
    water = session.scalars(
        select(Connection).where(
            Connection.subscriber_id == subscriber.id, Connection.kind == "water"
        )
    ).first()
    serial = ""
    if bill.reading_id is not None:
        reading = session.get(Reading, bill.reading_id)
        meter = session.get(Meter, reading.meter_id) if reading is not None else None
        serial = meter.serial if meter is not None else ""
    tariff = config.tariff
    lines = tuple(
        m.BillLineItem(line_title(str(code), tariff), int(amount)) for code, amount in bill.lines
    )
    return m.BillDoc(
        office=office_of(config),
        subscriber_name=_full_name(subscriber),
        subscription_no=subscriber.subscription_no,
        computer_code=subscriber.computer_code,
        address=f"{prop.city}، {prop.address}",
        postal_code=prop.postal_code or "",
        use_title=_use_title(prop.use),
        units=prop.units,
        diameter=water.diameter if water is not None else "",
        meter_serial=serial,
        period_year=bill.period_year,
        period_no=bill.period_no,
        prev_read_on=bill.prev_read_on,
        curr_read_on=bill.curr_read_on,
        prev_reading=bill.prev_reading,
        curr_reading=bill.curr_reading,
        days=bill.days,
        consumption_m3=bill.consumption_m3,
        lines=lines,
        vat_rials=bill.vat_rials,
        amount_rials=bill.amount_rials,
        debt_carried_rials=bill.debt_carried_rials,
        payable_rials=bill.payable_rials,
        bill_id=bill.bill_id,
        payment_id=bill.payment_id,
        issued_on=bill.issued_on,
        due_on=bill.due_on,
        is_estimate=bill.is_estimate,
        paid=bill.status == "paid",
        printed_on=today or dt.date.today(),
    )


def payment_receipt(session: Session, config: Config, payment_key: int | str) -> m.PaymentReceipt:
    """Receipt of one payment, by its row id or UUID."""
    if isinstance(payment_key, int):
        payment = session.get(Payment, payment_key)
    else:
        payment = session.scalars(select(Payment).where(Payment.uuid == payment_key)).first()
    if payment is None:
        raise ReportError("این پرداخت پیدا نشد")
    payer, number = "—", ""
    if payment.subscriber_id is not None:
        subscriber = session.get(Subscriber, payment.subscriber_id)
        if subscriber is not None:
            payer, number = _full_name(subscriber), subscriber.subscription_no
    elif payment.request_id is not None:
        request = session.get(Request, payment.request_id)
        if request is not None:
            payer = request.applicant_name
    voided = (
        payment.reverses_id is not None
        or (session.scalar(select(func.count()).where(Payment.reverses_id == payment.id)) or 0) > 0
    )
    clerk = _user_names(session).get(payment.user_id or -1, NO_CLERK)
    return m.PaymentReceipt(
        office=office_of(config),
        receipt_no=payment.uuid,
        paid_at=local_time(payment.paid_at),
        payer_name=payer,
        subscription_no=number,
        bill_id=payment.bill_id,
        payment_id=payment.payment_id,
        amount_rials=payment.amount_rials,
        method_title=method_title(payment.method),
        terminal_ref=payment.terminal_ref or "",
        clerk_name=clerk,
        voided=voided,
    )


def _request_title(code: str) -> str:
    try:
        return RequestType(code).title
    except ValueError:
        return code


def _document_title(code: str) -> str:
    try:
        return DocumentKind(code).title
    except ValueError:
        return code


def request_receipt(session: Session, config: Config, tracking_code: str) -> m.RequestReceipt:
    request = repo.find_by_tracking_code(session, tracking_code)
    if request is None:
        raise ReportError(f"درخواستی با کد رهگیری {to_persian_digits(tracking_code)} پیدا نشد")
    number = ""
    if request.subscriber_id is not None:
        subscriber = session.get(Subscriber, request.subscriber_id)
        number = subscriber.subscription_no if subscriber is not None else ""
    return m.RequestReceipt(
        office=office_of(config),
        tracking_code=request.tracking_code,
        request_title=_request_title(request.type),
        registered_at=local_time(request.created_at),
        applicant_name=request.applicant_name,
        subscription_no=number,
        documents=tuple(_document_title(d.kind) for d in request.documents),
        fee_rials=request.fee_rials,
        counter_fee_rials=request.counter_fee_rials,
        clerk_name=_user_names(session).get(request.created_by or -1, NO_CLERK),
        follow_up="پیگیری با کد رهگیری در دفتر پیشخوان یا درگاه اینترنتی شرکت",
    )


def consumption_history(
    session: Session, config: Config, subscription_no: str, start: dt.date, end: dt.date
) -> m.ConsumptionHistory:
    """Bills read from ``start`` to ``end`` (reading dates, inclusive), oldest first."""
    subscriber = _subscriber(session, subscription_no)
    bills = session.scalars(
        select(Bill)
        .where(
            Bill.subscriber_id == subscriber.id,
            Bill.status != "replaced",
            Bill.curr_read_on >= start,
            Bill.curr_read_on <= end,
        )
        .order_by(Bill.curr_read_on, Bill.id)
    )
    rows = tuple(
        m.ConsumptionRow(
            b.period_year,
            b.period_no,
            b.curr_read_on,
            b.days,
            b.consumption_m3,
            b.amount_rials,
            b.is_estimate,
        )
        for b in bills
    )
    return m.ConsumptionHistory(
        office_of(config), _full_name(subscriber), subscriber.subscription_no, start, end, rows
    )


def payment_history(
    session: Session, config: Config, subscription_no: str, start: dt.date, end: dt.date
) -> m.PaymentHistory:
    """Payments (and voids) of business days ``start`` to ``end``, oldest first."""
    subscriber = _subscriber(session, subscription_no)
    payments = repo.payments_between(session, start, end, subscriber_id=subscriber.id)
    rows = tuple(
        m.PaymentRow(
            p.business_day,
            p.bill_id,
            p.payment_id,
            method_title(p.method),
            p.amount_rials,
            "ابطال" if p.reverses_id is not None else "",
        )
        for p in payments
    )
    return m.PaymentHistory(
        office_of(config), _full_name(subscriber), subscriber.subscription_no, start, end, rows
    )


def _totals(rows: Iterable[tuple[str, int, int]]) -> tuple[m.Total, ...]:
    return tuple(m.Total(title, int(count), int(amount or 0)) for title, count, amount in rows)


def daily_report(
    session: Session, config: Config, day: dt.date, *, with_transactions: bool = True
) -> m.DailyReport:
    """The branch manager's report of the business day ``day``."""
    names = _user_names(session)
    on_day = Payment.business_day == day
    is_payment = Payment.reverses_id.is_(None)
    count = func.sum(case((is_payment, 1), else_=0))
    by_clerk_rows = session.execute(
        select(Payment.user_id, count, func.sum(Payment.amount_rials))
        .where(on_day)
        .group_by(Payment.user_id)
    ).all()
    by_clerk = sorted(
        ((names.get(uid or -1, NO_CLERK), c or 0, a or 0) for uid, c, a in by_clerk_rows),
        key=lambda r: -r[2],
    )
    by_method_rows = session.execute(
        select(Payment.method, count, func.sum(Payment.amount_rials))
        .where(on_day)
        .group_by(Payment.method)
        .order_by(Payment.method)
    ).all()
    by_method = [(method_title(code), c or 0, a or 0) for code, c, a in by_method_rows]
    start, stop = day_bounds_utc(day)
    request_rows = session.execute(
        select(Request.type, func.count(), func.sum(Request.fee_rials + Request.counter_fee_rials))
        .where(Request.created_at >= start, Request.created_at < stop)
        .group_by(Request.type)
        .order_by(Request.type)
    ).all()
    requests = [(_request_title(t), c, a or 0) for t, c, a in request_rows]
    sessions = tuple(
        m.CashSessionRow(
            names.get(s.user_id, NO_CLERK),
            local_time(s.opened_at),
            local_time(s.closed_at) if s.closed_at else None,
            s.expected_cash_rials,
            s.counted_cash_rials,
        )
        for s in session.scalars(
            select(CashSession).where(CashSession.business_day == day).order_by(CashSession.id)
        )
    )
    voids = tuple(
        m.VoidRow(
            local_time(p.paid_at),
            names.get(p.user_id or -1, NO_CLERK),
            p.bill_id,
            p.payment_id,
            p.amount_rials,
            p.reason or "—",
        )
        for p in session.scalars(
            select(Payment).where(on_day, Payment.reverses_id.is_not(None)).order_by(Payment.id)
        )
    )
    unsent_rows = session.execute(
        select(OutboxEntry.record_type, func.count(), func.count())
        .group_by(OutboxEntry.record_type)
        .order_by(OutboxEntry.record_type)
    ).all()
    unsent = [(record_type_title(t), c, 0) for t, c, _ in unsent_rows]
    transactions: tuple[m.TransactionRow, ...] = ()
    if with_transactions:
        result = session.execute(
            select(
                Payment.paid_at,
                Payment.user_id,
                Payment.bill_id,
                Payment.payment_id,
                Payment.method,
                Payment.amount_rials,
            )
            .where(on_day)
            .order_by(Payment.paid_at, Payment.id)
        )
        titles = {code: method_title(code) for code in ("cash", "card", "pos", "bank", "portal")}
        transactions = tuple(
            m.TransactionRow(
                local_time(at),
                names.get(uid or -1, NO_CLERK),
                bill_id,
                payment_id,
                titles.get(method) or method_title(method),
                amount,
            )
            for at, uid, bill_id, payment_id, method, amount in result
        )
    return m.DailyReport(
        office=office_of(config),
        day=day,
        by_clerk=_totals(by_clerk),
        by_method=_totals(by_method),
        requests_by_type=_totals(requests),
        cash_sessions=sessions,
        voids=voids,
        unsent=_totals(unsent),
        transactions=transactions,
        printed_at=local_time(dt.datetime.now(dt.UTC)),
    )

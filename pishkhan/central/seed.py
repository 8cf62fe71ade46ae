"""Seed the central server from the demo generator (the same records the desks load).

UUIDs, bill IDs, payment IDs and tracking codes agree with a desk loaded from the same seed
and day, so a desk pushing a demo payment finds it already there (``duplicate``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

from pishkhan.central.db import Bill, Counter, Payment, Request, RequestStage, Subscriber
from pishkhan.demo.collector import BatchCollector
from pishkhan.demo.generator import DemoGenerator, DemoSpec
from pishkhan.demo.records import DemoAccount, DemoBill, DemoRequest


def bill_lines(bill: DemoBill) -> list[list[str | int]]:
    """``[code, amount_rials]`` lines of a demo bill, VAT and carried debt included."""
    charges = bill.charges
    lines: list[list[str | int]] = [[code, amount] for code, _title, amount in charges.lines]
    lines.append(["vat", charges.vat_rials])
    if charges.debt_rials:
        lines.append(["debt", charges.debt_rials])
    return lines


def seed_demo(engine: Engine, subscribers: int, seed: int, today: dt.date) -> int:
    """Load ``subscribers`` demo subscribers into an empty database; returns how many."""
    with Session(engine) as session, session.begin(), BatchCollector() as collector:
        if session.scalar(select(func.count()).select_from(Subscriber)):
            return 0
        generator = DemoGenerator(DemoSpec(subscribers=subscribers, seed=seed, today=today))
        bill_no = payment_no = 0
        serials: dict[str, int] = {}
        for block in generator.blocks():
            subs, bills, payments = [], [], []
            for account in block.accounts:
                subs.append(_subscriber(account))
                for reading, bill in zip(account.readings, account.bills, strict=True):
                    bill_no += 1
                    bills.append(_bill(bill_no, account, bill, reading.uuid, reading.value))
                    pay = bill.payment
                    if pay is not None:
                        payment_no += 1
                        payments.append(
                            {
                                "id": payment_no,
                                "uuid": pay.uuid,
                                "bill_row_id": bill_no,
                                "amount_rials": pay.amount_rials,
                                "method": pay.method,
                                "paid_at": pay.paid_at,
                                "business_day": pay.business_day,
                                "desk": None,
                                "received_at": pay.paid_at,
                            }
                        )
            session.execute(insert(Subscriber), subs)
            session.execute(insert(Bill), bills)
            if payments:
                session.execute(insert(Payment), payments)
            numbers = {a.number: a.subscription_no for a in block.accounts}
            for request in block.requests:
                no = None if request.account_number is None else numbers[request.account_number]
                _request(session, request, no)
                branch = request.tracking_code[:4]
                serials[branch] = max(serials.get(branch, 0), request.serial)
            del block, subs, bills, payments
            collector.batch_done()
        session.add(Counter(name="revision", value=subscribers))
        session.add(Counter(name="payment", value=payment_no))
        for branch, serial in serials.items():
            session.add(Counter(name=f"serial:{branch}", value=serial))
        if engine.dialect.name == "postgresql":
            # Rows went in with explicit ids: move the id sequences past them.
            for table in ("subscribers", "bills", "payments"):
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )
                )
    return subscribers


def _subscriber(account: DemoAccount) -> dict[str, Any]:
    prop = account.property
    return {
        "id": account.number,
        "subscription_no": account.subscription_no,
        "bill_id": account.bill_id,
        "computer_code": account.computer_code,
        "national_code": account.national_code,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "mobile": account.mobile,
        "status": account.status,
        "use": prop.use,
        "units": prop.units,
        "diameter": account.water.diameter,
        "has_sewer": account.sewer is not None,
        "city": prop.city,
        "address": prop.address,
        "postal_code": prop.postal_code,
        "meter_digits": account.meter.digits,
        "balance_rials": account.balance_rials,
        "revision": account.number,
        "deleted": False,
    }


def _bill(
    row_id: int, account: DemoAccount, bill: DemoBill, reading_uuid: str, value: int
) -> dict[str, Any]:
    lines = bill_lines(bill)
    return {
        "id": row_id,
        "uuid": bill.uuid,
        "reading_uuid": reading_uuid,
        "subscriber_id": account.number,
        "bill_id": account.bill_id,
        "payment_id": bill.payment_id,
        "period_year": bill.period_year,
        "period_no": bill.period_no,
        "prev_read_on": bill.prev_read_on,
        "prev_reading": bill.prev_reading,
        "read_on": bill.issued_on,
        "reading": value,
        "consumption_m3": (value - bill.prev_reading) % 10**account.meter.digits,
        "days": bill.days,
        "lines": lines,
        "total_rials": sum(int(amount) for _, amount in lines),
        "payable_rials": bill.charges.payable_rials,
        "status": bill.status,
        "issued_on": bill.issued_on,
        "due_on": bill.due_on,
    }


def _request(session: Session, request: DemoRequest, subscription_no: str | None) -> None:
    stages = request.stages
    waiting = request.stage == "awaiting_documents" and len(stages) > 1
    came_from = stages[-2].stage if waiting else None
    row = Request(
        uuid=request.uuid,
        tracking_code=request.tracking_code,
        type=request.type,
        stage=request.stage,
        came_from=came_from,
        subscription_no=subscription_no,
        applicant_name=request.applicant_name,
        applicant_national_code=request.applicant_national_code,
        payload={"details": request.details, "fee_rials": request.fee_rials},
        created_at=request.created_at,
        updated_at=request.updated_at,
    )
    session.add(row)
    session.flush()
    for seq, entry in enumerate(stages, start=1):
        session.add(
            RequestStage(
                request_id=row.id,
                seq=seq,
                stage=entry.stage,
                at=entry.at,
                by=entry.by,
                reason=entry.reason,
            )
        )

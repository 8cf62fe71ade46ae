"""The baseline of ``demo_data_seconds``: the same demo subscribers written the naive way.

One ORM object per row and one transaction per subscriber, as a first version of a loader
would do it. Only a sample is written; the benchmark extrapolates per subscriber.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine

from pishkhan.config import Config
from pishkhan.demo.generator import DemoGenerator, DemoSpec
from pishkhan.store.db import session_factory, upgrade
from pishkhan.store.models import (
    Bill,
    Connection,
    Meter,
    Payment,
    Property,
    Reading,
    Subscriber,
    SubscriberSearch,
)
from pishkhan.store.search import search_texts


def naive_orm_load(engine: Engine, *, subscribers: int, seed: int, config: Config) -> int:
    """Write ``subscribers`` demo subscribers with their rows; return the rows written."""
    upgrade(engine)
    spec = DemoSpec.from_config(config, subscribers=subscribers, seed=seed, today=dt.date.today())
    rows = 0
    sessions = session_factory(engine)
    for block in DemoGenerator(spec).blocks():
        for acc in block.accounts:
            with sessions.begin() as s:
                prop = Property(**acc.property._asdict())
                sub = Subscriber(
                    uuid=acc.uuid,
                    subscription_no=acc.subscription_no,
                    computer_code=acc.computer_code,
                    bill_id=acc.bill_id,
                    national_code=acc.national_code,
                    first_name=acc.first_name,
                    last_name=acc.last_name,
                    father_name=acc.father_name,
                    mobile=acc.mobile,
                    status=acc.status,
                    balance_rials=acc.balance_rials,
                    property=prop,
                )
                s.add(sub)
                s.flush()
                words, joined = search_texts(
                    acc.first_name, acc.last_name, acc.father_name, acc.property.address
                )
                s.add(SubscriberSearch(subscriber_id=sub.id, words=words, joined=joined))
                water = Connection(subscriber=sub, **acc.water._asdict())
                s.add(water)
                if acc.sewer is not None:
                    s.add(Connection(subscriber=sub, **acc.sewer._asdict()))
                s.flush()
                meter = Meter(connection_id=water.id, **acc.meter._asdict())
                s.add(meter)
                s.flush()
                rows += 5
                for reading, bill in zip(acc.readings, acc.bills, strict=True):
                    r = Reading(
                        uuid=reading.uuid,
                        subscriber_id=sub.id,
                        meter_id=meter.id,
                        read_on=reading.read_on,
                        value=reading.value,
                        consumption_m3=reading.consumption_m3,
                        rolled_over=reading.rolled_over,
                        source=reading.source,
                    )
                    s.add(r)
                    s.flush()
                    c = bill.charges
                    s.add(
                        Bill(
                            uuid=bill.uuid,
                            subscriber_id=sub.id,
                            reading_id=r.id,
                            bill_id=acc.bill_id,
                            payment_id=bill.payment_id,
                            period_year=bill.period_year,
                            period_no=bill.period_no,
                            prev_read_on=bill.prev_read_on,
                            curr_read_on=reading.read_on,
                            prev_reading=bill.prev_reading,
                            curr_reading=reading.value,
                            days=bill.days,
                            consumption_m3=reading.consumption_m3,
                            lines=json.loads(c.lines_json),
                            vat_rials=c.vat_rials,
                            amount_rials=c.amount_rials,
                            debt_carried_rials=c.debt_rials,
                            payable_rials=c.payable_rials,
                            issued_on=bill.issued_on,
                            due_on=bill.due_on,
                            status=bill.status,
                        )
                    )
                    rows += 2
                    if bill.payment is not None:
                        p = bill.payment
                        s.add(
                            Payment(
                                uuid=p.uuid,
                                kind="bill",
                                subscriber_id=sub.id,
                                bill_id=acc.bill_id,
                                payment_id=bill.payment_id,
                                amount_rials=p.amount_rials,
                                method=p.method,
                                terminal_ref=p.terminal_ref,
                                channel=p.channel,
                                paid_at=p.paid_at,
                                business_day=p.business_day,
                            )
                        )
                        rows += 1
    return rows

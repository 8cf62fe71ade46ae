"""Demo service requests: every type, at every stage, with their stage history.

About 0.6% of subscribers have a request: five in six are still open (any non-final stage,
some waiting for documents), the rest closed or rejected. New water connections come from new
applicants (no subscriber yet); new sewer connections only from subscribers without one. Every
step is checked with ``domain.requests.RequestProgress``, so the history is always a legal one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from random import Random
from typing import TYPE_CHECKING, Any

from pishkhan.demo import names, people
from pishkhan.demo.records import UUID_REQUEST, DemoAccount, DemoRequest, DemoStage
from pishkhan.domain.requests import (
    CHAINS,
    DEFAULT_FEE_MAPPING,
    TERMINAL_STAGES,
    FeeConfig,
    RequestProgress,
    RequestType,
    Stage,
    make_tracking_code,
    quote_fees,
)

if TYPE_CHECKING:
    from pishkhan.demo.generator import DemoGenerator

REQUEST_SHARE = 0.006
NEW_WATER_SHARE = 0.0015  # per subscriber: a neighbour applying for a new connection
FINISHED_SHARE = 1 / 6
SERIALS_PER_BLOCK = 1000  # ≥ BLOCK_SIZE: at most one request per subscriber
_AFTER_SALES = people.Weighted(
    [
        (RequestType.NEW_SEWER, 8.0),
        (RequestType.CHANGE_SUBSCRIBER_DETAILS, 12.0),
        (RequestType.CHANGE_BILL_INFO, 8.0),
        (RequestType.CHANGE_USE, 5.0),
        (RequestType.CHANGE_UNITS, 6.0),
        (RequestType.CHANGE_CAPACITY, 4.0),
        (RequestType.METER_REPLACEMENT, 12.0),
        (RequestType.METER_RELOCATION, 4.0),
        (RequestType.METER_TEST, 10.0),
        (RequestType.BILL_CORRECTION, 12.0),
        (RequestType.MERGE_SPLIT, 3.0),
        (RequestType.OWNERSHIP_INQUIRY, 6.0),
    ]
)
_BY_CENTRAL = "central"
_IRAN_UTC_OFFSET = dt.timedelta(hours=3, minutes=30)


def fee_config(mapping: Mapping[str, Any] | None) -> FeeConfig:
    return FeeConfig.from_mapping(mapping if mapping is not None else DEFAULT_FEE_MAPPING)


def _details(rng: Random, rtype: RequestType, account: DemoAccount | None) -> dict[str, Any]:
    if account is None:
        units = 1 + int(rng.random() * 4)
        return {"use": "residential", "units": units, "diameter": "1/2" if units < 3 else "3/4"}
    prop = account.property
    if rtype is RequestType.CHANGE_UNITS:
        return {"units_from": prop.units, "units_to": prop.units + 1 + int(rng.random() * 2)}
    if rtype is RequestType.CHANGE_USE:
        to = "commercial" if prop.use == "residential" else "residential"
        return {"use_from": prop.use, "use_to": to}
    if rtype is RequestType.CHANGE_CAPACITY:
        return {"diameter_from": account.water.diameter, "units": prop.units}
    if rtype in (RequestType.METER_REPLACEMENT, RequestType.METER_RELOCATION):
        return {"meter_serial": account.meter.serial}
    if rtype is RequestType.METER_TEST:
        return {"meter_serial": account.meter.serial, "last_reading": account.readings[-1].value}
    if rtype is RequestType.BILL_CORRECTION:
        bill = account.bills[-1]
        return {"bill_uuid": bill.uuid, "payment_id": bill.payment_id}
    if rtype in (RequestType.CHANGE_SUBSCRIBER_DETAILS, RequestType.CHANGE_BILL_INFO):
        return {"is_name_change": False, "mobile_to": people.mobile(rng)}
    if rtype is RequestType.MERGE_SPLIT:
        return {"action": "split" if prop.units > 1 else "merge", "units": prop.units}
    return {}


def _history(
    rng: Random, rtype: RequestType, created_at: dt.datetime, finished: bool
) -> tuple[list[DemoStage], dt.datetime]:
    """A legal walk along the type's chain, ending open, closed or rejected."""
    chain = CHAINS[rtype]
    progress = RequestProgress(rtype)
    at = created_at
    stages = [DemoStage(Stage.REGISTERED.value, at, names.COUNTER_USERS[0][0], None)]
    if finished:
        steps = len(chain) - 1  # up to CLOSED
        reject = rng.random() < 0.35
        if reject:
            steps = int(rng.random() * (len(chain) - 2))
    else:
        steps, reject = int(rng.random() * (len(chain) - 1)), False
    wait_at = int(rng.random() * (steps + 1)) if rng.random() < 0.25 else -1

    def step(stage: Stage, reason: str | None = None) -> None:
        nonlocal progress, at
        progress = progress.to(stage, reason)
        at += dt.timedelta(hours=2 + rng.random() * 70)
        if stage in (Stage.PAID,):
            by: str | None = names.COUNTER_USERS[1][0]
        else:
            by = _BY_CENTRAL
        stages.append(DemoStage(stage.value, at, by, reason))

    for i in range(steps):
        if i == wait_at and not finished:
            step(Stage.AWAITING_DOCUMENTS, rng.choice(names.MISSING_DOCUMENT_REASONS))
            step(chain[i])  # documents arrived: back where it was
        step(chain[i + 1])
    if reject:
        step(Stage.REJECTED, rng.choice(names.REJECTION_REASONS))
    elif not finished and wait_at == steps:
        step(Stage.AWAITING_DOCUMENTS, rng.choice(names.MISSING_DOCUMENT_REASONS))
    assert finished == (progress.stage in TERMINAL_STAGES)
    return stages, at


def block_requests[T](
    gen: DemoGenerator,
    rng: Random,
    block: int,
    accounts: Sequence[T],
    resolve: Callable[[T], DemoAccount] | None = None,
) -> list[DemoRequest]:
    """The requests registered by the subscribers of one block (and their neighbours).

    ``accounts`` are the block's accounts, or summaries that ``resolve`` turns into one: only
    the few subscribers who register a request are resolved.
    """
    spec = gen.spec
    fees = fee_config(spec.fees)
    now = dt.datetime(spec.today.year, spec.today.month, spec.today.day) - _IRAN_UTC_OFFSET
    out: list[DemoRequest] = []
    for item in accounts:
        draw = rng.random()
        if draw >= REQUEST_SHARE + NEW_WATER_SHARE:
            continue
        account: DemoAccount = resolve(item) if resolve is not None else item  # type: ignore[assignment]
        subject: DemoAccount | None
        if draw < NEW_WATER_SHARE:
            rtype, subject = RequestType.NEW_WATER, None
            who = people.person(rng, with_mobile=1.0)
            where = people.place(rng)
            applicant = (people.full_name(who), who.national_code, who.mobile)
            address = (where.postal_code, where.address, where.in_village)
        else:
            rtype, subject = _AFTER_SALES.pick(rng), account
            if rtype is RequestType.NEW_SEWER and account.sewer is not None:
                rtype = RequestType.METER_TEST
            name = f"{account.first_name} {account.last_name}"
            applicant = (name, account.national_code, account.mobile)
            prop = account.property
            address = (prop.postal_code, prop.address, prop.in_village)
        finished = rng.random() < FINISHED_SHARE
        # Registered 3–60 days ago during office hours (Iran time 08:00–13:00).
        created = now - dt.timedelta(days=3 + int(rng.random() * 57))
        created += dt.timedelta(hours=8 + rng.random() * 5)
        stages, last = _history(rng, rtype, created, finished)
        if last >= now:  # squeeze a long history into the time before today
            span = (last - created) / (now - dt.timedelta(hours=1) - created)
            stages = [s._replace(at=created + (s.at - created) / span) for s in stages]
            last = stages[-1].at
        serial = block * SERIALS_PER_BLOCK + len(out) + 1
        quote = quote_fees(rtype, fees)
        out.append(
            DemoRequest(
                serial=serial,
                uuid=gen.uuid(UUID_REQUEST, serial),
                tracking_code=make_tracking_code(spec.branch_code, serial),
                type=rtype.value,
                stage=stages[-1].stage,
                account_number=subject.number if subject is not None else None,
                applicant_name=applicant[0],
                applicant_national_code=applicant[1],
                applicant_mobile=applicant[2],
                postal_code=address[0],
                address=address[1],
                in_village=address[2],
                details=_details(rng, rtype, subject),
                fee_rials=quote.service_fee_rials,
                counter_fee_rials=quote.counter_fee_rials,
                created_by=names.COUNTER_USERS[0][0],
                created_at=created,
                updated_at=last,
                stages=tuple(stages),
            )
        )
    return out

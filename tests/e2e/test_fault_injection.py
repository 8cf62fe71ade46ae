"""Randomized fault injection: the desk's sync client against the real central server.

Each round the desk takes payments, meter readings and service requests; then the link fails
in one of several ways (a fault proxy in front of the server, the server killed with SIGKILL and
started again, the desk's ``pishkhan sync --once`` process killed with SIGKILL mid-push and run
again); then one clean sync. After it every record is on the server exactly once, with the same
amounts (documents complete, with the same SHA-256, linked to their request), and the desk's
outbox is empty.

``PISHKHAN_FAULT_SEED`` (random when unset; printed on failure) and ``PISHKHAN_FAULT_ROUNDS``
(default 8: each kind of fault at least once) select the run; ``PISHKHAN_FAULT_ROUNDS=1000``
for a long soak.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import keyring
import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session

from pishkhan.central import db as central_db
from pishkhan.config import save_config
from pishkhan.domain.requests import make_tracking_code
from pishkhan.paths import data_paths
from pishkhan.services.context import AppContext, open_context
from pishkhan.services.payments import record_bill_payment
from pishkhan.store import repo
from pishkhan.store.models import Document, OutboxEntry, Request
from pishkhan.sync.client import SyncClient

from ..central.server import CentralProcess
from .faultproxy import FAULTS, FaultProxy
from .filekeyring import FileKeyring

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("PISHKHAN_FAULT_SEED") or random.SystemRandom().randrange(10**9))
ROUNDS = int(os.environ.get("PISHKHAN_FAULT_ROUNDS") or 8)
TIMEOUT = 0.5  # the desk's HTTP timeout while faults are injected (seconds)
DOCUMENTS = ["birth_certificate", "national_id_card", "property_deed", "request_form"]
SCENARIOS = ("proxy", "refused", "server_killed", "client_killed")
WEIGHTS = (0.76, 0.1, 0.06, 0.08)
LATER = dt.datetime(2100, 1, 1)  # "send now": past any backoff
CHUNK = 32 * 1024  # small upload chunks, so that faults land in the middle of a document


@dataclass
class Desk:
    """What the desk created, as the desk has it."""

    payments: dict[str, int] = field(default_factory=dict)  # uuid → amount
    readings: dict[str, tuple[str, int]] = field(default_factory=dict)  # uuid → (number, value)
    requests: dict[str, str] = field(default_factory=dict)  # uuid → applicant
    # uuid → (sha256, size, the request's uuid or None)
    documents: dict[str, tuple[str, int, str | None]] = field(default_factory=dict)


@dataclass
class Seeded:
    payments: int
    bills: int
    requests: int


@dataclass
class World:
    rng: random.Random
    server: CentralProcess
    proxy: FaultProxy
    ctx: AppContext
    client: SyncClient  # short timeout, used while faults are injected
    clean: SyncClient  # the ordinary timeout, for the clean final sync
    central: Engine
    keyring_file: Path
    seeded: Seeded
    created: Desk = field(default_factory=Desk)
    desk_process: subprocess.Popen[bytes] | None = None


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    rng = random.Random(SEED)
    server = CentralProcess(tmp_path / "central", subscribers=max(300, min(ROUNDS, 1500)))
    server.start()
    proxy = FaultProxy(server.port, client_timeout=TIMEOUT, seed=rng.randrange(10**9))
    proxy.listen()
    keyring_file = tmp_path / "keyring.json"
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring(keyring_file))
    ctx = open_context(data_paths(tmp_path / "desk"))
    ctx.config.raw["central"]["url"] = proxy.url
    ctx.config.raw["central"]["timeout_seconds"] = TIMEOUT
    save_config(ctx.paths, ctx.config)
    client = SyncClient(ctx, proxy.url, rng=rng.random, chunk_size=CHUNK)
    clean = SyncClient(ctx, proxy.url, http=httpx.Client(timeout=30))
    central = create_engine(server.db_url)
    with Session(central) as session:
        seeded = Seeded(
            payments=_count(session, central_db.Payment),
            bills=_count(session, central_db.Bill),
            requests=_count(session, central_db.Request),
        )
    found = World(rng, server, proxy, ctx, client, clean, central, keyring_file, seeded)
    try:
        client.register(server.secret)
        assert client.pull_once().ok  # the desk starts with the subscribers, as a desk does
        yield found
    finally:
        if found.desk_process is not None and found.desk_process.poll() is None:
            found.desk_process.kill()
            found.desk_process.wait()
        client.close()
        clean.http.close()
        proxy.close()
        server.stop()
        central.dispose()
        ctx.close()
        keyring.set_keyring(previous)


def _count(session: Session, table: type[central_db.Base]) -> int:
    return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_every_record_arrives_exactly_once_under_faults(world: World) -> None:
    print(f"PISHKHAN_FAULT_SEED={SEED} PISHKHAN_FAULT_ROUNDS={ROUNDS}")
    started = time.monotonic()
    spent: dict[str, float] = {}
    for number in range(ROUNDS):
        scenario = (
            SCENARIOS[number]
            if number < len(SCENARIOS)
            else world.rng.choices(SCENARIOS, WEIGHTS)[0]
        )
        began = time.monotonic()
        try:
            _create_records(world)
            FAULTY[scenario](world)
            _clean_sync(world)
            _check(world)
        except BaseException as exc:
            raise AssertionError(
                f"fault test failed in round {number} ({scenario}); rerun with "
                f"PISHKHAN_FAULT_SEED={SEED} PISHKHAN_FAULT_ROUNDS={ROUNDS}: {exc!r}"
            ) from exc
        spent[scenario] = spent.get(scenario, 0.0) + time.monotonic() - began
        if (number + 1) % 50 == 0:
            print(f"round {number + 1}: {time.monotonic() - started:.0f} s", flush=True)
    spent_rounded = {k: round(v) for k, v in spent.items()}
    print(
        f"{ROUNDS} rounds in {time.monotonic() - started:.1f} s; "
        f"{len(world.created.payments)} payments, {len(world.created.readings)} readings, "
        f"{len(world.created.requests)} requests, {len(world.created.documents)} documents; "
        f"proxy {world.proxy.stats}; seconds per scenario {spent_rounded}"
    )


# ---------------------------------------------------------------------------------------------
# The desk's records


def _create_records(world: World) -> None:
    rng = world.rng
    payable, readers = _pools(world)
    rng.shuffle(payable)
    rng.shuffle(readers)
    paying = payable[: rng.randint(0, 3)]
    paying_numbers = {number for number, _, _ in paying}
    reading = [r for r in readers if r[0] not in paying_numbers][: rng.randint(0, 2)]
    asking = rng.randint(0, 1) if paying or reading else 1
    for _number, bill_id, payment_id in paying:
        payment = record_bill_payment(
            world.ctx.sessions,
            bill_id=bill_id,
            payment_id=payment_id,
            method=rng.choice(["cash", "card", "pos"]),
        )
        world.created.payments[payment.uuid] = payment.amount_rials
    today = dt.date.today()
    for number, read_on, value, digits in reading:
        day = min(today, read_on + dt.timedelta(days=rng.randint(1, 20)))
        new_value = value + rng.randint(0, 60)
        if day <= read_on or new_value >= 10**digits:
            continue
        item_uuid = str(uuid.uuid4())
        item = {
            "uuid": item_uuid,
            "subscription_no": number,
            "read_on": day.isoformat(),
            "value": new_value,
        }
        with world.ctx.sessions() as session, session.begin():
            repo.outbox_add(session, "reading", item_uuid, item)
        world.created.readings[item_uuid] = (number, new_value)
    for _ in range(asking):
        item_uuid = str(uuid.uuid4())
        name = rng.choice(["مریم احمدی", "علی رضایی", "زهرا کرمانی"])
        item = {
            "uuid": item_uuid,
            "type": "new_water",
            "applicant_name": name,
            "applicant_national_code": "0499370899",
            "address": "کرمان، خیابان شفا",
            "documents": DOCUMENTS,
        }
        with world.ctx.sessions() as session, session.begin():
            request = Request(
                uuid=item_uuid,
                tracking_code=make_tracking_code(1101, len(world.created.requests) + 1),
                type="new_water",
                stage="registered",
                applicant_name=name,
            )
            session.add(request)
            session.flush()
            for _ in range(rng.choice([0, 0, 1, 2])):
                _scan(world, session, request.id, item_uuid)
            repo.outbox_add(session, "request", item_uuid, item)
        world.created.requests[item_uuid] = name
    if rng.random() < 0.2:
        with world.ctx.sessions() as session, session.begin():
            _scan(world, session, None, None)


def _scan(world: World, session: Session, request_id: int | None, owner: str | None) -> None:
    """A scanned document: a file under the desk's data folder, its row and its outbox row."""
    data = world.rng.randbytes(world.rng.randint(1, 200_000))
    uid = str(uuid.uuid4())
    relative = f"documents/{uid}.pdf"
    target = world.ctx.paths.root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    session.add(
        Document(
            uuid=uid,
            request_id=request_id,
            kind="property_deed",
            path=relative,
            sha256=digest,
            size_bytes=len(data),
        )
    )
    repo.outbox_add(session, "document", uid, {"uuid": uid})
    world.created.documents[uid] = (digest, len(data), owner)


def _pools(
    world: World,
) -> tuple[list[tuple[str, str, str]], list[tuple[str, dt.date, int, int]]]:
    """(unpaid latest bills to pay, subscribers owing nothing to read) on the server now."""
    latest = (
        select(central_db.Bill.subscriber_id, func.max(central_db.Bill.id).label("bill"))
        .group_by(central_db.Bill.subscriber_id)
        .subquery()
    )
    payable: list[tuple[str, str, str]] = []
    readers: list[tuple[str, dt.date, int, int]] = []
    with Session(world.central) as session:
        rows = session.execute(
            select(central_db.Subscriber, central_db.Bill)
            .join(latest, latest.c.subscriber_id == central_db.Subscriber.id)
            .join(central_db.Bill, central_db.Bill.id == latest.c.bill)
            .where(central_db.Subscriber.deleted.is_(False))
        ).all()
        for subscriber, bill in rows:
            if bill.status == "issued" and bill.payment_id:
                payable.append((subscriber.subscription_no, bill.bill_id, bill.payment_id))
            elif subscriber.balance_rials == 0 and bill.status in ("paid", "issued"):
                readers.append(
                    (
                        subscriber.subscription_no,
                        bill.read_on,
                        bill.reading,
                        subscriber.meter_digits,
                    )
                )
    return payable, readers


# ---------------------------------------------------------------------------------------------
# Faults


def _random_faults(world: World, probability: float) -> None:
    def choose(_method: str, _path: str) -> str:
        if world.proxy.uniform(0, 1) < probability:
            return world.proxy.pick(list(FAULTS))
        return "pass"

    world.proxy.choose = choose


def _attempts(world: World, count: int) -> None:
    for _ in range(count):
        if world.rng.random() < 0.3:
            world.client.sync_once()
        else:
            world.client.push_once(now=LATER)


def _faults_through_proxy(world: World) -> None:
    _random_faults(world, world.rng.uniform(0.3, 0.9))
    _attempts(world, world.rng.randint(1, 3))


def _connection_refused(world: World) -> None:
    world.proxy.refuse()
    try:
        waiting = _waiting(world)
        report = world.client.push_once(now=LATER)
        assert report.error is not None or waiting == 0, report  # nothing to send: no call
    finally:
        world.proxy.listen()
    _faults_through_proxy(world)


def _server_killed(world: World) -> None:
    fired: list[str] = []

    def kill(stage: str) -> None:
        fired.append(stage)
        world.server.kill()

    def choose(method: str, path: str) -> str:
        return "hook" if method == "POST" and not fired else "pass"

    world.proxy.on_hook = kill
    world.proxy.choose = choose
    try:
        world.client.push_once(now=LATER)
        world.client.push_once(now=LATER)  # the server is down: refused by nobody upstream
    finally:
        world.proxy.drain()  # a kill after the answer went out happens before we look
        world.proxy.on_hook = lambda _stage: None
        if world.server.process is None:
            world.server.start()


def _client_killed(world: World) -> None:
    """``pishkhan sync --once`` in its own process, SIGKILLed in the middle of a push, run again."""
    fired: list[str] = []

    def kill(stage: str) -> None:
        fired.append(stage)
        process = world.desk_process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)

    def choose(method: str, path: str) -> str:
        if method == "POST" and not fired:
            return "hook"
        return world.proxy.pick(["pass", "pass", *FAULTS])

    _due_now(world)
    world.proxy.on_hook = kill
    world.proxy.choose = choose
    try:
        _run_desk_process(world)
    finally:
        world.proxy.drain()
        world.proxy.on_hook = lambda _stage: None
    _random_faults(world, 0.2)
    _due_now(world)
    _run_desk_process(world)  # the desk restarted


def _run_desk_process(world: World) -> int:
    env = dict(
        os.environ,
        PISHKHAN_HOME=str(world.ctx.paths.root),
        PYTHON_KEYRING_BACKEND="tests.e2e.filekeyring.FileKeyring",
        PISHKHAN_TEST_KEYRING=str(world.keyring_file),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    log = world.ctx.paths.root / "desk-sync.log"
    with log.open("ab") as out:
        world.desk_process = subprocess.Popen(
            [sys.executable, "-m", "pishkhan", "sync", "--once"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        code = world.desk_process.wait(timeout=120)
    world.desk_process = None
    assert code in (0, 1, -signal.SIGKILL), log.read_text(errors="replace")
    return code


def _due_now(world: World) -> None:
    """Time passes: every waiting row is due again (the backoff is tested elsewhere)."""
    with world.ctx.sessions() as session, session.begin():
        for row in session.scalars(select(OutboxEntry)):
            row.next_attempt_at = None


FAULTY = {
    "proxy": _faults_through_proxy,
    "refused": _connection_refused,
    "server_killed": _server_killed,
    "client_killed": _client_killed,
}


# ---------------------------------------------------------------------------------------------
# The clean sync and the checks


def _waiting(world: World) -> int:
    with world.ctx.sessions() as session:
        return repo.outbox_pending_count(session)


def _clean_sync(world: World) -> None:
    world.proxy.choose = lambda _method, _path: "pass"
    world.proxy.drain()  # late requests held back by a fault reach the server first
    reports = []
    for _ in range(5):
        report = world.clean.push_once(now=LATER)
        reports.append(report)
        if report.ok:
            break
    assert reports[-1].ok, reports
    with world.ctx.sessions() as session:
        left = [
            (e.record_type, e.state, e.last_error)
            for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.id))
        ]
    assert left == [], left


def _check(world: World) -> None:
    created = world.created
    with Session(world.central) as session:
        payments = {
            p.uuid: p.amount_rials
            for p in session.scalars(
                select(central_db.Payment).where(central_db.Payment.uuid.in_(created.payments))
            )
        }
        assert payments == created.payments
        assert _count(session, central_db.Payment) == world.seeded.payments + len(payments)
        bills = {
            b.reading_uuid: b.reading
            for b in session.scalars(
                select(central_db.Bill).where(central_db.Bill.reading_uuid.in_(created.readings))
            )
        }
        assert bills == {k: value for k, (_number, value) in created.readings.items()}
        assert _count(session, central_db.Bill) == world.seeded.bills + len(bills)
        requests = {
            r.uuid: r.applicant_name
            for r in session.scalars(
                select(central_db.Request).where(central_db.Request.uuid.in_(created.requests))
            )
        }
        assert requests == created.requests
        assert _count(session, central_db.Request) == world.seeded.requests + len(requests)
        documents = {
            d.uuid: (d.sha256, d.size_bytes, d.request_uuid)
            for d in session.scalars(
                select(central_db.Document).where(central_db.Document.complete)
            )
        }
        assert documents == created.documents
        assert _count(session, central_db.Document) == len(documents)
    folder = world.server.home / "central-documents"
    for uid in world.rng.sample(sorted(created.documents), min(3, len(created.documents))):
        assert hashlib.sha256((folder / uid).read_bytes()).hexdigest() == created.documents[uid][0]
    with world.ctx.sessions() as session:
        assert repo.outbox_pending_count(session) == 0

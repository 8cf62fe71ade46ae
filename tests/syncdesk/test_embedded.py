"""The embedded central server: the desk's default when no central URL is configured."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import select

from pishkhan.demo.loader import load_demo_data
from pishkhan.services.context import AppContext
from pishkhan.services.embedded import DATABASE, MARKER, EmbeddedCentral
from pishkhan.services.payments import record_bill_payment
from pishkhan.store.models import Bill, Payment, Subscriber

from .conftest import make_desk, process_gone, refused, wait_for

DEMO = 120


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A machine without any key store (a fresh Debian without Secret Service)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def demo_desk(tmp_path: Path) -> Iterator[AppContext]:
    ctx = make_desk(tmp_path / "desk")
    load_demo_data(ctx.engine, subscribers=DEMO, seed=1405, config=ctx.config, workers=0)
    try:
        yield ctx
    finally:
        ctx.close()


def latest_unpaid_bill(ctx: AppContext) -> Bill:
    """The latest bill of a debtor, with no payment recorded at this desk."""
    with ctx.sessions() as session:
        for subscriber in session.scalars(
            select(Subscriber).where(Subscriber.balance_rials > 0).order_by(Subscriber.id)
        ):
            bill = session.scalar(
                select(Bill)
                .where(Bill.subscriber_id == subscriber.id)
                .order_by(Bill.issued_on.desc())
                .limit(1)
            )
            if bill is None or bill.status != "issued":
                continue
            paid = session.scalar(
                select(Payment.id).where(
                    Payment.bill_id == bill.bill_id, Payment.payment_id == bill.payment_id
                )
            )
            if paid is None:
                return bill
    raise AssertionError("the demo data has no unpaid bill")


def test_embedded_server_has_the_desks_data_and_takes_its_payments(
    demo_desk: AppContext, no_keyring: None
) -> None:
    embedded = EmbeddedCentral.for_context(demo_desk)
    assert embedded is not None  # [central] url is empty by default
    embedded.start()
    try:
        client = embedded.client()
        token = embedded.tokens.get()
        assert token
        # The central system knows exactly the desk's subscribers.
        headers = {"Authorization": f"Bearer {token}"}
        page = httpx.get(
            embedded.url + "/api/v1/subscribers/feed",
            params={"limit": 1000},
            headers=headers,
            timeout=30,
        ).json()
        with demo_desk.sessions() as session:
            local = set(session.scalars(select(Subscriber.subscription_no)))
        assert {s["subscription_no"] for s in page["items"]} == local
        assert len(local) == DEMO

        # A payment of a local bill is accepted, once, with the token held only in memory.
        bill = latest_unpaid_bill(demo_desk)
        record_bill_payment(
            demo_desk.sessions, bill_id=bill.bill_id, payment_id=bill.payment_id, method="pos"
        )
        push, pull = client.sync_once()
        assert (push.accepted, push.attention, push.error, pull.error) == (1, 0, None, None)
        assert client.status().waiting == 0
        client.close()
        for path in (demo_desk.paths.config_file, demo_desk.paths.database):
            assert token.encode() not in path.read_bytes()
        port = embedded.port
    finally:
        embedded.stop()
    assert embedded.process is None and refused(port)

    # Started again: the same central data (not seeded anew), a new registration.
    marker = (embedded.folder / MARKER).read_text()
    mtime = (embedded.folder / DATABASE).stat().st_mtime_ns
    embedded.start()
    try:
        client = embedded.client()
        push, _pull = client.sync_once()
        assert push.error is None and client.status().online is True
        client.close()
    finally:
        embedded.stop()
    assert (embedded.folder / MARKER).read_text() == marker
    assert (embedded.folder / DATABASE).stat().st_mtime_ns >= mtime


PARENT = textwrap.dedent(
    """
    import sys, threading, time
    from pathlib import Path
    from pishkhan.paths import data_paths
    from pishkhan.services.context import open_context
    from pishkhan.services.embedded import EmbeddedCentral

    ctx = open_context(data_paths(Path(sys.argv[1])))
    embedded = EmbeddedCentral(ctx)
    if sys.argv[2] == "worker":  # spawned by a thread that ends: only the stdin pipe is left
        thread = threading.Thread(target=embedded.start)
        thread.start()
        thread.join()
    else:
        embedded.start()
    assert embedded.process is not None
    print(embedded.process.pid, embedded.port, flush=True)
    embedded.wait_ready()
    print("ready", flush=True)
    time.sleep(600)
    """
)


@pytest.mark.parametrize("spawned_from", ["main", "worker"])
def test_embedded_server_does_not_outlive_a_killed_desk(tmp_path: Path, spawned_from: str) -> None:
    script = tmp_path / "desk.py"
    script.write_text(PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "home"), spawned_from],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    try:
        pid_text, port_text = parent.stdout.readline().split()
        child, port = int(pid_text), int(port_text)
        assert parent.stdout.readline().strip() == "ready"
        assert not process_gone(child) and not refused(port)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    assert wait_for(lambda: process_gone(child), 60), "the central server outlived the desk"
    assert refused(port)

"""Push, pull, locking and token handling of the sync client against the real central server."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, func, select

from pishkhan.domain.ids import InvalidId
from pishkhan.services.context import AppContext
from pishkhan.services.payments import PaymentRefused, record_bill_payment
from pishkhan.store import repo
from pishkhan.store.models import OutboxEntry, Payment, Subscriber, SyncCursor
from pishkhan.sync.client import LOCK_FILE, SyncClient
from pishkhan.sync.lock import SyncLock
from pishkhan.sync.tokens import SERVICE, KeyringTokenStore

from .conftest import SECRET, SUBSCRIBERS, Central, MemoryKeyring

PERSIAN = re.compile(r"[\u0600-\u06FF]")


def at(day: int) -> dt.datetime:
    """A payment instant on its own business day, so each test reconciles alone."""
    return dt.datetime(2031, 1, day, 8, 0, tzinfo=dt.UTC)


def pay(ctx: AppContext, bill: dict[str, Any], day: int) -> Payment:
    return record_bill_payment(
        ctx.sessions,
        bill_id=bill["bill_id"],
        payment_id=bill["payment_id"],
        method="cash",
        now=at(day),
    )


def outbox(ctx: AppContext) -> list[OutboxEntry]:
    with ctx.sessions() as session:
        return list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.id)))


def server_view(url: str, token: str, bill: dict[str, Any], day: int) -> tuple[str, int]:
    """(status of the bill's latest bill, this desk's payments on ``day``) on the server."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url + "/api/v1", headers=headers, timeout=30) as http:
        latest = http.get(f"/subscribers/{bill['subscription_no']}/bills/latest").json()
        recon = http.get(f"/reconciliation/{at(day).date().isoformat()}").json()
    return latest["status"], recon["desk_payments_count"]


def token_of(client: SyncClient) -> str:
    token = client.tokens.get()
    assert token
    return token


def test_payment_taken_while_server_down_arrives_exactly_once(
    desk: AppContext, tmp_path: Path
) -> None:
    server = Central(tmp_path / "central-down")
    server.home.mkdir()
    server.start()
    sync = SyncClient(desk, server.url)
    try:
        sync.register(SECRET)
        headers = {"Authorization": f"Bearer {token_of(sync)}"}
        feed = httpx.get(server.url + "/api/v1/subscribers/feed", headers=headers).json()
        number = next(s["subscription_no"] for s in feed["items"] if s["balance_rials"] > 0)
        bill = httpx.get(
            f"{server.url}/api/v1/subscribers/{number}/bills/latest", headers=headers
        ).json()
        server.stop()

        payment = pay(desk, bill, 1)
        with desk.sessions() as session:
            assert repo.outbox_pending_count(session) == 1
        report = sync.push_once()
        assert report.error and PERSIAN.search(report.error)
        assert report.deferred == 1
        [entry] = outbox(desk)
        assert entry.record_uuid == payment.uuid
        assert entry.attempts == 1 and entry.next_attempt_at is not None
        assert sync.status().online is False and sync.status().waiting == 1

        server.start()
        # The backoff holds the record back; the clerk's "send now" ignores it.
        later = entry.next_attempt_at + dt.timedelta(seconds=1)
        report = sync.push_once(now=later)
        assert report.ok and report.accepted == 1, report
        assert outbox(desk) == []
        assert server_view(server.url, token_of(sync), bill, 1) == ("paid", 1)
        assert sync.status().online is True and sync.status().waiting == 0
    finally:
        sync.close()
        server.stop()


def test_lost_response_is_sent_again_and_not_duplicated(
    desk: AppContext, client: SyncClient, central: Central, unpaid_bills: list[dict[str, Any]]
) -> None:
    bill = unpaid_bills.pop()
    pay(desk, bill, 2)
    [entry] = outbox(desk)
    assert client.push_once().accepted == 1
    assert outbox(desk) == []
    # The response was lost: the outbox row is still there, as it was before the push.
    with desk.sessions() as session, session.begin():
        repo.outbox_add(session, entry.record_type, entry.record_uuid, entry.payload)
    again = client.push_once()
    assert again.ok and again.accepted + again.duplicate == 1
    assert outbox(desk) == []
    assert client.push_once().accepted == 0
    assert server_view(central.url, token_of(client), bill, 2) == ("paid", 1)


def test_one_bad_record_does_not_block_the_batch(
    desk: AppContext, client: SyncClient, central: Central, unpaid_bills: list[dict[str, Any]]
) -> None:
    good, paid_elsewhere = unpaid_bills.pop(), unpaid_bills.pop()
    pay(desk, paid_elsewhere, 3)
    assert client.push_once().accepted == 1
    with desk.sessions() as session:  # paid again (after a local void, say): refused centrally
        session.execute(delete(Payment))
        session.commit()
    pay(desk, paid_elsewhere, 3)
    bad_uuid = str(uuid.uuid4())
    with desk.sessions() as session, session.begin():
        # A record whose payment ID does not match the bill ID (check digits disagree).
        payload = {
            "uuid": bad_uuid,
            "bill_id": good["bill_id"],
            "payment_id": "1" + good["payment_id"],
            "amount_rials": 1000,
            "method": "cash",
            "paid_at": "2031-01-03T08:00:00Z",
            "business_day": "2031-01-03",
        }
        repo.outbox_add(session, "payment", bad_uuid, payload)
    pay(desk, good, 3)

    report = client.push_once()
    assert (report.accepted, report.attention) == (1, 2), report
    status = client.status()
    assert status.waiting == 0
    assert {a.record_uuid for a in status.attention} >= {bad_uuid}
    for item in status.attention:
        assert item.reason and PERSIAN.search(item.reason)
    assert server_view(central.url, token_of(client), good, 3) == ("paid", 2)
    # Needing attention is never retried by itself.
    assert client.push_once().attention == 0
    assert len(outbox(desk)) == 2

    target = desk.paths.root / "unsent.json"
    assert client.export_unsent(target) == 2
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert {r["record_uuid"] for r in exported["records"]} >= {bad_uuid}
    assert all(r["state"] == "attention" for r in exported["records"])


def test_wrong_token_stops_and_deletes_nothing(
    desk: AppContext, client: SyncClient, unpaid_bills: list[dict[str, Any]]
) -> None:
    pay(desk, unpaid_bills.pop(), 4)
    client.tokens.set("not-the-token")
    report = client.push_once()
    assert report.auth_error and report.error and PERSIAN.search(report.error)
    [entry] = outbox(desk)
    assert entry.state == "pending" and entry.attempts == 0
    assert client.status().token_problem
    assert client.pull_once().auth_error
    client.register(SECRET)
    assert client.push_once().accepted == 1
    assert not client.status().token_problem


def test_reading_is_pushed_to_its_endpoint(
    desk: AppContext, client: SyncClient, unpaid_bills: list[dict[str, Any]]
) -> None:
    owing = {b["subscription_no"] for b in unpaid_bills}
    headers = {"Authorization": f"Bearer {token_of(client)}"}
    with httpx.Client(base_url=client.base_url, headers=headers) as http:
        feed = http.get("/subscribers/feed", params={"limit": 1000}).json()
        number = next(
            s["subscription_no"] for s in feed["items"] if s["subscription_no"] not in owing
        )
        last = http.get(f"/subscribers/{number}/bills/latest").json()
    assert dt.date.fromisoformat(last["read_on"]) < dt.date.today()
    reading_uuid = str(uuid.uuid4())
    item = {
        "uuid": reading_uuid,
        "subscription_no": number,
        "read_on": dt.date.today().isoformat(),
        "value": last["reading"] + 25,
    }
    with desk.sessions() as session, session.begin():
        repo.outbox_add(session, "reading", reading_uuid, item)
    report = client.push_once()
    assert report.ok and report.accepted == 1, (report, client.status())
    assert outbox(desk) == []


def test_pull_pages_and_cursor(tmp_path: Path, central: Central) -> None:
    from .conftest import make_desk

    ctx = make_desk(tmp_path / "fresh")
    sync = SyncClient(ctx, central.url, feed_page=200)
    try:
        sync.register(SECRET)
        first = sync.pull_once(max_pages=1)
        assert (first.pages, first.applied) == (1, 200)
        cursor = sync.cursor()
        assert cursor
        rest = sync.pull_once()
        assert rest.ok and rest.pages == 1 and rest.applied == SUBSCRIBERS - 200
        with ctx.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Subscriber)) == SUBSCRIBERS
            saved = session.get(SyncCursor, "subscribers")
            assert saved is not None and saved.cursor != cursor
            one = repo.find_by_subscription_no(session, "10000002")
            assert one is not None and one.property.city
            # The computer code arrives with the feed, so a clerk can find the subscriber by it.
            assert one.computer_code.isdigit()
            assert repo.find_by_computer_code(session, one.computer_code) == one
            # A pulled subscriber is found by name at the counter (the search index follows).
            found = repo.search_by_name(session, f"{one.first_name} {one.last_name}", limit=500)
            assert one in found
        again = sync.pull_once()
        assert again.ok and again.applied == 0
    finally:
        sync.close()
        ctx.close()


def test_two_concurrent_pushes_send_each_record_once(
    desk: AppContext, central: Central, unpaid_bills: list[dict[str, Any]]
) -> None:
    bills = [unpaid_bills.pop() for _ in range(12)]
    for bill in bills:
        pay(desk, bill, 5)
    sent: list[str] = []
    lock = threading.Lock()

    def count(request: httpx.Request) -> None:
        if request.url.path.endswith("/payments:batch"):
            with lock:
                sent.extend(i["uuid"] for i in json.loads(request.content)["items"])

    clients = [
        SyncClient(desk, central.url, http=httpx.Client(event_hooks={"request": [count]}))
        for _ in range(2)
    ]
    clients[0].register(SECRET)
    clients[1].tokens.set(token_of(clients[0]))
    barrier = threading.Barrier(2)
    reports: list[Any] = []

    def run(sync: SyncClient) -> None:
        barrier.wait()
        for _ in range(5):
            reports.append(sync.push_once())

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for sync in clients:
        sync.http.close()
    assert sorted(sent) == sorted({e for e in sent}) and len(sent) == 12
    assert sum(r.accepted for r in reports) == 12
    assert outbox(desk) == []
    token = token_of(clients[0])
    assert all(server_view(central.url, token, b, 5)[0] == "paid" for b in bills)
    assert server_view(central.url, token, bills[0], 5)[1] == 12


def test_another_process_holding_the_lock_makes_push_wait(
    desk: AppContext, client: SyncClient, unpaid_bills: list[dict[str, Any]]
) -> None:
    pay(desk, unpaid_bills.pop(), 6)
    path = desk.paths.root / LOCK_FILE
    code = (
        "import sys, time; from pathlib import Path; from pishkhan.sync.lock import SyncLock; "
        "lock = SyncLock(Path(sys.argv[1])); assert lock.acquire(); print('held', flush=True); "
        "sys.stdin.readline()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert client.push_once().busy
        assert client.pull_once().busy
        assert not SyncLock(path).acquire()
        assert len(outbox(desk)) == 1
    finally:
        holder.communicate("\n", timeout=10)
    assert client.push_once().accepted == 1


def test_token_is_only_in_the_key_store(
    desk: AppContext,
    client: SyncClient,
    memory_keyring: MemoryKeyring,
    unpaid_bills: list[dict[str, Any]],
) -> None:
    pay(desk, unpaid_bills.pop(), 7)
    assert client.push_once().accepted == 1
    client.pull_once(max_pages=1)
    [(service, _account)] = memory_keyring.passwords
    assert service == SERVICE
    token = token_of(client).encode()
    desk.engine.dispose()
    for path in desk.paths.root.rglob("*"):
        if path.is_file():
            assert token not in path.read_bytes(), path


def test_no_key_store_gives_a_persian_error(desk: AppContext) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    sync = SyncClient(desk, "http://127.0.0.1:9", token_store=KeyringTokenStore("x"))
    try:
        report = sync.push_once()
        assert report.auth_error and report.error and "keyring" in report.error
        assert PERSIAN.search(report.error)
    finally:
        sync.close()


def test_record_bill_payment_rules(desk: AppContext, unpaid_bills: list[dict[str, Any]]) -> None:
    bill = unpaid_bills[0]  # nothing is sent: the bill stays available to other tests
    with pytest.raises(InvalidId):
        record_bill_payment(
            desk.sessions, bill_id=bill["bill_id"], payment_id="12345", method="cash"
        )
    payment = pay(desk, bill, 8)
    assert payment.amount_rials == bill["payable_rials"] and payment.kind == "bill"
    assert payment.business_day == dt.date(2031, 1, 8)
    with pytest.raises(PaymentRefused, match="پرداخت شده"):
        pay(desk, bill, 8)
    [entry] = outbox(desk)
    assert entry.record_uuid == payment.uuid
    assert entry.payload["amount_rials"] == bill["payable_rials"]
    with desk.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 1


def test_tls_verification_cannot_be_switched_off(desk: AppContext) -> None:
    from pishkhan.sync.client import SyncError

    desk.config.raw["central"]["verify_tls"] = False
    with pytest.raises(SyncError, match="TLS"):
        SyncClient(desk, "https://central.example")


def test_cli_sync_once(
    tmp_path: Path,
    central: Central,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    unpaid_bills: list[dict[str, Any]],
) -> None:
    from pishkhan.cli import main
    from pishkhan.config import save_config

    from .conftest import make_desk

    home = tmp_path / "cli"
    monkeypatch.setenv("PISHKHAN_HOME", str(home))
    assert main(["sync", "--once"]) == 2  # no central URL configured yet
    assert "central" in capsys.readouterr().err

    ctx = make_desk(home)
    ctx.config.raw["central"]["url"] = central.url
    save_config(ctx.paths, ctx.config)
    pay(ctx, unpaid_bills.pop(), 9)
    ctx.close()
    assert main(["sync", "--once"]) == 1  # not registered: nothing sent
    assert "ثبت" in capsys.readouterr().err
    assert main(["sync", "--once", "--register", SECRET]) == 0
    out = capsys.readouterr().out
    assert "sent 1" in out and "waiting 0" in out
    assert SECRET not in (home / "config.toml").read_text(encoding="utf-8")
    assert main(["sync", "--export-unsent", str(tmp_path / "unsent.json")]) == 0
    assert json.loads((tmp_path / "unsent.json").read_text(encoding="utf-8"))["records"] == []


def test_a_payment_for_a_closed_day_is_rescued_and_leaves_the_outbox(
    desk: AppContext, client: SyncClient, central: Central, unpaid_bills: list[dict[str, Any]]
) -> None:
    pay(desk, unpaid_bills.pop(), 10)
    with central.admin(central.admin_token) as admin:
        closed = admin.post(f"/admin/reconciliation/{at(10).date().isoformat()}/close")
        assert closed.status_code == 200, closed.text
    report = client.push_once()
    assert report.ok and (report.rescued, report.attention) == (1, 0), report
    assert outbox(desk) == []
    assert client.status().attention == []


def test_pulled_page_keeps_pending_local_edits_and_closes_tombstones(
    desk: AppContext, client: SyncClient
) -> None:
    from pishkhan.sync import schemas as api
    from pishkhan.sync.reports import PullReport

    assert client.pull_once().ok
    with desk.sessions() as session:
        edited = repo.find_by_subscription_no(session, "10000002")
        renamed = repo.find_by_subscription_no(session, "10000003")
        gone = repo.find_by_subscription_no(session, "10000004")
        assert edited is not None and renamed is not None and gone is not None
        edited_name, renamed_uuid = edited.first_name, renamed.uuid
        item = api.Subscriber.model_validate(
            {
                "subscription_no": renamed.subscription_no,
                "computer_code": renamed.computer_code,
                "bill_id": renamed.bill_id,
                "first_name": "زرتشت",
                "last_name": renamed.last_name,
                "status": "active",
                "use": renamed.property.use,
                "units": renamed.property.units,
                "diameter": "1/2",
                "has_sewer": False,
                "city": renamed.property.city,
                "address": renamed.property.address,
                "postal_code": renamed.property.postal_code or "",
                "meter_digits": 5,
                "balance_rials": 0,
                "revision": renamed.server_rev + 1,
            }
        )
    with desk.sessions() as session, session.begin():
        repo.outbox_add(session, "subscriber", edited.uuid, {"first_name": edited_name})
    other = item.model_copy(update={"subscription_no": "10000002", "first_name": "غریبه"})
    page = api.FeedPage(
        items=[item, other], tombstones=["10000004"], next_cursor="c-test", has_more=False
    )
    report = PullReport()
    client._puller.apply_page(page, report)
    assert (report.applied, report.skipped, report.removed) == (1, 1, 1)
    with desk.sessions() as session:
        kept = repo.find_by_subscription_no(session, "10000002")
        assert kept is not None and kept.first_name == edited_name  # the local edit waits
        closed = repo.find_by_subscription_no(session, "10000004")
        assert closed is not None and closed.status == "closed"
        found = repo.search_by_name(session, "زرتشت")
        assert [s.uuid for s in found] == [renamed_uuid]
        assert not repo.search_by_name(session, "غریبه")
        saved = session.get(SyncCursor, "subscribers")
        assert saved is not None and saved.cursor == "c-test"

"""Documents and requests pushed by the sync client: chunked upload that resumes, SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from pathlib import Path

import httpx

from pishkhan.services.context import AppContext
from pishkhan.store import repo
from pishkhan.store.models import Document, OutboxEntry, Request
from pishkhan.sync.client import SyncClient

from .conftest import SECRET, Central

DOCUMENTS = ["birth_certificate", "national_id_card", "property_deed", "request_form"]


class FlakyTransport(httpx.HTTPTransport):
    """The real network, but the connection drops on the ``fail_on``-th chunk."""

    def __init__(self, fail_on: int) -> None:
        super().__init__()
        self.fail_on = fail_on
        self.chunks: list[int] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":
            self.chunks.append(int(request.url.params["offset"]))
            if len(self.chunks) == self.fail_on:
                raise httpx.ConnectError("link dropped", request=request)
        return super().handle_request(request)


def _scan(ctx: AppContext, data: bytes, *, request_id: int | None = None) -> str:
    """A scanned document as the desk keeps it: a file under the data folder and its row."""
    uid = str(uuid.uuid4())
    relative = f"documents/{uid}.pdf"
    target = ctx.paths.root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    with ctx.sessions() as session, session.begin():
        session.add(
            Document(
                uuid=uid,
                request_id=request_id,
                kind="property_deed",
                path=relative,
                sha256=hashlib.sha256(data).hexdigest(),
                size_bytes=len(data),
            )
        )
        repo.outbox_add(session, "document", uid, {"uuid": uid})
    return uid


def _new_water_request(desk: AppContext, tracking_code: str) -> tuple[str, int]:
    """A registered request and its outbox row, as the desk writes them; (uuid, row id)."""
    request_uuid = str(uuid.uuid4())
    with desk.sessions() as session, session.begin():
        row = Request(
            uuid=request_uuid,
            tracking_code=tracking_code,
            type="new_water",
            stage="registered",
            applicant_name="مریم احمدی",
        )
        session.add(row)
        session.flush()
        payload = {
            "uuid": request_uuid,
            "type": "new_water",
            "applicant_name": "مریم احمدی",
            "applicant_national_code": "0499370899",
            "documents": DOCUMENTS,
        }
        repo.outbox_add(session, "request", request_uuid, payload)
        return request_uuid, row.id


def _server_document(central: Central, token: str, uid: str) -> dict[str, object]:
    with central.client(token) as http:
        answer = http.get(f"/documents/{uid}")
        assert answer.status_code == 200, answer.text
        found: dict[str, object] = answer.json()
        return found


def test_a_dropped_upload_resumes_where_the_server_stopped(
    desk: AppContext, central: Central, tmp_path: Path
) -> None:
    data = os.urandom(100_000)
    uid = _scan(desk, data)
    transport = FlakyTransport(fail_on=3)
    sync = SyncClient(
        desk, central.url, http=httpx.Client(transport=transport, timeout=30), chunk_size=16_384
    )
    try:
        sync.register(SECRET)
        token = sync.tokens.get()
        assert token
        first = sync.push_once()
        assert first.deferred == 1 and first.error, first
        held = _server_document(central, token, uid)
        assert held["received_bytes"] == 2 * 16_384 and not held["complete"]
        second = sync.push_once(now=dt.datetime(2100, 1, 1))  # past the backoff
        assert second.ok and second.accepted == 1, second
        # The second push started at the server's offset: only the lost chunk went twice.
        assert transport.chunks[:3] == [0, 16_384, 32_768]
        assert transport.chunks[3:] == list(range(2 * 16_384, len(data), 16_384))
        held = _server_document(central, token, uid)
        assert held["complete"] and held["sha256"] == hashlib.sha256(data).hexdigest()
        with desk.sessions() as session:
            assert session.query(OutboxEntry).count() == 0
    finally:
        sync.http.close()


def test_a_request_goes_after_its_documents_and_lists_them(
    desk: AppContext, client: SyncClient, central: Central
) -> None:
    _, request_id = _new_water_request(desk, "110100099991")
    docs = [_scan(desk, os.urandom(3000), request_id=request_id) for _ in range(2)]
    report = client.push_once()
    assert report.ok and report.accepted == 3, report
    token = client.tokens.get()
    assert token
    with central.client(token) as http:
        feed = http.get("/documents/" + docs[0]).json()
        assert feed["complete"]
    with desk.sessions() as session:
        assert session.query(OutboxEntry).count() == 0


def test_a_document_whose_file_changed_needs_attention(
    desk: AppContext, client: SyncClient
) -> None:
    uid = _scan(desk, b"the scan as recorded")
    with desk.sessions() as session:
        doc = session.query(Document).filter_by(uuid=uid).one()
        (desk.paths.root / doc.path).write_bytes(b"the scan after someone edited the file")
    report = client.push_once()
    assert report.attention == 1, report
    [item] = client.status().attention
    assert item.record_uuid == uid and item.reason and "SHA-256" in item.reason


def test_a_request_whose_document_needs_attention_is_flagged_not_retried(
    desk: AppContext, client: SyncClient
) -> None:
    request_uuid, request_id = _new_water_request(desk, "110100099992")
    uid = _scan(desk, b"the deed as scanned", request_id=request_id)
    with desk.sessions() as session:
        doc = session.query(Document).filter_by(uuid=uid).one()
        (desk.paths.root / doc.path).write_bytes(b"the deed after someone edited the file")
    report = client.push_once()
    assert report.attention == 2 and report.deferred == 0, report
    reasons = {item.record_uuid: item.reason or "" for item in client.status().attention}
    assert "SHA-256" in reasons[uid]
    assert "سند «سند مالکیت»" in reasons[request_uuid], reasons
    again = client.push_once()  # nothing is sent again by itself
    assert again.attention == 0 and again.accepted == 0 and again.deferred == 0, again


class GatewayTransport(httpx.HTTPTransport):
    """The real server behind a gateway that answers request submissions with its own page."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = super().handle_request(request)
        if request.method == "POST" and request.url.path.endswith("/requests"):
            answer.read()
            return httpx.Response(200, text="<html>welcome</html>", request=request)
        return answer


def test_a_2xx_that_is_not_the_servers_answer_keeps_the_request(
    desk: AppContext, central: Central
) -> None:
    """Found by the fault test: a request lost when a gateway's 200 hid the server's 424."""
    request_uuid = str(uuid.uuid4())
    payload = {
        "uuid": request_uuid,
        "type": "new_water",
        "applicant_name": "علی رضایی",
        "applicant_national_code": "0499370899",
        "documents": DOCUMENTS,
    }
    with desk.sessions() as session, session.begin():
        repo.outbox_add(session, "request", request_uuid, payload)
    sync = SyncClient(desk, central.url, http=httpx.Client(transport=GatewayTransport()))
    try:
        sync.register(SECRET)
        report = sync.push_once()
        assert report.deferred == 1 and report.accepted == 0, report
        with desk.sessions() as session:
            assert session.query(OutboxEntry).count() == 1
    finally:
        sync.http.close()

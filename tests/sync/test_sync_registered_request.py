"""A request registered at the counter reaches the real central server with its documents, and
the server answers for it under the tracking code the citizen was given at the desk."""

from __future__ import annotations

import uuid
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from pishkhan.domain.persian import to_persian_digits
from pishkhan.domain.requests import DocumentKind, RequestType, make_tracking_code
from pishkhan.services.auth import Role, SignedIn
from pishkhan.services.context import AppContext
from pishkhan.services.request_documents import store_document
from pishkhan.services.requests import Applicant, desk_serial_range, register_request
from pishkhan.store.models import OutboxEntry, Subscriber, User
from pishkhan.sync.client import SyncClient

from .conftest import Central

KINDS = (DocumentKind.REQUEST_FORM, DocumentKind.NATIONAL_ID_CARD, DocumentKind.LATEST_PAID_BILL)


def _clerk(ctx: AppContext) -> SignedIn:
    with ctx.sessions() as session, session.begin():
        user = User(username="clerk", full_name="متصدی باجه", role="clerk", password_hash="-")
        session.add(user)
        session.flush()
        return SignedIn(user.id, user.username, user.full_name, Role.CLERK)


def test_a_registered_request_and_its_documents_reach_the_server(
    desk: AppContext, client: SyncClient, central: Central, tmp_path: Path
) -> None:
    pulled = client.pull_once()
    assert pulled.ok, pulled
    with desk.sessions() as session:
        subscriber = session.scalars(select(Subscriber).order_by(Subscriber.id).limit(1)).one()
        session.expunge(subscriber)
    docs = []
    for index, kind in enumerate(KINDS):
        photo = tmp_path / f"{kind.value}.png"
        Image.new("L", (300 + index, 200), 230).save(photo)
        docs.append(store_document(desk.paths.root, kind, photo))
    done = register_request(
        desk,
        _clerk(desk),
        subscriber.id,
        RequestType.METER_TEST,
        {"description": "کنتور صدا می‌دهد"},
        docs,
        Applicant(f"{subscriber.first_name} {subscriber.last_name}", "0499370899"),
    )

    report = client.push_once()
    assert report.ok and report.accepted == 4, report
    with desk.sessions() as session:
        assert session.query(OutboxEntry).count() == 0
    token = client.tokens.get()
    assert token
    with central.client(token) as http:
        answer = http.get(f"/requests/{done.tracking_code}")
        assert answer.status_code == 200, answer.text
        status = answer.json()
        assert status["uuid"] == done.uuid and status["tracking_code"] == done.tracking_code
        assert status["type"] == "meter_test" and status["stage"] == "registered"
        assert status["subscription_no"] == subscriber.subscription_no
        assert sorted(status["document_uuids"]) == sorted(d.uuid for d in docs)
        for doc in docs:
            held = http.get(f"/documents/{doc.uuid}").json()
            assert held["complete"] and held["sha256"] == doc.sha256


def test_the_server_keeps_desk_codes_apart(central: Central) -> None:
    """A desk's code is refused for another request (409) and from another branch (422)."""
    token = central.register_token(desk_no=7)
    code = make_tracking_code(1101, desk_serial_range(7)[-1])
    item = {
        "uuid": str(uuid.uuid4()),
        "type": "new_water",
        "applicant_name": "مریم احمدی",
        "applicant_national_code": "0499370899",
        "documents": ["birth_certificate", "national_id_card", "property_deed", "request_form"],
        "tracking_code": to_persian_digits(code),
    }
    with central.client(token) as http:
        first = http.post("/requests", json=item)
        assert first.status_code == 200, first.text
        assert first.json()["tracking_code"] == code
        assert http.post("/requests", json=item).json() == first.json()  # same UUID: replayed
        again = http.post("/requests", json={**item, "uuid": str(uuid.uuid4())})
        assert again.status_code == 409 and "کد رهگیری" in again.json()["detail"]
        other = make_tracking_code(1102, desk_serial_range(7)[0])
        foreign = http.post(
            "/requests", json={**item, "uuid": str(uuid.uuid4()), "tracking_code": other}
        )
        assert foreign.status_code == 422 and "کد شعبه" in foreign.json()["detail"]
        plain = http.post(
            "/requests", json={**item, "uuid": str(uuid.uuid4()), "tracking_code": None}
        )
        assert plain.status_code == 200
        assert int(plain.json()["tracking_code"][4:11]) < desk_serial_range(1)[0]

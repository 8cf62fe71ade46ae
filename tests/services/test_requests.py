"""Registering an after-sales request at the counter: one transaction, refusals, tracking codes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import img2pdf
import pytest
from PIL import Image
from sqlalchemy import func, select

from pishkhan.domain.requests import DocumentKind, RequestType, parse_tracking_code
from pishkhan.services import audit
from pishkhan.services.auth import PermissionDenied
from pishkhan.services.context import AppContext
from pishkhan.services.request_documents import AttachedDocument, DocumentRefused, store_document
from pishkhan.services.requests import (
    REQUEST_REGISTERED,
    Applicant,
    RequestRefused,
    desk_serial_range,
    register_request,
    request_options,
)
from pishkhan.store.models import (
    AuditEvent,
    Connection,
    Document,
    OutboxEntry,
    Request,
    RequestStage,
    Subscriber,
)
from pishkhan.sync.schemas import RequestSubmit

from .conftest import signed_in

METER_TEST_DOCS = (
    DocumentKind.REQUEST_FORM,
    DocumentKind.NATIONAL_ID_CARD,
    DocumentKind.LATEST_PAID_BILL,
)


def sample_pdf(folder: Path, name: str = "paper.pdf", pages: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    images = []
    for index in range(pages):
        image = folder / f"{name}-{index}.png"
        Image.new("L", (60 + index, 80), 255).save(image)
        images.append(str(image))
    path = folder / name
    path.write_bytes(img2pdf.convert(images))
    return path


def attach(ctx: AppContext, tmp: Path, kinds: tuple[DocumentKind, ...]) -> list[AttachedDocument]:
    return [
        store_document(ctx.paths.root, kind, sample_pdf(tmp, f"{kind.value}.pdf")) for kind in kinds
    ]


def a_subscriber(ctx: AppContext, *, with_sewer: bool | None = None) -> Subscriber:
    with ctx.sessions() as session:
        for subscriber in session.scalars(select(Subscriber).order_by(Subscriber.id)):
            kinds = set(
                session.scalars(
                    select(Connection.kind).where(Connection.subscriber_id == subscriber.id)
                )
            )
            if (
                "water" in kinds
                and subscriber.national_code
                and (with_sewer is None or with_sewer == ("sewer" in kinds))
            ):
                session.expunge(subscriber)
                return subscriber
    raise AssertionError("no suitable demo subscriber")


def applicant_of(subscriber: Subscriber) -> Applicant:
    assert subscriber.national_code
    persian = subscriber.national_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    return Applicant(f"{subscriber.first_name} {subscriber.last_name}", persian, "۰۹۱۲ ۳۴۵ ۶۷۸۹")


def counts(ctx: AppContext) -> dict[str, int]:
    with ctx.sessions() as session:
        return {
            model.__name__: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Request, RequestStage, Document, OutboxEntry, AuditEvent)
        }


def test_a_clerk_registers_a_meter_test_in_one_transaction(
    store: AppContext, tmp_path: Path
) -> None:
    clerk = signed_in(store, "clerk")
    subscriber = a_subscriber(store)
    docs = attach(store, tmp_path, METER_TEST_DOCS)
    done = register_request(
        store,
        clerk,
        subscriber.id,
        RequestType.METER_TEST,
        {"description": "کنتور تند می‌چرخد"},
        docs,
        applicant_of(subscriber),
    )
    assert parse_tracking_code(done.tracking_code) == done.tracking_code
    assert done.fee.service_fee_rials == 400_000 and done.fee.total_rials == 550_000
    with store.sessions() as session:
        row = session.scalars(select(Request).where(Request.uuid == done.uuid)).one()
        assert row.tracking_code == done.tracking_code and row.stage == "registered"
        assert row.subscriber_id == subscriber.id and row.created_by == clerk.user_id
        assert row.applicant_mobile == "09123456789"
        assert row.applicant_national_code == subscriber.national_code
        assert [s.stage for s in row.stages] == ["registered"] and row.stages[0].by == "clerk"
        assert sorted(d.uuid for d in row.documents) == sorted(d.uuid for d in docs)
        stored = {d.uuid: d for d in row.documents}
        for doc in docs:
            data = (store.paths.root / stored[doc.uuid].path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == stored[doc.uuid].sha256
        entries = list(
            session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.record_uuid.in_([done.uuid, *(d.uuid for d in docs)]))
                .order_by(OutboxEntry.id)
            )
        )
        assert [e.record_type for e in entries] == ["document"] * 3 + ["request"]
        assert [e.record_uuid for e in entries] == [*(d.uuid for d in docs), done.uuid]
        sent = RequestSubmit.model_validate(entries[-1].payload)
        assert sent.tracking_code == done.tracking_code
        assert sent.subscription_no == subscriber.subscription_no
        assert [str(u) for u in sent.document_uuids] == [d.uuid for d in docs]
        assert set(sent.documents) == set(METER_TEST_DOCS)
        [event] = [
            e
            for e in audit.events(session, action=REQUEST_REGISTERED)
            if e.target == done.tracking_code
        ]
        assert event.username == "clerk"


def test_an_operator_may_not_register_and_it_is_audited(store: AppContext, tmp_path: Path) -> None:
    operator = signed_in(store, "operator")
    subscriber = a_subscriber(store)
    docs = attach(store, tmp_path, METER_TEST_DOCS)
    before = counts(store)
    with pytest.raises(PermissionDenied):
        register_request(
            store,
            operator,
            subscriber.id,
            RequestType.METER_TEST,
            {},
            docs,
            applicant_of(subscriber),
        )
    after = counts(store)
    assert after["Request"] == before["Request"] and after["OutboxEntry"] == before["OutboxEntry"]
    with store.sessions() as session:
        denied = audit.events(session, action=audit.PERMISSION_DENIED, username="operator")
        assert denied and denied[-1].details["permission"] == "request"
    with pytest.raises(PermissionDenied):
        request_options(store, operator, subscriber.id)


def test_a_missing_document_is_refused_in_persian_and_nothing_is_written(
    store: AppContext, tmp_path: Path
) -> None:
    clerk = signed_in(store, "clerk")
    subscriber = a_subscriber(store)
    docs = attach(store, tmp_path, METER_TEST_DOCS[:2])  # no latest paid bill
    before = counts(store)
    with pytest.raises(RequestRefused) as refused:
        register_request(
            store, clerk, subscriber.id, RequestType.METER_TEST, {}, docs, applicant_of(subscriber)
        )
    assert str(refused.value) == "مدارک لازم کامل نیست: آخرین قبض پرداخت‌شده"
    assert counts(store) == before


def test_a_wrong_national_code_and_an_unmet_precondition_are_refused(
    store: AppContext, tmp_path: Path
) -> None:
    clerk = signed_in(store, "clerk")
    subscriber = a_subscriber(store)
    kinds = (*METER_TEST_DOCS, DocumentKind.PROPERTY_DEED)
    docs = attach(store, tmp_path, kinds)
    before = counts(store)
    with pytest.raises(RequestRefused, match="کد ملی"):
        register_request(
            store,
            clerk,
            subscriber.id,
            RequestType.CHANGE_SUBSCRIBER_DETAILS,
            {},
            docs,
            Applicant("مریم احمدی", "0684159415"),
        )
    with pytest.raises(RequestRefused, match="پیش از تغییر نام باید کنتور آزمایش شود"):
        register_request(
            store,
            clerk,
            subscriber.id,
            RequestType.CHANGE_SUBSCRIBER_DETAILS,
            {"is_name_change": True},
            docs,
            applicant_of(subscriber),
        )
    assert counts(store) == before


def test_tracking_codes_are_unique_valid_and_in_the_desks_own_range(
    store: AppContext, tmp_path: Path
) -> None:
    clerk = signed_in(store, "clerk")
    subscriber = a_subscriber(store)
    codes = []
    for index in range(3):
        docs = attach(store, tmp_path / str(index), METER_TEST_DOCS)
        done = register_request(
            store, clerk, subscriber.id, RequestType.METER_TEST, {}, docs, applicant_of(subscriber)
        )
        codes.append(done.tracking_code)
    assert len(set(codes)) == 3
    serials = [int(parse_tracking_code(c)[4:11]) for c in codes]
    assert serials == sorted(serials) and serials[1:] == [serials[0] + 1, serials[0] + 2]
    assert all(s in desk_serial_range(store.config.desk_no) for s in serials)
    assert all(c.startswith(f"{store.config.branch_code:04d}") for c in codes)
    with store.sessions() as session:  # the demo's codes are below every desk's range
        ours = {e.target for e in audit.events(session, action=REQUEST_REGISTERED)}
        demo = set(session.scalars(select(Request.tracking_code))) - ours
        assert demo and all(int(c[4:11]) < desk_serial_range(1)[0] for c in demo)
    # Desk ranges do not overlap.
    assert desk_serial_range(1)[-1] < desk_serial_range(2)[0]
    assert desk_serial_range(99)[-1] <= 9_999_999


def test_the_options_are_after_sales_services_with_fees(store: AppContext) -> None:
    clerk = signed_in(store, "clerk")
    with_sewer = a_subscriber(store, with_sewer=True)
    options = request_options(store, clerk, with_sewer.id)
    types = [o.type for o in options]
    assert RequestType.NEW_WATER not in types and RequestType.NEW_SEWER not in types
    assert RequestType.METER_TEST in types
    meter_test = options[types.index(RequestType.METER_TEST)]
    assert meter_test.fee.total_rials == 550_000
    assert [r.title for r in meter_test.requirements] == [
        "فرم درخواست",
        "کارت ملی",
        "آخرین قبض پرداخت‌شده",
    ]


def test_an_imported_photo_becomes_a_one_page_pdf(store: AppContext, tmp_path: Path) -> None:
    photo = tmp_path / "card.jpg"
    Image.new("RGB", (120, 80), (200, 200, 200)).save(photo)
    doc = store_document(store.paths.root, DocumentKind.NATIONAL_ID_CARD, photo)
    stored = store.paths.root / doc.path
    assert doc.path == f"documents/{doc.uuid}.pdf" and stored.read_bytes().startswith(b"%PDF")
    assert doc.pages == 1 and doc.size_bytes == stored.stat().st_size
    three = store_document(
        store.paths.root, DocumentKind.PROPERTY_DEED, sample_pdf(tmp_path, "deed.pdf", pages=3)
    )
    assert three.pages == 3
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf at all")
    before = sorted((store.paths.root / "documents").iterdir())
    with pytest.raises(DocumentRefused, match="PDF خوانا نیست"):
        store_document(store.paths.root, DocumentKind.OTHER, broken)
    with pytest.raises(DocumentRefused, match="فقط پرونده PDF"):
        store_document(store.paths.root, DocumentKind.OTHER, tmp_path / "notes.txt")
    assert sorted((store.paths.root / "documents").iterdir()) == before

"""The reference central server: a FastAPI app speaking :mod:`pishkhan.sync.schemas`."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import logging
import pathlib
import secrets
import tempfile
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import make_url, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from pishkhan import __version__
from pishkhan.central import db
from pishkhan.central import reconciliation as reconcile
from pishkhan.central.documents import Documents
from pishkhan.central.money import Ledger
from pishkhan.central.rows import bill_model
from pishkhan.central.seed import seed_demo
from pishkhan.central.service_requests import RequestError, Requests
from pishkhan.central.sms import install as install_sms
from pishkhan.domain.ids import InvalidId
from pishkhan.domain.tariff import DEFAULT_TARIFF_MAPPING, TariffConfig
from pishkhan.sync import schemas as api

log = logging.getLogger(__name__)

DEFAULT_REGISTRATION_SECRET = "pishkhan-demo"
SubscriptionNo = Annotated[str, Path(pattern=r"^[0-9]{1,12}$")]
_bearer = HTTPBearer(auto_error=False)
_UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def current_desk(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> db.Desk:
    """The desk whose bearer token came with the request (401 otherwise)."""
    if creds is None:
        raise HTTPException(401, "توکن دسترسی فرستاده نشده است", headers=_UNAUTHORIZED)
    with Session(request.app.state.engine) as session:
        found = session.scalar(
            select(db.Desk).where(db.Desk.token_sha256 == _sha256(creds.credentials))
        )
    if found is None:
        raise HTTPException(401, "توکن دسترسی نامعتبر است", headers=_UNAUTHORIZED)
    return found


def require_admin(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    if creds is None:
        raise HTTPException(401, "توکن دسترسی فرستاده نشده است", headers=_UNAUTHORIZED)
    if not hmac.compare_digest(_sha256(creds.credentials), request.app.state.admin_sha256):
        raise HTTPException(403, "این کار فقط با توکن مدیر سامانه مجاز است")


CallerDesk = Annotated[db.Desk, Depends(current_desk)]


def encode_cursor(revision: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{revision}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, _, value = text.partition(":")
        if version == "v1" and value.isascii() and value.isdigit():
            return int(value)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise HTTPException(422, "نشانگر (cursor) نامعتبر است")


def default_documents_dir(db_url: str) -> pathlib.Path:
    """``<name>-documents`` next to a SQLite database file; a temporary folder otherwise."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = pathlib.Path(url.database)
        return database.with_name(database.stem + "-documents")
    return pathlib.Path(tempfile.mkdtemp(prefix="pishkhan-central-documents-"))


def create_app(
    db_url: str,
    *,
    seed_subscribers: int = 0,
    seed: int = 1405,
    today: dt.date | None = None,
    registration_secret: str = DEFAULT_REGISTRATION_SECRET,
    admin_token: str | None = None,
    documents_dir: pathlib.Path | None = None,
) -> FastAPI:
    """The server on ``db_url``, seeded with demo subscribers when its database is empty.

    Desks register with ``registration_secret`` and get a bearer token; the admin endpoints
    take ``admin_token`` (a random one, logged, when not given). Uploaded documents go to
    ``documents_dir`` (default: next to a SQLite file, else a new temporary folder).
    """
    engine = db.open_engine(db_url)
    if seed_subscribers:
        seed_demo(engine, seed_subscribers, seed, today or dt.date.today())
    if admin_token is None:
        admin_token = secrets.token_urlsafe(24)
        log.warning("central admin token for this run: %s", admin_token)
    ledger = Ledger(engine, TariffConfig.from_mapping(DEFAULT_TARIFF_MAPPING), dt.date.today)
    requests = Requests(engine, ledger.lock)
    documents = Documents(engine, ledger.lock, documents_dir or default_documents_dir(db_url))
    admin_sha = _sha256(admin_token)

    app = FastAPI(
        title="Pishkhan central API",
        version=__version__,
        description="Contract between counter-office desks and the utility's central system. "
        "Money is integer rials; every pushed record is idempotent on its client UUID.",
    )
    app.state.engine = engine
    app.state.admin_sha256 = admin_sha
    problem: dict[str, Any] = {"model": api.Problem}
    errors: dict[int | str, dict[str, Any]] = {401: problem, 422: problem}
    public = APIRouter(prefix=api.API_PREFIX, responses={422: problem})
    v1 = APIRouter(prefix=api.API_PREFIX, dependencies=[Depends(current_desk)], responses=errors)
    staff = APIRouter(
        prefix=api.API_PREFIX + "/admin",
        dependencies=[Depends(require_admin)],
        responses={**errors, 403: problem, 404: problem},
    )

    @public.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @public.post("/desks/register", responses={403: {"model": api.Problem}})
    def register(body: api.DeskRegistration) -> api.DeskToken:
        if not hmac.compare_digest(_sha256(body.secret), _sha256(registration_secret)):
            raise HTTPException(403, "رمز ثبت پیشخوان نادرست است")
        token = secrets.token_urlsafe(32)
        with ledger.lock, Session(engine) as session, session.begin():
            row = session.scalar(
                select(db.Desk).where(
                    db.Desk.branch_code == body.branch_code, db.Desk.desk_no == body.desk_no
                )
            )
            if row is None:
                row = db.Desk(branch_code=body.branch_code, desk_no=body.desk_no)
                session.add(row)
            row.token_sha256 = _sha256(token)  # registering again replaces the token
            row.registered_at = db.utcnow()
        return api.DeskToken(desk=api.desk_name(body.branch_code, body.desk_no), token=token)

    @v1.get("/subscribers/feed", responses=errors)
    def feed(
        cursor: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1, le=api.MAX_FEED_PAGE)] = 500,
    ) -> api.FeedPage:
        after = decode_cursor(cursor)
        with Session(engine) as session:
            rows = list(
                session.scalars(
                    select(db.Subscriber)
                    .where(db.Subscriber.revision > after)
                    .order_by(db.Subscriber.revision)
                    .limit(limit + 1)
                )
            )
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1].revision if rows else after
        return api.FeedPage(
            items=[_subscriber(r) for r in rows if not r.deleted],
            tombstones=[r.subscription_no for r in rows if r.deleted],
            next_cursor=encode_cursor(last),
            has_more=more,
        )

    @v1.get("/subscribers/{subscription_no}", responses={**errors, 404: {"model": api.Problem}})
    def subscriber(subscription_no: SubscriptionNo) -> api.Subscriber:
        with Session(engine) as session:
            return _subscriber(_find_subscriber(session, subscription_no))

    @v1.get("/subscribers/{subscription_no}/bills/latest", responses={404: {"model": api.Problem}})
    def latest_bill(subscription_no: SubscriptionNo) -> api.Bill:
        with Session(engine) as session:
            row = _find_subscriber(session, subscription_no)
            bill = session.scalar(
                select(db.Bill)
                .where(db.Bill.subscriber_id == row.id)
                .order_by(db.Bill.read_on.desc(), db.Bill.id.desc())
                .limit(1)
            )
            if bill is None:
                raise HTTPException(404, "برای این اشتراک قبضی صادر نشده است")
            return bill_model(bill, row.subscription_no)

    @v1.get("/subscribers/{subscription_no}/bills", responses={404: {"model": api.Problem}})
    def bills(
        subscription_no: SubscriptionNo,
        from_: Annotated[dt.date | None, Query(alias="from")] = None,
        to: dt.date | None = None,
    ) -> list[api.Bill]:
        with Session(engine) as session:
            row = _find_subscriber(session, subscription_no)
            query = select(db.Bill).where(db.Bill.subscriber_id == row.id)
            if from_ is not None:
                query = query.where(db.Bill.issued_on >= from_)
            if to is not None:
                query = query.where(db.Bill.issued_on <= to)
            found = session.scalars(query.order_by(db.Bill.read_on, db.Bill.id))
            return [bill_model(b, row.subscription_no) for b in found]

    @v1.post("/payments:batch", responses=errors)
    def payments(body: api.PaymentBatch, caller: CallerDesk) -> api.PaymentBatchResult:
        return api.PaymentBatchResult(results=ledger.push_payments(body.items, caller.name))

    @v1.post("/readings:batch", responses=errors)
    def readings(body: api.ReadingBatch, caller: CallerDesk) -> api.ReadingBatchResult:
        return api.ReadingBatchResult(results=ledger.push_readings(body.items, caller.name))

    @v1.post("/requests", responses={**errors, 409: {"model": api.Problem}})
    def submit_request(body: api.RequestSubmit, caller: CallerDesk) -> api.RequestStatus:
        return requests.submit(body, caller.branch_code, caller.name)

    @v1.get("/requests/{tracking_code}", responses={404: {"model": api.Problem}})
    def request_status(tracking_code: str) -> api.RequestStatus:
        return requests.status(api.tracking_code(tracking_code))

    @staff.post(
        "/requests/{tracking_code}/{action}",
        responses={403: {"model": api.Problem}, 409: {"model": api.Problem}},
    )
    def decide(
        tracking_code: str,
        action: Annotated[str, Path(pattern=r"^(advance|reject|ask-documents)$")],
        body: api.RequestDecision | None = None,
    ) -> api.RequestStatus:
        reason = body.reason if body else None
        return requests.decide(api.tracking_code(tracking_code), action, reason)

    @v1.put("/documents/{document_uuid}", responses={409: problem})
    def start_document(
        document_uuid: UUID, body: api.DocumentStart, caller: CallerDesk
    ) -> api.DocumentUpload:
        """Announce an upload (or learn how much of it arrived): idempotent per UUID."""
        return documents.start(str(document_uuid), body, caller.name)

    @v1.get("/documents/{document_uuid}", responses={404: problem})
    def document_status(document_uuid: UUID) -> api.DocumentUpload:
        return documents.status(str(document_uuid))

    @v1.patch(
        "/documents/{document_uuid}/content",
        responses={404: problem, 409: problem, 413: problem},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def document_content(
        document_uuid: UUID,
        request: Request,
        offset: Annotated[int, Query(ge=0, le=api.MAX_DOCUMENT_BYTES)],
    ) -> api.DocumentUpload:
        """The bytes from ``offset`` on (at most MAX_CHUNK_BYTES per call)."""
        data = bytearray()
        async for part in request.stream():
            data += part
            if len(data) > api.MAX_CHUNK_BYTES:
                raise HTTPException(413, "این بخش از سند از اندازه مجاز بزرگ‌تر است")
        return await run_in_threadpool(documents.append, str(document_uuid), offset, bytes(data))

    @v1.get("/reconciliation/{business_day}", responses=errors)
    def reconciliation(business_day: dt.date, caller: CallerDesk) -> api.Reconciliation:
        with Session(engine) as session:
            return reconcile.totals(session, business_day, caller.name)

    @staff.post("/reconciliation/{business_day}/close")
    def close_day(business_day: dt.date) -> api.Reconciliation:
        """Close the day: records for it that arrive later go to the rescue bucket."""
        return reconcile.close_day(engine, ledger.lock, business_day)

    @staff.get("/rescue")
    def rescue_bucket(business_day: dt.date | None = None) -> api.RescueBucket:
        """Records that arrived after their business day was closed."""
        return reconcile.rescued(engine, business_day)

    install_sms(v1, staff, engine, ledger.lock, current_desk)
    for router in (public, v1, staff):
        app.include_router(router)
    _install_error_handlers(app)
    return app


def _find_subscriber(session: Session, subscription_no: str) -> db.Subscriber:
    row = session.scalar(
        select(db.Subscriber).where(db.Subscriber.subscription_no == subscription_no)
    )
    if row is None or row.deleted:
        raise HTTPException(404, "مشترکی با این شماره اشتراک یافت نشد")
    return row


def _subscriber(row: db.Subscriber) -> api.Subscriber:
    return api.Subscriber(
        subscription_no=row.subscription_no,
        computer_code=row.computer_code,
        bill_id=row.bill_id,
        first_name=row.first_name,
        last_name=row.last_name,
        status=row.status,
        use=row.use,
        units=row.units,
        diameter=row.diameter,
        has_sewer=row.has_sewer,
        city=row.city,
        address=row.address,
        postal_code=row.postal_code,
        meter_digits=row.meter_digits,
        balance_rials=row.balance_rials,
        revision=row.revision,
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestError)
    def request_error(_request: Request, exc: RequestError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)

    @app.exception_handler(InvalidId)
    def invalid_id(_request: Request, exc: InvalidId) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=422)

    @app.exception_handler(RequestValidationError)
    def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        parts = [
            str(e["ctx"]["error"])
            if e.get("type") == "value_error" and "error" in e.get("ctx", {})
            else f"مقدار «{'.'.join(str(x) for x in e['loc'])}» نادرست است یا وارد نشده است"
            for e in errors
        ]
        return JSONResponse(
            {"detail": "؛ ".join(dict.fromkeys(parts)), "errors": jsonable_encoder(errors)},
            status_code=422,
        )

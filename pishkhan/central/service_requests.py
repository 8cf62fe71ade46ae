"""Service requests on the central server: submit (idempotent), status, admin decisions."""

from __future__ import annotations

import threading
import uuid as uuidlib

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pishkhan.central import db
from pishkhan.central.documents import attach, attached
from pishkhan.central.errors import RequestError
from pishkhan.domain.requests import (
    InvalidTransition,
    RequestProgress,
    RequestType,
    Stage,
    check_preconditions,
    make_tracking_code,
    missing_documents,
)
from pishkhan.sync import schemas as api

__all__ = ["RequestError", "Requests"]


class Requests:
    def __init__(self, engine: Engine, lock: threading.Lock) -> None:
        self.engine = engine
        self.lock = lock

    def submit(self, item: api.RequestSubmit, branch_code: int, desk: str) -> api.RequestStatus:
        """Register ``item`` (or return it as registered before, for the same UUID)."""
        digest = api.payload_hash(item)
        uid = str(item.uuid)
        for attempt in range(3):
            try:
                with self.lock, Session(self.engine) as session, session.begin():
                    row = session.scalar(select(db.Request).where(db.Request.uuid == uid))
                    if row is None:
                        row = self._register(session, item, digest, branch_code, desk)
                    elif row.payload.get("sha256") != digest:
                        raise RequestError(
                            409, "این شناسه یکتا پیش‌تر با داده‌های دیگری فرستاده شده است"
                        )
                    return _status(session, row)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _register(
        self, session: Session, item: api.RequestSubmit, digest: str, branch_code: int, desk: str
    ) -> db.Request:
        has_water = False
        if item.subscription_no is not None:
            subscriber = session.scalar(
                select(db.Subscriber).where(db.Subscriber.subscription_no == item.subscription_no)
            )
            if subscriber is None:
                raise RequestError(422, "مشترکی با این شماره اشتراک یافت نشد")
            has_water = True
        elif item.type is not RequestType.NEW_WATER:
            raise RequestError(422, "برای این درخواست شماره اشتراک لازم است")
        unmet = check_preconditions(item.type, has_water)
        if unmet:
            raise RequestError(422, "؛ ".join(p.title for p in unmet))
        missing = missing_documents(item.type, item.documents, item.in_village)
        if missing:
            titles = "، ".join(req.title for req in missing)
            raise RequestError(422, f"مدارک لازم کامل نیست: {titles}")
        now = db.utcnow()
        row = db.Request(
            uuid=str(item.uuid),
            tracking_code=_tracking_code(session, item, branch_code),
            type=item.type.value,
            stage=Stage.REGISTERED.value,
            came_from=None,
            subscription_no=item.subscription_no,
            applicant_name=item.applicant_name,
            applicant_national_code=item.applicant_national_code,
            payload={"sha256": digest, "item": item.model_dump(mode="json")},
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
        attach(session, row.uuid, [str(u) for u in item.document_uuids])
        session.add(
            db.RequestStage(request_id=row.id, seq=1, stage=row.stage, at=now, by=desk, reason=None)
        )
        session.flush()
        return row

    def status(self, tracking_code: str) -> api.RequestStatus:
        with Session(self.engine) as session:
            return _status(session, _find(session, tracking_code))

    def decide(self, tracking_code: str, action: str, reason: str | None) -> api.RequestStatus:
        """``advance`` | ``reject`` | ``ask-documents``, as the utility (``by="central"``)."""
        with self.lock, Session(self.engine) as session, session.begin():
            row = _find(session, tracking_code)
            progress = RequestProgress(
                RequestType(row.type),
                Stage(row.stage),
                Stage(row.came_from) if row.came_from else None,
            )
            try:
                if action == "advance":
                    progress = progress.advance()
                elif action == "reject":
                    progress = progress.to(Stage.REJECTED, reason)
                else:
                    progress = progress.to(Stage.AWAITING_DOCUMENTS, reason)
            except InvalidTransition as exc:
                raise RequestError(409, str(exc)) from None
            seq = len(_history(session, row.id)) + 1
            now = db.utcnow()
            row.stage = progress.stage.value
            row.came_from = progress.came_from.value if progress.came_from else None
            row.updated_at = now
            session.add(
                db.RequestStage(
                    request_id=row.id, seq=seq, stage=row.stage, at=now, by="central", reason=reason
                )
            )
            session.flush()
            return _status(session, row)


def _tracking_code(session: Session, item: api.RequestSubmit, branch_code: int) -> str:
    """The desk's own code (of its branch, not taken) or the next one of the branch's counter."""
    code = item.tracking_code
    if code is None:
        return make_tracking_code(branch_code, db.next_value(session, f"serial:{branch_code:04d}"))
    if int(code[:4]) != branch_code:
        raise RequestError(422, "کد رهگیری باید با کد شعبه این پیشخوان آغاز شود")
    taken = session.scalar(select(db.Request.id).where(db.Request.tracking_code == code))
    if taken is not None:
        raise RequestError(409, "این کد رهگیری پیش‌تر برای درخواست دیگری به کار رفته است")
    return code


def _find(session: Session, tracking_code: str) -> db.Request:
    row = session.scalar(select(db.Request).where(db.Request.tracking_code == tracking_code))
    if row is None:
        raise RequestError(404, "درخواستی با این کد رهگیری یافت نشد")
    return row


def _history(session: Session, request_id: int) -> list[db.RequestStage]:
    return list(
        session.scalars(
            select(db.RequestStage)
            .where(db.RequestStage.request_id == request_id)
            .order_by(db.RequestStage.seq)
        )
    )


def _status(session: Session, row: db.Request) -> api.RequestStatus:
    stage = Stage(row.stage)
    return api.RequestStatus(
        uuid=uuidlib.UUID(row.uuid),
        tracking_code=row.tracking_code,
        type=RequestType(row.type),
        stage=stage,
        stage_title=stage.title,
        came_from=Stage(row.came_from) if row.came_from else None,
        subscription_no=row.subscription_no,
        applicant_name=row.applicant_name,
        history=[
            api.StageEntry(stage=Stage(h.stage), at=h.at, by=h.by, reason=h.reason)
            for h in _history(session, row.id)
        ],
        document_uuids=[uuidlib.UUID(u) for u in attached(session, row.uuid)],
    )

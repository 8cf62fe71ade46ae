"""Document upload: announced with its SHA-256, sent in chunks, resumable, idempotent per UUID.

* ``PUT /documents/{uuid}`` with :class:`~pishkhan.sync.schemas.DocumentStart` creates the upload
  or, for the same UUID and the same hash and size, answers where it stands (``received_bytes``);
  another hash or size under that UUID is a 409.
* ``PATCH /documents/{uuid}/content?offset=N`` with the raw bytes: ``offset`` must not be past
  ``received_bytes`` (409); bytes the server already holds are skipped, so a repeated chunk is
  harmless. When the last byte arrives the server checks the SHA-256: a mismatch discards the
  bytes (422, upload again from 0); a match completes the document.
* ``GET /documents/{uuid}``: where the upload stands, to resume after a lost connection.

Bytes go to ``<folder>/<uuid>.part`` (written, fsynced, then counted in the database), renamed to
``<uuid>`` when complete. A crash between the write and the count only means the next chunk
overwrites the tail.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pishkhan.central import db
from pishkhan.central.errors import RequestError
from pishkhan.domain.requests import DocumentKind
from pishkhan.sync import schemas as api

NOT_FOUND = "سندی با این شناسه یکتا آغاز نشده است"


class Documents:
    def __init__(self, engine: Engine, lock: threading.Lock, folder: Path) -> None:
        self.engine = engine
        self.lock = lock
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def _part(self, uid: str) -> Path:
        return self.folder / f"{uid}.part"

    def path(self, uid: str) -> Path:
        """Where a complete document's bytes are."""
        return self.folder / uid

    def start(self, uid: str, body: api.DocumentStart, desk: str) -> api.DocumentUpload:
        for attempt in range(3):
            try:
                with self.lock, Session(self.engine) as session, session.begin():
                    row = _find(session, uid)
                    if row is None:
                        row = db.Document(
                            uuid=uid,
                            sha256=body.sha256,
                            size_bytes=body.size_bytes,
                            kind=body.kind.value,
                            mime=body.mime,
                            received_bytes=0,
                            complete=False,
                            desk=desk,
                            created_at=db.utcnow(),
                        )
                        session.add(row)
                        session.flush()
                    elif (row.sha256, row.size_bytes) != (body.sha256, body.size_bytes):
                        raise RequestError(
                            409, "این شناسه یکتا پیش‌تر برای سند دیگری به کار رفته است"
                        )
                    return _upload(row)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def status(self, uid: str) -> api.DocumentUpload:
        with Session(self.engine) as session:
            row = _find(session, uid)
            if row is None:
                raise RequestError(404, NOT_FOUND)
            return _upload(row)

    def append(self, uid: str, offset: int, data: bytes) -> api.DocumentUpload:
        """Write ``data`` at ``offset``; complete the document when the last byte arrived."""
        with self.lock, Session(self.engine) as session, session.begin():
            row = _find(session, uid)
            if row is None:
                raise RequestError(404, NOT_FOUND)
            if row.complete:
                return _upload(row)
            if offset > row.received_bytes:
                raise RequestError(
                    409, f"بخشی از سند نرسیده است؛ ارسال را از بایت {row.received_bytes} ادامه دهید"
                )
            if offset + len(data) > row.size_bytes:
                raise RequestError(422, "داده فرستاده‌شده از اندازه اعلام‌شده سند بیشتر است")
            fresh = data[row.received_bytes - offset :]
            part = self._part(uid)
            if fresh:
                with open(part, "r+b" if part.exists() else "wb") as out:
                    out.seek(row.received_bytes)
                    out.write(fresh)
                    out.truncate()
                    out.flush()
                    os.fsync(out.fileno())
                row.received_bytes += len(fresh)
            mismatch = False
            if row.received_bytes == row.size_bytes:
                if _sha256(part) == row.sha256:
                    os.replace(part, self.path(uid))
                    row.complete = True
                else:
                    row.received_bytes, mismatch = 0, True
                    part.unlink(missing_ok=True)
            answer = _upload(row)
        if mismatch:
            raise RequestError(
                422, "چکیده SHA-256 سند با چکیده اعلام‌شده برابر نیست؛ سند دوباره فرستاده شود"
            )
        return answer


def attach(session: Session, request_uuid: str, document_uuids: list[str]) -> None:
    """Link complete documents to a request being registered (424 if one is not complete)."""
    for uid in document_uuids:
        row = _find(session, uid)
        if row is None or not row.complete:
            raise RequestError(424, "سندهای این درخواست هنوز کامل به سامانه مرکزی نرسیده‌اند")
        if row.request_uuid not in (None, request_uuid):
            raise RequestError(409, "این سند پیش‌تر به درخواست دیگری پیوست شده است")
        row.request_uuid = request_uuid


def attached(session: Session, request_uuid: str) -> list[str]:
    return list(
        session.scalars(
            select(db.Document.uuid)
            .where(db.Document.request_uuid == request_uuid)
            .order_by(db.Document.id)
        )
    )


def _find(session: Session, uid: str) -> db.Document | None:
    return session.scalar(select(db.Document).where(db.Document.uuid == uid))


def _upload(row: db.Document) -> api.DocumentUpload:
    return api.DocumentUpload(
        uuid=row.uuid,  # type: ignore[arg-type]
        sha256=row.sha256,
        size_bytes=row.size_bytes,
        kind=DocumentKind(row.kind),
        received_bytes=row.received_bytes,
        complete=row.complete,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()

"""Records pushed one by one: documents (chunked, resumable upload) and service requests.

A ``document`` outbox row names a :class:`~pishkhan.store.models.Document` by its UUID; the
bytes are the file it points to under the data folder. The upload is announced with the file's
SHA-256 and size (``PUT /documents/{uuid}``), which also tells how much the server already holds,
and the rest goes in chunks (``PATCH /documents/{uuid}/content?offset=N``). A lost connection
costs at most one chunk: the next push resumes from the server's offset.

A ``request`` row is a :class:`~pishkhan.sync.schemas.RequestSubmit`; when it does not list its
documents, the UUIDs of the local documents attached to the request are added. Documents are
pushed before requests, and the server waits (424) until a request's documents are complete;
a request whose document needs attention needs attention too (it could never pass the 424).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from pydantic import ValidationError
from sqlalchemy import select

from pishkhan.domain.requests_catalogue import DocumentKind
from pishkhan.store.models import Document, OutboxEntry, Request
from pishkhan.sync import schemas as api
from pishkhan.sync.wire import UNREADABLE, CallFailed, CallInvalid, call

if TYPE_CHECKING:
    from pishkhan.sync.client import SyncClient

NO_DOCUMENT = "سند این رکورد در پایگاه داده پیشخوان یافت نشد"
DOCUMENT_NEEDS_ATTENTION = (
    "سند «{kind}» این درخواست به سامانه مرکزی نرسید و نیاز به رسیدگی دارد؛ "
    "پس از رسیدگی به سند، درخواست را دوباره بفرستید"
)
NO_FILE = "پرونده سند در پوشه داده‌ها یافت نشد: {path}"
WRONG_RECORD = "پاسخ سامانه مرکزی به رکورد دیگری مربوط است"


def push_document(owner: SyncClient, headers: dict[str, str], entry: OutboxEntry) -> None:
    """Upload one document, resuming from what the server already holds."""
    uid = str(entry.record_uuid)
    with owner.ctx.sessions() as session:
        doc = session.scalar(select(Document).where(Document.uuid == uid))
        if doc is None:
            raise CallInvalid(NO_DOCUMENT)
        relative, sha256, kind, mime = doc.path, doc.sha256, doc.kind, doc.mime
    path = owner.ctx.paths.root / relative
    if not path.is_file():
        raise CallInvalid(NO_FILE.format(path=relative))
    try:
        start = api.DocumentStart.model_validate(
            {"sha256": sha256, "size_bytes": path.stat().st_size, "kind": kind, "mime": mime}
        )
    except ValidationError as exc:
        raise CallInvalid(api.validation_reason(exc)) from exc
    url = f"{owner.base_url}/documents/{uid}"
    status = _upload_state(
        call(
            owner.http,
            "PUT",
            url,
            headers=headers,
            json=start.model_dump(mode="json"),
            invalid=frozenset({409, 422}),
            on_auth_error=owner.token_refused,
        ),
        uid,
    )
    with open(path, "rb") as source:
        while not status.complete:
            source.seek(status.received_bytes)
            data = source.read(owner.chunk_size)
            if not data:
                raise CallInvalid(NO_FILE.format(path=relative))
            status = _upload_state(
                call(
                    owner.http,
                    "PATCH",
                    url + "/content",
                    headers={**headers, "Content-Type": "application/octet-stream"},
                    params={"offset": status.received_bytes},
                    content=data,
                    on_auth_error=owner.token_refused,
                ),
                uid,
            )


def push_request(owner: SyncClient, headers: dict[str, str], entry: OutboxEntry) -> None:
    """Submit one request; same UUID and payload answer the stored request (idempotent).

    409 (the UUID was used with another payload) and 422 raise CallInvalid: the clerk's turn.
    So does a document of the request whose own upload needs attention: the server would
    answer 424 (documents incomplete) for ever, so the request waits beside it, flagged.
    """
    _check_documents(owner, entry)
    answer = call(
        owner.http,
        "POST",
        owner.base_url + "/requests",
        headers=headers,
        json=_with_documents(owner, entry),
        invalid=frozenset({409, 422}),
        on_auth_error=owner.token_refused,
    )
    # Only the server's own answer counts: a 2xx from something in between (a gateway's HTML
    # page, say) must not remove the request from the outbox.
    try:
        status = api.RequestStatus.model_validate_json(answer.content)
    except ValidationError as exc:
        raise CallFailed(UNREADABLE) from exc
    if status.uuid != UUID(str(entry.record_uuid)):
        raise CallFailed(WRONG_RECORD)


def _check_documents(owner: SyncClient, entry: OutboxEntry) -> None:
    """CallInvalid when one of the request's documents is stuck in "needs attention"."""
    with owner.ctx.sessions() as session:
        stuck = session.scalar(
            select(Document.kind)
            .join(Request, Document.request_id == Request.id)
            .join(OutboxEntry, OutboxEntry.record_uuid == Document.uuid)
            .where(
                Request.uuid == str(entry.record_uuid),
                OutboxEntry.record_type == "document",
                OutboxEntry.state == "attention",
            )
            .limit(1)
        )
    if stuck is not None:
        raise CallInvalid(DOCUMENT_NEEDS_ATTENTION.format(kind=_kind_label(stuck)))


def _kind_label(kind: str) -> str:
    try:
        return DocumentKind(kind).title
    except ValueError:
        return kind


def _with_documents(owner: SyncClient, entry: OutboxEntry) -> Any:
    payload = entry.payload
    if not isinstance(payload, dict) or "document_uuids" in payload:
        return payload
    with owner.ctx.sessions() as session:
        uuids = list(
            session.scalars(
                select(Document.uuid)
                .join(Request, Document.request_id == Request.id)
                .where(Request.uuid == str(entry.record_uuid))
                .order_by(Document.id)
            )
        )
    return {**payload, "document_uuids": uuids} if uuids else payload


def _upload_state(answer: Any, uid: str) -> api.DocumentUpload:
    try:
        state = api.DocumentUpload.model_validate_json(answer.content)
    except ValidationError as exc:
        raise CallFailed(UNREADABLE) from exc
    if state.uuid != UUID(uid):
        raise CallFailed(WRONG_RECORD)
    return state

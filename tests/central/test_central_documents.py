"""Document upload: chunks, resume from the server's offset, SHA-256 check, idempotent UUID."""

from __future__ import annotations

import hashlib
import os
import uuid
from typing import Any

import httpx

from .helpers import PERSIAN

DOCUMENTS = ["birth_certificate", "national_id_card", "property_deed", "request_form"]


def _start(data: bytes, **changes: Any) -> dict[str, Any]:
    body = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size_bytes": len(data),
        "kind": "property_deed",
    }
    return body | changes


def _chunk(desk: httpx.Client, uid: str, offset: int, data: bytes) -> httpx.Response:
    return desk.patch(
        f"/documents/{uid}/content",
        params={"offset": offset},
        content=data,
        headers={"Content-Type": "application/octet-stream"},
    )


def test_upload_in_chunks_resumes_and_ignores_repeated_chunks(desk: httpx.Client) -> None:
    data = os.urandom(300_000)
    uid = str(uuid.uuid4())
    first = desk.put(f"/documents/{uid}", json=_start(data))
    assert first.status_code == 200, first.text
    assert (first.json()["received_bytes"], first.json()["complete"]) == (0, False)
    assert _chunk(desk, uid, 0, data[:100_000]).json()["received_bytes"] == 100_000
    # The answer was lost and the desk sends the chunk again: nothing changes.
    assert _chunk(desk, uid, 0, data[:100_000]).json()["received_bytes"] == 100_000
    # A desk that lost track asks again (same announcement: same upload, its offset).
    again = desk.put(f"/documents/{uid}", json=_start(data)).json()
    assert again["received_bytes"] == 100_000
    gap = _chunk(desk, uid, 200_000, data[200_000:])
    assert gap.status_code == 409 and PERSIAN.search(gap.json()["detail"])
    # An overlapping chunk is fine: the server keeps only the bytes it did not have.
    assert _chunk(desk, uid, 50_000, data[50_000:250_000]).json()["received_bytes"] == 250_000
    done = _chunk(desk, uid, 250_000, data[250_000:]).json()
    assert done["complete"] and done["received_bytes"] == len(data)
    assert desk.get(f"/documents/{uid}").json() == done
    assert desk.put(f"/documents/{uid}", json=_start(data)).json() == done


def test_the_same_uuid_for_another_file_is_a_conflict(desk: httpx.Client) -> None:
    uid = str(uuid.uuid4())
    assert desk.put(f"/documents/{uid}", json=_start(b"first file")).status_code == 200
    other = desk.put(f"/documents/{uid}", json=_start(b"another file"))
    assert other.status_code == 409 and PERSIAN.search(other.json()["detail"])


def test_a_wrong_hash_discards_the_bytes(desk: httpx.Client) -> None:
    data = os.urandom(5000)
    uid = str(uuid.uuid4())
    desk.put(f"/documents/{uid}", json=_start(data, sha256=hashlib.sha256(b"x").hexdigest()))
    answer = _chunk(desk, uid, 0, data)
    assert answer.status_code == 422 and "SHA-256" in answer.json()["detail"]
    status = desk.get(f"/documents/{uid}").json()
    assert (status["received_bytes"], status["complete"]) == (0, False)


def test_a_request_carries_its_uploaded_documents(desk: httpx.Client) -> None:
    data = os.urandom(2000)
    doc = str(uuid.uuid4())
    item = {
        "uuid": str(uuid.uuid4()),
        "type": "new_water",
        "applicant_name": "مریم احمدی",
        "applicant_national_code": "0499370899",
        "documents": DOCUMENTS,
        "document_uuids": [doc],
    }
    desk.put(f"/documents/{doc}", json=_start(data))
    early = desk.post("/requests", json=item)  # the document is not complete yet: wait
    assert early.status_code == 424 and PERSIAN.search(early.json()["detail"])
    assert _chunk(desk, doc, 0, data).json()["complete"]
    answer = desk.post("/requests", json=item)
    assert answer.status_code == 200, answer.text
    assert answer.json()["document_uuids"] == [doc]
    assert desk.get(f"/requests/{answer.json()['tracking_code']}").json() == answer.json()


def test_unknown_document_is_404(desk: httpx.Client) -> None:
    answer = desk.get(f"/documents/{uuid.uuid4()}")
    assert answer.status_code == 404 and PERSIAN.search(answer.json()["detail"])

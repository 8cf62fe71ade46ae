"""The pipe protocol between the app and the 32-bit TWAIN helper program (stdlib only).

Each frame is ``[u32 header length][header: UTF-8 JSON object][u32 payload length][payload]``,
lengths big-endian. Commands (app -> helper) are headers with ``"cmd"``: ``list``, ``scan``
(``device``, ``source``, ``mode``, ``dpi``, ``pages``, ``page_size_mm``, ``show_ui``,
``indicators``), ``cancel``, ``quit``. Events (helper -> app) have ``"event"``: ``hello``
(``protocol``, ``bits``), ``devices`` (``devices``: list of dicts), ``progress`` (``page``),
``page`` (``index``, ``dpi``, ``format``: ``"bmp"`` or ``"png"``; the image is the payload),
``done`` (``count``, ``cancelled``) and ``error`` (``kind``: one of :data:`ERROR_KINDS`,
``detail``). This module is shared by both sides, so it must not import anything else of ours.
"""

from __future__ import annotations

import json
import struct
from typing import IO, Any

PROTOCOL_VERSION = 1
MAX_HEADER = 1 << 20
MAX_PAYLOAD = 1 << 30
ERROR_KINDS = (
    "DeviceNotFound",
    "FeederEmpty",
    "PaperJam",
    "CoverOpen",
    "DeviceBusy",
    "ScanCancelled",
    "DeviceFailure",
)

_LENGTH = struct.Struct(">I")


class ProtocolError(Exception):
    """The other side sent something that is not a frame (or died in the middle of one)."""


def encode_frame(header: dict[str, Any], payload: bytes = b"") -> bytes:
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return _LENGTH.pack(len(head)) + head + _LENGTH.pack(len(payload)) + payload


def write_frame(stream: IO[bytes], header: dict[str, Any], payload: bytes = b"") -> None:
    stream.write(encode_frame(header, payload))
    stream.flush()


def _read_exact(stream: IO[bytes], size: int) -> bytes | None:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            if remaining == size and not chunks:
                return None
            raise ProtocolError("pipe closed in the middle of a frame")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: IO[bytes]) -> tuple[dict[str, Any], bytes] | None:
    """The next frame, or None at a clean end of the stream."""
    raw = _read_exact(stream, _LENGTH.size)
    if raw is None:
        return None
    (head_len,) = _LENGTH.unpack(raw)
    if head_len > MAX_HEADER:
        raise ProtocolError(f"header of {head_len} bytes")
    head = _read_exact(stream, head_len) if head_len else b""
    if head is None:
        raise ProtocolError("pipe closed before the header")
    raw = _read_exact(stream, _LENGTH.size)
    if raw is None:
        raise ProtocolError("pipe closed before the payload length")
    (payload_len,) = _LENGTH.unpack(raw)
    if payload_len > MAX_PAYLOAD:
        raise ProtocolError(f"payload of {payload_len} bytes")
    payload = _read_exact(stream, payload_len) if payload_len else b""
    if payload is None:
        raise ProtocolError("pipe closed before the payload")
    try:
        header = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"bad header: {exc}") from exc
    if not isinstance(header, dict):
        raise ProtocolError("header is not an object")
    return header, payload


__all__ = [
    "ERROR_KINDS",
    "PROTOCOL_VERSION",
    "ProtocolError",
    "encode_frame",
    "read_frame",
    "write_frame",
]

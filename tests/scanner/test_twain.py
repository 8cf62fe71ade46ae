"""The TWAIN helper's protocol, on Linux: the real helper program with a stand-in ``twain``."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pishkhan.scanner import errors
from pishkhan.scanner import twain_protocol as proto
from pishkhan.scanner.model import CancelToken, ColorMode, ScanOptions, Source
from pishkhan.scanner.twain_backend import HELPER, TwainBackend

FAKE = Path(__file__).with_name("fake_twain")
ROOT = Path(__file__).resolve().parents[2]


def _backend(**env: str) -> TwainBackend:
    environ = {**os.environ, "PYTHONPATH": f"{FAKE}{os.pathsep}{ROOT}", **env}
    return TwainBackend([sys.executable, str(HELPER)], env=environ)


@pytest.fixture
def backend() -> Iterator[Callable[..., TwainBackend]]:
    made: list[TwainBackend] = []

    def make(**env: str) -> TwainBackend:
        made.append(_backend(**env))
        return made[-1]

    yield make
    for b in made:
        b.close()


@given(
    header=st.dictionaries(st.text(max_size=10), st.integers() | st.text(max_size=20), max_size=5),
    payload=st.binary(max_size=300),
)
def test_frames_round_trip(header: dict[str, object], payload: bytes) -> None:
    stream = io.BytesIO(proto.encode_frame(header, payload) * 2)
    assert proto.read_frame(stream) == (header, payload)
    assert proto.read_frame(stream) == (header, payload)
    assert proto.read_frame(stream) is None


def test_truncated_frame_is_a_protocol_error() -> None:
    data = proto.encode_frame({"event": "page"}, b"x" * 100)
    with pytest.raises(proto.ProtocolError):
        proto.read_frame(io.BytesIO(data[:-10]))


def test_lists_sources_with_capabilities(backend: Callable[..., TwainBackend]) -> None:
    devices = backend(FAKE_TWAIN_SOURCES="Canon DR-C225;HP ScanJet").list_devices()
    assert [d.id for d in devices] == ["twain:Canon DR-C225", "twain:HP ScanJet"]
    assert set(devices[0].modes) == {ColorMode.COLOR, ColorMode.GRAY, ColorMode.BW}
    assert 300 in devices[0].resolutions


def test_feeder_batch_pages_arrive_as_images(backend: Callable[..., TwainBackend]) -> None:
    twain = backend(FAKE_TWAIN_SHEETS="4")
    options = ScanOptions(Source.FEEDER, ColorMode.GRAY, dpi=50)
    pages = list(twain.scan("twain:Fake Scanner", options))
    assert [p.index for p in pages] == [0, 1, 2, 3]
    assert pages[0].image.mode == "L" and pages[0].dpi == 50
    # The helper stays up for the next request; a page limit is honoured.
    limited = list(twain.scan("twain:Fake Scanner", ScanOptions(Source.DUPLEX, dpi=50, pages=3)))
    assert [(p.index, p.side) for p in limited] == [(0, "front"), (1, "back"), (2, "front")]


def test_feeder_empty_and_paper_jam_are_typed(backend: Callable[..., TwainBackend]) -> None:
    with pytest.raises(errors.FeederEmpty):
        list(backend(FAKE_TWAIN_SHEETS="0").scan("twain:Fake Scanner", ScanOptions(Source.FEEDER)))
    jammed = backend(FAKE_TWAIN_ERROR="PaperJam@2")
    seen: list[int] = []
    with pytest.raises(errors.PaperJam):
        for page in jammed.scan("twain:Fake Scanner", ScanOptions(Source.FEEDER, dpi=50)):
            seen.append(page.index)
    assert seen == [0, 1]
    with pytest.raises(errors.DeviceNotFound):
        list(jammed.scan("twain:Nothing", ScanOptions()))


def test_cancel_mid_batch(backend: Callable[..., TwainBackend]) -> None:
    twain = backend(FAKE_TWAIN_SHEETS="20", FAKE_TWAIN_DELAY="0.05")
    token = CancelToken()
    pages = []
    for page in twain.scan("twain:Fake Scanner", ScanOptions(Source.FEEDER, dpi=40), cancel=token):
        pages.append(page)
        if page.index == 1:
            token.cancel()
    assert 2 <= len(pages) < 20
    # The helper is ready for the next scan.
    assert len(list(twain.scan("twain:Fake Scanner", ScanOptions(dpi=40)))) == 1


def test_no_helper_configured_lists_nothing() -> None:
    assert TwainBackend(command=None).list_devices() == []  # no 32-bit Python here

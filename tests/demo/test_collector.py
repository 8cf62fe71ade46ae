"""The demo generators' cycle collector: off between batches, still freeing cycles."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from pishkhan.demo.collector import FULL_COLLECT_EVERY, BatchCollector


class Node:
    other: object = None


@pytest.fixture
def gc_state() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def _cycle() -> weakref.ref[Node]:
    a, b = Node(), Node()
    a.other, b.other = b, a  # reference counting alone never frees these
    return weakref.ref(a)


def test_cycles_are_freed_after_each_batch_though_automatic_gc_is_off(gc_state: None) -> None:
    gc.enable()
    with BatchCollector() as collector:
        assert not gc.isenabled()
        for _ in range(FULL_COLLECT_EVERY + 1):
            gone = _cycle()
            assert gone() is not None  # nothing collects it on its own
            collector.batch_done()
            assert gone() is None
        assert collector.batches == FULL_COLLECT_EVERY + 1
    assert gc.isenabled()


def test_the_collector_left_off_stays_off(gc_state: None) -> None:
    gc.disable()
    with BatchCollector():
        pass
    assert not gc.isenabled()


def test_an_error_in_the_batch_still_restores_the_collector(gc_state: None) -> None:
    gc.enable()
    with pytest.raises(RuntimeError), BatchCollector():
        raise RuntimeError("a failed load")
    assert gc.isenabled()

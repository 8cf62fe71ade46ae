"""When to try a record again: jittered exponential backoff that honours ``Retry-After``."""

from __future__ import annotations

import datetime as dt
import email.utils
import random
from collections.abc import Callable

BASE_SECONDS = 5.0
CAP_SECONDS = 30 * 60.0


def retry_delay(
    attempts: int,
    *,
    retry_after: float | None = None,
    rng: Callable[[], float] = random.random,
    base: float = BASE_SECONDS,
    cap: float = CAP_SECONDS,
) -> float:
    """Seconds to wait after the ``attempts``-th failure ("equal jitter": half fixed, half random).

    A server's ``Retry-After`` is a floor: never come back earlier than it asked.
    """
    ceiling = min(cap, base * 2 ** max(0, attempts - 1))
    delay = ceiling / 2 + rng() * ceiling / 2
    if retry_after is not None:
        delay = max(delay, min(retry_after, 24 * 3600.0))
    return delay


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())

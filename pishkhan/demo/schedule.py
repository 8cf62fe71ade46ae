"""Meter-reading routes: when each subscriber's meter is read, bill by bill.

A route is read every :data:`INTERVAL_DAYS` days (nine weeks, so always on the same weekday,
never a Friday). 63 days is longer than any bi-monthly billing period (at most 62 days), so
consecutive readings always fall in different periods and a bill's (year, period) pair never
repeats; now and then a period has no reading, as when a reader misses a round. One interval for
every route also keeps the number of distinct bill calculations small (they are memoised).

The readings of the demo are the last :data:`READINGS` route days at least
:data:`MIN_AGE_DAYS` before ``today``; one more, earlier route day is the previous reading of the
first bill. Dates are computed once per route, not per subscriber.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from pishkhan.domain.jalali import period_of

READINGS = 12
INTERVAL_DAYS = 63
MIN_AGE_DAYS = 5
DUE_DAYS = 14
MAX_PAY_DELAY = 40
_FRIDAY = 4
_SEASON = {1: 0.95, 2: 1.2, 3: 1.35, 4: 1.1, 5: 0.85, 6: 0.8}  # use by billing period


class Slot(NamedTuple):
    """One reading day of a route and the bill issued for it."""

    read_on: dt.date
    year: int  # Jalali year of the billing period
    period: int  # 1..6
    days: int  # since the previous reading of the route
    season: float  # consumption factor
    due_on: dt.date
    midnight: dt.datetime  # read_on at 00:00
    pay_days: tuple[dt.date, ...]  # [delay]: the business day a payment made then carries


class Schedule:
    """The reading days of every route for a data set generated on ``today``."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._midnights: dict[dt.date, dt.datetime] = {}
        latest = (today - dt.timedelta(days=MIN_AGE_DAYS)).toordinal()
        anchors = [latest - (latest - r) % INTERVAL_DAYS for r in range(INTERVAL_DAYS)]
        self._routes = tuple(
            self._build(dt.date.fromordinal(a))
            for a in sorted(anchors, reverse=True)
            if dt.date.fromordinal(a).weekday() != _FRIDAY
        )

    @property
    def routes(self) -> int:
        return len(self._routes)

    def route(self, index: int) -> tuple[Slot, ...]:
        """``READINGS + 1`` slots, oldest first; slot 0 is only the first bill's previous read."""
        return self._routes[index]

    def _build(self, last: dt.date) -> tuple[Slot, ...]:
        step = dt.timedelta(days=INTERVAL_DAYS)
        dates = [last - step * (READINGS - i) for i in range(READINGS + 1)]
        slots: list[Slot] = []
        for i, read_on in enumerate(dates):
            period = period_of(read_on)
            after = dates[i + 1] if i + 1 < len(dates) else self.today
            slots.append(
                Slot(
                    read_on=read_on,
                    year=period.year,
                    period=period.number,
                    days=INTERVAL_DAYS,
                    season=_SEASON[period.number],
                    due_on=read_on + dt.timedelta(days=DUE_DAYS),
                    midnight=self.midnight(read_on),
                    pay_days=self._pay_days(read_on, after),
                )
            )
        return tuple(slots)

    @staticmethod
    def _pay_days(issued: dt.date, before: dt.date) -> tuple[dt.date, ...]:
        """Business day of a payment ``delay`` days after the bill, before ``before``.

        Never a Friday: a Friday becomes the Thursday before it (the bill, issued on a
        working day, is older than that).
        """
        out = []
        for delay in range(MAX_PAY_DELAY + 1):
            day = min(issued + dt.timedelta(days=delay), before - dt.timedelta(days=1))
            if day.weekday() == _FRIDAY:
                day -= dt.timedelta(days=1)
            out.append(day)
        return tuple(out)

    def midnight(self, day: dt.date) -> dt.datetime:
        found = self._midnights.get(day)
        if found is None:
            found = self._midnights[day] = dt.datetime(day.year, day.month, day.day)
        return found

"""Working-day arithmetic on the official Chinese calendar. Pure: no ORM.

- Years that `chinese_calendar` knows use its holidays and adjusted workdays (调休).
- Other years fall back to Monday–Friday minus the statutory holidays of 《全国年节及纪念日放假办法》
  (lunar dates computed by `holidays`), with no 调休; such results are `verified=False`
  unless an administrator entered that year's State Council notice.
- Overrides (a notice entered by hand) win over both.
- The start day is never counted (期间开始之日不计算在内).
- Pauses follow the same rule (民法典 art. 201: 开始的当日不计入). A pause (first, last) excludes the
  working days after `first` up to and including `last`; a pause that starts and ends on the same
  day excludes nothing. `excluded_workdays` and `add_workdays` are the one implementation used by
  services (special procedures), disclosure (consultations, the fee and correction waits).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

import chinese_calendar
import holidays as holidays_lib

KNOWN_FIRST = min(chinese_calendar.holidays).year
KNOWN_LAST = max(chinese_calendar.holidays).year
MIN_YEAR, MAX_YEAR = 1950, 2200


class Due(NamedTuple):
    """The due date, and whether every year it spans is on the official (or an entered) calendar."""

    date: date
    verified: bool


class CalendarError(ValueError):
    """A request the calendar cannot answer (n < 0, a year out of range)."""


@lru_cache(maxsize=512)
def _statutory(year: int) -> frozenset[date]:
    return frozenset(holidays_lib.China(years=year, observed=False).keys())


def base_is_workday(d: date) -> bool:
    if KNOWN_FIRST <= d.year <= KNOWN_LAST:
        return chinese_calendar.is_workday(d)
    return d.weekday() < 5 and d not in _statutory(d.year)


class WorkCalendar:
    """A calendar with overrides; keeps a sorted list of workday ordinals per loaded year span."""

    def __init__(self, overrides: Mapping[date, bool] | None = None, notice_years: Iterable[int] = ()):
        self.overrides = dict(overrides or {})
        self.notice_years = frozenset(notice_years)
        self._first = self._last = None  # loaded year span
        self._ords: list[int] = []
        self._verified: dict[int, bool] = {}

    # -- the loaded span -------------------------------------------------------------------
    def _year_ords(self, year: int) -> list[int]:
        d = date(year, 1, 1)
        end = date(year, 12, 31)
        out = []
        ov = self.overrides
        while d <= end:
            w = ov.get(d)
            if w is None:
                w = base_is_workday(d)
            if w:
                out.append(d.toordinal())
            d += timedelta(days=1)
        return out

    def _ensure(self, first: int, last: int) -> None:
        if not (MIN_YEAR <= first and last <= MAX_YEAR):
            raise CalendarError(f"year out of range {MIN_YEAR}–{MAX_YEAR}")
        if self._first is None:
            self._first, self._last = first, first - 1
        if first < self._first:
            head = [o for y in range(first, self._first) for o in self._year_ords(y)]
            self._ords = head + self._ords
            self._first = first
        if last > self._last:
            for y in range(self._last + 1, last + 1):
                self._ords.extend(self._year_ords(y))
            self._last = last

    def preload(self, first: int, last: int) -> WorkCalendar:
        self._ensure(first, last)
        return self

    # -- questions -------------------------------------------------------------------------
    def year_verified(self, year: int) -> bool:
        v = self._verified.get(year)
        if v is None:
            v = self._verified[year] = KNOWN_FIRST <= year <= KNOWN_LAST or year in self.notice_years
        return v

    def is_workday(self, d: date) -> bool:
        w = self.overrides.get(d)
        return base_is_workday(d) if w is None else w

    def add_workdays(self, start: date, n: int, pauses: Iterable[tuple[date, date]] = ()) -> Due:
        """The n-th working day after `start` (start not counted); paused working days do not count.

        `pauses` are (first, last) pairs: the working days in (first, last] do not count — the
        first day of a pause is not counted, its last day is; a same-day pause excludes nothing.
        n == 0 means due the same day (即办件).
        """
        if n <= 0:
            if n < 0:
                raise CalendarError("n must be ≥ 0")
            return Due(start, self.year_verified(start.year))
        y = start.year
        if self._first is None or y < self._first or y + 1 > self._last:
            self._ensure(y, y + 1)
        ords = self._ords
        s = start.toordinal()
        i = bisect.bisect_right(ords, s)
        j = i + n - 1
        while j >= len(ords):
            self._ensure(self._first, self._last + 1 + n // 240)
            ords = self._ords
        if pauses:
            spans = _merge(pauses)
            while True:
                paused = sum(
                    max(
                        0,
                        bisect.bisect_right(ords, min(b, ords[j])) - bisect.bisect_left(ords, max(a, s + 1)),
                    )
                    for a, b in spans
                )
                k = i + n - 1 + paused
                while k >= len(ords):
                    self._ensure(self._first, self._last + 1)
                    ords = self._ords
                if k == j:
                    break
                j = k
        d = date.fromordinal(ords[j])
        if d.year == y:
            return Due(d, self.year_verified(y))
        return Due(d, all(self.year_verified(k) for k in range(y, d.year + 1)))

    def excluded_workdays(
        self, pauses: Iterable[tuple[date, date]], start: date | None = None, end: date | None = None
    ) -> int:
        """Working days the pauses exclude: the union of their (first, last] spans, limited to
        (start, end] when given. Overlapping pauses count each day once."""
        spans = _merge(pauses)
        lo = start.toordinal() + 1 if start is not None else None
        hi = end.toordinal() if end is not None else None
        total = 0
        for a, b in spans:
            if lo is not None:
                a = max(a, lo)
            if hi is not None:
                b = min(b, hi)
            if a > b:
                continue
            da, db = date.fromordinal(a), date.fromordinal(b)
            self._ensure(da.year, db.year)
            total += bisect.bisect_right(self._ords, b) - bisect.bisect_left(self._ords, a)
        return total

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: a not counted. Negative when b is before a."""
        if b < a:
            return -self.workdays_between(b, a)
        self._ensure(a.year, b.year)
        return bisect.bisect_right(self._ords, b.toordinal()) - bisect.bisect_right(self._ords, a.toordinal())

    def verified_between(self, a: date, b: date) -> bool:
        lo, hi = min(a, b), max(a, b)
        return all(self.year_verified(y) for y in range(lo.year, hi.year + 1))


def pause_days(first: date, last: date) -> tuple[date, date] | None:
    """The inclusive day span a pause (first, last) excludes, or None when it excludes nothing."""
    if last <= first:
        return None
    return first + timedelta(days=1), last


def _merge(pauses: Iterable[tuple[date, date]]) -> list[tuple[int, int]]:
    """Inclusive ordinal spans of the days the pauses exclude ((first, last] each), merged."""
    spans = sorted((a.toordinal() + 1, b.toordinal()) for a, b in pauses if a < b)
    out: list[list[int]] = []
    for a, b in spans:
        if out and a <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]

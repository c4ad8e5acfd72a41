"""Periods of a competition: "2026-03" (month), "2026-Q1" (quarter), "2026-H1" (half), "2026" (year)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.I)
_HALF = re.compile(r"^(\d{4})-H([12])$", re.I)
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    key: str
    kind: str  # month, quarter, half, year
    start: date
    end: date

    def months(self) -> list[str]:
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def parse_period(key: str) -> Period:
    key = (key or "").strip()
    if m := _MONTH.match(key):
        y, mo = int(m[1]), int(m[2])
        if 1 <= mo <= 12:
            return Period(key, "month", date(y, mo, 1), _month_end(y, mo))
    elif m := _QUARTER.match(key):
        y, q = int(m[1]), int(m[2])
        return Period(f"{y}-Q{q}", "quarter", date(y, 3 * q - 2, 1), _month_end(y, 3 * q))
    elif m := _HALF.match(key):
        y, h = int(m[1]), int(m[2])
        return Period(f"{y}-H{h}", "half", date(y, 6 * h - 5, 1), _month_end(y, 6 * h))
    elif m := _YEAR.match(key):
        y = int(m[1])
        return Period(key, "year", date(y, 1, 1), date(y, 12, 31))
    raise DomainError(
        "bad_period",
        _("Unknown period %(period)s: write 2026-03, 2026-Q1, 2026-H1 or 2026.") % {"period": key},
        {"period": key},
    )


def periods_of(start: date, end: date, cycle: str) -> list[Period]:
    """The reporting periods of a competition's cycle that overlap [start, end]."""
    out: list[Period] = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        if cycle == "monthly":
            p = parse_period(f"{y:04d}-{m:02d}")
        elif cycle == "quarterly":
            p = parse_period(f"{y:04d}-Q{(m - 1) // 3 + 1}")
        elif cycle == "half-yearly":
            p = parse_period(f"{y:04d}-H{(m - 1) // 6 + 1}")
        else:
            p = parse_period(f"{y:04d}")
        if not out or out[-1].key != p.key:
            out.append(p)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out

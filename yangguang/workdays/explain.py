"""How a due date was reached, as lines a citizen can recount on the official calendar. Pure.

A clock starts on a day (not counted), runs a number of working days (the limit, an extension), and
stands still during pauses: each pause (first, last] adds the working days it excludes (see
`calendar`). The lines carry those counts; their sum `total` satisfies
`due == add_workdays(start, total)` with no pauses at all — that is what makes them checkable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Line:
    kind: str  # a code the domain labels (received, limit, pause:consultation, extension, due …)
    on: date | None = None  # the event's day, or a pause's first day
    last: date | None = None  # a pause's last day
    days: int = 0  # working days this line adds to the count
    article: str = ""  # the provision it rests on (《政府信息公开条例》第三十三条 …)
    note: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Explanation:
    start: date
    lines: tuple[Line, ...]
    total: int  # working days after `start` up to and including the due date
    due: date
    verified: bool


def explain(
    cal,
    start: date,
    *,
    before: Iterable[Line] = (),
    counted: Iterable[Line] = (),
    pauses: Iterable[Line] = (),
    after: Iterable[Line] = (),
) -> Explanation:
    """`before`: events up to the clock's start (0 days); `counted`: limits and extensions (their
    days); `pauses`: Line(on=first, last=last) — each gets the working days it newly excludes within
    (start, due] (days two pauses share are counted once, on the first); `after`: notes (0 days)."""
    counted, pauses = list(counted), sorted(pauses, key=lambda p: (p.on, p.last))
    n = sum(c.days for c in counted)
    spans = [(p.on, p.last) for p in pauses]
    due = cal.add_workdays(start, n, spans)
    out, seen = [], 0
    for i, p in enumerate(pauses):
        upto = cal.excluded_workdays(spans[: i + 1], start, due.date) if n else 0
        out.append(Line(p.kind, p.on, p.last, upto - seen, p.article, p.note, p.extra))
        seen = upto
    lines = (*before, *counted, *out, *after)
    return Explanation(start, tuple(lines), n + seen, due.date, due.verified)

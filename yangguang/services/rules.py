"""Pure rules of the case lifecycle: the transition table, due dates, lights, case classes, timings.

No ORM here; the calendar is passed in (a workdays.calendar.WorkCalendar or anything with
`add_workdays(start, n, pauses)` and `workdays_between(a, b)`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

# (status, verb) -> new status. Verbs not listed for a status are illegal there.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("submitted", "accept"): "accepted",
    ("submitted", "refuse"): "refused",
    ("submitted", "supplement"): "supplement",
    ("supplement", "resubmit"): "submitted",
    ("supplement", "refuse"): "refused",
    ("accepted", "step"): "accepted",
    ("accepted", "pause"): "paused",
    ("accepted", "extend"): "accepted",
    ("accepted", "joint_done"): "accepted",
    ("accepted", "complete"): "completed",
    ("accepted", "return"): "returned",
    ("paused", "resume"): "accepted",
    ("paused", "extend"): "paused",
    ("paused", "return"): "returned",
}
VERBS = sorted({v for _s, v in TRANSITIONS})
STATUSES = ["submitted", "supplement", "accepted", "paused", "completed", "refused", "returned"]

VERB_LABELS = {
    "accept": _("accept"),
    "refuse": _("refuse to accept"),
    "supplement": _("ask for missing materials"),
    "resubmit": _("resubmit corrected materials"),
    "step": _("record a processing step"),
    "pause": _("pause for a special procedure"),
    "resume": _("resume"),
    "extend": _("extend the time limit"),
    "joint_done": _("record a co-unit's opinion"),
    "complete": _("complete"),
    "return": _("return"),
}

# what the applicant reads for each entry of the case's history (the public lookup)
EVENT_LABELS = {
    "submit": _("application received"),
    "accept": _("accepted"),
    "refuse": _("not accepted"),
    "supplement": _("one-time notice of missing materials"),
    "resubmit": _("corrected materials received"),
    "step": _("processing step"),
    "pause": _("special procedure began"),
    "resume": _("special procedure ended; clock resumed"),
    "extend": _("time limit extended"),
    "joint_done": _("co-unit opinion recorded"),
    "complete": _("completed"),
    "return": _("returned"),
}


class IllegalTransition(Exception):
    def __init__(self, status: str, verb: str):
        super().__init__(f"{verb} is not allowed from {status}")
        self.status, self.verb = status, verb


def next_status(status: str, verb: str) -> str:
    try:
        return TRANSITIONS[(status, verb)]
    except KeyError:
        raise IllegalTransition(status, verb) from None


def allowed_verbs(status: str) -> list[str]:
    return [v for (s, v) in TRANSITIONS if s == status]


MAX_LIMIT = 365  # working days; anything above is an absurd time limit


@dataclass(frozen=True)
class Clock:
    due: date
    verified: bool


def due_date(
    cal,
    accepted_on: date,
    limit_days: int,
    extension_days: int = 0,
    pauses: Iterable[tuple[date, date]] = (),
) -> Clock:
    """Due = the (limit + extensions)-th working day after acceptance, paused working days not counted.

    A limit of 0 (即办件) is due on the day of acceptance, whatever the pauses.
    """
    n = limit_days + extension_days
    if n < 0:
        raise ValueError("negative time limit")
    if n == 0:
        d = cal.add_workdays(accepted_on, 0)
        return Clock(d.date, d.verified)
    d = cal.add_workdays(accepted_on, n, list(pauses))
    return Clock(d.date, d.verified)


def yellow_line(cal, today: date, yellow_days: int) -> date:
    """Cases due on or before this date (and not before today) show yellow."""
    if yellow_days <= 0:
        return today
    return cal.add_workdays(today, yellow_days).date


def light(due: date | None, today: date, yellow_until: date, *, open_: bool = True) -> str:
    """green on track, yellow near the limit, red overdue; closed or unclocked cases have no light."""
    if not open_ or due is None:
        return ""
    if due < today:
        return "red"
    if due <= yellow_until:
        return "yellow"
    return "green"


def case_class(*, status: str, joint: bool, supplements: int, limit_days: int) -> str:
    """五件管理, derived from the history: returned, joint, supplement-needed, promised, handled."""
    if status in ("returned", "refused"):
        return "returned"  # 退回件
    if joint:
        return "joint"  # 联办件
    if supplements:
        return "supplement"  # 补办件
    if limit_days > 0:
        return "promised"  # 承诺件
    return "handled"  # 办件 (即办)


CASE_CLASS_LABELS = {
    "returned": _("Returned case"),
    "joint": _("Joint case"),
    "supplement": _("Supplement case"),
    "promised": _("Promised case"),
    "handled": _("Handled case"),
}


@dataclass(frozen=True)
class Timing:
    workdays_used: int
    on_time: bool
    early: bool
    same_day: bool


def timing(cal, accepted_on: date, completed_on: date, due: date, paused_days: int = 0) -> Timing:
    """The facts fixed at completion: working days used (pauses not counted), on time, early, same day."""
    used = max(0, cal.workdays_between(accepted_on, completed_on) - paused_days)
    return Timing(
        workdays_used=used,
        on_time=completed_on <= due,
        early=completed_on < due,
        same_day=completed_on == accepted_on,
    )


def paused_workdays(cal, pauses: Iterable[tuple[date, date]], start: date, end: date) -> int:
    """Working days the pauses exclude within (start, end]: each pause (first, last) excludes
    (first, last], the one convention of `workdays.calendar` (start day not counted)."""
    return cal.excluded_workdays(pauses, start, end)


def satisfaction_share(levels: Iterable[int]) -> float | None:
    """满意率: the share of ratings at 基本满意 or better, in percent."""
    levels = list(levels)
    if not levels:
        return None
    return round(100.0 * sum(1 for v in levels if v <= 3) / len(levels), 2)

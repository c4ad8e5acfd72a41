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


# -- 行政许可法 clocks (issue 14) ---------------------------------------------------------------------
SUPPLEMENT_NOTICE_DAYS = 5  # art. 32(4): the one-time notice at once or within 5 working days
EXTENSION_DAYS = 10  # art. 42(1): one extension of at most 10 working days, by the office head
JOINT_LIMIT = 45  # art. 42(2): 统一办理、联合办理、集中办理 within 45 working days …
JOINT_EXTENSION_DAYS = 15  # … extended once by at most 15, approved by the people's government
ART = {
    "received": "《行政许可法》第三十二条",
    "supplement": "《行政许可法》第三十二条第一款第（四）项",
    "deemed": "《行政许可法》第三十二条第一款第（四）项：逾期不告知的，自收到申请材料之日起即为受理",
    "limit": "《行政许可法》第四十二条",
    "joint_limit": "《行政许可法》第四十二条第二款",
    "pause": "《行政许可法》第四十五条",
    "extension": "《行政许可法》第四十二条第一款",
    "joint_extension": "《行政许可法》第四十二条第二款",
}


def supplement_notice_due(cal, materials_on: date) -> date:
    """The last day for the one-time 补正 notice on materials received on `materials_on`."""
    return cal.add_workdays(materials_on, SUPPLEMENT_NOTICE_DAYS).date


def acceptance_day(cal, materials_on: date, accept_on: date) -> tuple[date, bool]:
    """(the day the clock starts, deemed): accepted later than the notice period with no notice in
    between, the application counts as accepted on the day its materials arrived (art. 32(4))."""
    if accept_on > supplement_notice_due(cal, materials_on):
        return materials_on, True
    return accept_on, False


def extension_cap(*, joint: bool, item_limit: int | None = None, item_basis: str = "") -> tuple[int, str]:
    """(most working days one extension may add, its legal basis). An item may carry its own limit
    where a law provides otherwise (法律、法规另有规定的，依照其规定), always with that basis."""
    if item_limit is not None and item_basis.strip():
        return item_limit, item_basis.strip()
    if joint:
        return JOINT_EXTENSION_DAYS, ART["joint_extension"]
    return EXTENSION_DAYS, ART["extension"]


def explain_case(cal, case, *, pauses=(), extensions=()):
    """The lines that add up to a case's due date: materials received, the 补正 notice and the
    corrected materials, acceptance (deemed or not), the promised limit, each special procedure with
    the working days it excludes (art. 45), the extension (art. 42). `case` has a Case's fields;
    `pauses` are (kind, first, last, notice_on, expected_days) with last None while running;
    `extensions` (days, decided_on, told_on, reason)."""
    from yangguang.workdays.explain import Line, explain

    before = [Line("submitted", case.submitted_on, article=ART["received"])]
    if case.supplement_notice_on:
        before.append(Line("supplement", case.supplement_notice_on, article=ART["supplement"]))
    if case.materials_on and case.materials_on != case.submitted_on:
        before.append(Line("resubmitted", case.materials_on, article=ART["supplement"]))
    before.append(
        Line(
            "deemed_accepted" if case.deemed_accepted else "accepted",
            case.accepted_on,
            article=ART["deemed"] if case.deemed_accepted else ART["received"],
        )
    )
    counted = [
        Line(
            "limit",
            case.accepted_on,
            days=case.limit_days,
            article=ART["joint_limit" if case.joint else "limit"],
        )
    ]
    for days, decided_on, told_on, reason in extensions:
        counted.append(
            Line(
                "extension",
                decided_on,
                told_on,
                days=days,
                article=ART["joint_extension" if case.joint else "extension"],
                note=reason,
            )
        )
    lines = [
        Line(
            "pause",
            first,
            last,
            article=ART["pause"],
            note=kind,
            extra={"notice_on": notice_on, "expected_days": expected},
        )
        for kind, first, last, notice_on, expected in pauses
        if last is not None
    ]
    running = [
        Line(
            "pause_running",
            first,
            None,
            article=ART["pause"],
            note=kind,
            extra={"notice_on": notice_on, "expected_days": expected},
        )
        for kind, first, last, notice_on, expected in pauses
        if last is None
    ]
    return explain(cal, case.accepted_on, before=before, counted=counted, pauses=lines, after=running)

"""Reads of study sessions (学法培训) and hours per person."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce

from yangguang.core.errors import NotFound
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import scope_paths, scope_q

from .. import rules
from ..models import Attendance, StudySession
from ._common import _get


def session_list(*, actor, year: int | None = None, unit: Unit | None = None) -> QuerySet:
    qs = StudySession.objects.filter(scope_q(actor, "unit__path")).select_related("unit")
    if year:
        qs = qs.filter(held_on__year=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.annotate(n=Count("attendance"))


def session_get(*, actor, session_id: int) -> StudySession:
    return _get(session_list(actor=actor), session_id)


def person_hours(person_ids: list[int], start: date, end: date) -> dict[int, Decimal]:
    rows = (
        Attendance.objects.filter(person_id__in=person_ids, session__held_on__range=(start, end))
        .order_by()
        .values("person_id")
        .annotate(h=Coalesce(Sum("session__hours"), Decimal(0)))
    )
    out = {pid: Decimal(0) for pid in person_ids}
    for r in rows:
        out[r["person_id"]] = r["h"]
    return out


def study_summary(
    *,
    actor,
    unit: Unit,
    year: int,
    threshold: Decimal = Decimal(45),
    role: str = "",
    participation_threshold: Decimal = Decimal(100),
) -> dict:
    """Hours per person, participation rate, sessions and attendance for the unit's subtree."""
    if not (scope_paths(actor) is None or any(unit.path.startswith(p) for p in scope_paths(actor))):
        raise NotFound()
    start, end = date(year, 1, 1), date(year, 12, 31)
    people = Person.objects.filter(unit__path__startswith=unit.path, active=True).select_related("unit")
    if role:
        people = people.filter(posts__role=role).distinct()
    people = list(people.order_by("unit__path", "id"))
    hours = person_hours([p.pk for p in people], start, end)
    rows = [
        {
            "person": p,
            "person_id": p.pk,
            "name": p.name,
            "unit": p.unit.name,
            "hours": hours[p.pk],
            "below": hours[p.pk] < threshold,
        }
        for p in people
    ]
    participants = sum(1 for r in rows if r["hours"] > 0)
    by_unit: dict[str, dict] = {}
    for r in rows:
        u = by_unit.setdefault(
            r["unit"], {"unit": r["unit"], "headcount": 0, "participants": 0, "hours": Decimal(0)}
        )
        u["headcount"] += 1
        u["participants"] += 1 if r["hours"] > 0 else 0
        u["hours"] += r["hours"]
    for u in by_unit.values():
        u["participation"] = rules.percent(u["participants"], u["headcount"])
        u["mean_hours"] = round(u["hours"] / u["headcount"], 1)
        u["below"] = u["participation"] is not None and u["participation"] < participation_threshold
    sessions = StudySession.objects.filter(unit__path__startswith=unit.path, held_on__range=(start, end))
    by_kind = {
        r["kind"]: r | {"attendances": 0}
        for r in sessions.order_by().values("kind").annotate(sessions=Count("id"), hours=Sum("hours"))
    }
    for r in (
        Attendance.objects.filter(session__in=sessions)
        .order_by()
        .values("session__kind")
        .annotate(n=Count("id"))
    ):
        by_kind[r["session__kind"]]["attendances"] = r["n"]
    return {
        "unit": unit,
        "year": year,
        "threshold": threshold,
        "participation_threshold": participation_threshold,
        "people": rows,
        "headcount": len(rows),
        "participants": participants,
        "participation": rules.percent(participants, len(rows)),
        "below": [r for r in rows if r["below"]],
        "by_unit": list(by_unit.values()),
        "study": by_kind.get(StudySession.STUDY, {"sessions": 0, "attendances": 0, "hours": 0}),
        "training": by_kind.get(StudySession.TRAINING, {"sessions": 0, "attendances": 0, "hours": 0}),
    }

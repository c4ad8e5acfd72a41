"""Supervision figures for the metric registry (registered in SupervisionConfig.ready()).

Unit metrics include the unit's subtree; each reads its rows once and rolls them up by path.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.core import metrics
from yangguang.orgs.models import Construction, Person, Unit

from . import rules
from .models import Attendance, Finding, Rectification, Task
from .queries import rollup


def _under(ids: list[int]) -> Q:
    """Rows under any of the units: one prefix test per top-most unit (1,200 villages of one 州: one)."""
    top: list[str] = []
    for p in sorted(Unit.objects.filter(pk__in=ids).values_list("path", flat=True)):
        if not top or not p.startswith(top[-1]):
            top.append(p)
    q = Q(pk__in=[])
    for p in top:
        q |= Q(unit__path__startswith=p)
    return q


def _pct(num: int, den: int) -> float | None:
    v = rules.percent(num, den)
    return float(v) if v is not None else None


def task_completion_rate(ids: list[int], start: date, end: date) -> dict[int, float | None]:
    """Of the tasks due in the period, the share completed by their deadline (%)."""
    rows = Task.objects.filter(_under(ids), deadline__range=(start, end)).exclude(status=Task.CANCELLED)
    data = [
        (path, (1, 1 if (c is not None and c <= d) else 0))
        for path, c, d in rows.values_list("unit__path", "completed_on", "deadline")
    ]
    out = {}
    for uid, vals in rollup(ids, data).items():
        out[uid] = _pct(sum(v[1] for v in vals), sum(v[0] for v in vals))
    return {i: out.get(i) for i in ids}


def overdue_tasks(ids: list[int], start: date, end: date) -> dict[int, float | None]:
    """Tasks due in the period and not completed by their deadline (count; lower is better)."""
    today = timezone.localdate()
    rows = Task.objects.filter(_under(ids), deadline__range=(start, end), deadline__lt=today).exclude(
        status=Task.CANCELLED
    )
    rows = rows.filter(Q(completed_on__isnull=True) | Q(completed_on__gt=F("deadline")))
    data = [(p, (1,)) for p in rows.values_list("unit__path", flat=True)]
    agg = rollup(ids, data)
    return {i: float(len(agg.get(i, []))) for i in ids}


def open_findings(ids: list[int], start: date, end: date) -> dict[int, float | None]:
    """Findings made by the end of the period and not closed by then (count; lower is better)."""
    rows = Finding.objects.filter(_under(ids), found_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    )
    agg = rollup(ids, [(p, (1,)) for p in rows.values_list("unit__path", flat=True)])
    return {i: float(len(agg.get(i, []))) for i in ids}


SEVERITY_WEIGHT = {Finding.LOW: 1, Finding.MEDIUM: 2, Finding.HIGH: 3}


def inspection_findings(ids: list[int], start: date, end: date) -> dict[int, float | None]:
    """Findings made in the period, weighted by severity (minor 1, moderate 2, serious 3)."""
    rows = Finding.objects.filter(_under(ids), found_on__range=(start, end))
    agg = rollup(ids, [(p, (SEVERITY_WEIGHT[s],)) for p, s in rows.values_list("unit__path", "severity")])
    return {i: float(sum(v[0] for v in agg.get(i, []))) for i in ids}


def rectification_on_time(ids: list[int], start: date, end: date) -> dict[int, float | None]:
    """Of the rectifications due in the period, the share accepted by their deadline (%)."""
    rows = Rectification.objects.filter(_under(ids), deadline__range=(start, end))
    data = [
        (p, (1, 1 if (c is not None and c.date() <= d) else 0))
        for p, c, d in rows.values_list("unit__path", "closed_at", "deadline")
    ]
    agg = rollup(ids, data)
    return {i: _pct(sum(v[1] for v in agg[i]), len(agg[i])) if agg.get(i) else None for i in ids}


def study_hours(ids: list[int], start: date, end: date) -> dict[int, float | None]:
    """Hours of study and training attended in the period, per person."""
    rows = (
        Attendance.objects.filter(person_id__in=ids, session__held_on__range=(start, end))
        .order_by()
        .values("person_id")
        .annotate(h=Sum("session__hours"))
    )
    out = {i: 0.0 for i in ids}
    for r in rows:
        out[r["person_id"]] = float(r["h"] or 0)
    return out


def _people_hours(ids, start, end):
    people = dict(Person.objects.filter(_under(ids), active=True).values_list("pk", "unit__path"))
    hours = defaultdict(Decimal)
    for pid, h in (
        Attendance.objects.filter(person_id__in=list(people), session__held_on__range=(start, end))
        .order_by()
        .values_list("person_id")
        .annotate(h=Sum("session__hours"))
    ):
        hours[pid] = h or Decimal(0)
    return rollup(ids, [(path, (float(hours[pid]),)) for pid, path in people.items()])


def unit_study_hours(ids: list[int], start: date, end: date) -> dict[int, float | None]:
    """Mean study and training hours per active person of the unit in the period."""
    agg = _people_hours(ids, start, end)
    return {i: round(sum(v[0] for v in agg[i]) / len(agg[i]), 2) if agg.get(i) else None for i in ids}


def study_participation(ids: list[int], start: date, end: date) -> dict[int, float | None]:
    """Share of the unit's active people who attended at least one session in the period (%)."""
    agg = _people_hours(ids, start, end)
    return {i: _pct(sum(1 for v in agg[i] if v[0] > 0), len(agg[i])) if agg.get(i) else None for i in ids}


def coverage(ids: list[int], start: date, end: date) -> dict[int, float | None]:
    """Built (by the end of the period) over planned facilities in the unit's subtree (%)."""
    rows = (
        Construction.objects.filter(_under(ids), planned=True)
        .order_by()
        .values("unit__path")
        .annotate(n=Count("id"), b=Count("id", filter=Q(built_on__lte=end)))
    )
    agg = rollup(ids, [(r["unit__path"], (r["n"], r["b"])) for r in rows])
    return {
        i: _pct(sum(v[1] for v in agg[i]), sum(v[0] for v in agg[i])) if agg.get(i) else None for i in ids
    }


def _register(name, fn, **kw):
    return metrics.register(name, fn, **kw)


def register_all() -> None:
    _register(
        "supervision.task_completion_rate",
        task_completion_rate,
        label=_("Tasks completed on time"),
        unit="%",
        description=_("Of the tasks due in the period, the share completed by their deadline."),
    )
    _register(
        "supervision.overdue_tasks",
        overdue_tasks,
        label=_("Overdue tasks"),
        unit=_("tasks"),
        higher_is_better=False,
        description=_("Tasks due in the period and not completed by their deadline."),
    )
    _register(
        "supervision.open_findings",
        open_findings,
        label=_("Open inspection findings"),
        unit=_("findings"),
        higher_is_better=False,
        description=_("Findings made by the end of the period and not closed by then."),
    )
    _register(
        "supervision.inspection_findings",
        inspection_findings,
        label=_("Inspection findings (severity-weighted)"),
        unit=_("points"),
        higher_is_better=False,
        description=_("Findings made in the period, weighted by severity (minor 1, moderate 2, serious 3)."),
    )
    _register(
        "supervision.rectification_on_time_rate",
        rectification_on_time,
        label=_("Rectifications accepted on time"),
        unit="%",
        description=_("Of the rectifications due in the period, the share accepted by their deadline."),
    )
    _register(
        "supervision.study_hours",
        study_hours,
        label=_("Study hours per person"),
        unit=_("hours"),
        subject="person",
        description=_("Hours of study and training attended in the period, per person."),
    )
    _register(
        "supervision.unit_study_hours",
        unit_study_hours,
        label=_("Mean study hours per person"),
        unit=_("hours"),
        description=_("Mean study and training hours per active person of the unit in the period."),
    )
    _register(
        "supervision.study_participation",
        study_participation,
        label=_("Study participation rate"),
        unit="%",
        description=_("Share of the unit's active people who attended at least one session in the period."),
    )
    _register(
        "supervision.coverage",
        coverage,
        label=_("Facilities built of planned"),
        unit="%",
        description=_("Built (by the end of the period) over planned facilities in the unit's subtree."),
    )

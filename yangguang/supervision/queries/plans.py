"""Reads of plans, parts and tasks: a unit's tasks (responsible or co-unit), the plan dashboard, reports."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from yangguang.orgs.models import Unit
from yangguang.orgs.queries import path_q, scope_paths

from .. import rules
from ..models import PlanPart, ProgressReport, Task, WorkPlan
from ._common import _get


def _co_unit_in_scope(paths):
    through = Task.co_units.through
    return Exists(through.objects.filter(task_id=OuterRef("pk")).filter(path_q(paths, "unit__path")))


def task_scope_q(actor) -> Q:
    paths = scope_paths(actor)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return path_q(paths, "unit__path") | path_q(paths, "plan__unit__path") | Q(_co=True)


def task_list(
    *,
    actor,
    plan: WorkPlan | None = None,
    unit: Unit | None = None,
    status: str = "",
    light: str = "",
    q: str = "",
) -> QuerySet:
    qs = Task.objects.all()
    paths = scope_paths(actor)
    if paths is not None:
        qs = qs.annotate(_co=_co_unit_in_scope(paths)).filter(task_scope_q(actor))
    if plan is not None:
        qs = qs.filter(plan=plan)
    if unit is not None:
        qs = qs.filter(
            Q(unit__path__startswith=unit.path) | Q(co_units__path__startswith=unit.path)
        ).distinct()
    if status:
        qs = qs.filter(status=status)
    if light:
        qs = qs.filter(light=light, status=Task.OPEN)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.select_related("unit", "part", "plan", "owner").order_by("plan_id", "part__number", "number")


def task_get(*, actor, task_id: int) -> Task:
    return _get(task_list(actor=actor), task_id)


def plan_list(*, actor) -> QuerySet:
    paths = scope_paths(actor)
    qs = WorkPlan.objects.select_related("unit")
    if paths is None:
        return qs
    visible_tasks = task_list(actor=actor).values("plan_id")
    return qs.filter(path_q(paths, "unit__path") | Q(pk__in=visible_tasks))


def plan_get(*, actor, plan_id: int) -> WorkPlan:
    return _get(plan_list(actor=actor), plan_id)


def plan_dashboard(*, actor, plan: WorkPlan, today: date) -> dict:
    """Counts per part and per light, completion, overdue, the units furthest behind (scoped)."""
    tasks = task_list(actor=actor, plan=plan)
    base = tasks.order_by().values("part_id")
    by_part = {
        r["part_id"]: r
        for r in base.annotate(
            n=Count("id", distinct=True),
            done=Count("id", filter=Q(status=Task.DONE), distinct=True),
            red=Count("id", filter=Q(status=Task.OPEN, deadline__lt=today), distinct=True),
            yellow=Count("id", filter=Q(status=Task.OPEN, light="yellow"), distinct=True),
            pct=Sum("percent"),
        )
    }
    parts = []
    for part in PlanPart.objects.filter(plan=plan).order_by("number"):
        r = by_part.get(part.pk, {"n": 0, "done": 0, "red": 0, "yellow": 0, "pct": 0})
        parts.append(
            {
                "part": part,
                "id": part.pk,
                "number": part.number,
                "title": part.title,
                "tasks": r["n"],
                "done": r["done"],
                "overdue": r["red"],
                "yellow": r["yellow"],
                "mean_percent": round((r["pct"] or 0) / r["n"], 1) if r["n"] else 0,
                "completion": rules.percent(r["done"], r["n"]),
            }
        )
    total = sum(p["tasks"] for p in parts)
    done = sum(p["done"] for p in parts)
    overdue = sum(p["overdue"] for p in parts)
    units = list(
        tasks.order_by()
        .filter(status=Task.OPEN, deadline__lt=today)
        .values("unit_id", "unit__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "unit__name")[:10]
    )
    reports = ProgressReport.objects.filter(task__in=tasks.values("pk")).count()
    return {
        "tasks": total,
        "done": done,
        "open": total - done,
        "overdue": overdue,
        "yellow": sum(p["yellow"] for p in parts),
        "completion": rules.percent(done, total),
        "reports": reports,
        "parts": parts,
        "behind": units,
    }


def report_list(*, actor, task: Task) -> QuerySet:
    return ProgressReport.objects.filter(task=task).select_related("unit", "reporter")

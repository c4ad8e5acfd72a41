"""Every non-trivial supervision read, scoped to the acting user.

- A unit sees its own tasks (responsible or co-unit) and findings; a post on a unit covers its subtree,
  so supervisors see everything under them; the organiser of a plan or inspection sees all of it.
- Accountability records are visible only to supervisors and administrators over the deciding unit:
  not to the units concerned, nor to their peers.
- Missing and out-of-scope are the same NotFound.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from yangguang.core.errors import NotFound
from yangguang.orgs.models import Construction, Person, Unit
from yangguang.orgs.queries import has_role, path_q, person_of, scope_paths, scope_q

from . import rules
from .models import (
    Accountability,
    Assessment,
    AssessmentRun,
    Attendance,
    Finding,
    Inspection,
    MajorDecision,
    PlanPart,
    ProgressReport,
    Rectification,
    StudySession,
    Task,
    WorkPlan,
)

MANAGER_ROLES = ("admin", "supervisor")
INSPECTOR_ROLES = ("admin", "supervisor", "inspector")
WORKER_ROLES = ("admin", "supervisor", "handler", "leader", "liaison")
ACCOUNTABILITY_ROLES = ("admin", "supervisor")


def can_manage(actor, unit: Unit) -> bool:
    return has_role(actor, MANAGER_ROLES, unit)


def can_work(actor, unit: Unit) -> bool:
    return has_role(actor, WORKER_ROLES, unit)


def _get(qs: QuerySet, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound()


# -- plans and tasks ------------------------------------------------------------------------
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


# -- inspections ----------------------------------------------------------------------------
def _inspector_q(actor) -> Q:
    person = person_of(actor)
    return Q(inspectors=person) if person else Q(pk__in=[])


def inspection_list(*, actor, status: str = "") -> QuerySet:
    qs = Inspection.objects.select_related("unit", "plan")
    paths = scope_paths(actor)
    if paths is not None:
        target = Inspection.targets.through.objects.filter(inspection_id=OuterRef("pk")).filter(
            path_q(paths, "unit__path")
        )
        person = person_of(actor)
        insp = Inspection.inspectors.through.objects.filter(
            inspection_id=OuterRef("pk"), person_id=getattr(person, "pk", -1)
        )
        qs = qs.filter(path_q(paths, "unit__path") | Q(Exists(target)) | Q(Exists(insp)))
    if status:
        qs = qs.filter(status=status)
    return qs


def inspection_get(*, actor, inspection_id: int) -> Inspection:
    return _get(inspection_list(actor=actor), inspection_id)


def is_inspector(actor, inspection: Inspection) -> bool:
    person = person_of(actor)
    return bool(person and inspection.inspectors.filter(pk=person.pk).exists())


def can_inspect(actor, inspection: Inspection) -> bool:
    return has_role(actor, INSPECTOR_ROLES, inspection.unit) or is_inspector(actor, inspection)


def finding_list(*, actor, inspection: Inspection | None = None, status: str = "", unit=None) -> QuerySet:
    qs = Finding.objects.select_related("unit", "inspection", "task", "item")
    paths = scope_paths(actor)
    if paths is not None:
        person = person_of(actor)
        insp = Inspection.inspectors.through.objects.filter(
            inspection_id=OuterRef("inspection_id"), person_id=getattr(person, "pk", -1)
        )
        qs = qs.filter(
            path_q(paths, "unit__path") | path_q(paths, "inspection__unit__path") | Q(Exists(insp))
        )
    if inspection is not None:
        qs = qs.filter(inspection=inspection)
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def finding_get(*, actor, finding_id: int) -> Finding:
    return _get(finding_list(actor=actor), finding_id)


def rectification_list(*, actor, status: str = "", light: str = "") -> QuerySet:
    qs = Rectification.objects.filter(finding__in=finding_list(actor=actor).values("pk")).select_related(
        "unit", "finding", "finding__inspection"
    )
    if status:
        qs = qs.filter(status=status)
    if light:
        qs = qs.filter(light=light).exclude(status=Rectification.CLOSED)
    return qs


def rectification_get(*, actor, rectification_id: int) -> Rectification:
    return _get(rectification_list(actor=actor), rectification_id)


def published_inspections() -> QuerySet:
    """What the portal shows: inspections whose results were published."""
    return (
        Inspection.objects.filter(published_at__isnull=False)
        .select_related("unit")
        .prefetch_related("targets")
        .annotate(n_findings=Count("findings", distinct=True))
        .order_by("-published_at")
    )


def published_decisions() -> QuerySet:
    """Major decisions as the public sees them: published (or corrected after publication)."""
    return (
        MajorDecision.objects.filter(published_on__isnull=False)
        .select_related("unit")
        .prefetch_related("steps", "events")
        .order_by("-published_on", "-id")
    )


def published_inspection_get(inspection_id: int) -> Inspection:
    return _get(published_inspections(), inspection_id)


# -- accountability -------------------------------------------------------------------------
def accountability_list(*, actor) -> QuerySet:
    return (
        Accountability.objects.filter(scope_q(actor, "unit__path", roles=ACCOUNTABILITY_ROLES))
        .select_related("unit")
        .prefetch_related("units", "people")
    )


def accountability_get(*, actor, accountability_id: int) -> Accountability:
    return _get(accountability_list(actor=actor), accountability_id)


# -- major decisions ------------------------------------------------------------------------
def decision_list(*, actor, flagged: bool | None = None) -> QuerySet:
    qs = MajorDecision.objects.filter(scope_q(actor, "unit__path")).select_related("unit")
    if flagged is not None:
        qs = qs.filter(flagged=flagged)
    return qs


def decision_get(*, actor, decision_id: int) -> MajorDecision:
    return _get(decision_list(actor=actor), decision_id)


def decision_steps(decision: MajorDecision) -> list[dict]:
    from .labels import STEP_LABELS

    done = {s.step: s for s in decision.steps.all()}
    return [
        {
            "step": code,
            "label": STEP_LABELS[code],
            "done_on": getattr(done.get(code), "done_on", None),
            "evidence": getattr(done.get(code), "evidence", ""),
            "done": code in done and done[code].done_on is not None,
        }
        for code in rules.STEPS
    ]


# -- coverage (应建/已建) ----------------------------------------------------------------------
def coverage(*, actor, root: Unit | None = None, kind: str = "", as_of: date | None = None) -> list[dict]:
    """Planned vs built facilities per tree level and unit kind, percentages to two decimals."""
    qs = Construction.objects.filter(scope_q(actor, "unit__path"), planned=True)
    if root is not None:
        qs = qs.filter(unit__path__startswith=root.path)
    if kind:
        qs = qs.filter(kind=kind)
    built = Q(built_on__isnull=False) if as_of is None else Q(built_on__lte=as_of)
    groups = (
        qs.order_by()
        .values("unit__depth", "unit__kind__code", "unit__kind__name", "kind", root_path=F("unit__path"))
        .annotate(planned_n=Count("id"), built_n=Count("id", filter=built))
    )
    # Group per (tree root, depth, unit kind, facility): the root gives the level's name.
    agg: dict[tuple, dict] = {}
    for g in groups:
        key = (g["root_path"][:4], g["unit__depth"], g["unit__kind__code"], g["kind"])
        row = agg.setdefault(key, {"planned": 0, "built": 0, "kind_name": g["unit__kind__name"]})
        row["planned"] += g["planned_n"]
        row["built"] += g["built_n"]
    roots = {u.path: u for u in Unit.objects.filter(path__in={k[0] for k in agg}, depth=1)}
    out = []
    for (rp, depth, ukind, facility), row in sorted(agg.items()):
        r = roots.get(rp)
        names = (r.level_names if r else []) or []
        out.append(
            {
                "root": r.name if r else "",
                "root_id": r.pk if r else None,
                "depth": depth,
                "level": names[depth - 1] if depth - 1 < len(names) else str(depth),
                "unit_kind": ukind,
                "unit_kind_name": row["kind_name"],
                "facility": facility,
                "planned": row["planned"],
                "built": row["built"],
                "percent": rules.percent(row["built"], row["planned"]),
            }
        )
    return out


# -- study ----------------------------------------------------------------------------------
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


# -- assessments ----------------------------------------------------------------------------
def assessment_list(*, actor) -> QuerySet:
    paths = scope_paths(actor)
    qs = Assessment.objects.select_related("unit")
    if paths is None:
        return qs
    part = Assessment.participants.through.objects.filter(assessment_id=OuterRef("pk")).filter(
        path_q(paths, "unit__path")
    )
    return qs.filter(path_q(paths, "unit__path") | Q(Exists(part)))


def assessment_get(*, actor, assessment_id: int) -> Assessment:
    return _get(assessment_list(actor=actor), assessment_id)


def run_list(*, actor, assessment: Assessment) -> QuerySet:
    return AssessmentRun.objects.filter(assessment=assessment)


def run_get(*, actor, run_id: int) -> AssessmentRun:
    return _get(
        AssessmentRun.objects.filter(assessment__in=assessment_list(actor=actor).values("pk")), run_id
    )


def published_runs() -> QuerySet:
    return AssessmentRun.objects.filter(published_at__isnull=False).select_related("assessment")


# -- home -----------------------------------------------------------------------------------
def home_counts(*, actor, today: date) -> dict:
    tasks = task_list(actor=actor).order_by()
    agg = tasks.aggregate(
        open=Count("id", filter=Q(status=Task.OPEN), distinct=True),
        overdue=Count("id", filter=Q(status=Task.OPEN, deadline__lt=today), distinct=True),
        yellow=Count("id", filter=Q(status=Task.OPEN, light="yellow"), distinct=True),
        done=Count("id", filter=Q(status=Task.DONE), distinct=True),
    )
    rect = rectification_list(actor=actor).exclude(status=Rectification.CLOSED)
    agg["rectifying"] = rect.count()
    agg["rect_overdue"] = rect.filter(deadline__lt=today).count()
    agg["findings_open"] = finding_list(actor=actor).exclude(status=Finding.CLOSED).count()
    agg["flagged_decisions"] = decision_list(actor=actor, flagged=True).count()
    return agg


def rollup(ids: list[int], rows: list[tuple[str, tuple]]) -> dict[int, list[tuple]]:
    """Assign (unit path, values) rows to every requested unit whose subtree holds the path."""
    by_path = {path: uid for uid, path in Unit.objects.filter(pk__in=ids).values_list("pk", "path")}
    steps = sorted({len(p) for p in by_path})
    out: dict[int, list[tuple]] = defaultdict(list)
    for path, values in rows:
        for n in steps:
            if n > len(path):
                break
            uid = by_path.get(path[:n])
            if uid is not None:
                out[uid].append(values)
    return out

"""Every supervision write: one transaction, validated, audited. Refusals change nothing."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, record_update, snapshot
from yangguang.core.errors import DomainError, Forbidden, ImportRejected, RowError
from yangguang.core.tabular import read_table
from yangguang.orgs.models import Construction, Person, Post, Unit
from yangguang.orgs.queries import has_role, in_scope

from . import rules
from .labels import STEP_LABELS, fmt
from .models import (
    Accountability,
    Assessment,
    AssessmentRun,
    Attendance,
    ChecklistItem,
    DecisionEvent,
    DecisionStep,
    Finding,
    Inspection,
    InspectionTeam,
    MajorDecision,
    PlanPart,
    ProgressReport,
    Rectification,
    StudySession,
    Task,
    WorkPlan,
)
from .queries import (
    ACCOUNTABILITY_ROLES,
    INSPECTOR_ROLES,
    MANAGER_ROLES,
    WORKER_ROLES,
    can_inspect,
)


def _today() -> date:
    return timezone.localdate()


def _require(actor, roles, unit: Unit, message=None) -> None:
    if not has_role(actor, roles, unit):
        raise Forbidden(message or fmt(_("You have no post on %(unit)s that allows this."), unit=unit.name))


def _text(value, field: str, label) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError("required", fmt(_("%(field)s is required."), field=label), {"field": field})
    return value


def unit_head(unit: Unit) -> Person | None:
    """The unit's head (一把手): the person holding the "leader" post on the unit itself."""
    post = Post.objects.filter(unit=unit, role="leader").select_related("person").order_by("id").first()
    return post.person if post else None


# -- plans ----------------------------------------------------------------------------------
@transaction.atomic
def plan_create(
    *,
    actor,
    unit: Unit,
    title: str,
    start: date,
    end: date | None = None,
    code: str = "",
    description: str = "",
    publish_inspections: bool = False,
) -> WorkPlan:
    _require(actor, MANAGER_ROLES, unit)
    title = _text(title, "title", _("Title"))
    if start is None:
        raise DomainError("required", _("A plan needs a start date."), {"field": "start"})
    if end is not None and end < start:
        raise DomainError("bad_dates", _("The plan ends before it starts."), {"field": "end"})
    plan = WorkPlan.objects.create(
        unit=unit,
        title=title,
        start=start,
        end=end,
        code=code.strip(),
        description=description,
        publish_inspections=publish_inspections,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record_create(actor=actor, instance=plan, unit=unit)
    return plan


@transaction.atomic
def plan_update(*, actor, plan: WorkPlan, **changes) -> WorkPlan:
    _require(actor, MANAGER_ROLES, plan.unit)
    before = snapshot(plan)
    for k in ("title", "code", "description", "end", "publish_inspections"):
        if k in changes:
            setattr(plan, k, changes[k])
    if plan.end and plan.end < plan.start:
        raise DomainError("bad_dates", _("The plan ends before it starts."), {"field": "end"})
    plan.save()
    record_update(actor=actor, instance=plan, before=before, unit=plan.unit)
    return plan


@transaction.atomic
def part_create(*, actor, plan: WorkPlan, title: str, number: int | None = None) -> PlanPart:
    _require(actor, MANAGER_ROLES, plan.unit)
    title = _text(title, "title", _("Title"))
    if number is None:
        number = (plan.parts.aggregate(m=Max("number"))["m"] or 0) + 1
    if plan.parts.filter(number=number).exists():
        raise DomainError(
            "duplicate", fmt(_("Part %(n)s already exists in this plan."), n=number), {"field": "number"}
        )
    part = PlanPart.objects.create(plan=plan, number=number, title=title)
    record_create(actor=actor, instance=part, unit=plan.unit)
    return part


def _check_task(plan: WorkPlan, unit, deadline) -> None:
    if unit is None:
        raise DomainError("no_responsible_unit", _("A task needs a responsible unit."), {"field": "unit"})
    if deadline is None:
        raise DomainError("required", _("A task needs a deadline."), {"field": "deadline"})
    if deadline < plan.start:
        raise DomainError(
            "deadline_before_start",
            fmt(_("The deadline %(d)s is before the plan starts (%(s)s)."), d=deadline, s=plan.start),
            {"field": "deadline"},
        )
    if plan.end and deadline > plan.end:
        raise DomainError(
            "deadline_after_end",
            fmt(_("The deadline %(d)s is after the plan ends (%(e)s)."), d=deadline, e=plan.end),
            {"field": "deadline"},
        )


@transaction.atomic
def task_create(
    *,
    actor,
    plan: WorkPlan,
    part: PlanPart,
    title: str,
    unit: Unit | None,
    deadline: date | None,
    co_units: list[Unit] = (),
    owner: Person | None = None,
    criteria: str = "",
    number: int | None = None,
) -> Task:
    _require(actor, MANAGER_ROLES, plan.unit)
    if part.plan_id != plan.pk:
        raise DomainError("bad_part", _("That part belongs to another plan."), {"field": "part"})
    title = _text(title, "title", _("Task"))
    _check_task(plan, unit, deadline)
    if number is None:
        number = (plan.tasks.aggregate(m=Max("number"))["m"] or 0) + 1
    if plan.tasks.filter(number=number).exists():
        raise DomainError(
            "duplicate", fmt(_("Task %(n)s already exists in this plan."), n=number), {"field": "number"}
        )
    if owner is not None and not owner.unit.path.startswith(unit.path):
        raise DomainError(
            "bad_owner", _("The owner must belong to the responsible unit."), {"field": "owner"}
        )
    task = Task.objects.create(
        plan=plan,
        part=part,
        number=number,
        title=title,
        unit=unit,
        deadline=deadline,
        owner=owner or unit_head(unit),
        criteria=criteria,
        light=rules.light(deadline, _today(), False),
    )
    co = [u for u in co_units if u.pk != unit.pk]
    task.co_units.set(co)
    record(
        actor=actor,
        action="create",
        instance=task,
        after=snapshot(task) | {"co_units": [u.pk for u in co]},
        unit=unit,
    )
    return task


@transaction.atomic
def task_update(*, actor, task: Task, **changes) -> Task:
    _require(actor, MANAGER_ROLES, task.plan.unit)
    before = snapshot(task) | {"co_units": sorted(task.co_units.values_list("pk", flat=True))}
    for k in ("title", "criteria", "deadline", "unit", "owner"):
        if k in changes:
            setattr(task, k, changes[k])
    _check_task(task.plan, task.unit, task.deadline)
    task.light = rules.light(task.deadline, _today(), task.status != Task.OPEN)
    task.save()
    if "co_units" in changes:
        task.co_units.set([u for u in changes["co_units"] if u.pk != task.unit_id])
    record(
        actor=actor,
        action="update",
        instance=task,
        before=before,
        after=snapshot(task) | {"co_units": sorted(task.co_units.values_list("pk", flat=True))},
        unit=task.unit,
    )
    return task


def _reporting_unit(actor, task: Task) -> Unit:
    if has_role(actor, WORKER_ROLES, task.unit):
        return task.unit
    for u in task.co_units.all():
        if has_role(actor, WORKER_ROLES, u):
            return u
    raise Forbidden(_("Only the responsible unit or a co-unit may report progress."))


@transaction.atomic
def progress_report(*, actor, task: Task, percent: int, text: str, attachment=None) -> ProgressReport:
    unit = _reporting_unit(actor, task)
    if task.status != Task.OPEN:
        raise DomainError("task_closed", _("This task is no longer open."), status=409)
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        percent = -1
    if not 0 <= percent <= 100:
        raise DomainError("bad_percent", _("Progress is a percentage from 0 to 100."), {"field": "percent"})
    text = _text(text, "text", _("Progress"))
    rep = ProgressReport(task=task, unit=unit, reporter=actor, percent=percent, text=text)
    if attachment:
        rep.attachment = attachment
    rep.save()
    before = snapshot(task)
    if unit.pk == task.unit_id:
        task.percent = percent
    task.last_report_at = timezone.now()
    task.save(update_fields=["percent", "last_report_at", "updated_at"])
    record_create(actor=actor, instance=rep, unit=unit)
    record_update(actor=actor, instance=task, before=before, unit=task.unit, note="progress")
    return rep


@transaction.atomic
def task_accept(*, actor, task: Task, on: date | None = None, note: str = "") -> Task:
    """The organiser accepts the task as done (against its acceptance criteria)."""
    _require(actor, MANAGER_ROLES, task.plan.unit)
    if task.status != Task.OPEN:
        raise DomainError("task_closed", _("This task is no longer open."), status=409)
    before = snapshot(task)
    task.status, task.completed_on, task.percent, task.light = Task.DONE, on or _today(), 100, "green"
    task.save()
    record_update(actor=actor, instance=task, before=before, unit=task.unit, note=note or "accept")
    return task


@transaction.atomic
def task_reopen(*, actor, task: Task, reason: str) -> Task:
    _require(actor, MANAGER_ROLES, task.plan.unit)
    reason = _text(reason, "reason", _("Reason"))
    if task.status == Task.OPEN:
        raise DomainError("task_open", _("This task is already open."), status=409)
    before = snapshot(task)
    task.status, task.completed_on = Task.OPEN, None
    task.light = rules.light(task.deadline, _today(), False)
    task.save()
    record_update(actor=actor, instance=task, before=before, unit=task.unit, note=reason)
    return task


TASK_COLUMNS = {
    "part": ("部分", "part"),
    "number": ("序号", "number", "no"),
    "title": ("任务", "task", "title"),
    "unit": ("责任单位编码", "责任单位", "responsible unit", "unit"),
    "co_units": ("协办单位编码", "协办单位", "co-units", "co_units"),
    "owner": ("责任人工号", "责任人", "owner"),
    "deadline": ("完成时限", "deadline"),
    "criteria": ("验收标准", "acceptance criteria", "criteria"),
}


def _parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    value = str(value or "").strip()
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", value)
    if not m:
        raise ValueError(value)
    return date(int(m[1]), int(m[2]), int(m[3]))


@transaction.atomic
def tasks_import(*, actor, plan: WorkPlan, data: bytes, filename: str) -> dict:
    """A plan's task table (.xlsx/.csv), all-or-nothing: every bad row is reported, nothing written.

    Columns: 部分, 序号, 任务, 责任单位编码, 协办单位编码 (、 or , separated), 责任人工号, 完成时限,
    验收标准. A part is created by its title when the plan does not have it yet.
    """
    _require(actor, MANAGER_ROLES, plan.unit)
    table = read_table(data, filename)
    header = {h.strip().lower(): h for h in table.header}
    cols = {}
    for field, names in TASK_COLUMNS.items():
        for n in names:
            if n.lower() in header:
                cols[field] = header[n.lower()]
                break
    missing = [TASK_COLUMNS[f][0] for f in ("part", "title", "unit", "deadline") if f not in cols]
    if missing:
        raise ImportRejected([RowError(1, m, _("Missing column.")) for m in missing])
    errors: list[RowError] = []
    parsed = []
    codes = set()
    for _row, cells in table.rows:
        codes.add(str(cells.get(cols["unit"], "")).strip())
        for c in re.split(r"[、,，;；\s]+", str(cells.get(cols.get("co_units", ""), "") or "")):
            if c:
                codes.add(c)
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    owners = {}
    if "owner" in cols:
        owner_codes = {str(c.get(cols["owner"], "")).strip() for _r, c in table.rows} - {""}
        owners = {p.code: p for p in Person.objects.filter(code__in=owner_codes).select_related("unit")}
    existing_numbers = set(plan.tasks.values_list("number", flat=True))
    seen_numbers: set[int] = set()
    next_number = max(existing_numbers | {0}) + 1
    for row, cells in table.rows:
        bad = False

        def err(col, msg, row=row):
            nonlocal bad
            errors.append(RowError(row, col, msg))
            bad = True

        part = str(cells.get(cols["part"], "")).strip()
        title = str(cells.get(cols["title"], "")).strip()
        if not part:
            err(cols["part"], _("A task needs a part."))
        if not title:
            err(cols["title"], _("A task needs a title."))
        ucode = str(cells.get(cols["unit"], "")).strip()
        unit = units.get(ucode)
        if not ucode:
            err(cols["unit"], _("A task needs a responsible unit."))
        elif unit is None:
            err(cols["unit"], fmt(_("Unknown unit code %(code)s."), code=ucode))
        elif not in_scope(actor, unit):
            err(cols["unit"], fmt(_("Unit %(code)s is outside your scope."), code=ucode))
        co = []
        if "co_units" in cols:
            for c in re.split(r"[、,，;；\s]+", str(cells.get(cols["co_units"], "") or "")):
                if not c:
                    continue
                if c not in units:
                    err(cols["co_units"], fmt(_("Unknown unit code %(code)s."), code=c))
                else:
                    co.append(units[c])
        try:
            deadline = _parse_date(cells.get(cols["deadline"]))
        except ValueError:
            deadline = None
            err(cols["deadline"], _("Not a date (use YYYY-MM-DD)."))
        else:
            if deadline is None:
                err(cols["deadline"], _("A task needs a deadline."))
            elif deadline < plan.start:
                err(
                    cols["deadline"],
                    fmt(_("The deadline %(d)s is before the plan starts (%(s)s)."), d=deadline, s=plan.start),
                )
            elif plan.end and deadline > plan.end:
                err(
                    cols["deadline"],
                    fmt(_("The deadline %(d)s is after the plan ends (%(e)s)."), d=deadline, e=plan.end),
                )
        number = None
        if "number" in cols and str(cells.get(cols["number"], "")).strip():
            try:
                number = int(float(str(cells.get(cols["number"])).strip()))
            except ValueError:
                err(cols["number"], _("Not a whole number."))
            else:
                if number in existing_numbers or number in seen_numbers:
                    err(cols["number"], fmt(_("Task %(n)s already exists in this plan."), n=number))
        owner = None
        if "owner" in cols and str(cells.get(cols["owner"], "")).strip():
            ocode = str(cells.get(cols["owner"])).strip()
            owner = owners.get(ocode)
            if owner is None:
                err(cols["owner"], fmt(_("Unknown staff number %(code)s."), code=ocode))
            elif unit is not None and not owner.unit.path.startswith(unit.path):
                err(cols["owner"], _("The owner must belong to the responsible unit."))
        if bad:
            continue
        if number is None:
            while next_number in existing_numbers or next_number in seen_numbers:
                next_number += 1
            number = next_number
        seen_numbers.add(number)
        criteria = str(cells.get(cols.get("criteria", ""), "") or "")
        parsed.append((part, number, title, unit, co, owner, deadline, criteria))
    if errors:
        raise ImportRejected(errors)
    parts = {p.title: p for p in plan.parts.all()}
    next_part = (plan.parts.aggregate(m=Max("number"))["m"] or 0) + 1
    created_parts = 0
    today = _today()
    heads = {}
    new_tasks = []
    for part_title, number, title, unit, co, owner, deadline, criteria in parsed:
        if part_title not in parts:
            parts[part_title] = PlanPart.objects.create(plan=plan, number=next_part, title=part_title)
            next_part += 1
            created_parts += 1
        if owner is None:
            if unit.pk not in heads:
                heads[unit.pk] = unit_head(unit)
            owner = heads[unit.pk]
        t = Task(
            plan=plan,
            part=parts[part_title],
            number=number,
            title=title,
            unit=unit,
            owner=owner,
            deadline=deadline,
            criteria=criteria,
            light=rules.light(deadline, today, False),
        )
        new_tasks.append((t, co))
    Task.objects.bulk_create([t for t, _co in new_tasks], batch_size=1000)
    Through = Task.co_units.through
    Through.objects.bulk_create(
        [Through(task_id=t.pk, unit_id=u.pk) for t, co in new_tasks for u in co if u.pk != t.unit_id],
        ignore_conflicts=True,
        batch_size=2000,
    )
    record(
        actor=actor,
        action="import",
        instance=plan,
        after={"tasks": [t.number for t, _co in new_tasks], "parts_created": created_parts},
        unit=plan.unit,
        note=filename[:200],
    )
    return {"created": len(new_tasks), "parts_created": created_parts}


# -- inspections ----------------------------------------------------------------------------
def _check_cross(inspectors: list[Person], targets: list[Unit]) -> None:
    for p in inspectors:
        for t in targets:
            if p.unit.path.startswith(t.path):
                raise DomainError(
                    "not_cross_unit",
                    fmt(
                        _("%(person)s belongs to %(unit)s and may not inspect it (cross-unit inspection)."),
                        person=p.name,
                        unit=t.name,
                    ),
                    {"field": "inspectors"},
                )


@transaction.atomic
def inspection_create(
    *,
    actor,
    unit: Unit,
    title: str,
    targets: list[Unit],
    start: date,
    kind: str = Inspection.PLANNED,
    plan: WorkPlan | None = None,
    inspectors: list[Person] = (),
    cross_unit: bool = False,
    end: date | None = None,
    checklist: list[str] = (),
) -> Inspection:
    _require(actor, INSPECTOR_ROLES, unit)
    title = _text(title, "title", _("Title"))
    if kind not in dict(Inspection.KINDS):
        raise DomainError("bad_kind", _("Unknown inspection kind."), {"field": "kind"})
    if not targets:
        raise DomainError(
            "required", _("An inspection needs at least one unit to inspect."), {"field": "targets"}
        )
    for t in targets:
        if not t.path.startswith(unit.path):
            raise DomainError(
                "out_of_scope",
                fmt(_("%(unit)s is not under the organiser."), unit=t.name),
                {"field": "targets"},
            )
    if start is None:
        raise DomainError("required", _("An inspection needs a start date."), {"field": "start"})
    if end and end < start:
        raise DomainError("bad_dates", _("The inspection ends before it starts."), {"field": "end"})
    inspectors = list(inspectors)
    if cross_unit:
        _check_cross(inspectors, targets)
    insp = Inspection.objects.create(
        unit=unit, title=title, kind=kind, plan=plan, cross_unit=cross_unit, start=start, end=end
    )
    insp.targets.set(targets)
    insp.inspectors.set(inspectors)
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(inspection=insp, number=i, text=t.strip())
            for i, t in enumerate([c for c in checklist if c and c.strip()], start=1)
        ]
    )
    record(
        actor=actor,
        action="create",
        instance=insp,
        after=snapshot(insp)
        | {
            "targets": [t.pk for t in targets],
            "inspectors": [p.pk for p in inspectors],
            "checklist": list(checklist),
        },
        unit=unit,
    )
    return insp


@transaction.atomic
def inspection_assign_cross(
    *, actor, inspection: Inspection, pool: list[Person], per_target: int = 2
) -> dict[int, list[int]]:
    """混合交叉检查: draw a team for every unit inspected from the pool (see rules.cross_assign);
    replaces earlier teams; the inspection becomes cross-unit and its inspectors are the teams."""
    _require(actor, INSPECTOR_ROLES, inspection.unit)
    if inspection.status != Inspection.OPEN:
        raise DomainError("inspection_closed", _("This inspection is closed."), status=409)
    if not 1 <= int(per_target) <= 10:
        raise DomainError("bad_team", _("A team has 1 to 10 inspectors."), {"field": "per_target"})
    targets = list(inspection.targets.order_by("path"))
    people = list({p.pk: p for p in pool}.values())
    try:
        teams = rules.cross_assign(
            [(t.pk, t.path) for t in targets], [(p.pk, p.unit.path) for p in people], int(per_target)
        )
    except ValueError as e:
        name = next((t.name for t in targets if t.pk == e.args[0]), "")
        raise DomainError(
            "cannot_staff",
            fmt(_("Not enough inspectors from other units for %(unit)s."), unit=name),
            {"field": "pool", "unit": e.args[0]},
        )
    InspectionTeam.objects.filter(inspection=inspection).delete()
    InspectionTeam.objects.bulk_create(
        [
            InspectionTeam(inspection=inspection, target_id=t, person_id=p)
            for t, ps in teams.items()
            for p in ps
        ]
    )
    used = sorted({p for ps in teams.values() for p in ps})
    before = snapshot(inspection)
    inspection.cross_unit = True
    inspection.save(update_fields=["cross_unit", "updated_at"])
    inspection.inspectors.set(used)
    record(
        actor=actor,
        action="update",
        instance=inspection,
        before=before,
        after=snapshot(inspection) | {"teams": {str(k): v for k, v in teams.items()}},
        unit=inspection.unit,
        note="cross-unit teams",
    )
    return teams


@transaction.atomic
def checklist_add(*, actor, inspection: Inspection, text: str) -> ChecklistItem:
    _require(actor, INSPECTOR_ROLES, inspection.unit)
    text = _text(text, "text", _("Checklist item"))
    n = (inspection.items.aggregate(m=Max("number"))["m"] or 0) + 1
    item = ChecklistItem.objects.create(inspection=inspection, number=n, text=text)
    record_create(actor=actor, instance=item, unit=inspection.unit)
    return item


@transaction.atomic
def checklist_mark(*, actor, item: ChecklistItem, result: str, note: str = "") -> ChecklistItem:
    if not can_inspect(actor, item.inspection):
        raise Forbidden(_("Only this inspection's inspectors may record results."))
    if result not in dict(ChecklistItem.RESULTS):
        raise DomainError("bad_result", _("Unknown checklist result."), {"field": "result"})
    before = snapshot(item)
    item.result, item.note = result, note[:300]
    item.save()
    record_update(actor=actor, instance=item, before=before, unit=item.inspection.unit)
    return item


@transaction.atomic
def finding_create(
    *,
    actor,
    inspection: Inspection,
    unit: Unit,
    description: str,
    severity: str = Finding.MEDIUM,
    item: ChecklistItem | None = None,
    task: Task | None = None,
    found_on: date | None = None,
) -> Finding:
    if not can_inspect(actor, inspection):
        raise Forbidden(_("Only this inspection's inspectors may record findings."))
    if inspection.status != Inspection.OPEN:
        raise DomainError("inspection_closed", _("This inspection is closed."), status=409)
    description = _text(description, "description", _("Finding"))
    if severity not in dict(Finding.SEVERITIES):
        raise DomainError("bad_severity", _("Unknown severity."), {"field": "severity"})
    if (
        unit is None
        or not inspection.targets.filter(pk__in=[unit.pk]).exists()
        and not any(unit.path.startswith(t.path) for t in inspection.targets.all())
    ):
        raise DomainError(
            "not_inspected", _("That unit is not among the units inspected."), {"field": "unit"}
        )
    if item is not None and item.inspection_id != inspection.pk:
        raise DomainError(
            "bad_item", _("That checklist item belongs to another inspection."), {"field": "item"}
        )
    f = Finding.objects.create(
        inspection=inspection,
        unit=unit,
        description=description,
        severity=severity,
        item=item,
        task=task,
        found_on=found_on or _today(),
    )
    if item is not None and item.result != ChecklistItem.FAIL:
        item.result = ChecklistItem.FAIL
        item.save(update_fields=["result", "updated_at"])
    record_create(actor=actor, instance=f, unit=unit)
    return f


@transaction.atomic
def rectification_issue(
    *, actor, finding: Finding, requirement: str, deadline: date | None = None, workdays: int | None = None
) -> Rectification:
    """限期整改: the organiser orders the unit concerned to rectify by a deadline — a date, or a number
    of working days from today on the official calendar (the start day not counted)."""
    _require(actor, INSPECTOR_ROLES, finding.inspection.unit)
    requirement = _text(requirement, "requirement", _("What must be done"))
    if deadline is None and workdays is not None:
        if not 1 <= int(workdays) <= 250:
            raise DomainError("bad_workdays", _("Give 1 to 250 working days."), {"field": "workdays"})
        from yangguang.workdays.queries import add_workdays

        deadline = add_workdays(_today(), int(workdays)).date
    if deadline is None:
        raise DomainError("required", _("A rectification needs a deadline."), {"field": "deadline"})
    if deadline < finding.found_on:
        raise DomainError(
            "bad_deadline", _("The deadline is before the finding was made."), {"field": "deadline"}
        )
    if Rectification.objects.filter(finding=finding).exists():
        raise DomainError("duplicate", _("This finding already has a rectification notice."), status=409)
    r = Rectification.objects.create(
        finding=finding,
        unit=finding.unit,
        requirement=requirement,
        deadline=deadline,
        light=rules.light(deadline, _today(), False),
    )
    before = snapshot(finding)
    finding.status = Finding.RECTIFYING
    finding.save(update_fields=["status", "updated_at"])
    record_create(actor=actor, instance=r, unit=finding.unit)
    record_update(actor=actor, instance=finding, before=before, unit=finding.unit)
    return r


@transaction.atomic
def rectification_submit(
    *, actor, rectification: Rectification, report: str, attachment=None
) -> Rectification:
    """The unit concerned reports the rectification done."""
    _require(
        actor,
        WORKER_ROLES,
        rectification.unit,
        _("Only the unit concerned may report its rectification."),
    )
    if rectification.status not in (Rectification.ISSUED, Rectification.FAILED):
        raise DomainError(
            "bad_state",
            _("A rectification can be reported only while issued or after a failed re-inspection."),
            status=409,
        )
    report = _text(report, "report", _("Rectification report"))
    before = snapshot(rectification)
    rectification.report, rectification.status = report, Rectification.SUBMITTED
    rectification.submitted_at = timezone.now()
    if attachment:
        rectification.attachment = attachment
    rectification.save()
    record_update(actor=actor, instance=rectification, before=before, unit=rectification.unit, note="submit")
    return rectification


@transaction.atomic
def rectification_reinspect(*, actor, rectification: Rectification, passed: bool, note: str) -> Rectification:
    if not can_inspect(actor, rectification.finding.inspection):
        raise Forbidden(_("Only the inspectors or the organiser may re-inspect."))
    if rectification.status != Rectification.SUBMITTED:
        raise DomainError("bad_state", _("Re-inspect only after the unit has reported."), status=409)
    note = _text(note, "note", _("Re-inspection"))
    before = snapshot(rectification)
    rectification.status = Rectification.PASSED if passed else Rectification.FAILED
    rectification.reinspected_at, rectification.reinspected_by = timezone.now(), actor
    rectification.reinspection_note = note
    rectification.save()
    record_update(
        actor=actor, instance=rectification, before=before, unit=rectification.unit, note="reinspect"
    )
    return rectification


@transaction.atomic
def rectification_close(*, actor, rectification: Rectification, on: date | None = None) -> Rectification:
    """Accept and close: only after a re-inspection that passed."""
    _require(actor, INSPECTOR_ROLES, rectification.finding.inspection.unit)
    if rectification.status != Rectification.PASSED:
        raise DomainError(
            "needs_reinspection",
            _("A rectification cannot be closed without a re-inspection that passed."),
            {"status": rectification.status},
            status=409,
        )
    before = snapshot(rectification)
    rectification.status, rectification.closed_at, rectification.light = (
        Rectification.CLOSED,
        timezone.now(),
        "green",
    )
    rectification.save()
    finding = rectification.finding
    fb = snapshot(finding)
    finding.status, finding.closed_on = Finding.CLOSED, on or _today()
    finding.save(update_fields=["status", "closed_on", "updated_at"])
    record_update(actor=actor, instance=rectification, before=before, unit=rectification.unit, note="close")
    record_update(actor=actor, instance=finding, before=fb, unit=finding.unit)
    return rectification


@transaction.atomic
def inspection_publish(*, actor, inspection: Inspection, summary: str) -> Inspection:
    """Publish the inspection notice and results on the portal (only when the plan says so)."""
    _require(actor, MANAGER_ROLES, inspection.unit)
    if inspection.plan_id and not inspection.plan.publish_inspections:
        raise DomainError(
            "not_public",
            _("The plan does not publish its inspection results on the portal."),
            {"plan": inspection.plan_id},
        )
    summary = _text(summary, "summary", _("Result summary"))
    before = snapshot(inspection)
    inspection.summary, inspection.published_at = summary, timezone.now()
    inspection.save()
    record_update(actor=actor, instance=inspection, before=before, unit=inspection.unit, note="publish")
    return inspection


@transaction.atomic
def inspection_close(*, actor, inspection: Inspection) -> Inspection:
    _require(actor, INSPECTOR_ROLES, inspection.unit)
    before = snapshot(inspection)
    inspection.status = Inspection.CLOSED
    inspection.end = inspection.end or _today()
    inspection.save()
    record_update(actor=actor, instance=inspection, before=before, unit=inspection.unit, note="close")
    return inspection


# -- accountability -------------------------------------------------------------------------
@transaction.atomic
def accountability_create(
    *,
    actor,
    unit: Unit,
    rule: str,
    decision: str,
    facts: str,
    units: list[Unit],
    people: list[Person] = (),
    decided_on: date | None = None,
    finding: Finding | None = None,
    major_decision: MajorDecision | None = None,
) -> Accountability:
    _require(actor, ACCOUNTABILITY_ROLES, unit)
    if rule not in dict(Accountability.RULES):
        raise DomainError("bad_rule", _("Unknown rule."), {"field": "rule"})
    if decision not in dict(Accountability.DECISIONS):
        raise DomainError("bad_decision", _("Unknown decision."), {"field": "decision"})
    facts = _text(facts, "facts", _("Facts"))
    if not units and not people:
        raise DomainError("required", _("Name the units or people held to account."), {"field": "units"})
    units = list(units) + [p.unit for p in people if p.unit not in units]
    for u in units:
        if not u.path.startswith(unit.path):
            raise DomainError(
                "out_of_scope",
                fmt(_("%(unit)s is not under the deciding unit."), unit=u.name),
                {"field": "units"},
            )
    a = Accountability.objects.create(
        unit=unit,
        rule=rule,
        decision=decision,
        facts=facts,
        decided_on=decided_on or _today(),
        finding=finding,
        major_decision=major_decision,
    )
    a.units.set(units)
    a.people.set(people)
    record(
        actor=actor,
        action="create",
        instance=a,
        after=snapshot(a) | {"units": [u.pk for u in units], "people": [p.pk for p in people]},
        unit=unit,
    )
    return a


# -- major decisions ------------------------------------------------------------------------
@transaction.atomic
def decision_create(*, actor, unit: Unit, title: str, number: str = "", summary: str = "") -> MajorDecision:
    _require(actor, MANAGER_ROLES + ("leader",), unit)
    title = _text(title, "title", _("Title"))
    d = MajorDecision.objects.create(unit=unit, title=title, number=number.strip(), summary=summary)
    record_create(actor=actor, instance=d, unit=unit)
    return d


@transaction.atomic
def decision_step_record(
    *, actor, decision: MajorDecision, step: str, done_on: date, evidence: str, attachment=None
) -> DecisionStep:
    _require(actor, MANAGER_ROLES + ("leader",), decision.unit)
    if step not in rules.STEPS:
        raise DomainError("bad_step", _("Unknown procedure step."), {"field": "step"})
    if decision.status != MajorDecision.DRAFT:
        raise DomainError("bad_state", _("Procedure steps are recorded before adoption."), status=409)
    if done_on is None:
        raise DomainError("required", _("When was this step done?"), {"field": "done_on"})
    evidence = _text(evidence, "evidence", _("Evidence"))
    s, created = DecisionStep.objects.get_or_create(
        decision=decision, step=step, defaults={"done_on": done_on}
    )
    before = None if created else snapshot(s)
    s.done_on, s.evidence = done_on, evidence
    if attachment:
        s.attachment = attachment
    s.save()
    record(
        actor=actor,
        action="create" if created else "update",
        instance=s,
        before=before,
        after=snapshot(s),
        unit=decision.unit,
    )
    return s


def _missing(decision: MajorDecision) -> list[str]:
    done = set(decision.steps.filter(done_on__isnull=False).values_list("step", flat=True))
    return rules.missing_steps(done)


@transaction.atomic
def decision_adopt(*, actor, decision: MajorDecision, on: date | None = None) -> MajorDecision:
    """Adoption needs every procedure step done; a missing step refuses it and names the step."""
    _require(actor, MANAGER_ROLES + ("leader",), decision.unit)
    if decision.status != MajorDecision.DRAFT:
        raise DomainError("bad_state", _("Only a draft decision can be adopted."), status=409)
    missing = _missing(decision)
    if missing:
        raise DomainError(
            "missing_steps",
            fmt(
                _("The decision cannot be adopted: missing %(steps)s."),
                steps=lazy(lambda: "、".join(str(STEP_LABELS[s]) for s in missing), str)(),
            ),
            {"missing": missing},
        )
    before = snapshot(decision)
    decision.status, decision.adopted_on = MajorDecision.ADOPTED, on or _today()
    decision.save()
    record_update(actor=actor, instance=decision, before=before, unit=decision.unit, note="adopt")
    return decision


@transaction.atomic
def decision_publish(*, actor, decision: MajorDecision, on: date | None = None) -> MajorDecision:
    """Publish; a decision published with a procedure step missing is flagged for supervision."""
    _require(actor, MANAGER_ROLES + ("leader",), decision.unit)
    if decision.status not in (MajorDecision.DRAFT, MajorDecision.ADOPTED, MajorDecision.AMENDED):
        raise DomainError("bad_state", _("This decision cannot be published now."), status=409)
    missing = _missing(decision)
    before = snapshot(decision)
    decision.status, decision.published_on = MajorDecision.PUBLISHED, on or _today()
    decision.flagged, decision.missing_steps = bool(missing), missing
    decision.save()
    record_update(
        actor=actor,
        instance=decision,
        before=before,
        unit=decision.unit,
        note="publish" + (" flagged: " + ",".join(missing) if missing else ""),
    )
    return decision


CORRECTIONS = {
    DecisionEvent.SUSPEND: (
        (MajorDecision.ADOPTED, MajorDecision.PUBLISHED, MajorDecision.AMENDED),
        MajorDecision.SUSPENDED,
    ),
    DecisionEvent.AMEND: (
        (MajorDecision.PUBLISHED, MajorDecision.SUSPENDED, MajorDecision.ADOPTED),
        MajorDecision.AMENDED,
    ),
    DecisionEvent.REVOKE: (
        (MajorDecision.ADOPTED, MajorDecision.PUBLISHED, MajorDecision.SUSPENDED, MajorDecision.AMENDED),
        MajorDecision.REVOKED,
    ),
    DecisionEvent.RESUME: ((MajorDecision.SUSPENDED,), MajorDecision.PUBLISHED),
}


@transaction.atomic
def decision_correct(
    *, actor, decision: MajorDecision, kind: str, reason: str, on: date | None = None
) -> DecisionEvent:
    """决策纠错: suspend, amend, revoke (or resume) a decision, with reasons."""
    if not (has_role(actor, MANAGER_ROLES, decision.unit)):
        raise Forbidden()
    if kind not in CORRECTIONS:
        raise DomainError("bad_kind", _("Unknown correction."), {"field": "kind"})
    allowed, to = CORRECTIONS[kind]
    if decision.status not in allowed:
        raise DomainError(
            "bad_state",
            fmt(
                _("A %(status)s decision cannot be %(kind)s."),
                status=decision.get_status_display(),
                kind=dict(DecisionEvent.KINDS)[kind],
            ),
            status=409,
        )
    reason = _text(reason, "reason", _("Reasons"))
    before = snapshot(decision)
    decision.status = to
    decision.save()
    ev = DecisionEvent.objects.create(
        decision=decision, kind=kind, on=on or _today(), reason=reason, actor=actor
    )
    record_update(actor=actor, instance=decision, before=before, unit=decision.unit, note=kind)
    record_create(actor=actor, instance=ev, unit=decision.unit)
    return ev


@transaction.atomic
def decision_check(
    *, actor, decision: MajorDecision, ok: bool, findings: str, on: date | None = None
) -> DecisionEvent:
    """A follow-up check on the decision's execution (跟踪检查)."""
    _require(actor, INSPECTOR_ROLES, decision.unit)
    if decision.status == MajorDecision.DRAFT:
        raise DomainError("bad_state", _("A draft decision has no execution to check."), status=409)
    findings = _text(findings, "reason", _("Findings"))
    ev = DecisionEvent.objects.create(
        decision=decision, kind=DecisionEvent.CHECK, on=on or _today(), reason=findings, ok=ok, actor=actor
    )
    record_create(actor=actor, instance=ev, unit=decision.unit)
    return ev


# -- coverage -------------------------------------------------------------------------------
@transaction.atomic
def construction_set(
    *, actor, unit: Unit, kind: str = "service_centre", planned: bool = True, built_on: date | None = None
) -> Construction:
    """Mark a unit's facility as planned (应建) and, with a date, built (已建)."""
    _require(actor, MANAGER_ROLES, unit)
    kind = (kind or "").strip() or "service_centre"
    c, created = Construction.objects.get_or_create(unit=unit, kind=kind, defaults={"planned": planned})
    before = None if created else snapshot(c)
    c.planned, c.built_on = planned, built_on
    c.save()
    record(
        actor=actor,
        action="create" if created else "update",
        instance=c,
        before=before,
        after=snapshot(c),
        unit=unit,
    )
    return c


@transaction.atomic
def constructions_mark(
    *, actor, rows: list[tuple[Unit, bool, date | None]], kind: str = "service_centre"
) -> dict:
    """Mark many units' facilities at once (planned, built on); one audit entry lists them all."""
    kind = (kind or "").strip() or "service_centre"
    for unit, _planned, _built in rows:
        _require(actor, MANAGER_ROLES, unit)
    existing = {
        c.unit_id: c for c in Construction.objects.filter(unit__in=[u for u, _p, _b in rows], kind=kind)
    }
    new, changed = [], []
    for unit, planned, built_on in rows:
        c = existing.get(unit.pk)
        if c is None:
            new.append(Construction(unit=unit, kind=kind, planned=planned, built_on=built_on))
        elif (c.planned, c.built_on) != (planned, built_on):
            c.planned, c.built_on = planned, built_on
            changed.append(c)
    Construction.objects.bulk_create(new, batch_size=1000)
    Construction.objects.bulk_update(changed, ["planned", "built_on"], batch_size=1000)
    if new or changed:
        top = min((u for u, _p, _b in rows), key=lambda u: u.depth)
        record(
            actor=actor,
            action="update",
            model="orgs.construction",
            after={
                "kind": kind,
                "rows": [
                    [u.code, p, b] for u, p, b in rows if u.pk not in existing or existing[u.pk] in changed
                ],
            },
            unit=top,
            note="bulk mark",
        )
    return {"created": len(new), "updated": len(changed)}


# -- study ----------------------------------------------------------------------------------
def _hours(value) -> Decimal:
    try:
        h = Decimal(str(value))
    except (InvalidOperation, TypeError):
        h = Decimal(-1)
    if not Decimal(0) < h <= Decimal(24):
        raise DomainError("bad_hours", _("Hours must be more than 0 and at most 24."), {"field": "hours"})
    return h


@transaction.atomic
def session_create(
    *, actor, unit: Unit, title: str, held_on: date, hours, kind: str = StudySession.STUDY, attendees=()
) -> StudySession:
    _require(actor, WORKER_ROLES, unit)
    title = _text(title, "title", _("Topic"))
    if kind not in dict(StudySession.KINDS):
        raise DomainError("bad_kind", _("Unknown session kind."), {"field": "kind"})
    if held_on is None:
        raise DomainError("required", _("When was the session held?"), {"field": "held_on"})
    s = StudySession.objects.create(unit=unit, title=title, held_on=held_on, hours=_hours(hours), kind=kind)
    record_create(actor=actor, instance=s, unit=unit)
    if attendees:
        attendance_set(actor=actor, session=s, people=list(attendees))
    return s


@transaction.atomic
def attendance_set(*, actor, session: StudySession, people: list[Person]) -> int:
    """Record who attended (replaces the list). People must belong to the organiser's subtree."""
    _require(actor, WORKER_ROLES, session.unit)
    for p in people:
        if not p.unit.path.startswith(session.unit.path):
            raise DomainError(
                "out_of_scope",
                fmt(_("%(person)s is not in %(unit)s."), person=p.name, unit=session.unit.name),
                {"field": "people"},
            )
    before = sorted(session.attendance.values_list("person_id", flat=True))
    session.attendance.all().delete()
    Attendance.objects.bulk_create(
        [Attendance(session=session, person=p) for p in {p.pk: p for p in people}.values()]
    )
    after = sorted(session.attendance.values_list("person_id", flat=True))
    record(
        actor=actor,
        action="update",
        instance=session,
        before={"attendees": before},
        after={"attendees": after},
        unit=session.unit,
        note="attendance",
    )
    return len(after)


# -- assessments ----------------------------------------------------------------------------
def _check_indicators(indicators: list[dict]) -> list[dict]:
    from yangguang.core import metrics

    if not indicators:
        raise DomainError(
            "required", _("An assessment needs at least one indicator."), {"field": "indicators"}
        )
    out = []
    known = set(metrics.names())
    for i, ind in enumerate(indicators):
        name = str(ind.get("metric", "")).strip()
        if name not in known:
            raise DomainError(
                "unknown_metric",
                fmt(_("Indicator %(n)s: unknown metric %(name)s."), n=i + 1, name=name),
                {"field": "indicators", "index": i},
            )
        try:
            weight = float(ind.get("weight", 0))
        except (TypeError, ValueError):
            weight = -1
        if weight <= 0:
            raise DomainError(
                "bad_weight",
                fmt(_("Indicator %(n)s: the weight must be positive."), n=i + 1),
                {"field": "indicators", "index": i},
            )
        m = metrics.get(name)
        out.append(
            {
                "metric": name,
                "weight": weight,
                "label": str(ind.get("label") or m.label),
                "higher_is_better": bool(ind.get("higher_is_better", m.higher_is_better)),
                "unit": str(m.unit),
            }
        )
    return out


@transaction.atomic
def assessment_create(
    *, actor, unit: Unit, title: str, participants: list[Unit], indicators: list[dict], links: list[dict] = ()
) -> Assessment:
    _require(actor, MANAGER_ROLES, unit)
    title = _text(title, "title", _("Title"))
    if len(participants) < 2:
        raise DomainError("required", _("An assessment ranks at least two units."), {"field": "participants"})
    for u in participants:
        if not u.path.startswith(unit.path):
            raise DomainError(
                "out_of_scope",
                fmt(_("%(unit)s is not under the organiser."), unit=u.name),
                {"field": "participants"},
            )
    inds = _check_indicators(indicators)
    for link in links:
        if not ("top" in link or "last" in link) or "adjust" not in link:
            raise DomainError(
                "bad_link",
                _("Each performance link needs top or last, and an adjustment."),
                {"field": "links"},
            )
    a = Assessment.objects.create(unit=unit, title=title, indicators=inds, links=list(links))
    a.participants.set(participants)
    record(
        actor=actor,
        action="create",
        instance=a,
        after=snapshot(a) | {"participants": [u.pk for u in participants]},
        unit=unit,
    )
    return a


@transaction.atomic
def assessment_evaluate(*, actor, assessment: Assessment, period: str) -> AssessmentRun:
    """Evaluate one month (月检查排名) or quarter (季考核, with the link to performance) from the
    platform's metrics. Re-evaluating an unpublished period replaces it; a published one is frozen."""
    from .scoring import evaluate

    _require(actor, MANAGER_ROLES, assessment.unit)
    try:
        p = rules.parse_period(period)
    except ValueError:
        raise DomainError("bad_period", _("A period is YYYY-MM or YYYYQn."), {"field": "period"})
    if p.cadence not in ("month", "quarter"):
        raise DomainError("bad_period", _("A period is YYYY-MM or YYYYQn."), {"field": "period"})
    existing = AssessmentRun.objects.filter(assessment=assessment, period=p.code).first()
    if existing and existing.published_at:
        raise DomainError("published", _("This period's bulletin is already published."), status=409)
    rows, engine, note, extra = evaluate(assessment, p, actor)
    if extra:
        before = snapshot(assessment)
        assessment.competition_id = extra["competition_id"]
        assessment.start, assessment.end = extra["start"], extra["end"]
        assessment.save(update_fields=["competition_id", "start", "end", "updated_at"])
        record_update(
            actor=actor, instance=assessment, before=before, unit=assessment.unit, note="competition"
        )
    run = existing or AssessmentRun(assessment=assessment, period=p.code)
    run.cadence, run.start, run.end, run.rows, run.engine = p.cadence, p.start, p.end, rows, engine
    run.engine_note, run.evaluation_id = note[:300], extra.get("evaluation_id")
    run.save()
    record(
        actor=actor,
        action="evaluate",
        instance=run,
        after={
            "period": p.code,
            "rows": [{k: r[k] for k in ("unit_id", "total", "rank", "adjust")} for r in rows],
        },
        unit=assessment.unit,
    )
    return run


@transaction.atomic
def bulletin_publish(*, actor, run: AssessmentRun, text: str = "") -> AssessmentRun:
    """Publish the ranking bulletin (通报): the run is frozen from then on."""
    _require(actor, MANAGER_ROLES, run.assessment.unit)
    if run.published_at:
        raise DomainError("published", _("This bulletin is already published."), status=409)
    before = snapshot(run)
    run.bulletin_text = text.strip() or _default_bulletin(run)
    if run.engine == "contests" and run.evaluation_id:
        from yangguang.contests import actions as contest_actions
        from yangguang.contests.models import Evaluation

        evaluation = Evaluation.objects.filter(pk=run.evaluation_id).first()
        if evaluation is None or not evaluation.current:
            raise DomainError(
                "stale_evaluation",
                _("Evaluate the period again: the competition's result has changed."),
                status=409,
            )
        b = contest_actions.bulletin_publish(
            actor=actor,
            evaluation=evaluation,
            title=f"{run.assessment.title} {run.period} 排名通报",
            body=run.bulletin_text,
        )
        run.bulletin_ref = f"{b.number}:{b.ledger_hash}"[:200]
    run.published_at = timezone.now()
    run.save()
    record_update(actor=actor, instance=run, before=before, unit=run.assessment.unit, note="publish")
    return run


def _default_bulletin(run: AssessmentRun) -> str:
    rows = sorted(run.rows, key=lambda r: r["rank"])
    head = f"{run.assessment.title} {run.period}"
    lines = [head, ""]
    for r in rows:
        extra = f" {r['link']} {r['adjust']:+g}%" if r.get("adjust") else ""
        if r.get("head"):
            extra += f"（{r['head']}）"
        lines.append(f"{r['rank']}. {r['unit_name']} {r['total']:.2f}{extra}")
    return "\n".join(lines)

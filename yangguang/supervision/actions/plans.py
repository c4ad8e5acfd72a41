"""Plans, parts and tasks: creating them, progress reports, acceptance and the task-table import."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, record_update, snapshot
from yangguang.core.errors import DomainError, Forbidden, ImportRejected, RowError
from yangguang.core.tabular import read_table
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import has_role, in_scope

from .. import rules
from ..labels import fmt
from ..models import PlanPart, ProgressReport, Task, WorkPlan
from ..queries import MANAGER_ROLES, WORKER_ROLES
from ._common import _check_attachment, _require, _text, _today, unit_head


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


PART_NUMBER_MAX = 9999


@transaction.atomic
def part_create(*, actor, plan: WorkPlan, title: str, number: int | None = None) -> PlanPart:
    _require(actor, MANAGER_ROLES, plan.unit)
    title = _text(title, "title", _("Title"))
    if number is None:
        number = (plan.parts.aggregate(m=Max("number"))["m"] or 0) + 1
    if not 1 <= number <= PART_NUMBER_MAX:  # the column holds no more (a 500 the API fuzz found)
        raise DomainError(
            "invalid",
            fmt(_("A part's number is a whole number from 1 to %(max)s."), max=PART_NUMBER_MAX),
            {"field": "number"},
        )
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
    _check_attachment(attachment)
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
    if attachment is not None:
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

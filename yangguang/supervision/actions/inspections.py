"""Inspections (cross-unit teams, checklists), findings and their rectification (限期整改), publishing."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, record_update, snapshot
from yangguang.core.errors import DomainError, Forbidden
from yangguang.orgs.models import Person, Unit

from .. import rules
from ..labels import fmt
from ..models import ChecklistItem, Finding, Inspection, InspectionTeam, Rectification, Task, WorkPlan
from ..queries import INSPECTOR_ROLES, MANAGER_ROLES, WORKER_ROLES, can_inspect
from ._common import _check_attachment, _require, _text, _today


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
    _check_attachment(attachment)
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
    if attachment is not None:
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

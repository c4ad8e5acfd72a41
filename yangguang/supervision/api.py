"""Supervision over the REST API: thin over supervision.queries / supervision.actions."""

from datetime import date, datetime

from django.utils import timezone
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from yangguang.core.errors import DomainError
from yangguang.core.idempotency import once
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import person_list, unit_get

from . import actions, queries
from .labels import fmt

router = Router(tags=["supervision"])


def _unit(request, unit_id: int | None) -> Unit | None:
    return unit_get(actor=request.user, unit_id=unit_id) if unit_id else None


def _units(request, ids: list[int]) -> list[Unit]:
    return [unit_get(actor=request.user, unit_id=i) for i in ids]


def _people(request, ids: list[int]) -> list[Person]:
    found = {p.pk: p for p in person_list(actor=request.user).filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        from django.utils.translation import gettext_lazy as _

        raise DomainError(
            "unknown_person", fmt(_("Unknown person %(id)s."), id=missing[0]), {"field": "people"}
        )
    return [found[i] for i in ids]


# -- schemas --------------------------------------------------------------------------------
class PlanIn(Schema):
    unit_id: int
    title: str
    start: date
    end: date | None = None
    code: str = ""
    description: str = ""
    publish_inspections: bool = False


class PlanOut(Schema):
    id: int
    unit_id: int
    title: str
    code: str
    start: date
    end: date | None
    publish_inspections: bool


class PartIn(Schema):
    title: str
    number: int | None = None


class PartOut(Schema):
    id: int
    number: int
    title: str


class TaskIn(Schema):
    part_id: int
    title: str
    unit_id: int | None = None
    deadline: date | None = None
    co_unit_ids: list[int] = []
    owner_id: int | None = None
    criteria: str = ""


class TaskOut(Schema):
    id: int
    plan_id: int
    part_id: int
    number: int
    title: str
    unit_id: int
    unit_name: str
    co_unit_ids: list[int]
    owner_id: int | None
    deadline: date
    criteria: str
    percent: int
    status: str
    light: str
    completed_on: date | None

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_co_unit_ids(obj):
        return [u.pk for u in obj.co_units.all()]


class ReportIn(Schema):
    percent: int
    text: str


class ReportOut(Schema):
    id: int
    task_id: int
    unit_id: int
    percent: int
    text: str
    created_at: datetime


class DashboardPart(Schema):
    id: int
    number: int
    title: str
    tasks: int
    done: int
    overdue: int
    yellow: int
    mean_percent: float
    completion: float | None


class DashboardOut(Schema):
    tasks: int
    done: int
    open: int
    overdue: int
    yellow: int
    completion: float | None
    reports: int
    parts: list[DashboardPart]


class ImportOut(Schema):
    created: int
    parts_created: int


class InspectionIn(Schema):
    unit_id: int
    title: str
    target_ids: list[int]
    start: date
    end: date | None = None
    kind: str = "planned"
    plan_id: int | None = None
    inspector_ids: list[int] = []
    cross_unit: bool = False
    checklist: list[str] = []


class ItemOut(Schema):
    id: int
    number: int
    text: str
    result: str
    note: str


class InspectionOut(Schema):
    id: int
    unit_id: int
    plan_id: int | None
    kind: str
    title: str
    start: date
    end: date | None
    status: str
    cross_unit: bool
    summary: str
    published_at: datetime | None


class MarkIn(Schema):
    result: str
    note: str = ""


class FindingIn(Schema):
    unit_id: int
    description: str
    severity: str = "medium"
    item_id: int | None = None
    task_id: int | None = None


class RectificationOut(Schema):
    id: int
    finding_id: int
    unit_id: int
    requirement: str
    deadline: date
    status: str
    light: str
    report: str
    reinspection_note: str


class FindingOut(Schema):
    id: int
    inspection_id: int
    unit_id: int
    description: str
    severity: str
    status: str
    found_on: date
    closed_on: date | None
    task_id: int | None


class IssueIn(Schema):
    requirement: str
    deadline: date | None = None
    workdays: int | None = None


class SubmitIn(Schema):
    report: str


class ReinspectIn(Schema):
    passed: bool
    note: str


class PublishIn(Schema):
    summary: str


class AccountabilityIn(Schema):
    unit_id: int
    rule: str
    decision: str
    facts: str
    unit_ids: list[int] = []
    person_ids: list[int] = []
    decided_on: date | None = None
    finding_id: int | None = None
    major_decision_id: int | None = None


class AccountabilityOut(Schema):
    id: int
    unit_id: int
    rule: str
    decision: str
    facts: str
    decided_on: date
    unit_ids: list[int]
    person_ids: list[int]

    @staticmethod
    def resolve_unit_ids(obj):
        return [u.pk for u in obj.units.all()]

    @staticmethod
    def resolve_person_ids(obj):
        return [p.pk for p in obj.people.all()]


class DecisionIn(Schema):
    unit_id: int
    title: str
    number: str = ""
    summary: str = ""


class StepOut(Schema):
    step: str
    label: str
    done: bool
    done_on: date | None
    evidence: str


class DecisionOut(Schema):
    id: int
    unit_id: int
    title: str
    number: str
    status: str
    adopted_on: date | None
    published_on: date | None
    flagged: bool
    missing_steps: list[str]


class StepIn(Schema):
    step: str
    done_on: date
    evidence: str


class CorrectIn(Schema):
    kind: str
    reason: str


class CheckIn(Schema):
    ok: bool
    findings: str


class EventOut(Schema):
    id: int
    kind: str
    on: date
    reason: str
    ok: bool | None


class CoverageOut(Schema):
    root: str
    depth: int
    level: str
    unit_kind: str
    unit_kind_name: str
    facility: str
    planned: int
    built: int
    percent: float | None


class ConstructionIn(Schema):
    unit_id: int
    kind: str = "service_centre"
    planned: bool = True
    built_on: date | None = None


class SessionIn(Schema):
    unit_id: int
    title: str
    held_on: date
    hours: float
    kind: str = "study"
    attendee_ids: list[int] = []


class SessionOut(Schema):
    id: int
    unit_id: int
    kind: str
    title: str
    held_on: date
    hours: float
    n: int = 0


class PersonHours(Schema):
    person_id: int
    name: str
    unit: str
    hours: float
    below: bool


class StudyOut(Schema):
    unit_id: int
    year: int
    threshold: float
    headcount: int
    participants: int
    participation: float | None
    study_sessions: int
    training_sessions: int
    training_attendances: int
    people: list[PersonHours]


class AssessmentIn(Schema):
    unit_id: int
    title: str
    participant_ids: list[int]
    indicators: list[dict]
    links: list[dict] = []


class AssessmentOut(Schema):
    id: int
    unit_id: int
    title: str
    indicators: list[dict]
    links: list[dict]
    competition_id: int | None
    participant_ids: list[int]

    @staticmethod
    def resolve_participant_ids(obj):
        return list(obj.participants.values_list("pk", flat=True))


class EvaluateIn(Schema):
    period: str


class RunOut(Schema):
    id: int
    assessment_id: int
    period: str
    cadence: str
    start: date
    end: date
    engine: str
    rows: list[dict]
    published_at: datetime | None
    bulletin_text: str


class BulletinIn(Schema):
    text: str = ""


# -- plans and tasks ------------------------------------------------------------------------
@router.get("/plans", response=list[PlanOut])
@paginate(PageNumberPagination, page_size=50)
def plans(request):
    return queries.plan_list(actor=request.user)


@router.post("/plans", response={201: PlanOut})
def plan_create(request, body: PlanIn):
    data = body.dict()
    unit = _unit(request, data.pop("unit_id"))
    return Status(201, actions.plan_create(actor=request.user, unit=unit, **data))


@router.get("/plans/{plan_id}", response=PlanOut)
def plan(request, plan_id: int):
    return queries.plan_get(actor=request.user, plan_id=plan_id)


@router.get("/plans/{plan_id}/dashboard", response=DashboardOut)
def plan_dashboard(request, plan_id: int):
    p = queries.plan_get(actor=request.user, plan_id=plan_id)
    d = queries.plan_dashboard(actor=request.user, plan=p, today=timezone.localdate())
    d["parts"] = [{k: v for k, v in part.items() if k != "part"} for part in d["parts"]]
    return d


@router.get("/plans/{plan_id}/parts", response=list[PartOut])
def parts(request, plan_id: int):
    return queries.plan_get(actor=request.user, plan_id=plan_id).parts.all()


@router.post("/plans/{plan_id}/parts", response={201: PartOut})
def part_create(request, plan_id: int, body: PartIn):
    p = queries.plan_get(actor=request.user, plan_id=plan_id)
    return Status(201, actions.part_create(actor=request.user, plan=p, title=body.title, number=body.number))


@router.get("/plans/{plan_id}/tasks", response=list[TaskOut])
@paginate(PageNumberPagination, page_size=50)
def plan_tasks(request, plan_id: int, light: str = "", status: str = ""):
    p = queries.plan_get(actor=request.user, plan_id=plan_id)
    return queries.task_list(actor=request.user, plan=p, light=light, status=status).prefetch_related(
        "co_units"
    )


@router.post("/plans/{plan_id}/tasks", response={201: TaskOut})
def task_create(request, plan_id: int, body: TaskIn):
    p = queries.plan_get(actor=request.user, plan_id=plan_id)
    part = p.parts.filter(pk=body.part_id).first()
    if part is None:
        from yangguang.core.errors import NotFound

        raise NotFound()
    owner = _people(request, [body.owner_id])[0] if body.owner_id else None
    return Status(
        201,
        actions.task_create(
            actor=request.user,
            plan=p,
            part=part,
            title=body.title,
            unit=_unit(request, body.unit_id),
            deadline=body.deadline,
            co_units=_units(request, body.co_unit_ids),
            owner=owner,
            criteria=body.criteria,
        ),
    )


@router.post("/plans/{plan_id}/import", response=ImportOut)
def tasks_import(request, plan_id: int, file: File[UploadedFile]):
    """All-or-nothing: a 400 with every bad row (row, column, message in Chinese and English)."""
    p = queries.plan_get(actor=request.user, plan_id=plan_id)
    return actions.tasks_import(actor=request.user, plan=p, data=file.read(), filename=file.name)


@router.get("/tasks", response=list[TaskOut])
@paginate(PageNumberPagination, page_size=50)
def tasks(request, light: str = "", status: str = "", q: str = ""):
    return queries.task_list(actor=request.user, light=light, status=status, q=q).prefetch_related("co_units")


@router.get("/tasks/{task_id}", response=TaskOut)
def task(request, task_id: int):
    return queries.task_get(actor=request.user, task_id=task_id)


@router.get("/tasks/{task_id}/reports", response=list[ReportOut])
@paginate(PageNumberPagination, page_size=50)
def reports(request, task_id: int):
    t = queries.task_get(actor=request.user, task_id=task_id)
    return queries.report_list(actor=request.user, task=t)


class ReportCreated(ReportOut):
    replayed: bool = False


@router.post("/tasks/{task_id}/reports", response={201: ReportCreated, 200: ReportCreated})
def report_create(request, task_id: int, body: ReportIn):
    """Report progress. Send an `Idempotency-Key` header: a retry returns the first report (200)."""
    t = queries.task_get(actor=request.user, task_id=task_id)

    def run():
        r = actions.progress_report(actor=request.user, task=t, percent=body.percent, text=body.text)
        return {
            "id": r.pk,
            "task_id": r.task_id,
            "unit_id": r.unit_id,
            "percent": r.percent,
            "text": r.text,
            "created_at": r.created_at.isoformat(),
        }

    result, replayed = once(
        user=request.user,
        scope=f"supervision.report.{t.pk}",
        key=request.headers.get("Idempotency-Key"),
        fn=run,
    )
    return Status(200 if replayed else 201, {**result, "replayed": replayed})


@router.post("/tasks/{task_id}/accept", response=TaskOut)
def task_accept(request, task_id: int):
    """The organiser accepts the task as done (against its acceptance criteria)."""
    t = queries.task_get(actor=request.user, task_id=task_id)
    return actions.task_accept(actor=request.user, task=t)


class ReasonIn(Schema):
    reason: str


@router.post("/tasks/{task_id}/reopen", response=TaskOut)
def task_reopen(request, task_id: int, body: ReasonIn):
    t = queries.task_get(actor=request.user, task_id=task_id)
    return actions.task_reopen(actor=request.user, task=t, reason=body.reason)


# -- inspections ----------------------------------------------------------------------------
@router.get("/inspections", response=list[InspectionOut])
@paginate(PageNumberPagination, page_size=50)
def inspections(request, status: str = ""):
    return queries.inspection_list(actor=request.user, status=status)


@router.post("/inspections", response={201: InspectionOut})
def inspection_create(request, body: InspectionIn):
    plan = queries.plan_get(actor=request.user, plan_id=body.plan_id) if body.plan_id else None
    return Status(
        201,
        actions.inspection_create(
            actor=request.user,
            unit=_unit(request, body.unit_id),
            title=body.title,
            targets=_units(request, body.target_ids),
            start=body.start,
            end=body.end,
            kind=body.kind,
            plan=plan,
            inspectors=_people(request, body.inspector_ids),
            cross_unit=body.cross_unit,
            checklist=body.checklist,
        ),
    )


@router.get("/inspections/{inspection_id}", response=InspectionOut)
def inspection(request, inspection_id: int):
    return queries.inspection_get(actor=request.user, inspection_id=inspection_id)


@router.get("/inspections/{inspection_id}/checklist", response=list[ItemOut])
def checklist(request, inspection_id: int):
    return queries.inspection_get(actor=request.user, inspection_id=inspection_id).items.all()


class ItemIn(Schema):
    text: str


@router.post("/inspections/{inspection_id}/checklist", response={201: ItemOut})
def checklist_add(request, inspection_id: int, body: ItemIn):
    insp = queries.inspection_get(actor=request.user, inspection_id=inspection_id)
    return Status(201, actions.checklist_add(actor=request.user, inspection=insp, text=body.text))


class TeamsIn(Schema):
    pool_ids: list[int]
    per_target: int = 2


@router.post("/inspections/{inspection_id}/teams", response=dict[int, list[int]])
def inspection_teams(request, inspection_id: int, body: TeamsIn):
    """混合交叉检查: a team per unit inspected, nobody from their own unit; {unit id: [person ids]}."""
    insp = queries.inspection_get(actor=request.user, inspection_id=inspection_id)
    return actions.inspection_assign_cross(
        actor=request.user, inspection=insp, pool=_people(request, body.pool_ids), per_target=body.per_target
    )


@router.post("/inspections/{inspection_id}/close", response=InspectionOut)
def inspection_close(request, inspection_id: int):
    insp = queries.inspection_get(actor=request.user, inspection_id=inspection_id)
    return actions.inspection_close(actor=request.user, inspection=insp)


@router.post("/inspections/{inspection_id}/checklist/{item_id}", response=ItemOut)
def checklist_mark(request, inspection_id: int, item_id: int, body: MarkIn):
    insp = queries.inspection_get(actor=request.user, inspection_id=inspection_id)
    item = insp.items.filter(pk=item_id).first()
    if item is None:
        from yangguang.core.errors import NotFound

        raise NotFound()
    return actions.checklist_mark(actor=request.user, item=item, result=body.result, note=body.note)


@router.post("/inspections/{inspection_id}/findings", response={201: FindingOut})
def finding_create(request, inspection_id: int, body: FindingIn):
    insp = queries.inspection_get(actor=request.user, inspection_id=inspection_id)
    item = insp.items.filter(pk=body.item_id).first() if body.item_id else None
    t = queries.task_get(actor=request.user, task_id=body.task_id) if body.task_id else None
    return Status(
        201,
        actions.finding_create(
            actor=request.user,
            inspection=insp,
            unit=_unit(request, body.unit_id),
            description=body.description,
            severity=body.severity,
            item=item,
            task=t,
        ),
    )


@router.post("/inspections/{inspection_id}/publish", response=InspectionOut)
def inspection_publish(request, inspection_id: int, body: PublishIn):
    insp = queries.inspection_get(actor=request.user, inspection_id=inspection_id)
    return actions.inspection_publish(actor=request.user, inspection=insp, summary=body.summary)


@router.get("/findings", response=list[FindingOut])
@paginate(PageNumberPagination, page_size=50)
def findings(request, status: str = ""):
    return queries.finding_list(actor=request.user, status=status)


@router.get("/findings/{finding_id}", response=FindingOut)
def finding(request, finding_id: int):
    return queries.finding_get(actor=request.user, finding_id=finding_id)


@router.post("/findings/{finding_id}/rectification", response={201: RectificationOut})
def rectification_issue(request, finding_id: int, body: IssueIn):
    f = queries.finding_get(actor=request.user, finding_id=finding_id)
    return Status(
        201,
        actions.rectification_issue(
            actor=request.user,
            finding=f,
            requirement=body.requirement,
            deadline=body.deadline,
            workdays=body.workdays,
        ),
    )


@router.get("/rectifications", response=list[RectificationOut])
@paginate(PageNumberPagination, page_size=50)
def rectifications(request, status: str = "", light: str = ""):
    return queries.rectification_list(actor=request.user, status=status, light=light)


@router.post("/rectifications/{rectification_id}/submit", response=RectificationOut)
def rectification_submit(request, rectification_id: int, body: SubmitIn):
    r = queries.rectification_get(actor=request.user, rectification_id=rectification_id)
    return actions.rectification_submit(actor=request.user, rectification=r, report=body.report)


@router.post("/rectifications/{rectification_id}/reinspect", response=RectificationOut)
def rectification_reinspect(request, rectification_id: int, body: ReinspectIn):
    r = queries.rectification_get(actor=request.user, rectification_id=rectification_id)
    return actions.rectification_reinspect(
        actor=request.user, rectification=r, passed=body.passed, note=body.note
    )


@router.post("/rectifications/{rectification_id}/close", response=RectificationOut)
def rectification_close(request, rectification_id: int):
    r = queries.rectification_get(actor=request.user, rectification_id=rectification_id)
    return actions.rectification_close(actor=request.user, rectification=r)


@router.get("/public/inspections", response=list[InspectionOut], auth=None)
@paginate(PageNumberPagination, page_size=50)
def public_inspections(request):
    """Published inspection notices and results (anonymous)."""
    return queries.published_inspections()


# -- accountability -------------------------------------------------------------------------
@router.get("/accountability", response=list[AccountabilityOut])
@paginate(PageNumberPagination, page_size=50)
def accountability(request):
    """Supervisors and administrators over the deciding unit only."""
    return queries.accountability_list(actor=request.user)


@router.post("/accountability", response={201: AccountabilityOut})
def accountability_create(request, body: AccountabilityIn):
    f = queries.finding_get(actor=request.user, finding_id=body.finding_id) if body.finding_id else None
    d = (
        queries.decision_get(actor=request.user, decision_id=body.major_decision_id)
        if body.major_decision_id
        else None
    )
    return Status(
        201,
        actions.accountability_create(
            actor=request.user,
            unit=_unit(request, body.unit_id),
            rule=body.rule,
            decision=body.decision,
            facts=body.facts,
            units=_units(request, body.unit_ids),
            people=_people(request, body.person_ids),
            decided_on=body.decided_on,
            finding=f,
            major_decision=d,
        ),
    )


# -- major decisions ------------------------------------------------------------------------
@router.get("/decisions", response=list[DecisionOut])
@paginate(PageNumberPagination, page_size=50)
def decisions(request, flagged: bool | None = None):
    return queries.decision_list(actor=request.user, flagged=flagged)


@router.post("/decisions", response={201: DecisionOut})
def decision_create(request, body: DecisionIn):
    return Status(
        201,
        actions.decision_create(
            actor=request.user,
            unit=_unit(request, body.unit_id),
            title=body.title,
            number=body.number,
            summary=body.summary,
        ),
    )


@router.get("/decisions/{decision_id}", response=DecisionOut)
def decision(request, decision_id: int):
    return queries.decision_get(actor=request.user, decision_id=decision_id)


@router.get("/decisions/{decision_id}/steps", response=list[StepOut])
def decision_steps(request, decision_id: int):
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    return [s | {"label": str(s["label"])} for s in queries.decision_steps(d)]


@router.post("/decisions/{decision_id}/steps", response=list[StepOut])
def decision_step(request, decision_id: int, body: StepIn):
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    actions.decision_step_record(
        actor=request.user, decision=d, step=body.step, done_on=body.done_on, evidence=body.evidence
    )
    return [s | {"label": str(s["label"])} for s in queries.decision_steps(d)]


@router.post("/decisions/{decision_id}/adopt", response=DecisionOut)
def decision_adopt(request, decision_id: int):
    """Refused (400 missing_steps, nothing changed) while a procedure step is missing."""
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    return actions.decision_adopt(actor=request.user, decision=d)


@router.post("/decisions/{decision_id}/publish", response=DecisionOut)
def decision_publish(request, decision_id: int):
    """Published with a step missing: `flagged` is true and `missing_steps` names them."""
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    return actions.decision_publish(actor=request.user, decision=d)


@router.get("/decisions/{decision_id}/events", response=list[EventOut])
def decision_events(request, decision_id: int):
    """Corrections (suspend, amend, revoke, resume) and follow-up checks, oldest first."""
    return queries.decision_get(actor=request.user, decision_id=decision_id).events.all()


@router.post("/decisions/{decision_id}/corrections", response={201: EventOut})
def decision_correct(request, decision_id: int, body: CorrectIn):
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    return Status(
        201, actions.decision_correct(actor=request.user, decision=d, kind=body.kind, reason=body.reason)
    )


@router.post("/decisions/{decision_id}/checks", response={201: EventOut})
def decision_check(request, decision_id: int, body: CheckIn):
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    return Status(
        201, actions.decision_check(actor=request.user, decision=d, ok=body.ok, findings=body.findings)
    )


# -- coverage -------------------------------------------------------------------------------
@router.get("/coverage", response=list[CoverageOut])
def coverage(request, root_id: int | None = None, kind: str = "", as_of: date | None = None):
    """Planned (应建) vs built (已建) per tree level and unit kind; percent to two decimals."""
    rows = queries.coverage(actor=request.user, root=_unit(request, root_id), kind=kind, as_of=as_of)
    return [r | {"percent": float(r["percent"]) if r["percent"] is not None else None} for r in rows]


@router.post("/coverage", response={200: dict})
def construction_set(request, body: ConstructionIn):
    c = actions.construction_set(
        actor=request.user,
        unit=_unit(request, body.unit_id),
        kind=body.kind,
        planned=body.planned,
        built_on=body.built_on,
    )
    return {"id": c.pk, "unit_id": c.unit_id, "kind": c.kind, "planned": c.planned, "built_on": c.built_on}


# -- study ----------------------------------------------------------------------------------
@router.get("/study/sessions", response=list[SessionOut])
@paginate(PageNumberPagination, page_size=50)
def sessions(request, year: int | None = None):
    return queries.session_list(actor=request.user, year=year)


@router.post("/study/sessions", response={201: SessionOut})
def session_create(request, body: SessionIn):
    s = actions.session_create(
        actor=request.user,
        unit=_unit(request, body.unit_id),
        title=body.title,
        held_on=body.held_on,
        hours=body.hours,
        kind=body.kind,
        attendees=_people(request, body.attendee_ids),
    )
    s.n = s.attendance.count()
    return Status(201, s)


@router.get("/study/summary", response=StudyOut)
def study_summary(request, unit_id: int, year: int, threshold: float = 45, role: str = ""):
    """Hours per person (flagged below the threshold), participation, sessions and attendances."""
    from decimal import Decimal

    unit = _unit(request, unit_id)
    s = queries.study_summary(
        actor=request.user, unit=unit, year=year, threshold=Decimal(str(threshold)), role=role
    )
    return {
        "unit_id": unit.pk,
        "year": year,
        "threshold": float(s["threshold"]),
        "headcount": s["headcount"],
        "participants": s["participants"],
        "participation": float(s["participation"]) if s["participation"] is not None else None,
        "study_sessions": s["study"]["sessions"],
        "training_sessions": s["training"]["sessions"],
        "training_attendances": s["training"]["attendances"],
        "people": [
            {
                "person_id": r["person_id"],
                "name": r["name"],
                "unit": r["unit"],
                "hours": float(r["hours"]),
                "below": r["below"],
            }
            for r in s["people"]
        ],
    }


# -- assessments ----------------------------------------------------------------------------
@router.get("/assessments", response=list[AssessmentOut])
@paginate(PageNumberPagination, page_size=50)
def assessments(request):
    return queries.assessment_list(actor=request.user)


@router.post("/assessments", response={201: AssessmentOut})
def assessment_create(request, body: AssessmentIn):
    return Status(
        201,
        actions.assessment_create(
            actor=request.user,
            unit=_unit(request, body.unit_id),
            title=body.title,
            participants=_units(request, body.participant_ids),
            indicators=body.indicators,
            links=body.links,
        ),
    )


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def assessment(request, assessment_id: int):
    return queries.assessment_get(actor=request.user, assessment_id=assessment_id)


@router.post("/assessments/{assessment_id}/evaluate", response=RunOut)
def assessment_evaluate(request, assessment_id: int, body: EvaluateIn):
    """Evaluate a month (YYYY-MM, ranking bulletin) or a quarter (YYYYQn, link to performance)."""
    a = queries.assessment_get(actor=request.user, assessment_id=assessment_id)
    return actions.assessment_evaluate(actor=request.user, assessment=a, period=body.period)


@router.get("/assessments/{assessment_id}/runs", response=list[RunOut])
def assessment_runs(request, assessment_id: int):
    a = queries.assessment_get(actor=request.user, assessment_id=assessment_id)
    return queries.run_list(actor=request.user, assessment=a)


@router.post("/runs/{run_id}/bulletin", response=RunOut)
def bulletin_publish(request, run_id: int, body: BulletinIn):
    r = queries.run_get(actor=request.user, run_id=run_id)
    return actions.bulletin_publish(actor=request.user, run=r, text=body.text)

"""API for inspections, checklists, findings and rectification (限期整改), and the published inspections."""

from datetime import date, datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries
from ._common import _people, _unit, _units

router = Router()


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


class ChecklistItemOut(Schema):
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


class ChecklistMarkIn(Schema):
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


class InspectionPublishIn(Schema):
    summary: str


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


@router.get("/inspections/{inspection_id}/checklist", response=list[ChecklistItemOut])
def checklist(request, inspection_id: int):
    return queries.inspection_get(actor=request.user, inspection_id=inspection_id).items.all()


class ChecklistItemIn(Schema):
    text: str


@router.post("/inspections/{inspection_id}/checklist", response={201: ChecklistItemOut})
def checklist_add(request, inspection_id: int, body: ChecklistItemIn):
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


@router.post("/inspections/{inspection_id}/checklist/{item_id}", response=ChecklistItemOut)
def checklist_mark(request, inspection_id: int, item_id: int, body: ChecklistMarkIn):
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
def inspection_publish(request, inspection_id: int, body: InspectionPublishIn):
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

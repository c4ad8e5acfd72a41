"""API for plans, parts and tasks: the dashboard, the task-table import, progress reports, acceptance."""

from datetime import date, datetime

from django.utils import timezone
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from yangguang.core.idempotency import once
from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries
from ._common import _people, _unit, _units

router = Router()


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


class TaskImportOut(Schema):
    created: int
    parts_created: int


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


@router.post("/plans/{plan_id}/import", response=TaskImportOut)
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


class TaskReasonIn(Schema):
    reason: str


@router.post("/tasks/{task_id}/reopen", response=TaskOut)
def task_reopen(request, task_id: int, body: TaskReasonIn):
    t = queries.task_get(actor=request.user, task_id=task_id)
    return actions.task_reopen(actor=request.user, task=t, reason=body.reason)

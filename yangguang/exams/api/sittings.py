"""API: sittings, sites, seats, cross-invigilation, patrols."""

from datetime import datetime

from ninja import Router, Schema, Status

from yangguang.core.errors import NotFound
from yangguang.orgs.queries import unit_get

from .. import actions, queries
from ..models import Sitting
from ._common import IdOut, SeedIn, _exam, _person

router = Router()


class SittingIn(Schema):
    name: str
    starts_at: datetime
    ends_at: datetime


class SiteIn(Schema):
    unit_id: int
    name: str
    unit_ids: list[int] = []
    seats: int = 60
    mode: str = "online"


class PatrolIn(Schema):
    person_id: int
    at: datetime | None = None
    note: str = ""


@router.post("/sites/{site_id}/patrols", response={201: IdOut}, operation_id="yangguang_exams_api_patrol")
def patrol(request, site_id: int, data: PatrolIn):
    from ..models import Site

    site = Site.objects.filter(pk=site_id).select_related("sitting__exam__unit").first()
    if site is None:
        raise NotFound()
    _exam(request, site.sitting.exam_id)
    person = _person(request, data.person_id)
    return Status(
        201, actions.patrol_log(actor=request.user, site=site, person=person, at=data.at, note=data.note)
    )


@router.post(
    "/exams/{exam_id}/sittings", response={201: IdOut}, operation_id="yangguang_exams_api_sitting_create"
)
def sitting_create(request, exam_id: int, data: SittingIn):
    s = actions.sitting_create(actor=request.user, exam=_exam(request, exam_id), **data.dict())
    return Status(201, s)


@router.post(
    "/sittings/{sitting_id}/sites", response={201: IdOut}, operation_id="yangguang_exams_api_site_create"
)
def site_create(request, sitting_id: int, data: SiteIn):
    sitting = Sitting.objects.filter(pk=sitting_id).select_related("exam__unit").first()
    if sitting is None:
        raise NotFound()
    _exam(request, sitting.exam_id)
    unit = unit_get(actor=request.user, unit_id=data.unit_id)
    units = [unit_get(actor=request.user, unit_id=u) for u in data.unit_ids] or None
    return Status(
        201,
        actions.site_create(
            actor=request.user,
            sitting=sitting,
            unit=unit,
            name=data.name,
            units=units,
            seats=data.seats,
            mode=data.mode,
        ),
    )


@router.post("/sittings/{sitting_id}/invigilation", operation_id="yangguang_exams_api_invigilation")
def invigilation(request, sitting_id: int, data: SeedIn):
    sitting = Sitting.objects.filter(pk=sitting_id).first()
    if sitting is None:
        raise NotFound()
    _exam(request, sitting.exam_id)
    return actions.invigilation_solve(actor=request.user, sitting=sitting, seed=data.seed)


@router.get("/exams/{exam_id}/sites", operation_id="yangguang_exams_api_sites")
def sites(request, exam_id: int):
    exam = _exam(request, exam_id)
    return [
        {
            "id": s.pk,
            "name": s.name,
            "unit": s.unit.name,
            "candidates": s.n,
            "staff": [
                {"role": x.role, "group": x.group_no, "name": x.person.name, "unit": x.person.unit.name}
                for x in s.staff.all()
            ],
            "patrols": [{"by": p.person.name, "at": p.at, "note": p.note} for p in s.patrols.all()],
        }
        for s in queries.site_list(actor=request.user, exam=exam)
    ]


@router.post("/exams/{exam_id}/seats", operation_id="yangguang_exams_api_seats")
def seats(request, exam_id: int, data: SeedIn):
    return actions.seats_assign(actor=request.user, exam=_exam(request, exam_id), seed=data.seed)

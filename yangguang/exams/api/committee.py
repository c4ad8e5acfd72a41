"""API: the contest itself, its committee, opening it."""

from datetime import datetime
from decimal import Decimal

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.pagination import PageNumberPagination
from yangguang.orgs.queries import unit_get

from .. import actions, queries
from ._common import IdOut, _exam, _person

router = Router()


class ExamOut(Schema):
    id: int
    name: str
    status: str
    unit_id: int
    quota_percent: Decimal
    quota_rounding: str
    advance_count: int
    unsealed_at: datetime | None = None


class ExamIn(Schema):
    unit_id: int
    name: str
    quota_percent: Decimal = Decimal(15)
    quota_rounding: str = "half_up"
    advance_count: int = 8
    shuffle_options: bool = True
    versions: str = "AB"


@router.get("/exams", response=list[ExamOut], operation_id="yangguang_exams_api_exam_list")
@paginate(PageNumberPagination, page_size=50)
def exam_list(request):
    return queries.exam_list(actor=request.user)


@router.post("/exams", response={201: ExamOut}, operation_id="yangguang_exams_api_exam_create")
def exam_create(request, data: ExamIn):
    unit = unit_get(actor=request.user, unit_id=data.unit_id)
    fields = data.dict(exclude={"unit_id", "name"})
    return Status(201, actions.exam_create(actor=request.user, unit=unit, name=data.name, **fields))


@router.get("/exams/{exam_id}", response=ExamOut, operation_id="yangguang_exams_api_exam_detail")
def exam_detail(request, exam_id: int):
    return _exam(request, exam_id)


class CommitteeIn(Schema):
    person_id: int
    role: str
    title: str = ""


@router.get("/exams/{exam_id}/committee", operation_id="yangguang_exams_api_committee")
def committee(request, exam_id: int):
    exam = _exam(request, exam_id)
    return [
        {"role": m.role, "name": m.person.name, "title": m.title}
        for m in exam.committee.select_related("person")
    ]


@router.post(
    "/exams/{exam_id}/committee", response={201: IdOut}, operation_id="yangguang_exams_api_committee_add"
)
def committee_add(request, exam_id: int, data: CommitteeIn):
    exam = _exam(request, exam_id)
    person = _person(request, data.person_id)
    return Status(
        201,
        actions.committee_add(actor=request.user, exam=exam, person=person, role=data.role, title=data.title),
    )


@router.post("/exams/{exam_id}/open", response=ExamOut, operation_id="yangguang_exams_api_exam_open")
def exam_open(request, exam_id: int):
    return actions.exam_open(actor=request.user, exam=_exam(request, exam_id))

"""API: participating units, quota draws, nominations, replacements, exam codes."""

from ninja import Router, Schema
from ninja.pagination import paginate

from yangguang.core.errors import NotFound
from yangguang.core.pagination import PageNumberPagination
from yangguang.orgs.models import Person
from yangguang.orgs.queries import unit_get

from .. import actions, queries
from ._common import CandidateOut, SeedIn, _exam

router = Router()


class UnitsIn(Schema):
    unit_ids: list[int]
    quotas: dict[int, int] = {}


class ReplaceIn(Schema):
    person_id: int
    reason: str


@router.post("/exams/{exam_id}/units", operation_id="yangguang_exams_api_exam_units")
def exam_units(request, exam_id: int, data: UnitsIn):
    exam = _exam(request, exam_id)
    units = [unit_get(actor=request.user, unit_id=u) for u in data.unit_ids]
    rows = actions.exam_units_set(actor=request.user, exam=exam, units=units, quotas=data.quotas or None)
    return [{"unit_id": r.unit_id, "staff": r.staff, "quota": r.quota} for r in rows]


@router.post("/exams/{exam_id}/quota-draw", operation_id="yangguang_exams_api_quota_draw")
def quota_draw(request, exam_id: int, data: SeedIn):
    return actions.quota_draw(actor=request.user, exam=_exam(request, exam_id), seed=data.seed)


@router.get(
    "/exams/{exam_id}/candidates", response=list[CandidateOut], operation_id="yangguang_exams_api_candidates"
)
@paginate(PageNumberPagination, page_size=100)
def candidates(request, exam_id: int, q: str = ""):
    return queries.candidate_list(actor=request.user, exam=_exam(request, exam_id), q=q)


@router.post(
    "/exams/{exam_id}/candidates/{candidate_id}/replace",
    response=CandidateOut,
    operation_id="yangguang_exams_api_candidate_replace",
)
def candidate_replace(request, exam_id: int, candidate_id: int, data: ReplaceIn):
    exam = _exam(request, exam_id)
    c = queries.candidate_list(actor=request.user, exam=exam).filter(pk=candidate_id).first()
    p = Person.objects.filter(pk=data.person_id).select_related("unit").first()
    if c is None or p is None:
        raise NotFound()
    return actions.candidate_replace(actor=request.user, candidate=c, person=p, reason=data.reason)


class NominateIn(Schema):
    unit_id: int
    person_ids: list[int]


@router.post(
    "/exams/{exam_id}/nominations", response=list[CandidateOut], operation_id="yangguang_exams_api_nominate"
)
def nominate(request, exam_id: int, data: NominateIn):
    exam = _exam(request, exam_id)
    unit = unit_get(actor=request.user, unit_id=data.unit_id)
    actions.candidates_nominate(actor=request.user, exam=exam, unit=unit, person_ids=data.person_ids)
    return list(queries.candidate_list(actor=request.user, exam=exam).filter(unit=unit))


@router.post(
    "/exams/{exam_id}/candidates/{candidate_id}/code", operation_id="yangguang_exams_api_code_reissue"
)
def code_reissue(request, exam_id: int, candidate_id: int):
    """A new one-time exam code (the old session stops working); logged for the invigilators."""
    exam = _exam(request, exam_id)
    c = queries.candidate_list(actor=request.user, exam=exam).filter(pk=candidate_id).first()
    if c is None:
        raise NotFound()
    return {"exam_code": actions.candidate_code_reissue(actor=request.user, candidate=c)}

"""API for assessments (考核): definition, evaluation, runs and bulletins."""

from datetime import date, datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries
from ._common import _unit, _units

router = Router()


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


class AssessmentEvaluateIn(Schema):
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
def assessment_evaluate(request, assessment_id: int, body: AssessmentEvaluateIn):
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

"""Reviews and litigations, and the annual report that counts them, over the API."""

from datetime import date

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.errors import DomainError, NotFound
from yangguang.core.pagination import PageNumberPagination
from yangguang.orgs.queries import unit_get

from .. import actions, queries

router = Router()


class AppealIn(Schema):
    kind: str
    filed_on: date
    request_id: int | None = None
    unit: str | None = None
    note: str = ""


class AppealOut(Schema):
    id: int
    kind: str
    filed_on: date
    result: str
    decided_on: date | None
    request_id: int | None


class AppealDecideIn(Schema):
    result: str
    on: date


@router.get("/appeals", response=list[AppealOut])
@paginate(PageNumberPagination, page_size=50)
def appeal_index(request):
    return queries.appeal_list(actor=request.user)


@router.post("/appeals", response={201: AppealOut})
def appeal_new(request, payload: AppealIn):
    r = queries.request_get(actor=request.user, request_id=payload.request_id) if payload.request_id else None
    unit = r.unit if r else unit_get(actor=request.user, code=payload.unit or "")
    return Status(
        201,
        actions.appeal_create(
            actor=request.user,
            unit=unit,
            request=r,
            kind=payload.kind,
            filed_on=payload.filed_on,
            note=payload.note,
        ),
    )


@router.post("/appeals/{appeal_id}/decide", response=AppealOut)
def appeal_decide(request, appeal_id: int, payload: AppealDecideIn):
    a = queries.appeal_list(actor=request.user).filter(pk=appeal_id).first()
    if a is None:
        raise NotFound()
    return actions.appeal_decide(actor=request.user, appeal=a, result=payload.result, on=payload.on)


# -- annual report -------------------------------------------------------------------------------
@router.get("/reports/{unit_code}/{year}")
def report(request, unit_code: str, year: int):
    """政府信息公开工作年度报告 tables 二, 三, 四 and channel statistics, computed from the data."""
    if not 2000 <= year <= 2100:
        raise DomainError("bad_year", "Choose a year between 2000 and 2100.", {"field": "year"})
    return queries.report_get(actor=request.user, unit_code=unit_code, year=year)


class NarrativeIn(Schema):
    """The parts the office writes: 一、总体情况; 五、存在的主要问题及改进情况; 六、其他需要报告的事项."""

    model_config = {"extra": "forbid"}  # unknown keys refused

    overview: str = ""
    problems: str = ""
    other: str = ""


class NarrativeOut(Schema):
    year: int
    overview: str
    problems: str
    other: str


@router.put("/reports/{unit_code}/{year}/narrative", response=NarrativeOut)
def report_narrative(request, unit_code: str, year: int, payload: NarrativeIn):
    """Write the report's narrative parts for a unit and year (the .docx and the public page print them)."""
    unit = unit_get(actor=request.user, code=unit_code)
    return actions.report_narrative_save(
        actor=request.user,
        unit=unit,
        year=year,
        overview=payload.overview,
        problems=payload.problems,
        other=payload.other,
    )

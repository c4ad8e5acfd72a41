"""The contests API for competitions and schemes: list, import a scheme, read it back as YAML, a period's
figures (file import, hand entry)."""

from __future__ import annotations

from datetime import date

from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from yangguang.core.errors import NotFound
from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries

router = Router(tags=["contests"])


class CompetitionOut(Schema):
    id: int
    code: str
    name: str
    organiser: str
    start: date
    end: date
    cycle: str
    public: bool

    @staticmethod
    def resolve_organiser(obj):
        return obj.organiser.code


class SchemeIn(Schema):
    scheme: str | dict


class ImportOut(Schema):
    period: str
    rows: int
    sha256: str


@router.get("/competitions", response=list[CompetitionOut])
@paginate(PageNumberPagination, page_size=50)
def competitions(request, q: str = ""):
    return queries.competition_list(actor=request.user, q=q)


@router.post("/competitions", response={201: CompetitionOut})
def competition_import(request, payload: SchemeIn):
    """Create or update a competition from a scheme (YAML text or the canonical dict)."""
    return Status(201, actions.competition_import_scheme(actor=request.user, scheme=payload.scheme))


@router.get("/competitions/{cid}", response=CompetitionOut)
def competition(request, cid: int):
    return queries.competition_get(actor=request.user, competition_id=cid)


@router.get("/competitions/{cid}/scheme")
def competition_scheme(request, cid: int):
    """The scheme as YAML text (export → import gives the same competition)."""
    comp = queries.competition_get(actor=request.user, competition_id=cid)
    return {
        "yaml": queries.competition_export_yaml(actor=request.user, competition=comp),
        "scheme": comp.scheme,
    }


@router.post("/competitions/{cid}/data", response={201: ImportOut})
def data_import(request, cid: int, period: str, file: UploadedFile = File(...)):  # noqa: B008
    """Import a period's figures from .xlsx/.csv; all or nothing."""
    comp = queries.competition_get(actor=request.user, competition_id=cid)
    sheet = actions.data_import(
        actor=request.user, competition=comp, period=period, data=file.read(), filename=file.name
    )
    return Status(201, {"period": sheet.period, "rows": sheet.rows, "sha256": sheet.sha256})


class EntryIn(Schema):
    period: str
    values: dict
    facts: dict = {}


@router.put("/competitions/{cid}/entries/{code}")
def entry_set(request, cid: int, code: str, payload: EntryIn):
    """Hand entry of one participant's figures: {indicator code: {value, base, plan}}."""
    comp = queries.competition_get(actor=request.user, competition_id=cid)
    part = comp.participants.filter(code=code).first()
    if part is None:
        raise NotFound()
    e = actions.entry_set(
        actor=request.user,
        competition=comp,
        period=payload.period,
        participant=part,
        values=payload.values,
        facts=payload.facts,
    )
    return {"period": e.period, "participant": code, "values": e.values, "facts": e.facts}

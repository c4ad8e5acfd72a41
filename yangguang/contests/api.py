"""The contests API: thin over actions and queries. Public bulletins need no login."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from yangguang.core.errors import NotFound
from yangguang.core.idempotency import once
from yangguang.orgs.models import Person

from . import actions, ledger, queries
from .models import Bulletin, Evaluation

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


class EvaluateIn(Schema):
    period: str
    note: str = ""


class EvaluationOut(Schema):
    id: int
    competition_id: int
    period: str
    version: int
    current: bool
    summary: dict


class ResultOut(Schema):
    id: str
    name: str
    group: str
    score: Decimal | None
    rank: int | None
    rank_from_bottom: int | None
    awards: list
    penalties: list
    disqualified: bool
    errors: list
    values: dict
    explanation: list

    @staticmethod
    def resolve_id(obj):
        return obj.participant.code

    @staticmethod
    def resolve_name(obj):
        return obj.participant.name


class PublishIn(Schema):
    title: str = ""
    addressees: str = ""
    body: str = ""
    signer: str = ""
    issued_on: date | None = None
    public: bool | None = None


class BulletinOut(Schema):
    id: int
    competition_id: int
    evaluation_id: int
    number: int
    title: str
    addressees: str
    body: str
    signer: str
    issued_on: date
    public: bool
    ledger_hash: str
    snapshot: dict


class ImportOut(Schema):
    period: str
    rows: int
    sha256: str


class EventOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    status: str
    criteria: list


class MarkIn(Schema):
    points: dict
    findings: str = ""
    stage: str = ""


class MarkOut(Schema):
    id: int
    slot: str
    total: Decimal | None
    locked: bool
    ledger_hash: str

    @staticmethod
    def resolve_locked(obj):
        return obj.submitted_at is not None


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


@router.post("/competitions/{cid}/evaluations", response={201: EvaluationOut})
def evaluate(request, cid: int, payload: EvaluateIn):
    comp = queries.competition_get(actor=request.user, competition_id=cid)
    result, _replayed = once(
        user=request.user,
        scope=f"contests.evaluate.{cid}",
        key=request.headers.get("Idempotency-Key"),
        fn=lambda: {
            "id": actions.evaluation_run(
                actor=request.user, competition=comp, period=payload.period, note=payload.note
            ).pk
        },
    )
    return Status(201, Evaluation.objects.get(pk=result["id"]))


@router.get("/competitions/{cid}/evaluations", response=list[EvaluationOut])
def evaluations(request, cid: int, period: str = ""):
    comp = queries.competition_get(actor=request.user, competition_id=cid)
    return list(queries.evaluation_list(actor=request.user, competition=comp, period=period or None))


@router.get("/evaluations/{eid}", response=EvaluationOut)
def evaluation(request, eid: int):
    return queries.evaluation_get(actor=request.user, evaluation_id=eid)


@router.get("/evaluations/{eid}/results", response=list[ResultOut])
@paginate(PageNumberPagination, page_size=100)
def results(request, eid: int, group: str = ""):
    ev = queries.evaluation_get(actor=request.user, evaluation_id=eid)
    return queries.evaluation_results(actor=request.user, evaluation=ev, group=group or None)


@router.post("/evaluations/{eid}/current", response=EvaluationOut)
def make_current(request, eid: int):
    ev = queries.evaluation_get(actor=request.user, evaluation_id=eid)
    return actions.evaluation_make_current(actor=request.user, evaluation=ev)


@router.get("/evaluations/{eid}/compare/{other}")
def compare(request, eid: int, other: int):
    a = queries.evaluation_get(actor=request.user, evaluation_id=other)
    b = queries.evaluation_get(actor=request.user, evaluation_id=eid)
    return {
        "differences": [
            {**d, "before": list(d["before"] or []), "after": list(d["after"] or [])}
            for d in queries.evaluation_compare(actor=request.user, a=a, b=b)
        ]
    }


@router.post("/evaluations/{eid}/bulletins", response={201: BulletinOut})
def publish(request, eid: int, payload: PublishIn):
    ev = queries.evaluation_get(actor=request.user, evaluation_id=eid)
    result, _replayed = once(
        user=request.user,
        scope=f"contests.publish.{eid}",
        key=request.headers.get("Idempotency-Key"),
        fn=lambda: {"id": actions.bulletin_publish(actor=request.user, evaluation=ev, **payload.dict()).pk},
    )
    return Status(201, Bulletin.objects.get(pk=result["id"]))


@router.get("/bulletins", response=list[BulletinOut])
@paginate(PageNumberPagination, page_size=50)
def bulletins(request):
    return queries.bulletin_list(actor=request.user)


@router.get("/bulletins/{bid}", response=BulletinOut)
def bulletin(request, bid: int):
    return queries.bulletin_get(actor=request.user, bulletin_id=bid)


@router.get("/public/bulletins", response=list[BulletinOut], auth=None)
@paginate(PageNumberPagination, page_size=50)
def public_bulletins(request):
    """Published bulletins of public competitions (no login)."""
    return queries.public_bulletins()


@router.get("/public/bulletins/{bid}", response=BulletinOut, auth=None)
def public_bulletin(request, bid: int):
    return queries.public_bulletin_get(bid)


@router.get("/ledger/verify", auth=None)
def ledger_verify(request):
    """Recompute the public results ledger's hash chain."""
    return ledger.verify()


@router.get("/events", response=list[EventOut])
def events(request):
    return list(queries.event_list(actor=request.user))


@router.get("/events/{evid}", response=EventOut)
def event(request, evid: int):
    return queries.event_get(actor=request.user, event_id=evid)


@router.get("/events/{evid}/tasks")
def tasks(request, evid: int):
    """What you may score now. In a blind review: seal codes and sealed text only."""
    ev = queries.event_get(actor=request.user, event_id=evid)
    return {
        "tasks": [
            {k: (str(v) if isinstance(v, Decimal) else v) for k, v in t.items()}
            for t in queries.my_tasks(actor=request.user, event=ev)
        ]
    }


@router.post("/events/{evid}/entrants/{entrant_id}/marks", response={201: MarkOut})
def submit(request, evid: int, entrant_id: int, payload: MarkIn):
    ev = queries.event_get(actor=request.user, event_id=evid)
    entrant = queries.entrant_get(actor=request.user, event=ev, entrant_id=entrant_id)
    return Status(
        201,
        actions.mark_submit(
            actor=request.user,
            event=ev,
            entrant=entrant,
            points=payload.points,
            findings=payload.findings,
            stage=payload.stage,
        ),
    )


@router.get("/events/{evid}/results")
def event_results(request, evid: int):
    ev = queries.event_get(actor=request.user, event_id=evid)
    rows = queries.event_results(actor=request.user, event=ev)
    return {
        "status": ev.status,
        "results": [{k: (str(v) if isinstance(v, Decimal) else v) for k, v in r.items()} for r in rows],
    }


class EventIn(Schema):
    code: str
    name: str
    kind: str
    organiser: str
    criteria: list
    competition_id: int | None = None
    trim_min_judges: int = 5
    tolerance: float = 5
    judges: list[dict] = []


@router.post("/events", response={201: EventOut})
def event_create(request, payload: EventIn):
    from yangguang.orgs.queries import unit_get

    unit = unit_get(actor=request.user, code=payload.organiser)
    comp = (
        queries.competition_get(actor=request.user, competition_id=payload.competition_id)
        if payload.competition_id
        else None
    )
    judges = []
    for j in payload.judges:
        person = Person.objects.filter(
            code=str(j.get("person", "")), unit__path__startswith=unit.path
        ).first()
        if person is None:
            raise NotFound()
        judges.append((person, str(j.get("role", "judge"))))
    return Status(
        201,
        actions.event_create(
            actor=request.user,
            organiser=unit,
            code=payload.code,
            name=payload.name,
            kind=payload.kind,
            criteria=payload.criteria,
            competition=comp,
            trim_min_judges=payload.trim_min_judges,
            tolerance=payload.tolerance,
            judges=judges,
        ),
    )


class EntrantIn(Schema):
    code: str
    title: str = ""
    text: str = ""


@router.post("/events/{evid}/entrants", response={201: dict})
def entrant_add(request, evid: int, payload: EntrantIn):
    """Add a performer (staff number) or a case file (unit code); blind review: names are sealed."""
    from yangguang.orgs.models import Unit

    ev = queries.event_get(actor=request.user, event_id=evid)
    person = Person.objects.filter(code=payload.code, unit__path__startswith=ev.organiser.path).first()
    unit = (
        None if person else Unit.objects.filter(code=payload.code, path__startswith=ev.organiser.path).first()
    )
    if person is None and unit is None:
        raise NotFound()
    e = actions.entrant_add(
        actor=request.user, event=ev, person=person, unit=unit, title=payload.title, text=payload.text
    )
    return Status(201, {"id": e.pk, "seal_code": e.seal_code})


@router.post("/events/{evid}/close", response=EventOut)
def event_close(request, evid: int):
    return actions.event_close(actor=request.user, event=queries.event_get(actor=request.user, event_id=evid))


@router.post("/events/{evid}/release", response=EventOut)
def event_release(request, evid: int):
    return actions.event_release(
        actor=request.user, event=queries.event_get(actor=request.user, event_id=evid)
    )

"""The contests API for judged events: events, my scoring tasks (seal codes only in a blind review),
submit a score, outcomes, create an event, add an entrant, close, release identities."""

from __future__ import annotations

from decimal import Decimal

from ninja import Router, Schema, Status

from yangguang.core.errors import NotFound
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import unit_get

from .. import actions, queries

router = Router(tags=["contests"])


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

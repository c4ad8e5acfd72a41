"""API for major decisions (重大行政决策): steps, adoption, publishing, corrections, checks."""

from datetime import date

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries
from ._common import _unit

router = Router()


class DecisionIn(Schema):
    unit_id: int
    title: str
    number: str = ""
    summary: str = ""


class StepOut(Schema):
    step: str
    label: str
    done: bool
    done_on: date | None
    evidence: str


class DecisionOut(Schema):
    id: int
    unit_id: int
    title: str
    number: str
    status: str
    adopted_on: date | None
    published_on: date | None
    flagged: bool
    missing_steps: list[str]


class StepIn(Schema):
    step: str
    done_on: date
    evidence: str


class CorrectIn(Schema):
    kind: str
    reason: str


class CheckIn(Schema):
    ok: bool
    findings: str


class DecisionEventOut(Schema):
    id: int
    kind: str
    on: date
    reason: str
    ok: bool | None


@router.get("/decisions", response=list[DecisionOut])
@paginate(PageNumberPagination, page_size=50)
def decisions(request, flagged: bool | None = None):
    return queries.decision_list(actor=request.user, flagged=flagged)


@router.post("/decisions", response={201: DecisionOut})
def decision_create(request, body: DecisionIn):
    return Status(
        201,
        actions.decision_create(
            actor=request.user,
            unit=_unit(request, body.unit_id),
            title=body.title,
            number=body.number,
            summary=body.summary,
        ),
    )


@router.get("/decisions/{decision_id}", response=DecisionOut)
def decision(request, decision_id: int):
    return queries.decision_get(actor=request.user, decision_id=decision_id)


@router.get("/decisions/{decision_id}/steps", response=list[StepOut])
def decision_steps(request, decision_id: int):
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    return [s | {"label": str(s["label"])} for s in queries.decision_steps(d)]


@router.post("/decisions/{decision_id}/steps", response=list[StepOut])
def decision_step(request, decision_id: int, body: StepIn):
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    actions.decision_step_record(
        actor=request.user, decision=d, step=body.step, done_on=body.done_on, evidence=body.evidence
    )
    return [s | {"label": str(s["label"])} for s in queries.decision_steps(d)]


@router.post("/decisions/{decision_id}/adopt", response=DecisionOut)
def decision_adopt(request, decision_id: int):
    """Refused (400 missing_steps, nothing changed) while a procedure step is missing."""
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    return actions.decision_adopt(actor=request.user, decision=d)


@router.post("/decisions/{decision_id}/publish", response=DecisionOut)
def decision_publish(request, decision_id: int):
    """Published with a step missing: `flagged` is true and `missing_steps` names them."""
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    return actions.decision_publish(actor=request.user, decision=d)


@router.get("/decisions/{decision_id}/events", response=list[DecisionEventOut])
def decision_events(request, decision_id: int):
    """Corrections (suspend, amend, revoke, resume) and follow-up checks, oldest first."""
    return queries.decision_get(actor=request.user, decision_id=decision_id).events.all()


@router.post("/decisions/{decision_id}/corrections", response={201: DecisionEventOut})
def decision_correct(request, decision_id: int, body: CorrectIn):
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    return Status(
        201, actions.decision_correct(actor=request.user, decision=d, kind=body.kind, reason=body.reason)
    )


@router.post("/decisions/{decision_id}/checks", response={201: DecisionEventOut})
def decision_check(request, decision_id: int, body: CheckIn):
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    return Status(
        201, actions.decision_check(actor=request.user, decision=d, ok=body.ok, findings=body.findings)
    )

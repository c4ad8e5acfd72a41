"""The contests API for evaluations and bulletins: evaluate a period (idempotent), versions, results,
compare, make current, publish; bulletins, the public ones without login, and the ledger check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.idempotency import once
from yangguang.core.pagination import PageNumberPagination

from .. import actions, ledger, queries
from ..models import Bulletin, Evaluation

router = Router(tags=["contests"])


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
    status: str  # ranked, ineligible (取消评选资格), disqualified (取消参赛资格), not_eligible
    reasons: list[str]
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

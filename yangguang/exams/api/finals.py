"""API: the on-stage final, arbitration votes, prizes."""

from decimal import Decimal

from ninja import Router, Schema, Status

from yangguang.core.errors import NotFound
from yangguang.orgs.models import Person

from .. import actions, queries
from ..models import Arbitration, ScoreEvent, Team
from ._common import IdOut, _exam, _person

router = Router()


class ScoreIn(Schema):
    team_id: int
    outcome: str
    question: str = ""
    value: int | None = None


class RoundIn(Schema):
    kind: str
    name: str = ""


class DisputeIn(Schema):
    event_id: int
    claim: str
    raised_by: str = ""


class VoteIn(Schema):
    juror_person_id: int
    overturn: bool
    reason: str = ""


def _final(request, final_id):
    return queries.final_get(actor=request.user, final_id=final_id)


@router.get("/finals/{final_id}/scoreboard", auth=None, operation_id="yangguang_exams_api_scoreboard")
def scoreboard(request, final_id: int):
    """Public: team totals and ranks for the big screen."""
    from ..models import Final

    f = Final.objects.filter(pk=final_id).select_related("current_round").first()
    if f is None:
        raise NotFound()
    return queries.scoreboard(f)


class FinalIn(Schema):
    name: str
    rules: dict = {}


class JurorIn(Schema):
    person_id: int
    chair: bool = False


class PrizeLevel(Schema):
    level: str
    count: int


@router.post(
    "/exams/{exam_id}/finals", response={201: IdOut}, operation_id="yangguang_exams_api_final_create"
)
def final_create(request, exam_id: int, data: FinalIn):
    """One team per advancing unit (its three best candidates)."""
    return Status(
        201,
        actions.final_create(
            actor=request.user, exam=_exam(request, exam_id), name=data.name, rules=data.rules
        ),
    )


@router.post("/finals/{final_id}/jurors", response={201: IdOut}, operation_id="yangguang_exams_api_juror_add")
def juror_add(request, final_id: int, data: JurorIn):
    f = _final(request, final_id)
    return Status(
        201,
        actions.juror_add(
            actor=request.user, final=f, person=_person(request, data.person_id), chair=data.chair
        ),
    )


@router.post("/finals/{final_id}/prizes", operation_id="yangguang_exams_api_prizes")
def prizes(request, final_id: int, levels: list[PrizeLevel]):
    f = _final(request, final_id)
    out = actions.prizes_award(actor=request.user, final=f, levels=[(x.level, x.count) for x in levels])
    return [{"level": p.level, "team": p.team.name, "reason": p.reason} for p in out]


class IndividualPrizeIn(Schema):
    person_id: int
    level: str
    reason: str = ""


@router.post(
    "/exams/{exam_id}/prizes/individual",
    response={201: IdOut},
    operation_id="yangguang_exams_api_prize_individual",
)
def prize_individual(request, exam_id: int, data: IndividualPrizeIn):
    exam = _exam(request, exam_id)
    person = _person(request, data.person_id)
    return Status(
        201,
        actions.prize_individual(
            actor=request.user, exam=exam, person=person, level=data.level, reason=data.reason
        ),
    )


@router.post(
    "/finals/{final_id}/rounds", response={201: IdOut}, operation_id="yangguang_exams_api_round_start"
)
def round_start(request, final_id: int, data: RoundIn):
    return Status(
        201,
        actions.round_start(
            actor=request.user, final=_final(request, final_id), kind=data.kind, name=data.name
        ),
    )


@router.post("/finals/{final_id}/events", response={201: IdOut}, operation_id="yangguang_exams_api_score")
def score(request, final_id: int, data: ScoreIn):
    f = _final(request, final_id)
    team = Team.objects.filter(pk=data.team_id, final=f).first()
    if team is None:
        raise NotFound()
    return Status(
        201,
        actions.score_record(
            actor=request.user,
            final=f,
            team=team,
            outcome=data.outcome,
            question=data.question,
            value=data.value,
        ),
    )


@router.post(
    "/finals/{final_id}/arbitrations", response={201: IdOut}, operation_id="yangguang_exams_api_dispute"
)
def dispute(request, final_id: int, data: DisputeIn):
    f = _final(request, final_id)
    ev = ScoreEvent.objects.filter(pk=data.event_id, final=f).first()
    if ev is None:
        raise NotFound()
    return Status(
        201,
        actions.arbitration_open(actor=request.user, event=ev, claim=data.claim, raised_by=data.raised_by),
    )


@router.post("/arbitrations/{arbitration_id}/votes", operation_id="yangguang_exams_api_vote")
def vote(request, arbitration_id: int, data: VoteIn):
    arb = Arbitration.objects.filter(pk=arbitration_id).first()
    if arb is None:
        raise NotFound()
    _final(request, arb.final_id)
    juror = Person.objects.filter(pk=data.juror_person_id).first()
    if juror is None:
        raise NotFound()
    r = actions.vote_cast(
        actor=request.user, arbitration=arb, juror=juror, overturn=data.overturn, reason=data.reason
    )
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in r.items()}


@router.get("/finals/{final_id}/arbitrations", operation_id="yangguang_exams_api_arbitrations")
def arbitrations(request, final_id: int):
    f = _final(request, final_id)
    return [
        {
            "id": a.pk,
            "event_id": a.event_id,
            "team": a.event.team.name,
            "claim": a.claim,
            "status": a.status,
            "ruling": a.ruling,
            "votes": [
                {"juror": v.juror.person.name, "overturn": v.overturn, "reason": v.reason}
                for v in a.votes.select_related("juror__person")
            ],
        }
        for a in f.arbitrations.select_related("event__team")
    ]


@router.post("/finals/{final_id}/close", operation_id="yangguang_exams_api_final_close")
def final_close(request, final_id: int):
    f = actions.final_close(actor=request.user, final=_final(request, final_id))
    return {"closed_at": f.closed_at}

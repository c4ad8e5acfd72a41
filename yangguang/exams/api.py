"""Knowledge contests over the API: thin over exams.queries / exams.actions.

Candidates use the `take/*` operations without a login: sign in with the one-time exam code, then
send the returned token in the `X-Exam-Token` header. Graders' operations return seal codes only.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from yangguang.core.errors import NotFound
from yangguang.core.idempotency import once
from yangguang.core.tabular import CONTENT_TYPES
from yangguang.orgs.models import Person
from yangguang.orgs.queries import unit_get

from . import actions, queries
from .models import Arbitration, Blueprint, Candidate, ScoreEvent, Sitting, Team

router = Router(tags=["exams"])


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


class QuestionOut(Schema):
    id: int
    kind: str
    category_id: int
    category: str
    difficulty: int
    stem: str
    options: list[str]
    answer: Any = None
    rubric: str
    legal_basis: str
    explanation: str
    near_duplicate_of_id: int | None = None

    @staticmethod
    def resolve_category(obj):
        return obj.category.name


class QuestionIn(Schema):
    unit_id: int
    kind: str
    category: list[str]
    stem: str
    options: list[str] = []
    answer: Any = None
    difficulty: int = 2
    rubric: str = ""
    legal_basis: str = ""
    explanation: str = ""


class ImportOut(Schema):
    created: int
    flagged: list[dict]


class BlueprintIn(Schema):
    name: str
    cells: list[dict]


class SeedIn(Schema):
    seed: int | None = None


class IdOut(Schema):
    id: int


class UnitsIn(Schema):
    unit_ids: list[int]
    quotas: dict[int, int] = {}


class SittingIn(Schema):
    name: str
    starts_at: datetime
    ends_at: datetime


class SiteIn(Schema):
    unit_id: int
    name: str
    unit_ids: list[int] = []
    seats: int = 60
    mode: str = "online"


class CandidateOut(Schema):
    id: int
    person_id: int
    name: str
    unit: str
    site: str | None = None
    seat: int | None = None
    submitted_at: datetime | None = None
    total: Decimal | None = None

    @staticmethod
    def resolve_name(obj):
        return obj.person.name

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name

    @staticmethod
    def resolve_site(obj):
        return obj.site.name if obj.site_id else None


class ReplaceIn(Schema):
    person_id: int
    reason: str


class SignInIn(Schema):
    exam_code: str


class AnswerIn(Schema):
    question: int
    value: Any = None


class EventIn(Schema):
    kind: str
    detail: dict = {}


class MarkIn(Schema):
    points: Decimal


class SheetIn(Schema):
    round: int
    answers: dict[str, str]


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


def _exam(request, exam_id, roles=queries.VIEW):
    return queries.exam_get(actor=request.user, exam_id=exam_id, roles=roles)


def _any_role_exam(request, exam_id):
    """An exam the user may act on in any capacity (actions check the exact role)."""
    return queries.exam_get(
        actor=request.user, exam_id=exam_id, roles=queries.VIEW + queries.SET + queries.GRADE
    )


# -- exams -----------------------------------------------------------------------------------
@router.get("/exams", response=list[ExamOut])
@paginate(PageNumberPagination, page_size=50)
def exam_list(request):
    return queries.exam_list(actor=request.user)


@router.post("/exams", response={201: ExamOut})
def exam_create(request, data: ExamIn):
    unit = unit_get(actor=request.user, unit_id=data.unit_id)
    fields = data.dict(exclude={"unit_id", "name"})
    return Status(201, actions.exam_create(actor=request.user, unit=unit, name=data.name, **fields))


@router.get("/exams/{exam_id}", response=ExamOut)
def exam_detail(request, exam_id: int):
    return _exam(request, exam_id)


@router.post("/exams/{exam_id}/units")
def exam_units(request, exam_id: int, data: UnitsIn):
    exam = _exam(request, exam_id)
    units = [unit_get(actor=request.user, unit_id=u) for u in data.unit_ids]
    rows = actions.exam_units_set(actor=request.user, exam=exam, units=units, quotas=data.quotas or None)
    return [{"unit_id": r.unit_id, "staff": r.staff, "quota": r.quota} for r in rows]


@router.post("/exams/{exam_id}/quota-draw")
def quota_draw(request, exam_id: int, data: SeedIn):
    return actions.quota_draw(actor=request.user, exam=_exam(request, exam_id), seed=data.seed)


@router.get("/exams/{exam_id}/candidates", response=list[CandidateOut])
@paginate(PageNumberPagination, page_size=100)
def candidates(request, exam_id: int, q: str = ""):
    return queries.candidate_list(actor=request.user, exam=_exam(request, exam_id), q=q)


@router.post("/exams/{exam_id}/candidates/{candidate_id}/replace", response=CandidateOut)
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


class CommitteeIn(Schema):
    person_id: int
    role: str
    title: str = ""


class PatrolIn(Schema):
    person_id: int
    at: datetime | None = None
    note: str = ""


def _person(request, person_id: int) -> Person:
    from yangguang.orgs.queries import person_get

    return person_get(actor=request.user, person_id=person_id)


@router.post("/exams/{exam_id}/nominations", response=list[CandidateOut])
def nominate(request, exam_id: int, data: NominateIn):
    exam = _exam(request, exam_id)
    unit = unit_get(actor=request.user, unit_id=data.unit_id)
    actions.candidates_nominate(actor=request.user, exam=exam, unit=unit, person_ids=data.person_ids)
    return list(queries.candidate_list(actor=request.user, exam=exam).filter(unit=unit))


@router.post("/exams/{exam_id}/candidates/{candidate_id}/code")
def code_reissue(request, exam_id: int, candidate_id: int):
    """A new one-time exam code (the old session stops working); logged for the invigilators."""
    exam = _exam(request, exam_id)
    c = queries.candidate_list(actor=request.user, exam=exam).filter(pk=candidate_id).first()
    if c is None:
        raise NotFound()
    return {"exam_code": actions.candidate_code_reissue(actor=request.user, candidate=c)}


@router.get("/exams/{exam_id}/committee")
def committee(request, exam_id: int):
    exam = _exam(request, exam_id)
    return [
        {"role": m.role, "name": m.person.name, "title": m.title}
        for m in exam.committee.select_related("person")
    ]


@router.post("/exams/{exam_id}/committee", response={201: IdOut})
def committee_add(request, exam_id: int, data: CommitteeIn):
    exam = _exam(request, exam_id)
    person = _person(request, data.person_id)
    return Status(
        201,
        actions.committee_add(actor=request.user, exam=exam, person=person, role=data.role, title=data.title),
    )


@router.post("/sites/{site_id}/patrols", response={201: IdOut})
def patrol(request, site_id: int, data: PatrolIn):
    from .models import Site

    site = Site.objects.filter(pk=site_id).select_related("sitting__exam__unit").first()
    if site is None:
        raise NotFound()
    _exam(request, site.sitting.exam_id)
    person = _person(request, data.person_id)
    return Status(
        201, actions.patrol_log(actor=request.user, site=site, person=person, at=data.at, note=data.note)
    )


@router.post("/exams/{exam_id}/sittings", response={201: IdOut})
def sitting_create(request, exam_id: int, data: SittingIn):
    s = actions.sitting_create(actor=request.user, exam=_exam(request, exam_id), **data.dict())
    return Status(201, s)


@router.post("/sittings/{sitting_id}/sites", response={201: IdOut})
def site_create(request, sitting_id: int, data: SiteIn):
    sitting = Sitting.objects.filter(pk=sitting_id).select_related("exam__unit").first()
    if sitting is None:
        raise NotFound()
    _exam(request, sitting.exam_id)
    unit = unit_get(actor=request.user, unit_id=data.unit_id)
    units = [unit_get(actor=request.user, unit_id=u) for u in data.unit_ids] or None
    return Status(
        201,
        actions.site_create(
            actor=request.user,
            sitting=sitting,
            unit=unit,
            name=data.name,
            units=units,
            seats=data.seats,
            mode=data.mode,
        ),
    )


@router.post("/sittings/{sitting_id}/invigilation")
def invigilation(request, sitting_id: int, data: SeedIn):
    sitting = Sitting.objects.filter(pk=sitting_id).first()
    if sitting is None:
        raise NotFound()
    _exam(request, sitting.exam_id)
    return actions.invigilation_solve(actor=request.user, sitting=sitting, seed=data.seed)


@router.get("/exams/{exam_id}/sites")
def sites(request, exam_id: int):
    exam = _exam(request, exam_id)
    return [
        {
            "id": s.pk,
            "name": s.name,
            "unit": s.unit.name,
            "candidates": s.n,
            "staff": [
                {"role": x.role, "group": x.group_no, "name": x.person.name, "unit": x.person.unit.name}
                for x in s.staff.all()
            ],
            "patrols": [{"by": p.person.name, "at": p.at, "note": p.note} for p in s.patrols.all()],
        }
        for s in queries.site_list(actor=request.user, exam=exam)
    ]


@router.post("/exams/{exam_id}/seats")
def seats(request, exam_id: int, data: SeedIn):
    return actions.seats_assign(actor=request.user, exam=_exam(request, exam_id), seed=data.seed)


@router.post("/exams/{exam_id}/open", response=ExamOut)
def exam_open(request, exam_id: int):
    return actions.exam_open(actor=request.user, exam=_exam(request, exam_id))


@router.post("/exams/{exam_id}/close")
def exam_close(request, exam_id: int):
    return actions.exam_close(actor=request.user, exam=_exam(request, exam_id))


@router.post("/exams/{exam_id}/unseal")
def exam_unseal(request, exam_id: int):
    return actions.exam_unseal(actor=request.user, exam=_exam(request, exam_id))


@router.get("/exams/{exam_id}/results", response=list[CandidateOut])
@paginate(PageNumberPagination, page_size=100)
def results(request, exam_id: int):
    return queries.results(actor=request.user, exam=_exam(request, exam_id))


@router.get("/exams/{exam_id}/advancement")
def advancement(request, exam_id: int):
    exam = _exam(request, exam_id)
    if exam.unsealed_at is None:
        raise NotFound()
    return [
        {
            "unit_id": r.unit_id,
            "unit": r.unit.name,
            "value": r.value,
            "best": r.best,
            "rank": r.rank,
            "advanced": r.advanced,
            "candidates": r.candidates,
            "submitted": r.submitted,
            "rule": r.rule,
        }
        for r in exam.unit_results.select_related("unit")
    ]


@router.get("/exams/{exam_id}/events")
def events(request, exam_id: int, site_id: int | None = None):
    exam = _exam(request, exam_id)
    return [
        {
            "at": e.at,
            "kind": e.kind,
            "candidate": e.candidate.person.name,
            "seat": e.candidate.seat,
            "site": e.candidate.site.name if e.candidate.site_id else None,
            "detail": e.detail,
        }
        for e in queries.events_for(actor=request.user, exam=exam, site_id=site_id)[:500]
    ]


# -- bank, blueprints, papers ---------------------------------------------------------------
@router.get("/questions", response=list[QuestionOut])
@paginate(PageNumberPagination, page_size=50)
def questions(request, q: str = "", kind: str = "", category: int | None = None):
    """Only question setters see the bank."""
    return queries.question_list(actor=request.user, q=q, kind=kind, category=category)


@router.post("/questions", response={201: QuestionOut})
def question_create(request, data: QuestionIn):
    unit = unit_get(actor=request.user, unit_id=data.unit_id)
    return Status(
        201, actions.question_create(actor=request.user, unit=unit, **data.dict(exclude={"unit_id"}))
    )


@router.post("/questions/import", response=ImportOut)
def questions_import(request, unit_id: int, file: File[UploadedFile]):
    unit = unit_get(actor=request.user, unit_id=unit_id)
    return actions.questions_import(actor=request.user, unit=unit, data=file.read(), filename=file.name)


@router.get("/questions/export")
def questions_export(request, unit_id: int):
    unit = unit_get(actor=request.user, unit_id=unit_id)
    resp = HttpResponse(
        actions.questions_export(actor=request.user, unit=unit), content_type=CONTENT_TYPES["xlsx"]
    )
    resp["Content-Disposition"] = 'attachment; filename="questions.xlsx"'
    return resp


@router.post("/exams/{exam_id}/blueprints", response={201: IdOut})
def blueprint_create(request, exam_id: int, data: BlueprintIn):
    exam = _any_role_exam(request, exam_id)
    return Status(
        201, actions.blueprint_save(actor=request.user, exam=exam, name=data.name, cells=data.cells)
    )


@router.post("/blueprints/{blueprint_id}/draw")
def papers_draw(request, blueprint_id: int, data: SeedIn):
    bp = Blueprint.objects.filter(pk=blueprint_id).first()
    if bp is None:
        raise NotFound()
    exam = _any_role_exam(request, bp.exam_id)
    ps = actions.papers_draw(actor=request.user, exam=exam, blueprint=bp, seed=data.seed)
    return [{"id": p.pk, "version": p.version, "seed": p.seed, "questions": len(p.items)} for p in ps]


@router.post("/exams/{exam_id}/papers/assign")
def papers_assign(request, exam_id: int):
    n = actions.candidate_papers_generate(actor=request.user, exam=_any_role_exam(request, exam_id))
    return {"candidates": n}


# -- candidates answering (no login) --------------------------------------------------------
def _cand(request) -> Candidate:
    return actions.candidate_by_token(request.headers.get("X-Exam-Token"))


@router.post("/take/sign-in", auth=None)
def take_sign_in(request, data: SignInIn):
    """One-time exam code → a token for `X-Exam-Token`. A code used before is refused (409)."""
    c, token = actions.candidate_sign_in(exam_code=data.exam_code)
    w = actions.window(c)
    return {"token": token, "seal_code": c.seal_code, "starts_at": w[0], "ends_at": w[1]}


@router.get("/take/paper", auth=None)
def take_paper(request):
    """The candidate's paper in their own option order, with what is already saved."""
    from .views import paper_for

    c = _cand(request)
    actions.paper_visible(c)
    return paper_for(c)


@router.put("/take/answers", auth=None)
def take_answer(request, data: AnswerIn):
    """Save one answer (an upsert: resending it is harmless). 409 outside the window or after submission."""
    return actions.answer_save_by_token(
        token=request.headers.get("X-Exam-Token"), question_id=data.question, value=data.value
    )


@router.post("/take/events", auth=None)
def take_event(request, data: EventIn):
    actions.event_log(candidate=_cand(request), kind=data.kind, detail=data.detail)
    return {"ok": True}


@router.post("/take/submit", auth=None)
def take_submit(request):
    """Submit; a second submit returns the first one's time."""
    return actions.candidate_submit(candidate=_cand(request))


@router.post("/candidates/{candidate_id}/sheets")
def sheet_key(request, candidate_id: int, data: SheetIn):
    c = Candidate.objects.filter(pk=candidate_id).select_related("exam__unit", "paper").first()
    if c is None:
        raise NotFound()
    _exam(request, c.exam_id)
    return actions.sheet_key(actor=request.user, candidate=c, round=data.round, answers=data.answers)


# -- sealed grading --------------------------------------------------------------------------
@router.get("/exams/{exam_id}/grading")
def grading_queue(request, exam_id: int):
    """Short answers waiting for this grader: seal codes, never names or units."""
    exam = queries.exam_get(actor=request.user, exam_id=exam_id, roles=queries.GRADE)
    return queries.grading_queue(actor=request.user, exam=exam)


@router.get("/grading/answers/{answer_id}")
def grading_answer(request, answer_id: int):
    return queries.grading_answer(actor=request.user, answer_id=answer_id)


@router.post("/grading/answers/{answer_id}/marks")
def mark(request, answer_id: int, data: MarkIn):
    key = request.headers.get("Idempotency-Key")
    result, _replayed = once(
        user=request.user,
        scope="exams.mark",
        key=key,
        fn=lambda: {
            k: (str(v) if isinstance(v, Decimal) else v)
            for k, v in actions.mark_submit(
                actor=request.user, answer_id=answer_id, points=data.points
            ).items()
        },
    )
    return result


# -- the final -------------------------------------------------------------------------------
def _final(request, final_id):
    return queries.final_get(actor=request.user, final_id=final_id)


@router.get("/finals/{final_id}/scoreboard", auth=None)
def scoreboard(request, final_id: int):
    """Public: team totals and ranks for the big screen."""
    from .models import Final

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


@router.post("/exams/{exam_id}/finals", response={201: IdOut})
def final_create(request, exam_id: int, data: FinalIn):
    """One team per advancing unit (its three best candidates)."""
    return Status(
        201,
        actions.final_create(
            actor=request.user, exam=_exam(request, exam_id), name=data.name, rules=data.rules
        ),
    )


@router.post("/finals/{final_id}/jurors", response={201: IdOut})
def juror_add(request, final_id: int, data: JurorIn):
    f = _final(request, final_id)
    return Status(
        201,
        actions.juror_add(
            actor=request.user, final=f, person=_person(request, data.person_id), chair=data.chair
        ),
    )


@router.post("/finals/{final_id}/prizes")
def prizes(request, final_id: int, levels: list[PrizeLevel]):
    f = _final(request, final_id)
    out = actions.prizes_award(actor=request.user, final=f, levels=[(x.level, x.count) for x in levels])
    return [{"level": p.level, "team": p.team.name, "reason": p.reason} for p in out]


class IndividualPrizeIn(Schema):
    person_id: int
    level: str
    reason: str = ""


@router.post("/exams/{exam_id}/prizes/individual", response={201: IdOut})
def prize_individual(request, exam_id: int, data: IndividualPrizeIn):
    exam = _exam(request, exam_id)
    person = _person(request, data.person_id)
    return Status(
        201,
        actions.prize_individual(
            actor=request.user, exam=exam, person=person, level=data.level, reason=data.reason
        ),
    )


@router.post("/finals/{final_id}/rounds", response={201: IdOut})
def round_start(request, final_id: int, data: RoundIn):
    return Status(
        201,
        actions.round_start(
            actor=request.user, final=_final(request, final_id), kind=data.kind, name=data.name
        ),
    )


@router.post("/finals/{final_id}/events", response={201: IdOut})
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


@router.post("/finals/{final_id}/arbitrations", response={201: IdOut})
def dispute(request, final_id: int, data: DisputeIn):
    f = _final(request, final_id)
    ev = ScoreEvent.objects.filter(pk=data.event_id, final=f).first()
    if ev is None:
        raise NotFound()
    return Status(
        201,
        actions.arbitration_open(actor=request.user, event=ev, claim=data.claim, raised_by=data.raised_by),
    )


@router.post("/arbitrations/{arbitration_id}/votes")
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


@router.get("/finals/{final_id}/arbitrations")
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


@router.post("/finals/{final_id}/close")
def final_close(request, final_id: int):
    f = actions.final_close(actor=request.user, final=_final(request, final_id))
    return {"closed_at": f.closed_at}

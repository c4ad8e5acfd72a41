"""API: candidates answering without a login (`take/*`, token in `X-Exam-Token`), answer sheets keyed twice, the event log."""

from typing import Any

from ninja import Router, Schema

from yangguang.core.errors import NotFound
from yangguang.core.ratelimit import public_rate_limit

from .. import actions, queries
from ..models import Candidate
from ._common import _exam

router = Router()

# Per address: an exam room signs in behind one address, a guesser of codes is held back.
SIGN_IN_PER_MINUTE = 600


class SignInIn(Schema):
    exam_code: str


class AnswerIn(Schema):
    question: int
    value: Any = None


class AnswerEventIn(Schema):
    kind: str
    detail: dict = {}


class SheetIn(Schema):
    round: int
    answers: dict[str, str]


@router.get("/exams/{exam_id}/events", operation_id="yangguang_exams_api_events")
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


def _cand(request) -> Candidate:
    return actions.candidate_by_token(request.headers.get("X-Exam-Token"))


@router.post("/take/sign-in", auth=None, operation_id="yangguang_exams_api_take_sign_in")
@public_rate_limit("exams.sign_in", limit=SIGN_IN_PER_MINUTE)  # one count with the sign-in page
def take_sign_in(request, data: SignInIn):
    """One-time exam code → a token for `X-Exam-Token`. A code used before is refused (409)."""
    c, token = actions.candidate_sign_in(exam_code=data.exam_code)
    w = actions.window(c)
    return {"token": token, "seal_code": c.seal_code, "starts_at": w[0], "ends_at": w[1]}


@router.get("/take/paper", auth=None, operation_id="yangguang_exams_api_take_paper")
def take_paper(request):
    """The candidate's paper in their own option order, with what is already saved."""
    from ..views import paper_for

    c = _cand(request)
    actions.paper_visible(c)
    return paper_for(c)


@router.put("/take/answers", auth=None, operation_id="yangguang_exams_api_take_answer")
def take_answer(request, data: AnswerIn):
    """Save one answer (an upsert: resending it is harmless). 409 outside the window or after submission."""
    return actions.answer_save_by_token(
        token=request.headers.get("X-Exam-Token"), question_id=data.question, value=data.value
    )


@router.post("/take/events", auth=None, operation_id="yangguang_exams_api_take_event")
def take_event(request, data: AnswerEventIn):
    actions.event_log(candidate=_cand(request), kind=data.kind, detail=data.detail)
    return {"ok": True}


@router.post("/take/submit", auth=None, operation_id="yangguang_exams_api_take_submit")
def take_submit(request):
    """Submit; a second submit returns the first one's time."""
    return actions.candidate_submit(candidate=_cand(request))


@router.post("/candidates/{candidate_id}/sheets", operation_id="yangguang_exams_api_sheet_key")
def sheet_key(request, candidate_id: int, data: SheetIn):
    c = Candidate.objects.filter(pk=candidate_id).select_related("exam__unit", "paper").first()
    if c is None:
        raise NotFound()
    _exam(request, c.exam_id)
    return actions.sheet_key(actor=request.user, candidate=c, round=data.round, answers=data.answers)

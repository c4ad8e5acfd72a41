"""好差评 ratings (at the window, by the public), satisfaction per department, rectifications."""

from datetime import date

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.errors import DomainError
from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries
from ._common import _rate_limit
from .cases import LookupIn

router = Router()


class RateIn(Schema):
    level: int
    text: str = ""


class PublicRateIn(LookupIn):
    level: int
    text: str = ""


class RatingOut(Schema):
    id: int
    case_id: int
    channel: str
    level: int
    text: str
    rectification: bool

    @staticmethod
    def resolve_rectification(obj):
        return hasattr(obj, "rectification")


class RectOut(Schema):
    id: int
    rating_id: int
    case_number: str
    level: int
    status: str
    callback_due: date
    rectify_due: date
    callback_note: str
    answer: str
    appeal_reason: str
    appeal_decision: str

    @staticmethod
    def resolve_case_number(obj):
        return obj.rating.case.number

    @staticmethod
    def resolve_level(obj):
        return obj.rating.level


class RectAction(Schema):
    text: str
    upheld: bool = False


@router.post("/cases/{int:case_id}/rate", response={201: RatingOut})
def case_rate(request, case_id: int, body: RateIn):
    """A rating given at the window (one per case per channel); levels 4–5 open a rectification."""
    return Status(
        201, actions.rating_window(actor=request.user, case_id=case_id, level=body.level, text=body.text)
    )


@router.post("/lookup/rate", response={201: RatingOut}, auth=None)
def lookup_rate(request, body: PublicRateIn):
    """Public: rate a completed case with its number and query code (once)."""
    _rate_limit(request, "services_lookup")
    return Status(
        201,
        actions.rating_public(
            number=body.number, query_code=body.query_code, level=body.level, text=body.text
        ),
    )


@router.get("/ratings/departments", auth=None)
def department_ratings(request, start: date, end: date):
    """Public: satisfaction per department, in aggregate."""
    _rate_limit(request, "services_ratings")
    return queries.department_satisfaction(start, end)


@router.get("/rectifications", response=list[RectOut])
@paginate(PageNumberPagination, page_size=50)
def rectifications(request, status: str = ""):
    return queries.rectification_list(actor=request.user, status=status)


@router.post("/rectifications/{int:rect_id}/{verb}", response=RectOut)
def rectification_act(request, rect_id: int, verb: str, body: RectAction):
    """verb: callback, answer, appeal, decide (upheld=true annuls the rating)."""
    a = request.user
    if verb == "callback":
        return actions.rectification_callback(actor=a, rect_id=rect_id, note=body.text)
    if verb == "answer":
        return actions.rectification_answer(actor=a, rect_id=rect_id, answer=body.text)
    if verb == "appeal":
        return actions.rectification_appeal(actor=a, rect_id=rect_id, reason=body.text)
    if verb == "decide":
        return actions.rectification_decide(actor=a, rect_id=rect_id, upheld=body.upheld, decision=body.text)
    raise DomainError("unknown_action", _("Unknown action."), {"verb": verb}, status=404)

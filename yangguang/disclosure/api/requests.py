"""Requests (依申请公开) handled by staff over the API."""

from datetime import date

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.errors import NotFound
from yangguang.core.pagination import PageNumberPagination
from yangguang.orgs.queries import unit_get

from .. import actions, queries
from ..models import Consultation
from ._common import DateIn

router = Router()


class ConsultationOut(Schema):
    id: int
    party: str
    sent_on: date
    due_on: date
    replied_on: date | None
    opinion: str


class RequestOut(Schema):
    id: int
    number: str
    unit_code: str
    applicant_kind: str
    org_type: str
    applicant_name: str
    content: str
    channel: str
    submitted_on: date
    received_on: date
    status: str
    clock_start: date
    due_on: date
    due_verified: bool
    overdue: bool
    correction_notice: str
    correction_sent_on: date | None
    correction_due_on: date | None
    corrected_on: date | None
    extension_days: int
    extension_reason: str
    fee_amount: float | None
    fee_notice_on: date | None
    fee_due_on: date | None
    fee_paid_on: date | None
    outcome: str
    outcome_reason: str
    reply: str
    concluded_on: date | None
    consultations: list[ConsultationOut]

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code

    @staticmethod
    def resolve_consultations(obj):
        return list(obj.consultations.all())


class RequestIn(Schema):
    unit: str
    applicant_kind: str
    applicant_name: str
    content: str
    org_type: str = ""
    applicant_id: str = ""
    contact: str = ""
    purpose: str = ""
    channel: str = "online"
    submitted_on: date | None = None
    signed_on: date | None = None
    confirmed_on: date | None = None


class CorrectionIn(Schema):
    notice: str
    on: date | None = None
    days: int = 15


class CorrectedIn(Schema):
    text: str
    on: date | None = None


class ConsultIn(Schema):
    party: str
    on: date | None = None


class ConsultReplyIn(Schema):
    on: date | None = None
    opinion: str = ""


class ExtendIn(Schema):
    days: int
    reason: str
    on: date | None = None  # the day the office head decided (default today)
    notice_on: date | None = None  # the day the applicant was told (default: the decision day)


class FeeIn(Schema):
    method: str
    pages: int = 0
    on: date | None = None


class ConcludeIn(Schema):
    outcome: str
    reason: str = ""
    reply: str = ""
    on: date | None = None


@router.get("/requests", response=list[RequestOut])
@paginate(PageNumberPagination, page_size=50)
def request_index(request, status: str = "", q: str = "", overdue: bool = False):
    return queries.request_list(actor=request.user, status=status, q=q, overdue=overdue).prefetch_related(
        "consultations"
    )


@router.post("/requests", response={201: RequestOut})
def request_new(request, payload: RequestIn):
    """Record a request received by letter, in person, fax or online (staff)."""
    data = payload.dict()
    unit = unit_get(actor=request.user, code=data.pop("unit"))
    return Status(201, actions.request_file(actor=request.user, unit=unit, **data))


@router.get("/requests/{request_id}", response=RequestOut)
def request_one(request, request_id: int):
    return queries.request_get(actor=request.user, request_id=request_id)


def _req(request, request_id):
    return queries.request_get(actor=request.user, request_id=request_id)


@router.post("/requests/{request_id}/correction-notice", response=RequestOut)
def request_correction(request, request_id: int, payload: CorrectionIn):
    return actions.request_send_correction(
        actor=request.user,
        request=_req(request, request_id),
        notice=payload.notice,
        on=payload.on,
        days=payload.days,
    )


@router.post("/requests/{request_id}/corrected", response=RequestOut)
def request_corrected(request, request_id: int, payload: CorrectedIn):
    return actions.request_correct(
        actor=request.user, request=_req(request, request_id), text=payload.text, on=payload.on
    )


@router.post("/requests/{request_id}/consultations", response=RequestOut)
def request_consult(request, request_id: int, payload: ConsultIn):
    r = _req(request, request_id)
    actions.request_consult(actor=request.user, request=r, party=payload.party, on=payload.on)
    return queries.request_get(actor=request.user, request_id=request_id)


@router.post("/requests/{request_id}/consultations/{consultation_id}/reply", response=RequestOut)
def request_consult_reply(request, request_id: int, consultation_id: int, payload: ConsultReplyIn):
    r = _req(request, request_id)
    c = Consultation.objects.filter(request=r, pk=consultation_id).first()
    if c is None:
        raise NotFound()
    actions.consultation_reply(actor=request.user, consultation=c, on=payload.on, opinion=payload.opinion)
    return queries.request_get(actor=request.user, request_id=request_id)


@router.post("/requests/{request_id}/extend", response=RequestOut)
def request_extend(request, request_id: int, payload: ExtendIn):
    return actions.request_extend(
        actor=request.user,
        request=_req(request, request_id),
        days=payload.days,
        reason=payload.reason,
        on=payload.on,
        notice_on=payload.notice_on,
    )


@router.post("/requests/{request_id}/fee-notice", response=RequestOut)
def request_fee(request, request_id: int, payload: FeeIn):
    return actions.request_fee_notice(
        actor=request.user,
        request=_req(request, request_id),
        method=payload.method,
        pages=payload.pages,
        on=payload.on,
    )


@router.post("/requests/{request_id}/fee-paid", response=RequestOut)
def request_fee_paid(request, request_id: int, payload: DateIn):
    return actions.request_fee_paid(actor=request.user, request=_req(request, request_id), on=payload.on)


@router.post("/requests/{request_id}/conclude", response=RequestOut)
def request_conclude(request, request_id: int, payload: ConcludeIn):
    return actions.request_conclude(
        actor=request.user,
        request=_req(request, request_id),
        outcome=payload.outcome,
        reason=payload.reason,
        reply=payload.reply,
        on=payload.on,
    )

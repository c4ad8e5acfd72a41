"""Cases: the staff's list and transitions, window and online submission, the public lookup."""

from datetime import date
from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.errors import DomainError
from yangguang.core.idempotency import once
from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries
from ._common import _rate_limit

router = Router()


class CaseIn(Schema):
    item_id: int
    applicant_name: str
    applicant_phone: str = ""
    applicant_id_no: str = ""
    unit_id: int | None = None
    materials: list[str] = []


class CaseOut(Schema):
    id: int
    number: str
    item_id: int
    item_name: str
    unit_id: int
    handler_id: int | None
    channel: str
    applicant_name: str
    status: str
    case_class: str
    submitted_at: Any
    accepted_on: date | None
    limit_days: int
    extension_days: int
    due_on: date | None
    due_verified: bool
    light: str
    completed_on: date | None
    result: str
    document_no: str
    reason: str
    on_time: bool | None
    workdays_used: int | None

    @staticmethod
    def resolve_item_name(obj):
        return obj.item.name

    @staticmethod
    def resolve_light(obj):
        return queries.case_light(obj)


class Submitted(Schema):
    id: int
    number: str
    query_code: str
    replayed: bool = False


class CaseAction(Schema):
    on: date | None = None
    reason: str = ""
    missing: list[str] = []
    materials: list[str] = []
    step: str = ""
    note: str = ""
    kind: str = ""
    applicant_told: bool = True
    days: int | None = None
    approver_id: int | None = None
    unit_id: int | None = None
    opinion: str = ""
    result: str = ""
    document_no: str = ""
    told_on: date | None = None  # extend: the day the applicant was told (default: the decision day)
    notice_on: date | None = None  # pause: the written notice of the time needed (art. 45)
    expected_days: int | None = None  # pause: the time the special procedure needs


class LookupIn(Schema):
    number: str
    query_code: str


class LookupStep(Schema):
    kind: str
    label: str
    step: str
    at: str


class LookupPause(Schema):
    kind: str
    label: str
    first: date
    last: date | None
    notice_on: date | None = None  # art. 45: the applicant told in writing
    expected_days: int | None = None


class LookupOut(Schema):
    number: str
    item: str
    unit: str
    status: str
    status_label: str
    case_class: str
    submitted_on: date
    accepted_on: date | None
    due_on: date | None
    light: str
    completed_on: date | None
    result: str
    document_no: str
    reason: str
    steps: list[LookupStep]
    pauses: list[LookupPause]
    rated: list[str]
    clock: dict | None = None  # the lines that add up to the due date (issue 14)


@router.get("/cases", response=list[CaseOut])
@paginate(PageNumberPagination, page_size=50)
def cases(request, status: str = "", q: str = "", light: str = "", unit_id: int | None = None):
    return queries.case_list(actor=request.user, status=status, q=q, light=light, unit_id=unit_id)


@router.get("/cases/{int:case_id}", response=CaseOut)
def case(request, case_id: int):
    return queries.case_get(actor=request.user, case_id=case_id)


def _submit(request, body: CaseIn, channel: str) -> tuple[dict, bool]:
    def run():
        c, code = actions.case_submit(
            actor=request.user,
            item_id=body.item_id,
            applicant_name=body.applicant_name,
            applicant_phone=body.applicant_phone,
            applicant_id_no=body.applicant_id_no,
            unit_id=body.unit_id,
            channel=channel,
            materials=body.materials,
        )
        return {"id": c.pk, "number": c.number, "query_code": code}

    key = request.headers.get("Idempotency-Key")
    return once(user=request.user, scope=f"services.case_submit.{channel}", key=key, fn=run)


@router.post("/cases", response={201: Submitted, 200: Submitted})
def case_submit(request, body: CaseIn):
    """Submit at a window. Send an `Idempotency-Key` header: a retry returns the first result (200)."""
    result, replayed = _submit(request, body, "window")
    return Status(200 if replayed else 201, {**result, "replayed": replayed})


@router.post("/online", response={201: Submitted, 200: Submitted}, auth=None)
def case_submit_online(request, body: CaseIn):
    """Public online submission (rate-limited; `Idempotency-Key` header recommended)."""
    _rate_limit(request, "services_api_online")
    result, replayed = _submit(request, body, "online")
    return Status(200 if replayed else 201, {**result, "replayed": replayed})


VERB_FIELDS = {
    "accept": ["on"],
    "refuse": ["reason"],
    "supplement": ["missing", "on"],
    "resubmit": ["materials", "on"],
    "step": ["step", "note"],
    "pause": ["kind", "reason", "on", "applicant_told", "notice_on", "expected_days"],
    "resume": ["on"],
    "extend": ["days", "approver_id", "reason", "on", "told_on"],
    "joint_done": ["unit_id", "opinion"],
    "complete": ["result", "document_no", "on"],
    "return": ["reason"],
}


@router.post("/cases/{int:case_id}/{verb}", response=CaseOut)
def case_act(request, case_id: int, verb: str, body: CaseAction):
    """verb: accept, refuse, supplement, resubmit, step, pause, resume, extend, joint_done, complete, return.
    An illegal transition is a 409 with the allowed verbs; nothing changes."""
    fn = actions.CASE_ACTIONS.get(verb)
    if fn is None:
        raise DomainError("unknown_action", _("Unknown action."), {"verb": verb}, status=404)
    data = body.dict()
    return fn(actor=request.user, case_id=case_id, **{k: data[k] for k in VERB_FIELDS[verb]})


@router.post("/lookup", auth=None, response=LookupOut)
def lookup(request, body: LookupIn):
    """Public: the case with this number and query code (status, steps, due date, light, result)."""
    _rate_limit(request, "services_lookup")
    view = queries.case_public_lookup(number=body.number, query_code=body.query_code)
    # rendered here, not re-validated by ninja: the busiest public call; a test holds it to LookupOut
    return JsonResponse(view, json_dumps_params={"ensure_ascii": False})

"""The services API: thin over services.queries / services.actions. Public operations pass auth=None."""

from datetime import date
from typing import Any

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from yangguang.core.errors import DomainError
from yangguang.core.idempotency import once
from yangguang.core.ratelimit import client_ip, hit
from yangguang.orgs.queries import unit_get

from . import actions, queries

router = Router(tags=["services"])


def _rate_limit(request, scope: str) -> None:
    n = settings.PUBLIC_RATE_LIMIT
    if not hit(f"{scope}:{client_ip(request)}", n):
        raise DomainError(
            "rate_limited",
            _("Too many requests; try again in a minute."),
            {"limit_per_minute": n},
            status=429,
        )


# -- schemas -----------------------------------------------------------------------------------


class Material(Schema):
    name: str
    form: str = ""
    copies: int = 1
    required: bool = True
    sample: str = ""


class ItemIn(Schema):
    name: str | None = None
    item_type: str | None = None
    theme: str | None = None
    keywords: str | None = None
    basis: str | None = None
    conditions: str | None = None
    materials: list[Material] | None = None
    steps: list[str] | None = None
    statutory_limit: int | None = None
    promised_limit: int | None = None
    fee_standard: str | None = None
    fee_basis: str | None = None
    result_name: str | None = None
    mode: str | None = None
    place: str | None = None
    hours: str | None = None
    consult_phone: str | None = None
    complaint_phone: str | None = None
    joint_unit_ids: list[int] | None = None


class ItemCreate(ItemIn):
    code: str
    unit_id: int
    name: str


class ItemOut(Schema):
    id: int
    code: str
    version: int
    status: str
    name: str
    item_type: str
    unit_id: int
    unit_name: str
    theme: str
    keywords: str
    basis: str
    conditions: str
    materials: list[dict]
    steps: list[str]
    statutory_limit: int
    promised_limit: int
    fee_standard: str
    fee_basis: str
    result_name: str
    mode: str
    place: str
    hours: str
    consult_phone: str
    complaint_phone: str
    joint_unit_ids: list[int]
    result_sample_url: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_materials(obj):
        return obj.material_rows

    @staticmethod
    def resolve_result_sample_url(obj):
        return obj.result_sample.url if obj.result_sample else ""

    @staticmethod
    def resolve_joint_unit_ids(obj):
        return [u.pk for u in obj.joint_units.all()]


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


class InquiryIn(Schema):
    asker_name: str
    question: str
    asker_phone: str = ""
    owner_id: int | None = None
    unit_id: int | None = None


class InquiryOut(Schema):
    id: int
    unit_id: int
    asker_name: str
    question: str
    asked_id: int
    owner_id: int
    asked_at: Any
    due_on: date
    answered_at: Any = None
    answer: str


class TextIn(Schema):
    text: str


class OrderIn(Schema):
    kind: str
    caller_name: str
    content: str
    caller_phone: str = ""
    centre_id: int | None = None


class OrderAction(Schema):
    unit_id: int | None = None
    liaison_id: int | None = None
    limit_days: int = 5
    answer: str = ""
    level: int | None = None


class OrderOut(Schema):
    id: int
    number: str
    kind: str
    caller_name: str
    content: str
    status: str
    unit_id: int | None
    liaison_id: int | None
    due_on: date | None
    answered_on: date | None
    answer: str
    on_time: bool | None
    level: int | None


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


class ImportResult(Schema):
    created: int
    updated: int


# -- items -------------------------------------------------------------------------------------


@router.get("/items", response=list[ItemOut])
@paginate(PageNumberPagination, page_size=50)
def items(request, q: str = "", status: str = ""):
    """Items (all versions) of the units in your scope."""
    return queries.item_list(actor=request.user, q=q, status=status).prefetch_related("joint_units")


@router.get("/items/{int:item_id}", response=ItemOut)
def item(request, item_id: int):
    return queries.item_get(actor=request.user, item_id=item_id)


def _item_data(body: ItemIn) -> dict:
    data = body.dict(exclude_none=True)
    data.pop("code", None)
    data.pop("unit_id", None)
    return data


@router.post("/items", response={201: ItemOut})
def item_create(request, body: ItemCreate):
    data = _item_data(body)
    return Status(201, actions.item_create(actor=request.user, unit_id=body.unit_id, code=body.code, **data))


@router.patch("/items/{int:item_id}", response=ItemOut)
def item_update(request, item_id: int, body: ItemIn):
    return actions.item_update(actor=request.user, item_id=item_id, **_item_data(body))


@router.post("/items/{int:item_id}/sample", response=ItemOut)
def item_sample(request, item_id: int, file: File[UploadedFile], material: int | None = None):
    """Upload a draft's sample: of the result document, or of material number `material` (1-based)."""
    index = None if material is None else material - 1
    return actions.item_sample(actor=request.user, item_id=item_id, upload=file, material=index)


@router.post("/items/{int:item_id}/{verb}", response=ItemOut)
def item_act(request, item_id: int, verb: str):
    """verb: submit (for review), publish (review passed), revise (new draft version of a published item)."""
    fn = {"submit": actions.item_submit, "publish": actions.item_publish, "revise": actions.item_revise}.get(
        verb
    )
    if fn is None:
        raise DomainError("unknown_action", _("Unknown action."), {"verb": verb}, status=404)
    return fn(actor=request.user, item_id=item_id)


@router.post("/items/import", response=ImportResult)
def item_import(request, file: File[UploadedFile]):
    """All-or-nothing catalogue import (.xlsx/.csv): a 400 with every bad row."""
    return actions.item_import(actor=request.user, data=file.read(), filename=file.name)


@router.get("/catalogue", response=list[ItemOut], auth=None)
@paginate(PageNumberPagination, page_size=50)
def catalogue(request, q: str = "", unit_id: int | None = None, theme: str = ""):
    """Public: published items; `q` searches names and keywords in Chinese."""
    _rate_limit(request, "services_api_catalogue")
    return queries.published_items(q=q, unit_id=unit_id, theme=theme).prefetch_related("joint_units")


@router.get("/catalogue/{int:item_id}", response=ItemOut, auth=None)
def catalogue_item(request, item_id: int):
    _rate_limit(request, "services_api_catalogue")
    return queries.published_item(item_id=item_id)


# -- cases -------------------------------------------------------------------------------------


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
    "supplement": ["missing"],
    "resubmit": ["materials"],
    "step": ["step", "note"],
    "pause": ["kind", "reason", "on", "applicant_told"],
    "resume": ["on"],
    "extend": ["days", "approver_id", "reason"],
    "joint_done": ["unit_id", "opinion"],
    "complete": ["result", "document_no", "on"],
    "return": ["reason"],
}


@router.post("/cases/{int:case_id}/rate", response={201: RatingOut})
def case_rate(request, case_id: int, body: RateIn):
    """A rating given at the window (one per case per channel); levels 4–5 open a rectification."""
    return Status(
        201, actions.rating_window(actor=request.user, case_id=case_id, level=body.level, text=body.text)
    )


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


# -- figures -----------------------------------------------------------------------------------


@router.get("/figures")
def figures(request, unit_id: int, start: date, end: date):
    """Supervision figures for a unit (subtree) and its direct sub-units over [start, end]."""
    unit = unit_get(actor=request.user, unit_id=unit_id)
    return queries.dashboard(unit, start, end)


@router.get("/figures/people")
def figures_people(request, unit_id: int, start: date, end: date):
    from yangguang.orgs.queries import person_list

    unit = unit_get(actor=request.user, unit_id=unit_id)
    ids = list(person_list(actor=request.user, under=unit).values_list("id", flat=True)[:500])
    return {str(k): v for k, v in queries.figures_for_people(ids, start, end).items()}


# -- inquiries, rectification, hotline, notifications ------------------------------------------


@router.get("/inquiries", response=list[InquiryOut])
@paginate(PageNumberPagination, page_size=50)
def inquiries(request, open_only: bool = False):
    return queries.inquiry_list(actor=request.user, open_only=open_only)


@router.post("/inquiries", response={201: InquiryOut})
def inquiry_log(request, body: InquiryIn):
    return Status(201, actions.inquiry_log(actor=request.user, **body.dict()))


@router.post("/inquiries/{int:inquiry_id}/answer", response=InquiryOut)
def inquiry_answer(request, inquiry_id: int, body: TextIn):
    return actions.inquiry_answer(actor=request.user, inquiry_id=inquiry_id, answer=body.text)


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


@router.get("/hotline", response=list[OrderOut])
@paginate(PageNumberPagination, page_size=50)
def hotline(request, status: str = ""):
    return queries.order_list(actor=request.user, status=status)


@router.post("/hotline", response={201: OrderOut})
def hotline_log(request, body: OrderIn):
    return Status(201, actions.hotline_log(actor=request.user, **body.dict()))


@router.post("/hotline/{int:order_id}/{verb}", response=OrderOut)
def hotline_act(request, order_id: int, verb: str, body: OrderAction):
    """verb: dispatch (unit_id, liaison_id, limit_days), answer (answer), callback (level)."""
    a = request.user
    if verb == "dispatch":
        return actions.hotline_dispatch(
            actor=a,
            order_id=order_id,
            unit_id=body.unit_id or 0,
            liaison_id=body.liaison_id or 0,
            limit_days=body.limit_days,
        )
    if verb == "answer":
        return actions.hotline_answer(actor=a, order_id=order_id, answer=body.answer)
    if verb == "callback":
        return actions.hotline_callback(actor=a, order_id=order_id, level=body.level)
    raise DomainError("unknown_action", _("Unknown action."), {"verb": verb}, status=404)


@router.get("/notifications")
def notifications(request):
    return [
        {
            "id": n.id,
            "kind": n.kind,
            "text": n.message,
            "url": n.url,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in queries.notification_list(actor=request.user)[:100]
    ]

"""The disclosure API: thin over queries and actions."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from yangguang.core.errors import DomainError, NotFound
from yangguang.core.idempotency import once
from yangguang.core.ratelimit import public_rate_limit
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import unit_get

from . import actions, queries
from .models import Category, Consultation

router = Router(tags=["disclosure"])


class CategoryOut(Schema):
    code: str
    name: str
    parent: str | None = None
    update_cycle_days: int
    prerequisite: str
    report_kind: str

    @staticmethod
    def resolve_parent(obj):
        return obj.parent.code if obj.parent_id else None


class PublicationOut(Schema):
    channel: str
    issue: str
    published_on: date


class RecordOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    category: str
    title: str
    doc_number: str
    body: str
    formed_on: date
    due_on: date
    audience: str
    status: str
    published_on: date | None
    late: bool
    validity: str
    stale: bool
    list_id: int | None = None
    reject_reason: str
    publications: list[PublicationOut]
    attachments: list[str]

    @staticmethod
    def resolve_attachments(obj):
        return [a.name for a in obj.attachments.all()]

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_category(obj):
        return obj.category.code

    @staticmethod
    def resolve_list_id(obj):
        return obj.disclosure_list_id

    @staticmethod
    def resolve_publications(obj):
        return list(obj.publications.all())


class RecordIn(Schema):
    unit: str
    category: str
    title: str
    formed_on: date
    doc_number: str = ""
    body: str = ""
    audience: str = "public"
    audience_note: str = ""
    amount: float | None = None
    prerequisite_on: date | None = None
    prerequisite_note: str = ""


class ValidityIn(Schema):
    validity: str
    on: date
    reason: str = ""


class ChannelIn(Schema):
    channel: str
    issue: str = ""
    on: date


class ListOut(Schema):
    id: int
    unit_code: str
    period: str
    title: str
    status: str
    review_note: str
    approval_note: str
    published_on: date | None
    items: list[int]

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.values_list("id", flat=True))


class ListIn(Schema):
    unit: str
    period: str
    title: str = ""


class ItemsIn(Schema):
    records: list[int]


class ReviewIn(Schema):
    secrecy_checked: bool
    rejected: dict[int, str] = {}
    note: str = ""


class NoteIn(Schema):
    note: str = ""


class ReasonIn(Schema):
    reason: str


class PublishIn(Schema):
    on: date
    channels: list[ChannelIn | str]


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


class PublicRequestIn(Schema):
    unit: str
    applicant_kind: str
    applicant_name: str
    content: str
    org_type: str = ""
    applicant_id: str = ""
    contact: str = ""
    purpose: str = ""


class FiledOut(Schema):
    number: str
    query_code: str
    received_on: date
    due_on: date


class TrackOut(Schema):
    number: str
    unit_name: str
    status: str
    received_on: date
    due_on: date
    correction_notice: str
    correction_due_on: date | None
    fee_amount: float | None
    fee_due_on: date | None
    outcome: str
    outcome_reason: str
    reply: str
    concluded_on: date | None

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class CorrectionIn(Schema):
    notice: str
    on: date | None = None
    days: int = 15


class CorrectedIn(Schema):
    text: str
    on: date | None = None


class PublicCorrectionIn(Schema):
    number: str
    code: str
    text: str


class ConsultIn(Schema):
    party: str
    on: date | None = None


class ConsultReplyIn(Schema):
    on: date | None = None
    opinion: str = ""


class ExtendIn(Schema):
    days: int
    reason: str


class FeeIn(Schema):
    method: str
    pages: int = 0
    on: date | None = None


class DateIn(Schema):
    on: date | None = None


class ConcludeIn(Schema):
    outcome: str
    reason: str = ""
    reply: str = ""
    on: date | None = None


class AppealIn(Schema):
    kind: str
    filed_on: date
    request_id: int | None = None
    unit: str | None = None
    note: str = ""


class AppealOut(Schema):
    id: int
    kind: str
    filed_on: date
    result: str
    decided_on: date | None
    request_id: int | None


class AppealDecideIn(Schema):
    result: str
    on: date


# -- catalogue -----------------------------------------------------------------------------------
@router.get("/categories", response=list[CategoryOut], auth=None)
def category_list(request):
    """The catalogue tree (public)."""
    return Category.objects.select_related("parent").order_by("order", "code")


@router.get("/records", response=list[RecordOut])
@paginate(PageNumberPagination, page_size=50)
def record_list(
    request, status: str = "", category: str = "", q: str = "", late: bool = False, stale: bool = False
):
    """Records in your scope."""
    return queries.disclosure_list(
        actor=request.user, status=status, category=category, q=q, late=late, stale=stale
    ).prefetch_related("publications", "attachments")


@router.post("/records", response={201: RecordOut})
def record_create(request, payload: RecordIn):
    data = payload.dict()
    unit = unit_get(actor=request.user, code=data.pop("unit"))
    cat = Category.objects.filter(code=data.pop("category")).first()
    if cat is None:
        raise DomainError("bad_category", "Unknown category.", {"field": "category"})
    return Status(201, actions.disclosure_create(actor=request.user, unit=unit, category=cat, **data))


@router.get("/records/{record_id}", response=RecordOut)
def record_get(request, record_id: int):
    return queries.disclosure_get(actor=request.user, disclosure_id=record_id)


@router.post("/records/{record_id}/validity", response=RecordOut)
def record_validity(request, record_id: int, payload: ValidityIn):
    d = queries.disclosure_get(actor=request.user, disclosure_id=record_id)
    return actions.disclosure_set_validity(
        actor=request.user, disclosure=d, validity=payload.validity, on=payload.on, reason=payload.reason
    )


@router.post("/records/{record_id}/channels", response=RecordOut)
def record_channel(request, record_id: int, payload: ChannelIn):
    d = queries.disclosure_get(actor=request.user, disclosure_id=record_id)
    actions.disclosure_add_channel(
        actor=request.user, disclosure=d, channel=payload.channel, issue=payload.issue, on=payload.on
    )
    return d


@router.post("/records/{record_id}/attachments", response=RecordOut)
def record_attach(request, record_id: int, file: File[UploadedFile], name: Form[str] = ""):
    """Attach a file (pdf, office documents, ofd, images, zip; ≤ 20 MB) to a draft."""
    d = queries.disclosure_get(actor=request.user, disclosure_id=record_id)
    actions.attachment_add(actor=request.user, disclosure=d, upload=file, name=name)
    return d


@router.post("/records/{record_id}/confirm-current", response=RecordOut)
def record_confirm(request, record_id: int):
    d = queries.disclosure_get(actor=request.user, disclosure_id=record_id)
    return actions.disclosure_confirm_current(actor=request.user, disclosure=d)


@router.post("/records/{record_id}/reported", response=RecordOut)
def record_reported(request, record_id: int, payload: DateIn):
    d = queries.disclosure_get(actor=request.user, disclosure_id=record_id)
    return actions.disclosure_report_upward(
        actor=request.user, disclosure=d, on=payload.on or timezone.localdate()
    )


# -- review chain --------------------------------------------------------------------------------
@router.get("/lists", response=list[ListOut])
@paginate(PageNumberPagination, page_size=50)
def list_index(request, status: str = ""):
    return queries.list_list(actor=request.user, status=status)


@router.post("/lists", response={201: ListOut})
def list_new(request, payload: ListIn):
    unit = unit_get(actor=request.user, code=payload.unit)
    return Status(
        201, actions.list_create(actor=request.user, unit=unit, period=payload.period, title=payload.title)
    )


@router.get("/lists/{list_id}", response=ListOut)
def list_one(request, list_id: int):
    return queries.list_get(actor=request.user, list_id=list_id)


@router.post("/lists/{list_id}/items", response=ListOut)
def list_items(request, list_id: int, payload: ItemsIn):
    lst = queries.list_get(actor=request.user, list_id=list_id)
    ds = [queries.disclosure_get(actor=request.user, disclosure_id=i) for i in payload.records]
    return actions.list_add(actor=request.user, lst=lst, disclosures=ds)


@router.post("/lists/{list_id}/submit", response=ListOut)
def list_submit(request, list_id: int):
    return actions.list_submit(actor=request.user, lst=queries.list_get(actor=request.user, list_id=list_id))


@router.post("/lists/{list_id}/review", response=ListOut)
def list_review(request, list_id: int, payload: ReviewIn):
    lst = queries.list_get(actor=request.user, list_id=list_id)
    return actions.list_review(
        actor=request.user,
        lst=lst,
        rejected=payload.rejected,
        secrecy_checked=payload.secrecy_checked,
        note=payload.note,
    )


@router.post("/lists/{list_id}/return", response=ListOut)
def list_return(request, list_id: int, payload: ReasonIn):
    return actions.list_return(
        actor=request.user, lst=queries.list_get(actor=request.user, list_id=list_id), reason=payload.reason
    )


@router.post("/lists/{list_id}/approve", response=ListOut)
def list_approve(request, list_id: int, payload: NoteIn):
    return actions.list_approve(
        actor=request.user, lst=queries.list_get(actor=request.user, list_id=list_id), note=payload.note
    )


@router.post("/lists/{list_id}/publish", response=ListOut)
def list_publish(request, list_id: int, payload: PublishIn):
    lst = queries.list_get(actor=request.user, list_id=list_id)
    channels = [(c, "") if isinstance(c, str) else (c.channel, c.issue) for c in payload.channels]
    return actions.list_publish(actor=request.user, lst=lst, on=payload.on, channels=channels)


# -- requests ------------------------------------------------------------------------------------
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
        actor=request.user, request=_req(request, request_id), days=payload.days, reason=payload.reason
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


@router.get("/appeals", response=list[AppealOut])
@paginate(PageNumberPagination, page_size=50)
def appeal_index(request):
    return queries.appeal_list(actor=request.user)


@router.post("/appeals", response={201: AppealOut})
def appeal_new(request, payload: AppealIn):
    r = queries.request_get(actor=request.user, request_id=payload.request_id) if payload.request_id else None
    unit = r.unit if r else unit_get(actor=request.user, code=payload.unit or "")
    return Status(
        201,
        actions.appeal_create(
            actor=request.user,
            unit=unit,
            request=r,
            kind=payload.kind,
            filed_on=payload.filed_on,
            note=payload.note,
        ),
    )


@router.post("/appeals/{appeal_id}/decide", response=AppealOut)
def appeal_decide(request, appeal_id: int, payload: AppealDecideIn):
    a = queries.appeal_list(actor=request.user).filter(pk=appeal_id).first()
    if a is None:
        raise NotFound()
    return actions.appeal_decide(actor=request.user, appeal=a, result=payload.result, on=payload.on)


# -- annual report -------------------------------------------------------------------------------
@router.get("/reports/{unit_code}/{year}")
def report(request, unit_code: str, year: int):
    """政府信息公开工作年度报告 tables 二, 三, 四 and channel statistics, computed from the data."""
    if not 2000 <= year <= 2100:
        raise DomainError("bad_year", "Choose a year between 2000 and 2100.", {"field": "year"})
    return queries.report_get(actor=request.user, unit_code=unit_code, year=year)


# -- public --------------------------------------------------------------------------------------
class PublicRecordOut(Schema):
    id: int
    title: str
    doc_number: str
    unit_code: str = Field(alias="unit__code")
    unit_name: str = Field(alias="unit__name")
    category: str = Field(alias="category__code")
    published_on: date | None


class CataloguePage(Schema):
    page: int
    has_next: bool
    records: list[PublicRecordOut]


@router.get("/public/catalogue", response=CataloguePage, auth=None)
@public_rate_limit("disclosure_api_public")
def public_catalogue(request, category: str = "", unit: str = "", q: str = "", page: int = 1):
    """The public catalogue: published records for the public, newest first, searchable in Chinese."""
    return queries.public_catalogue(category=category, unit=unit, q=q, page=page)


@router.get("/public/records/{record_id}", response=RecordOut, auth=None)
@public_rate_limit("disclosure_api_public")
def public_record(request, record_id: int):
    return queries.public_record_get(record_id)


@router.get("/public/catalog.json", auth=None)
@public_rate_limit("disclosure_api_public")
def public_dcat(request, modified_since: datetime | None = None, limit: int = 500):
    """DCAT-style incremental catalogue (`modified_since`: ISO date-time)."""
    if modified_since is not None and timezone.is_naive(modified_since):
        modified_since = timezone.make_aware(modified_since)
    return queries.dcat(modified_since=modified_since, limit=max(1, min(limit, 1000)))


@router.post("/public/requests", response={201: FiledOut}, auth=None)
@public_rate_limit("disclosure_request", limit=20)
def public_request(request, payload: PublicRequestIn):
    """File a request online; the answer carries the number and query code. `Idempotency-Key` header dedupes retries."""
    data = payload.dict()
    unit = Unit.objects.filter(code=data.pop("unit")).first()
    if unit is None:
        raise NotFound()

    def do():
        r = actions.request_file(unit=unit, channel="online", **data)
        return {
            "number": r.number,
            "query_code": r.query_code,
            "received_on": r.received_on.isoformat(),
            "due_on": r.due_on.isoformat(),
        }

    key = actions.public_idempotency_key(request.headers.get("Idempotency-Key"), unit, data)
    result, _replayed = once(user=request.user, scope="disclosure.public_request", key=key, fn=do)
    return Status(201, result)


@router.get("/public/requests/{number}", response=TrackOut, auth=None)
@public_rate_limit("disclosure_track", limit=30)
def public_track(request, number: str, code: str):
    return queries.request_track(number=number, code=code)


@router.post("/public/requests/correction", response=TrackOut, auth=None)
@public_rate_limit("disclosure_track", limit=30)
def public_correct(request, payload: PublicCorrectionIn):
    r = queries.request_track(number=payload.number, code=payload.code)
    return actions.request_correct(request=r, text=payload.text)

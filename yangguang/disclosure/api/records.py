"""Records and the catalogue tree over the API."""

from datetime import date

from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from yangguang.core.errors import DomainError
from yangguang.core.pagination import PageNumberPagination
from yangguang.orgs.queries import unit_get

from .. import actions, queries
from ..models import Category
from ._common import DateIn

router = Router()


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

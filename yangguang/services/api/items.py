"""Service items: the staff's drafts, review and import; the public catalogue."""

from django.utils.translation import gettext_lazy as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from yangguang.core.errors import DomainError
from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries
from ._common import _rate_limit

router = Router()


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


class ItemImportResult(Schema):
    created: int
    updated: int


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


@router.post("/items/import", response=ItemImportResult)
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

"""The review chain of disclosure lists over the API."""

from datetime import date

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.pagination import PageNumberPagination
from yangguang.orgs.queries import unit_get

from .. import actions, queries
from .records import ChannelIn

router = Router()


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


class ListPublishIn(Schema):
    on: date
    channels: list[ChannelIn | str]


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
def list_publish(request, list_id: int, payload: ListPublishIn):
    lst = queries.list_get(actor=request.user, list_id=list_id)
    channels = [(c, "") if isinstance(c, str) else (c.channel, c.issue) for c in payload.channels]
    return actions.list_publish(actor=request.user, lst=lst, on=payload.on, channels=channels)

"""The public side of the API: catalogue, DCAT feed, filing and tracking a request (no login)."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from yangguang.core.errors import NotFound
from yangguang.core.idempotency import once
from yangguang.core.ratelimit import public_rate_limit
from yangguang.orgs.models import Unit

from .. import actions, queries
from ..actions.requests import CONTENT_MAX_CHARS
from .records import RecordOut

router = Router()


# Anonymous input: every field bounded (the columns' lengths; the request text as the action bounds it).
class PublicRequestIn(Schema):
    unit: str = Field(max_length=40)
    applicant_kind: str = Field(max_length=14)
    applicant_name: str = Field(max_length=200)
    content: str = Field(max_length=CONTENT_MAX_CHARS)
    org_type: str = Field("", max_length=14)
    applicant_id: str = Field("", max_length=60)
    contact: str = Field("", max_length=300)
    purpose: str = Field("", max_length=300)


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
    clock: dict | None = None  # the lines that add up to the due date (issue 14)

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_clock(obj):
        return queries.request_clock(obj) if obj.status != "concluded" else None


class PublicCorrectionIn(Schema):
    number: str = Field(max_length=30)
    code: str = Field(max_length=16)
    text: str = Field(max_length=CONTENT_MAX_CHARS)


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


# Before `/public/requests/{number}`: Django takes the first pattern that matches the path, and a
# GET-only match would answer this POST 405.
@router.post("/public/requests/correction", response=TrackOut, auth=None)
@public_rate_limit("disclosure_track", limit=30)
def public_correct(request, payload: PublicCorrectionIn):
    r = queries.request_track(number=payload.number, code=payload.code)
    return actions.request_correct(request=r, text=payload.text)


@router.get("/public/requests/{number}", response=TrackOut, auth=None)
@public_rate_limit("disclosure_track", limit=30)
def public_track(request, number: str, code: str):
    return queries.request_track(number=number, code=code)

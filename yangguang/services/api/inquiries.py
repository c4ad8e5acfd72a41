"""First inquiries (首问负责)."""

from datetime import date
from typing import Any

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries

router = Router()


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

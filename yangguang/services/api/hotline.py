"""The 96128 hotline's work orders."""

from datetime import date

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.errors import DomainError
from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries

router = Router()


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

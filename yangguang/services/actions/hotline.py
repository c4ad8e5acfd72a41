"""The hotline's work orders (96128 专线): logged, dispatched to a liaison, answered, called back."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, snapshot
from yangguang.core.errors import DomainError, Forbidden
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import has_role, person_of, unit_get
from yangguang.workdays.queries import calendar

from .. import queries
from ..models import HotlineOrder
from ._common import STAFF, _limit, _require, local_today


@transaction.atomic
def hotline_log(
    *, actor, kind: str, caller_name: str, content: str, caller_phone: str = "", centre_id: int | None = None
) -> HotlineOrder:
    from ..models import OrderKind

    worker = person_of(actor)
    if worker is None:
        raise Forbidden(_("Only staff with a person record can log a call."))
    centre = unit_get(actor=actor, unit_id=centre_id) if centre_id else worker.unit
    _require(actor, STAFF, centre)
    if kind not in OrderKind.values:
        raise DomainError("invalid", _("Unknown order kind: %(v)s") % {"v": kind}, {"field": "kind"})
    if not (caller_name or "").strip() or not (content or "").strip():
        raise DomainError("invalid", _("The caller and the content are required."), {"field": "content"})
    now = timezone.now()
    on = timezone.localtime(now).date()
    order = HotlineOrder.objects.create(
        number=f"96128-{on:%Y%m%d}-{secrets.randbelow(10**6):06d}",
        kind=kind,
        caller_name=caller_name.strip()[:100],
        caller_phone=(caller_phone or "")[:40],
        content=content.strip()[:2000],
        centre=centre,
        worker=worker,
        received_at=now,
        received_on=on,
    )
    record_create(actor=actor, instance=order, unit=centre)
    return order


def _order(actor, order_id: int) -> HotlineOrder:
    return queries.order_get(actor=actor, order_id=order_id, for_update=True)


@transaction.atomic
def hotline_dispatch(
    *, actor, order_id: int, unit_id: int, liaison_id: int, limit_days: int = 5
) -> HotlineOrder:
    order = _order(actor, order_id)
    _require(actor, STAFF, order.centre)
    if order.status != "logged":
        raise DomainError("illegal_transition", _("This order has already been dispatched."), status=409)
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise DomainError("invalid", _("Unknown unit."), {"field": "unit_id"})
    liaison = Person.objects.filter(pk=liaison_id, posts__role="liaison", posts__unit=unit).first()
    if liaison is None:
        raise DomainError(
            "invalid", _("The liaison must hold the liaison post of that unit."), {"field": "liaison_id"}
        )
    before = snapshot(order)
    order.limit_days = _limit(limit_days, "limit_days")
    order.unit, order.unit_path, order.liaison, order.status = unit, unit.path, liaison, "dispatched"
    order.due_on = calendar().add_workdays(local_today(), order.limit_days).date
    order.save()
    record(
        actor=actor,
        action="services.hotline_dispatch",
        instance=order,
        before=before,
        after=snapshot(order),
        unit=order.centre,
    )
    return order


@transaction.atomic
def hotline_answer(*, actor, order_id: int, answer: str) -> HotlineOrder:
    order = _order(actor, order_id)
    if order.status != "dispatched":
        raise DomainError("illegal_transition", _("Only a dispatched order can be answered."), status=409)
    if not (
        has_role(actor, STAFF, order.centre)
        or (order.liaison and order.liaison.user_id == getattr(actor, "pk", None))
    ):
        raise Forbidden()
    if not (answer or "").strip():
        raise DomainError("reason_required", _("Write the answer."), {"field": "answer"})
    before = snapshot(order)
    order.answer, order.answered_on, order.status = answer.strip()[:2000], local_today(), "answered"
    order.on_time = order.answered_on <= order.due_on
    order.save()
    record(
        actor=actor,
        action="services.hotline_answer",
        instance=order,
        before=before,
        after=snapshot(order),
        unit=order.centre,
    )
    return order


@transaction.atomic
def hotline_callback(*, actor, order_id: int, level) -> HotlineOrder:
    order = _order(actor, order_id)
    _require(actor, STAFF, order.centre)
    if order.status != "answered":
        raise DomainError("illegal_transition", _("Only an answered order can be called back."), status=409)
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if level not in (1, 2, 3, 4, 5):
        raise DomainError(
            "invalid",
            _("A rating is a level from 1 (very satisfied) to 5 (very dissatisfied)."),
            {"field": "level"},
        )
    before = snapshot(order)
    order.level, order.called_back_on, order.status = level, local_today(), "closed"
    order.save()
    record(
        actor=actor,
        action="services.hotline_callback",
        instance=order,
        before=before,
        after=snapshot(order),
        unit=order.centre,
    )
    return order

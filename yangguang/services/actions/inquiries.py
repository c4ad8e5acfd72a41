"""First inquiries (首问负责): the first person asked owns the follow-up."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, snapshot
from yangguang.core.errors import DomainError, Forbidden
from yangguang.orgs.models import Person
from yangguang.orgs.queries import in_scope, person_of, unit_get
from yangguang.workdays.queries import calendar

from .. import queries
from ..models import FirstInquiry
from ._common import STAFF, _require


@transaction.atomic
def inquiry_log(
    *,
    actor,
    asker_name: str,
    question: str,
    asker_phone: str = "",
    owner_id: int | None = None,
    unit_id: int | None = None,
) -> FirstInquiry:
    asked = person_of(actor)
    if asked is None:
        raise Forbidden(_("Only staff with a person record can log a first inquiry."))
    unit = unit_get(actor=actor, unit_id=unit_id) if unit_id else asked.unit
    _require(actor, STAFF, unit)
    if not (asker_name or "").strip() or not (question or "").strip():
        raise DomainError("invalid", _("Who asked and what are required."), {"field": "question"})
    owner = asked
    if owner_id:
        owner = Person.objects.filter(pk=owner_id).select_related("unit").first()
        centre_path = unit.path[: unit.steplen * max(1, unit.depth - 2)]
        if owner is None or not (in_scope(actor, owner.unit) or owner.unit.path.startswith(centre_path)):
            raise DomainError("invalid", _("Unknown follow-up owner."), {"field": "owner_id"})
    now = timezone.now()
    days = queries.settings_for(unit).inquiry_days
    inq = FirstInquiry.objects.create(
        unit=unit,
        asker_name=asker_name.strip()[:100],
        asker_phone=(asker_phone or "")[:40],
        question=question.strip()[:1000],
        asked=asked,
        owner=owner,
        asked_at=now,
        due_on=calendar().add_workdays(timezone.localtime(now).date(), days).date,
    )
    record_create(actor=actor, instance=inq)
    return inq


@transaction.atomic
def inquiry_answer(*, actor, inquiry_id: int, answer: str) -> FirstInquiry:
    inq = queries.inquiry_get(actor=actor, inquiry_id=inquiry_id, for_update=True)
    _require(actor, STAFF, inq.unit)
    if inq.answered_at:
        raise DomainError("illegal_transition", _("This inquiry has already been answered."), status=409)
    if not (answer or "").strip():
        raise DomainError("reason_required", _("Write the answer."), {"field": "answer"})
    before = snapshot(inq)
    inq.answer, inq.answered_at = answer.strip()[:1000], timezone.now()
    inq.save()
    record(actor=actor, action="services.inquiry_answer", instance=inq, before=before, after=snapshot(inq))
    return inq

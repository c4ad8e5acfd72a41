"""First inquiries (首问负责), scoped to the actor."""

from __future__ import annotations

from django.db.models import QuerySet

from yangguang.orgs.queries import scope_q

from ..models import FirstInquiry
from ._common import _get


def inquiry_list(*, actor, open_only: bool = False) -> QuerySet:
    qs = FirstInquiry.objects.filter(scope_q(actor, "unit__path")).select_related("unit", "asked", "owner")
    if open_only:
        qs = qs.filter(answered_at__isnull=True)
    return qs.order_by("-asked_at")


def inquiry_get(*, actor, inquiry_id: int, for_update: bool = False) -> FirstInquiry:
    qs = FirstInquiry.objects.filter(scope_q(actor, "unit__path"))
    if not for_update:
        qs = qs.select_related("unit", "asked", "owner")
    return _get(qs, inquiry_id, for_update)

"""Reads of accountability records (问责): only supervisors and administrators over the deciding unit."""

from __future__ import annotations

from django.db.models import QuerySet

from yangguang.orgs.queries import scope_q

from ..models import Accountability
from ._common import ACCOUNTABILITY_ROLES, _get


def accountability_list(*, actor) -> QuerySet:
    return (
        Accountability.objects.filter(scope_q(actor, "unit__path", roles=ACCOUNTABILITY_ROLES))
        .select_related("unit")
        .prefetch_related("units", "people")
    )


def accountability_get(*, actor, accountability_id: int) -> Accountability:
    return _get(accountability_list(actor=actor), accountability_id)

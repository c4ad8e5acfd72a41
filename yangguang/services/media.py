"""Who may fetch a service item's sample (core.media): the result-document sample (`result_sample`) or
a material's sample (a stored name in `materials[i]["sample"]`). Anyone once a version that carries
it is published (or superseded: old versions stay on record, as on the portal); a draft's or an
in-review version's sample only staff whose scope covers the item's unit. Anyone else: the same 404
as a missing file."""

from __future__ import annotations

import json

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from yangguang.core.errors import NotFound

from . import queries
from .models import ItemStatus, ServiceItem

PUBLIC = (ItemStatus.PUBLISHED, ItemStatus.SUPERSEDED)


def _carries(item: ServiceItem, name: str) -> bool:
    return item.result_sample.name == name or any(
        isinstance(m, dict) and m.get("sample") == name for m in item.materials or []
    )


def _versions_with(name: str) -> list[ServiceItem]:
    """The item versions whose result sample or a material's sample is the stored file `name`."""
    # The materials' JSON text holds the name as is (PostgreSQL) or \u-escaped (SQLite): the database
    # narrows on both spellings, Python decides.
    escaped = json.dumps(name)[1:-1]
    in_materials = Q(_materials__contains=name) | Q(_materials__contains=escaped)
    qs = ServiceItem.objects.annotate(_materials=Cast("materials", TextField())).filter(
        Q(result_sample=name) | in_materials
    )
    return [item for item in qs.only("pk", "status", "result_sample", "materials") if _carries(item, name)]


def sample(request, name: str) -> bool:
    versions = _versions_with(name)
    if any(item.status in PUBLIC for item in versions):
        return True
    for item in versions:
        try:
            queries.item_get(actor=request.user, item_id=item.pk)
        except NotFound:
            continue
        return True
    return False


GUARDS = {"services/samples/": sample}

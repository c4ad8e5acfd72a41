"""Read helpers every services query module shares."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.db.models.functions import Substr

from yangguang.core.errors import NotFound


def _get(qs: QuerySet, pk, for_update: bool):
    if for_update:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def _by_prefix(qs: QuerySet, field: str, paths: list[str], aggregates: dict) -> dict[str, dict]:
    """One grouped query per distinct path length: {path: aggregates} (subtrees included)."""
    out: dict[str, dict] = {}
    by_len: dict[int, list[str]] = {}
    for p in set(paths):
        by_len.setdefault(len(p), []).append(p)
    for n, ps in by_len.items():
        base = qs.filter(Q(**{f"{field}__startswith": ps[0]}) if len(ps) == 1 else Q())
        rows = (
            base.annotate(_prefix=Substr(field, 1, n))
            .filter(_prefix__in=ps)
            .values("_prefix")
            .annotate(**aggregates)
            .order_by()
        )
        for r in rows:
            out[r.pop("_prefix")] = r
    return out

"""Ratings: the rectifications of bad ones (scoped), the public satisfaction per department."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet, Sum

from yangguang.orgs.queries import scope_q

from ..models import CaseDay, Rectification
from ._common import _by_prefix, _get
from .items import item_departments


def rectification_list(*, actor, status: str = "") -> QuerySet:
    qs = Rectification.objects.filter(scope_q(actor, "rating__unit_path")).select_related(
        "rating", "rating__case", "rating__case__item"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def rectification_get(*, actor, rect_id: int, for_update: bool = False) -> Rectification:
    if for_update:
        r = _get(Rectification.objects.filter(scope_q(actor, "rating__unit_path")), rect_id, True)
        return Rectification.objects.select_related("rating", "rating__case", "rating__case__unit").get(
            pk=r.pk
        )
    return _get(
        Rectification.objects.filter(scope_q(actor, "rating__unit_path")).select_related(
            "rating", "rating__case", "rating__case__unit"
        ),
        rect_id,
        False,
    )


def department_satisfaction(start: date, end: date) -> list[dict]:
    """Public, in aggregate: satisfaction per department that has published items."""
    depts = list(item_departments().values("id", "name", "path"))
    sat = _by_prefix(
        CaseDay.objects.filter(day__range=(start, end)),
        "unit_path",
        [d["path"] for d in depts],
        {"n": Sum("rated"), "good": Sum("good")},
    )
    out = []
    for d in depts:
        s = sat.get(d["path"], {})
        n = s.get("n") or 0
        out.append(
            {
                "id": d["id"],
                "name": d["name"],
                "ratings": n,
                "satisfaction": round(100.0 * (s.get("good") or 0) / n, 2) if n else None,
            }
        )
    return out

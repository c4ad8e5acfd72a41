"""The disclosure figures registered in the metric registry (per unit, over a period)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from yangguang.orgs.models import Unit

from ..models import (
    Disclosure,
    Request,
)
from ._common import _subtree


def _per_unit(ids: list[int], compute) -> dict[int, float | None]:
    out: dict[int, float | None] = {}
    for u in Unit.objects.filter(pk__in=ids).only("id", "path"):
        out[u.pk] = compute(Q(unit_id__in=_subtree(u)))
    return out


def _pct(num: int, den: int) -> float | None:
    return round(100.0 * num / den, 2) if den else None


def metric_timeliness(ids, start, end):
    def f(scope):
        a = Disclosure.objects.filter(scope, published_on__gte=start, published_on__lte=end).aggregate(
            n=Count("id"), ok=Count("id", filter=Q(late=False))
        )
        return _pct(a["ok"], a["n"])

    return _per_unit(ids, f)


def metric_request_on_time(ids, start, end):
    def f(scope):
        a = Request.objects.filter(
            scope, status="concluded", concluded_on__gte=start, concluded_on__lte=end
        ).aggregate(n=Count("id"), ok=Count("id", filter=Q(overdue=False)))
        return _pct(a["ok"], a["n"])

    return _per_unit(ids, f)


def metric_overdue_requests(ids, start, end):
    """Requests due in the period that were not answered by their due date (answered late or still open)."""

    def f(scope):
        return float(
            Request.objects.filter(scope, due_on__gte=start, due_on__lte=end)
            .filter(
                Q(concluded_on__isnull=True, due_on__lt=timezone.localdate())
                | Q(overdue=True, concluded_on__isnull=False)
            )
            .count()
        )

    return _per_unit(ids, f)


def metric_records_published(ids, start, end):
    return _per_unit(
        ids,
        lambda scope: float(
            Disclosure.objects.filter(scope, published_on__gte=start, published_on__lte=end).count()
        ),
    )


def metric_stale_records(ids, start, end):
    """Published, in-force records of a cyclic category whose update was due by the period's end."""
    return _per_unit(
        ids,
        lambda scope: float(
            Disclosure.objects.filter(
                scope,
                status="published",
                superseded=False,
                validity="valid",
                stale_after__isnull=False,
                stale_after__lte=end,
            ).count()
        ),
    )


# -- the staff workbench (portal) ----------------------------------------------------------------
# Who reviews and approves a list (the same roles the review chain's actions require).

"""The hotline's work orders (seen by the centre, the unit and its liaison) and their figures."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from yangguang.core.errors import NotFound
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import scope_q

from ..models import HotlineOrder
from ._common import _by_prefix, _get


def _order_scope(actor) -> Q:
    return scope_q(actor, "centre__path") | scope_q(actor, "unit_path") | Q(liaison__user=actor)


def order_list(*, actor, status: str = "") -> QuerySet:
    if not getattr(actor, "is_authenticated", False):
        return HotlineOrder.objects.none()
    qs = HotlineOrder.objects.filter(_order_scope(actor)).select_related("unit", "liaison", "worker")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_at")


def order_get(*, actor, order_id: int, for_update: bool = False) -> HotlineOrder:
    if not getattr(actor, "is_authenticated", False):
        raise NotFound()
    qs = HotlineOrder.objects.filter(_order_scope(actor))
    if for_update:
        obj = _get(qs, order_id, False)
        return _get(HotlineOrder.objects.all(), obj.pk, True)  # no outer joins under FOR UPDATE
    return _get(qs.select_related("unit", "liaison", "worker", "centre"), order_id, False)


def _hotline_finish(r: dict | None) -> dict:
    r = r or {}
    answered = r.get("n_answered") or 0
    rated = r.get("n_rated") or 0
    return {
        "orders": r.get("n_orders") or 0,
        "answered": answered,
        "on_time_rate": round(100.0 * (r.get("n_on_time") or 0) / answered, 2) if answered else None,
        "satisfaction": round(100.0 * (r.get("n_good") or 0) / rated, 2) if rated else None,
    }


HOTLINE_AGG = {
    "n_orders": Count("id"),
    "n_answered": Count("id", filter=Q(answered_on__isnull=False)),
    "n_on_time": Count("id", filter=Q(on_time=True)),
    "n_rated": Count("id", filter=Q(level__isnull=False)),
    "n_good": Count("id", filter=Q(level__lte=3)),
}


def hotline_for_units(unit_ids: list[int], start: date, end: date) -> dict[int, dict]:
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("id", "path"))
    raw = _by_prefix(
        HotlineOrder.objects.filter(received_on__range=(start, end)).exclude(unit_path=""),
        "unit_path",
        list(paths.values()),
        HOTLINE_AGG,
    )
    return {uid: _hotline_finish(raw.get(p)) for uid, p in paths.items()}


def hotline_for_people(person_ids: list[int], start: date, end: date, role: str) -> dict[int, dict]:
    field = "liaison_id" if role == "liaison" else "worker_id"
    rows = {
        r.pop(field): r
        for r in HotlineOrder.objects.filter(received_on__range=(start, end), **{f"{field}__in": person_ids})
        .values(field)
        .annotate(**HOTLINE_AGG)
        .order_by()
    }
    return {pid: _hotline_finish(rows.get(pid)) for pid in person_ids}

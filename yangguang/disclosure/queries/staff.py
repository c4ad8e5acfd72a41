"""Staff reads: records, lists, requests, appeals and the dashboard, scoped to the actor."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from yangguang.core.errors import NotFound
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import scope_q

from ..models import (
    Appeal,
    Category,
    Disclosure,
    DisclosureList,
    Request,
)

# -- staff reads ---------------------------------------------------------------------------------


def disclosure_list(
    *, actor, unit: Unit | None = None, status: str = "", category: str = "", q: str = "", late: bool = False,
    stale: bool = False,
) -> QuerySet:  # fmt: skip
    qs = Disclosure.objects.filter(scope_q(actor, "unit__path")).select_related("unit", "category")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(doc_number__icontains=q))
    if late:
        qs = qs.filter(Q(late=True) | Q(published_on__isnull=True, due_on__lt=timezone.localdate()))
    if stale:
        qs = qs.filter(stale=True, superseded=False)
    return qs.order_by("-formed_on", "-id")


def disclosure_get(*, actor, disclosure_id) -> Disclosure:
    try:
        return (
            Disclosure.objects.filter(scope_q(actor, "unit__path"))
            .select_related("unit", "category", "disclosure_list")
            .get(pk=disclosure_id)
        )
    except (Disclosure.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def list_list(*, actor, status: str = "") -> QuerySet:
    qs = (
        DisclosureList.objects.filter(scope_q(actor, "unit__path"))
        .select_related("unit")
        .annotate(n=Count("items"))
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def list_get(*, actor, list_id) -> DisclosureList:
    try:
        return (
            DisclosureList.objects.filter(scope_q(actor, "unit__path")).select_related("unit").get(pk=list_id)
        )
    except (DisclosureList.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def request_list(
    *, actor, status: str = "", q: str = "", overdue: bool = False, unit: Unit | None = None
) -> QuerySet:
    qs = Request.objects.filter(scope_q(actor, "unit__path")).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(applicant_name__icontains=q) | Q(content__icontains=q))
    if overdue:
        qs = qs.exclude(status="concluded").filter(due_on__lt=timezone.localdate())
    return qs.order_by("-received_on", "-id")


def request_get(*, actor, request_id) -> Request:
    try:
        return Request.objects.filter(scope_q(actor, "unit__path")).select_related("unit").get(pk=request_id)
    except (Request.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def appeal_list(*, actor) -> QuerySet:
    return Appeal.objects.filter(scope_q(actor, "unit__path")).select_related("unit", "request")


def stale_by_unit_and_category(*, actor, limit: int = 15) -> list[dict]:
    """Units and categories past their update cycle (for the responsible unit and its supervisors)."""
    return list(
        disclosure_list(actor=actor, stale=True)
        .order_by()
        .values("unit__name", "category__name", "category__update_cycle_days")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__name")[:limit]
    )


def categories() -> list[Category]:
    return list(Category.objects.select_related("parent").order_by("order", "code"))


def dashboard(*, actor, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    recs = Disclosure.objects.filter(scope_q(actor, "unit__path"))
    reqs = Request.objects.filter(scope_q(actor, "unit__path"))
    year_start = today.replace(month=1, day=1)
    r = recs.aggregate(
        published=Count("id", filter=Q(published_on__gte=year_start)),
        late=Count("id", filter=Q(published_on__gte=year_start, late=True)),
        unpublished_overdue=Count("id", filter=Q(published_on__isnull=True, due_on__lt=today)),
        stale=Count("id", filter=Q(stale=True, superseded=False)),
    )
    q = reqs.aggregate(
        open=Count("id", filter=~Q(status="concluded")),
        overdue=Count("id", filter=~Q(status="concluded") & Q(due_on__lt=today)),
        received=Count("id", filter=Q(received_on__gte=year_start)),
        correction=Count("id", filter=Q(status="correction")),
        fee=Count("id", filter=Q(status="fee")),
    )
    lists = DisclosureList.objects.filter(scope_q(actor, "unit__path")).exclude(status="published").count()
    return {"records": r, "requests": q, "lists_in_progress": lists}


# -- the public ----------------------------------------------------------------------------------

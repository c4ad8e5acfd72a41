"""Reads of inspections, findings and rectifications, and what the portal publishes of them."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from yangguang.orgs.queries import has_role, path_q, person_of, scope_paths

from ..models import Finding, Inspection, Rectification
from ._common import INSPECTOR_ROLES, _get


def _inspector_q(actor) -> Q:
    person = person_of(actor)
    return Q(inspectors=person) if person else Q(pk__in=[])


def inspection_list(*, actor, status: str = "") -> QuerySet:
    qs = Inspection.objects.select_related("unit", "plan")
    paths = scope_paths(actor)
    if paths is not None:
        target = Inspection.targets.through.objects.filter(inspection_id=OuterRef("pk")).filter(
            path_q(paths, "unit__path")
        )
        person = person_of(actor)
        insp = Inspection.inspectors.through.objects.filter(
            inspection_id=OuterRef("pk"), person_id=getattr(person, "pk", -1)
        )
        qs = qs.filter(path_q(paths, "unit__path") | Q(Exists(target)) | Q(Exists(insp)))
    if status:
        qs = qs.filter(status=status)
    return qs


def inspection_get(*, actor, inspection_id: int) -> Inspection:
    return _get(inspection_list(actor=actor), inspection_id)


def is_inspector(actor, inspection: Inspection) -> bool:
    person = person_of(actor)
    return bool(person and inspection.inspectors.filter(pk=person.pk).exists())


def can_inspect(actor, inspection: Inspection) -> bool:
    return has_role(actor, INSPECTOR_ROLES, inspection.unit) or is_inspector(actor, inspection)


def finding_list(*, actor, inspection: Inspection | None = None, status: str = "", unit=None) -> QuerySet:
    qs = Finding.objects.select_related("unit", "inspection", "task", "item")
    paths = scope_paths(actor)
    if paths is not None:
        person = person_of(actor)
        insp = Inspection.inspectors.through.objects.filter(
            inspection_id=OuterRef("inspection_id"), person_id=getattr(person, "pk", -1)
        )
        qs = qs.filter(
            path_q(paths, "unit__path") | path_q(paths, "inspection__unit__path") | Q(Exists(insp))
        )
    if inspection is not None:
        qs = qs.filter(inspection=inspection)
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def finding_get(*, actor, finding_id: int) -> Finding:
    return _get(finding_list(actor=actor), finding_id)


def rectification_list(*, actor, status: str = "", light: str = "") -> QuerySet:
    qs = Rectification.objects.filter(finding__in=finding_list(actor=actor).values("pk")).select_related(
        "unit", "finding", "finding__inspection"
    )
    if status:
        qs = qs.filter(status=status)
    if light:
        qs = qs.filter(light=light).exclude(status=Rectification.CLOSED)
    return qs


def rectification_get(*, actor, rectification_id: int) -> Rectification:
    return _get(rectification_list(actor=actor), rectification_id)


def published_inspections() -> QuerySet:
    """What the portal shows: inspections whose results were published."""
    return (
        Inspection.objects.filter(published_at__isnull=False)
        .select_related("unit")
        .prefetch_related("targets")
        .annotate(n_findings=Count("findings", distinct=True))
        .order_by("-published_at")
    )


def published_inspection_get(inspection_id: int) -> Inspection:
    return _get(published_inspections(), inspection_id)

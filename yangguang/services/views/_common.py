"""What the staff pages share: the unit and the period a page shows."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import scope_paths, unit_get


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = date(today.year, 1, 1)
    try:
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = date(start.year, 12, 31)
    if end < start:
        start, end = end, start
    return start, end


def _default_unit(actor) -> Unit:
    paths = scope_paths(actor)
    if paths is None:
        unit = Unit.objects.filter(kind__code="service_centre").order_by("path").first()
        return unit or Unit.get_root_nodes().first()
    if not paths:
        raise DomainError("no_scope", _("You hold no post, so there is nothing to show."), status=403)
    return Unit.objects.filter(path__in=paths).order_by("depth", "path").first()


def _unit(request) -> Unit:
    uid = request.GET.get("unit")
    return (
        unit_get(actor=request.user, unit_id=int(uid))
        if uid and uid.isdigit()
        else _default_unit(request.user)
    )

"""Cases: the staff's scoped list and detail, and each open case's light right now."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from yangguang.orgs.models import Unit
from yangguang.orgs.queries import scope_q
from yangguang.workdays.queries import calendar

from .. import rules
from ..models import Case
from ._common import _get
from .centre import Defaults, SettingsByPath, cached_settings
from .lookup import _yellow_line


def case_list(
    *, actor, status: str = "", q: str = "", light: str = "", unit_id: int | None = None
) -> QuerySet:
    qs = Case.objects.filter(scope_q(actor, "unit_path")).select_related("item", "unit", "handler")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(number__startswith=q) | Q(applicant_name__icontains=q) | Q(item__name__icontains=q))
    if unit_id:
        unit = Unit.objects.filter(pk=unit_id).first()
        qs = qs.filter(unit_path__startswith=unit.path) if unit else qs.none()
    if light:
        today = timezone.localdate()
        qs = qs.filter(status="accepted")
        if light == "red":
            qs = qs.filter(due_on__lt=today)
        elif light == "yellow":
            qs = qs.filter(Q(due_on__gte=today) & _by_yellow_line(today, "lte"))
        elif light == "green":
            qs = qs.filter(_by_yellow_line(today, "gt"))
    return qs.order_by("-submitted_at", "-id")


def _by_yellow_line(today: date, lookup: str) -> Q:
    """due_on compared (`lte` or `gt`) with each case's own yellow line: the nearest centre's
    setting for its subtree, the default elsewhere."""
    cal, out, claimed = calendar(), Q(), []
    rows = [(p, y) for p, y, _r, _i in SettingsByPath().rows]  # most specific first
    for path, y in [*rows, ("", Defaults().yellow_days)]:
        region = Q(unit_path__startswith=path)
        for inner in claimed:
            if inner.startswith(path):
                region &= ~Q(unit_path__startswith=inner)
        out |= region & Q(**{f"due_on__{lookup}": rules.yellow_line(cal, today, y)})
        claimed.append(path)
    return out


def case_get(*, actor, case_id: int, for_update: bool = False) -> Case:
    qs = Case.objects.filter(scope_q(actor, "unit_path")).select_related("item", "unit", "handler")
    if for_update:
        # select_for_update cannot lock nullable outer joins on PostgreSQL: lock the case row alone.
        case = _get(Case.objects.filter(scope_q(actor, "unit_path")), case_id, True)
        return case
    return _get(qs, case_id, False)


def case_light(case: Case, today: date | None = None, settings=None) -> str:
    """The light right now (computed, never stored stale): '' when the clock does not run."""
    today = today or timezone.localdate()
    if case.status != "accepted" or case.due_on is None:
        return ""
    yellow_days = settings.yellow_days if settings else cached_settings().get(case.unit_path)[0]
    return rules.light(case.due_on, today, _yellow_line(today, yellow_days))


def with_lights(cases, today: date | None = None) -> list[Case]:
    today = today or timezone.localdate()
    by_path = SettingsByPath()
    cal = calendar()
    lines: dict[int, date] = {}
    out = []
    for c in cases:
        if c.status == "accepted" and c.due_on:
            y, _r = by_path.get(c.unit_path)
            if y not in lines:
                lines[y] = rules.yellow_line(cal, today, y)
            c.light = rules.light(c.due_on, today, lines[y])
        else:
            c.light = "paused" if c.status == "paused" else ""
        out.append(c)
    return out

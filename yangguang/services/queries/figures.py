"""The supervision figures of cases per unit, person and month, from the daily counters; the dashboard."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.orgs.models import Unit
from yangguang.workdays.queries import calendar

from .. import rules
from ..models import Case, CaseDay
from ..rollup import COUNTERS
from ._common import _by_prefix
from .centre import SettingsByPath

FIGURES = [
    "received",
    "accepted",
    "completed",
    "on_time_rate",
    "early_rate",
    "same_day_rate",
    "overdue_count",
    "avg_workdays",
    "return_rate",
    "satisfaction",
]
FIGURE_LABELS = {
    "received": _("Received"),
    "accepted": _("Accepted"),
    "completed": _("Completed"),
    "on_time_rate": _("On-time rate"),
    "early_rate": _("Early-completion rate"),
    "same_day_rate": _("Same-day completion rate"),
    "overdue_count": _("Overdue"),
    "avg_workdays": _("Average working days"),
    "return_rate": _("Return rate"),
    "satisfaction": _("Satisfaction"),
}


def _day_sums() -> dict:
    return {f"n_{c}": Sum(c) for c in COUNTERS}


def _open_overdue_q(start: date, end: date, today: date) -> Q:
    """Cases still open at the end of the period whose due date fell inside it."""
    return Q(status="accepted", due_on__gte=start, due_on__lt=min(end, today))


def _finish(raw: dict, open_overdue: int = 0) -> dict:
    c = raw.get("n_completed") or 0
    ret = raw.get("n_returned") or 0

    def pct(n, d):
        return round(100.0 * n / d, 2) if d else None

    rated, good = raw.get("n_rated") or 0, raw.get("n_good") or 0
    return {
        "received": raw.get("n_received") or 0,
        "accepted": raw.get("n_accepted") or 0,
        "completed": c,
        "on_time_rate": pct(raw.get("n_on_time") or 0, c),
        "early_rate": pct(raw.get("n_early") or 0, c),
        "same_day_rate": pct(raw.get("n_same_day") or 0, c),
        "overdue_count": (raw.get("n_late") or 0) + open_overdue,
        "avg_workdays": round((raw.get("n_workdays") or 0) / c, 2) if c else None,
        "returned": ret,
        "return_rate": pct(ret, c + ret),
        "rated": rated,
        "satisfaction": pct(good, rated),
    }


def figures_for_paths(paths: list[str], start: date, end: date, today: date | None = None) -> dict[str, dict]:
    """The supervision figures for each unit path (its subtree) over [start, end], from the daily counters."""
    today = today or timezone.localdate()
    raw = _by_prefix(CaseDay.objects.filter(day__range=(start, end)), "unit_path", paths, _day_sums())
    over = _by_prefix(
        Case.objects.filter(_open_overdue_q(start, end, today)), "unit_path", paths, {"n_open": Count("id")}
    )
    return {p: _finish(raw.get(p, {}), over.get(p, {}).get("n_open", 0)) for p in paths}


def figures_for_units(unit_ids: list[int], start: date, end: date) -> dict[int, dict]:
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("id", "path"))
    figs = figures_for_paths(list(paths.values()), start, end)
    return {uid: figs[p] for uid, p in paths.items()}


def figures_for_people(person_ids: list[int], start: date, end: date) -> dict[int, dict]:
    today = timezone.localdate()
    rows = {
        r.pop("handler_id"): r
        for r in CaseDay.objects.filter(day__range=(start, end), handler_id__in=person_ids)
        .values("handler_id")
        .annotate(**_day_sums())
        .order_by()
    }
    over = dict(
        Case.objects.filter(_open_overdue_q(start, end, today), handler_id__in=person_ids)
        .values("handler_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("handler_id", "n")
    )
    return {pid: _finish(rows.get(pid, {}), over.get(pid, 0)) for pid in person_ids}


def monthly(path: str, year: int) -> list[dict]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = {
        r["m"]: r
        for r in CaseDay.objects.filter(unit_path__startswith=path, day__range=(start, end))
        .annotate(m=ExtractMonth("day"))
        .values("m")
        .annotate(r=Sum("received"), c=Sum("completed"), ot=Sum("on_time"))
        .order_by()
    }
    out = []
    for m in range(1, 13):
        r = rows.get(m, {"r": 0, "c": 0, "ot": 0})
        out.append(
            {
                "month": m,
                "received": r["r"] or 0,
                "completed": r["c"] or 0,
                "on_time_rate": round(100.0 * r["ot"] / r["c"], 2) if r["c"] else None,
            }
        )
    return out


def open_lights(path: str, today: date | None = None) -> dict:
    """Open cases under a unit by light, right now."""
    today = today or timezone.localdate()
    y, _r = SettingsByPath().get(path)
    yl = rules.yellow_line(calendar(), today, y)
    agg = Case.objects.filter(unit_path__startswith=path, status__in=("accepted", "paused")).aggregate(
        red=Count("id", filter=Q(status="accepted", due_on__lt=today)),
        yellow=Count("id", filter=Q(status="accepted", due_on__gte=today, due_on__lte=yl)),
        green=Count("id", filter=Q(status="accepted", due_on__gt=yl)),
        paused=Count("id", filter=Q(status="paused")),
    )
    return agg


def _grouped_under(qs: QuerySet, unit: Unit, aggregates: dict) -> dict[str, dict]:
    """One grouped query over a unit's subtree: {child path (or the unit's own path): aggregates}."""
    n = len(unit.path) + unit.steplen
    return {
        r.pop("_prefix"): r
        for r in qs.filter(unit_path__startswith=unit.path)
        .annotate(_prefix=Substr("unit_path", 1, n))
        .values("_prefix")
        .annotate(**aggregates)
        .order_by()
    }


def _sum_groups(groups: dict[str, dict]) -> dict:
    total: dict = {}
    for g in groups.values():
        for k, v in g.items():
            total[k] = (total.get(k) or 0) + (v or 0)
    return total


def dashboard(unit: Unit, start: date, end: date) -> dict:
    """A unit's figures, its direct sub-units', the monthly series and the open cases' lights:
    one query over the daily counters, one over the open cases, one for the months."""
    today = timezone.localdate()
    children = list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .order_by("path")
        .values("id", "name", "path")
    )
    counters = _grouped_under(CaseDay.objects.filter(day__range=(start, end)), unit, _day_sums())
    y, _r = SettingsByPath().get(unit.path)
    yl = rules.yellow_line(calendar(), today, y)
    accepted = Q(status="accepted")
    open_ = _grouped_under(
        Case.objects.filter(status__in=("accepted", "paused")),
        unit,
        {
            "n_open": Count("id", filter=accepted & Q(due_on__gte=start, due_on__lt=min(end, today))),
            "red": Count("id", filter=accepted & Q(due_on__lt=today)),
            "yellow": Count("id", filter=accepted & Q(due_on__gte=today, due_on__lte=yl)),
            "green": Count("id", filter=accepted & Q(due_on__gt=yl)),
            "paused": Count("id", filter=Q(status="paused")),
        },
    )
    all_open = _sum_groups(open_)
    total = _finish(_sum_groups(counters), all_open.get("n_open", 0))
    rows = [
        {**c, **_finish(counters.get(c["path"], {}), open_.get(c["path"], {}).get("n_open", 0))}
        for c in children
    ]
    return {
        "total": total,
        "children": rows,
        "monthly": monthly(unit.path, start.year) if start.year == end.year else [],
        "lights": {k: all_open.get(k, 0) for k in ("red", "yellow", "green", "paused")},
    }

"""The calendar in force: the package plus the overrides and notices entered by administrators."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Max

from .calendar import Due, WorkCalendar
from .models import Override, YearNotice

_cached: tuple[tuple, WorkCalendar] | None = None


def _stamp() -> tuple:
    o = Override.objects.aggregate(n=Count("id"), m=Max("updated_at"))
    y = YearNotice.objects.aggregate(n=Count("id"), m=Max("updated_at"))
    return (o["n"], o["m"], y["n"], y["m"])


def calendar() -> WorkCalendar:
    """The current calendar; rebuilt only when an override or notice changed (two cheap queries)."""
    global _cached
    stamp = _stamp()
    if _cached is None or _cached[0] != stamp:
        overrides = dict(Override.objects.values_list("date", "is_workday"))
        years = YearNotice.objects.values_list("year", flat=True)
        _cached = (stamp, WorkCalendar(overrides, years))
    return _cached[1]


def add_workdays(start: date, n: int, pauses: Iterable[tuple[date, date]] = ()) -> Due:
    return calendar().add_workdays(start, n, pauses)


def workdays_between(a: date, b: date) -> int:
    return calendar().workdays_between(a, b)


def is_workday(d: date) -> bool:
    return calendar().is_workday(d)

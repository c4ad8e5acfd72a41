"""The calendar in force: the package plus the overrides and notices entered by administrators."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date

from django.db import connection
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save

from .calendar import Due, WorkCalendar
from .models import Override, YearNotice

_cached: tuple[tuple, WorkCalendar] | None = None
_checked_at = 0.0  # when the cached calendar was last confirmed outside a transaction
RECHECK_SECONDS = 5.0  # another process's change shows within this; this process's at once


def _stamp() -> tuple:
    o = Override.objects.aggregate(n=Count("id"), m=Max("updated_at"))
    y = YearNotice.objects.aggregate(n=Count("id"), m=Max("updated_at"))
    return (o["n"], o["m"], y["n"], y["m"])


def calendar() -> WorkCalendar:
    """The current calendar. Rebuilt only when an override or notice changed (two cheap queries);
    outside a transaction the check itself runs at most every few seconds, so hot paths reuse it.
    Inside a transaction it always checks, so a rolled-back change is never served from the cache."""
    global _cached, _checked_at
    now = time.monotonic()
    outside = not connection.in_atomic_block
    if outside and _cached is not None and now - _checked_at < RECHECK_SECONDS:
        return _cached[1]
    stamp = _stamp()
    if _cached is None or _cached[0] != stamp:
        overrides = dict(Override.objects.values_list("date", "is_workday"))
        years = YearNotice.objects.values_list("year", flat=True)
        _cached = (stamp, WorkCalendar(overrides, years))
    _checked_at = now if outside else 0.0
    return _cached[1]


def _changed(**kwargs) -> None:
    global _checked_at
    _checked_at = 0.0


for _model in (Override, YearNotice):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"workdays-changed-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"workdays-deleted-{_model.__name__}")


def add_workdays(start: date, n: int, pauses: Iterable[tuple[date, date]] = ()) -> Due:
    return calendar().add_workdays(start, n, pauses)


def workdays_between(a: date, b: date) -> int:
    return calendar().workdays_between(a, b)


def is_workday(d: date) -> bool:
    return calendar().is_workday(d)

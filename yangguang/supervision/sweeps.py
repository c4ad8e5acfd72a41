"""The periodic sweep: overdue tasks and rectifications light up, like overdue cases.

Idempotent: each light changes with one conditional UPDATE that only touches rows whose light is
wrong, so a second run (or a second worker) changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from .models import Rectification, Task
from .rules import YELLOW_DAYS


def _relight(qs, today) -> dict:
    soon = today + timedelta(days=YELLOW_DAYS)
    red = qs.filter(deadline__lt=today).exclude(light="red").update(light="red")
    yellow = qs.filter(deadline__gte=today, deadline__lte=soon).exclude(light="yellow").update(light="yellow")
    green = qs.filter(deadline__gt=soon).exclude(light="green").update(light="green")
    return {"red": red, "yellow": yellow, "green": green}


def tick(now: datetime) -> dict:
    today = timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
    tasks = _relight(Task.objects.filter(status=Task.OPEN), today)
    Task.objects.filter(~Q(status=Task.OPEN), ~Q(light="green")).update(light="green")
    open_rects = Rectification.objects.exclude(status__in=[Rectification.CLOSED, Rectification.PASSED])
    rects = _relight(open_rects, today)
    Rectification.objects.filter(status__in=[Rectification.CLOSED, Rectification.PASSED]).exclude(
        light="green"
    ).update(light="green")
    return {"tasks": tasks, "rectifications": rects}

"""The counts on the supervision home page."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from ..models import Finding, Rectification, Task
from .decisions import decision_list
from .inspections import finding_list, rectification_list
from .plans import task_list


def home_counts(*, actor, today: date) -> dict:
    tasks = task_list(actor=actor).order_by()
    agg = tasks.aggregate(
        open=Count("id", filter=Q(status=Task.OPEN), distinct=True),
        overdue=Count("id", filter=Q(status=Task.OPEN, deadline__lt=today), distinct=True),
        yellow=Count("id", filter=Q(status=Task.OPEN, light="yellow"), distinct=True),
        done=Count("id", filter=Q(status=Task.DONE), distinct=True),
    )
    rect = rectification_list(actor=actor).exclude(status=Rectification.CLOSED)
    agg["rectifying"] = rect.count()
    agg["rect_overdue"] = rect.filter(deadline__lt=today).count()
    agg["findings_open"] = finding_list(actor=actor).exclude(status=Finding.CLOSED).count()
    agg["flagged_decisions"] = decision_list(actor=actor, flagged=True).count()
    return agg

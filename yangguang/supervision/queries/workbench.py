"""What needs the actor today in supervision, counted for the staff workbench (portal)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from yangguang.orgs.queries import person_of

from ..models import Rectification, Task
from .inspections import rectification_list
from .plans import task_list


def workbench_counts(actor, today: date) -> list[dict]:
    """Rows {key, label, count, light, url: (url name, args, query)}; reads only, scoped to the actor."""
    me = person_of(actor)
    tasks = task_list(actor=actor, status=Task.OPEN).order_by()
    rects = rectification_list(actor=actor).exclude(status=Rectification.CLOSED).order_by()
    mine = tasks.filter(owner=me).values("pk").distinct().count() if me is not None else 0
    return [
        {
            "key": "supervision.tasks_mine",
            "label": _("Open tasks you own"),
            "count": mine,
            "light": "",
            "url": ("supervision:home", (), ""),
        },
        {
            "key": "supervision.tasks_overdue",
            "label": _("Tasks past their deadline"),
            "count": tasks.filter(deadline__lt=today).values("pk").distinct().count(),
            "light": "red",
            "url": ("supervision:home", (), ""),
        },
        {
            "key": "supervision.rectifications_overdue",
            "label": _("Rectifications past their deadline"),
            "count": rects.filter(deadline__lt=today).count(),
            "light": "red",
            "url": ("supervision:rectifications", (), "?light=red"),
        },
        {
            "key": "supervision.rectifications_to_recheck",
            "label": _("Rectifications awaiting re-inspection"),
            "count": rects.filter(status=Rectification.SUBMITTED).count(),
            "light": "",
            "url": ("supervision:rectifications", (), "?status=submitted"),
        },
    ]

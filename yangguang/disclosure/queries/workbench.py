"""What needs a person today, for the workbench."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from yangguang.orgs.queries import scope_q

from ..models import (
    Disclosure,
    DisclosureList,
    Request,
)

_LIST_REVIEWERS = ("admin", "leader", "supervisor")
_LIST_APPROVERS = ("admin", "leader")
NEAR_DUE_DAYS = 5  # a request answered within this many calendar days shows as near its statutory date


def workbench_counts(actor, today: date) -> list[dict]:
    """Rows {key, label, count, light, url: (url name, args, query)}; reads only, scoped to the actor."""
    from datetime import timedelta

    reqs = Request.objects.filter(scope_q(actor, "unit__path")).exclude(status="concluded")
    agg = reqs.aggregate(
        overdue=Count("id", filter=Q(due_on__lt=today)),
        near=Count("id", filter=Q(due_on__gte=today, due_on__lte=today + timedelta(days=NEAR_DUE_DAYS))),
    )
    lists = DisclosureList.objects.all()
    to_review = lists.filter(scope_q(actor, "unit__path", roles=_LIST_REVIEWERS), status="submitted").count()
    to_approve = lists.filter(scope_q(actor, "unit__path", roles=_LIST_APPROVERS), status="reviewed").count()
    late = Disclosure.objects.filter(
        scope_q(actor, "unit__path"), published_on__isnull=True, due_on__lt=today
    ).count()
    return [
        {
            "key": "disclosure.requests_overdue",
            "label": _("Information requests past their statutory date"),
            "count": agg["overdue"],
            "light": "red",
            "url": ("disclosure:requests", (), "?overdue=1"),
        },
        {
            "key": "disclosure.requests_near_due",
            "label": _("Information requests due within five days"),
            "count": agg["near"],
            "light": "yellow",
            "url": ("disclosure:requests", (), ""),
        },
        {
            "key": "disclosure.lists_to_review",
            "label": _("Disclosure lists awaiting your review"),
            "count": to_review,
            "light": "",
            "url": ("disclosure:lists", (), "?status=submitted"),
        },
        {
            "key": "disclosure.lists_to_approve",
            "label": _("Disclosure lists awaiting approval"),
            "count": to_approve,
            "light": "",
            "url": ("disclosure:lists", (), "?status=reviewed"),
        },
        {
            "key": "disclosure.records_late",
            "label": _("Records past their publish-by date"),
            "count": late,
            "light": "red",
            "url": ("disclosure:records", (), "?late=1"),
        },
    ]

"""What needs the actor today in the services domain, counted for the staff workbench (portal)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from yangguang.orgs.queries import person_of, scope_q

from ..models import Case, FirstInquiry
from .cases import case_list


def workbench_counts(actor, today: date) -> list[dict]:
    """Rows {key, label, count, light, url: (url name, args, query)}; reads only, scoped to the actor.

    `today` is the caller's date (case_list's light filter reads the local date itself, which is the
    same day in a request)."""
    me = person_of(actor)
    owned = FirstInquiry.objects.filter(owner=me, answered_at__isnull=True).count() if me is not None else 0
    return [
        {
            "key": "services.cases_overdue",
            "label": _("Cases past their due date"),
            "count": case_list(actor=actor, light="red").count(),
            "light": "red",
            "url": ("services:cases", (), "?light=red"),
        },
        {
            "key": "services.cases_near_due",
            "label": _("Cases near their due date"),
            "count": case_list(actor=actor, light="yellow").count(),
            "light": "yellow",
            "url": ("services:cases", (), "?light=yellow"),
        },
        {
            "key": "services.cases_to_accept",
            "label": _("Applications waiting for acceptance"),
            "count": Case.objects.filter(scope_q(actor, "unit_path"), status="submitted").count(),
            "light": "",
            "url": ("services:cases", (), "?status=submitted"),
        },
        {
            "key": "services.inquiries_mine",
            "label": _("First inquiries you follow up"),
            "count": owned,
            "light": "",
            "url": ("services:inquiries", (), "?open=1"),
        },
        {
            "key": "services.inquiries_overdue",
            "label": _("First inquiries past their due date"),
            "count": FirstInquiry.objects.filter(
                scope_q(actor, "unit__path"), answered_at__isnull=True, due_on__lt=today
            ).count(),
            "light": "red",
            "url": ("services:inquiries", (), "?open=1"),
        },
    ]

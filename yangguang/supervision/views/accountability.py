"""The accountability page (问责)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError

from .. import actions, queries
from ..models import Accountability
from ._common import _date, _form_error, _people, _unit, _units


@login_required
def accountability_list(request):
    if request.method == "POST":
        p = request.POST
        try:
            actions.accountability_create(
                actor=request.user,
                unit=_unit(request.user, p.get("unit"), "unit"),
                rule=p.get("rule", ""),
                decision=p.get("decision", ""),
                facts=p.get("facts", ""),
                units=_units(request.user, p.get("units", ""), "units"),
                people=_people(request.user, p.get("people", ""), "people"),
                decided_on=_date(p.get("decided_on"), "decided_on", required=False),
            )
            messages.success(request, _("Accountability recorded."))
            return redirect("supervision:accountability")
        except DomainError as e:
            _form_error(request, e)
    page = Paginator(queries.accountability_list(actor=request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/accountability.html",
        {
            "page": page,
            "rules": Accountability.RULES,
            "decisions": Accountability.DECISIONS,
            "f": request.POST,
        },
    )

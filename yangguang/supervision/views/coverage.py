"""The construction coverage page (应建/已建)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from yangguang.core.errors import DomainError

from .. import actions, queries
from ..labels import FACILITIES
from ._common import _chart, _date, _form_error, _unit


@login_required
def coverage(request):
    if request.method == "POST":
        p = request.POST
        try:
            actions.construction_set(
                actor=request.user,
                unit=_unit(request.user, p.get("unit"), "unit"),
                kind=p.get("kind", "service_centre"),
                planned=p.get("planned", "1") == "1",
                built_on=_date(p.get("built_on"), "built_on", required=False),
            )
            messages.success(request, _("Saved."))
            return redirect("supervision:coverage")
        except DomainError as e:
            _form_error(request, e)
    try:
        as_of = _date(request.GET.get("as_of"), "as_of", required=False)
    except DomainError:
        as_of = None
    rows = queries.coverage(actor=request.user, kind=request.GET.get("kind", ""), as_of=as_of)
    chart = _chart(
        {
            "tooltip": {"trigger": "axis"},
            "legend": {},
            "xAxis": {
                "type": "category",
                "data": [f"{r['root']} {r['level']} {r['unit_kind_name']}" for r in rows],
            },
            "yAxis": [
                {"type": "value"},
                {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
            ],
            "series": [
                {
                    "name": pgettext("coverage", "Planned"),
                    "type": "bar",
                    "data": [r["planned"] for r in rows],
                },
                {"name": _("Built"), "type": "bar", "data": [r["built"] for r in rows]},
                {
                    "name": _("Built %"),
                    "type": "line",
                    "yAxisIndex": 1,
                    "data": [float(r["percent"] or 0) for r in rows],
                },
            ],
        }
    )
    for r in rows:
        r["facility_name"] = FACILITIES.get(r["facility"], r["facility"])
    return render(
        request,
        "supervision/coverage.html",
        {"rows": rows, "chart": chart, "as_of": as_of, "facilities": list(FACILITIES.items())},
    )

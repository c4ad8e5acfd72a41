"""The figures: a unit's dashboard and its export, a staff member's card."""

from __future__ import annotations

import json
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.core.tabular import CONTENT_TYPES, write_table
from yangguang.orgs.queries import person_get, person_list, unit_ancestors

from .. import queries
from ._common import _period, _unit


@login_required
def home(request):
    unit = _unit(request)
    start, end = _period(request)
    board = queries.dashboard(unit, start, end)
    months = board["monthly"]
    chart = {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("Received"), _("Completed"), _("On-time rate")]},
        "xAxis": {"type": "category", "data": [f"{m['month']}月" for m in months]},
        "yAxis": [{"type": "value"}, {"type": "value", "max": 100, "name": "%"}],
        "series": [
            {"name": _("Received"), "type": "bar", "data": [m["received"] for m in months]},
            {"name": _("Completed"), "type": "bar", "data": [m["completed"] for m in months]},
            {
                "name": _("On-time rate"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [m["on_time_rate"] for m in months],
            },
        ],
    }
    people = []
    if not board["children"]:
        ids = list(person_list(actor=request.user, under=unit).values_list("id", flat=True)[:200])
        figs = queries.figures_for_people(ids, start, end)
        names = dict(person_list(actor=request.user, under=unit).values_list("id", "name")[:200])
        people = [{"id": i, "name": names[i], **figs[i]} for i in ids]
    return render(
        request,
        "services/home.html",
        {
            "unit": unit,
            "ancestors": unit_ancestors(unit),
            "start": start,
            "end": end,
            "board": board,
            "people": people,
            "labels": queries.FIGURE_LABELS,
            "chart_json": json.dumps(chart, ensure_ascii=False) if months else "",
            "unread": queries.unread_count(actor=request.user),
        },
    )


@login_required
def dashboard_export(request):
    unit = _unit(request)
    start, end = _period(request)
    board = queries.dashboard(unit, start, end)
    header = [
        "单位",
        "收件",
        "受理",
        "办结",
        "按时办结率%",
        "提前办结率%",
        "即办率%",
        "超期",
        "平均工作日",
        "退回率%",
        "满意率%",
    ]
    keys = [
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
    rows = [[unit.name] + [board["total"][k] for k in keys]]
    rows += [[c["name"]] + [c[k] for k in keys] for c in board["children"]]
    data = write_table(header, rows, "xlsx")
    resp = HttpResponse(data, content_type=CONTENT_TYPES["xlsx"])
    resp["Content-Disposition"] = f'attachment; filename="services-{unit.code}-{start}-{end}.xlsx"'
    return resp


@login_required
def staff_card(request, person_id):
    person = person_get(actor=request.user, person_id=person_id)
    posts = person.posts.select_related("unit")
    today = timezone.localdate()
    figs = queries.figures_for_people([person.pk], date(today.year, 1, 1), today)[person.pk]
    return render(
        request,
        "services/card.html",
        {"person": person, "posts": posts, "figs": figs, "labels": queries.FIGURE_LABELS},
    )

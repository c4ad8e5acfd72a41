"""The supervision home page: what is open, overdue and flagged in the user's scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import queries
from ._common import _today


@login_required
def home(request):
    today = _today()
    counts = queries.home_counts(actor=request.user, today=today)
    plans = queries.plan_list(actor=request.user)[:20]
    red = queries.task_list(actor=request.user, light="red")[:15]
    rects = queries.rectification_list(actor=request.user).exclude(status="closed").order_by("deadline")[:15]
    return render(
        request,
        "supervision/home.html",
        {"counts": counts, "plans": plans, "red": red, "rects": rects, "today": today},
    )

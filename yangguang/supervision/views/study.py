"""The study and training page (学法培训)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError

from .. import actions, queries
from ..models import StudySession
from ._common import _date, _form_error, _people, _today, _unit


@login_required
def study(request):
    user = request.user
    if request.method == "POST":
        p = request.POST
        try:
            s = actions.session_create(
                actor=user,
                unit=_unit(user, p.get("unit"), "unit"),
                title=p.get("title", ""),
                kind=p.get("kind", StudySession.STUDY),
                held_on=_date(p.get("held_on"), "held_on"),
                hours=p.get("hours"),
                attendees=_people(user, p.get("attendees", ""), "attendees"),
            )
            messages.success(
                request, _("Session recorded with %(n)d attendances.") % {"n": s.attendance.count()}
            )
            return redirect(f"{request.path}?unit={s.unit.code}&year={s.held_on.year}")
        except DomainError as e:
            _form_error(request, e)
    g = request.GET
    year = (
        int(g.get("year") or _today().year)
        if (g.get("year") or "").isdigit() or not g.get("year")
        else _today().year
    )
    try:
        threshold = Decimal(g.get("threshold") or "45")
    except InvalidOperation:
        threshold = Decimal(45)
    summary = None
    unit = None
    if g.get("unit"):
        try:
            unit = _unit(user, g.get("unit"), "unit")
            summary = queries.study_summary(
                actor=user, unit=unit, year=year, threshold=threshold, role=g.get("role", "")
            )
        except DomainError as e:
            _form_error(request, e)
    sessions = queries.session_list(actor=user, year=year, unit=unit)[:50]
    return render(
        request,
        "supervision/study.html",
        {
            "summary": summary,
            "sessions": sessions,
            "year": year,
            "threshold": threshold,
            "g": g,
            "kinds": StudySession.KINDS,
        },
    )

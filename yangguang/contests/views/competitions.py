"""Staff pages of competitions and schemes: the list, a competition with its periods and rank chart, the
scheme (import, edit, export), a period's figures (import, hand entry)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core import jobs, safeyaml
from yangguang.core.errors import DomainError

from .. import actions, queries
from .. import jobs as contest_jobs
from ..engine.periods import periods_of
from ..engine.scheme import parse_scheme


@login_required
def home(request):
    ctx = {
        "competitions": queries.competition_list(actor=request.user, q=request.GET.get("q", "")),
        "events": queries.event_list(actor=request.user)[:50],
        "q": request.GET.get("q", ""),
    }
    return render(request, "contests/home.html", ctx)


@login_required
@require_POST
def scheme_import(request):
    scheme = text = request.POST.get("scheme", "")
    f = request.FILES.get("file")
    if f is not None:
        # The bytes go to the action, which checks permission and then the size and encoding (one past
        # the limit is enough to refuse); the form shows what could be read.
        scheme = f.read(safeyaml.MAX_BYTES + 1)
        text = scheme.decode("utf-8-sig", errors="replace")
    try:
        comp = actions.competition_import_scheme(actor=request.user, scheme=scheme)
    except DomainError as e:
        return render(
            request,
            "contests/home.html",
            {
                "competitions": queries.competition_list(actor=request.user),
                "events": queries.event_list(actor=request.user)[:50],
                "error": e.as_dict(),
                "scheme_text": text,
            },
            status=e.status,
        )
    messages.success(request, _("Scheme imported."))
    return redirect("contests:competition", comp.pk)


def _rank_chart(history: dict) -> str:
    option = {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll"},
        "xAxis": {"type": "category", "data": history["periods"]},
        "yAxis": {"type": "value", "inverse": True, "minInterval": 1, "name": "名次"},
        "series": [{"name": s["name"], "type": "line", "data": s["ranks"]} for s in history["series"]],
    }
    return json.dumps(option, ensure_ascii=False)


@login_required
def competition(request, pk):
    comp = queries.competition_get(actor=request.user, competition_id=pk)
    s = parse_scheme(comp.scheme)
    evs = list(queries.evaluation_list(actor=request.user, competition=comp))
    current = {e.period: e for e in evs if e.current}
    sheets = {}
    for sh in comp.sheets.order_by("created_at"):
        sheets[sh.period] = sh
    periods = [
        {"key": p.key, "current": current.get(p.key), "sheet": sheets.get(p.key)}
        for p in periods_of(comp.start, comp.end, comp.cycle if comp.cycle != "once" else "yearly")
    ]
    groups = [g.code for g in s.groups]
    chart_group = request.GET.get("group") or (groups[0] if groups else None)
    history = queries.rank_history(actor=request.user, competition=comp, group=chart_group)
    counts = {}
    for p in comp.participants.all():
        counts[p.group] = counts.get(p.group, 0) + 1
    return render(
        request,
        "contests/competition.html",
        {
            "c": comp,
            "s": s,
            "evaluations": evs,
            "periods": periods,
            "bulletins": queries.bulletin_list(actor=request.user, competition=comp),
            "may_import": actions.may(request.user, comp, "import"),
            "may_evaluate": actions.may(request.user, comp, "evaluate"),
            "chart": _rank_chart(history) if history["periods"] else "",
            "chart_group": chart_group,
            "group_counts": [(g.name, counts.get(g.code, 0)) for g in s.groups],
            "events": comp.events.all(),
        },
    )


@login_required
def scheme_export(request, pk):
    comp = queries.competition_get(actor=request.user, competition_id=pk)
    text = queries.competition_export_yaml(actor=request.user, competition=comp)
    resp = HttpResponse(text, content_type="application/x-yaml; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{comp.code}.yaml"'
    return resp


@login_required
@require_POST
def data_import(request, pk):
    comp = queries.competition_get(actor=request.user, competition_id=pk)
    f = request.FILES.get("file")
    period = request.POST.get("period", "")
    try:
        if f is None:
            raise DomainError("no_file", _("Choose a .xlsx or .csv file."))
        if f.size > contest_jobs.IMPORT_INLINE_MAX:  # a large sheet: a background job with progress
            actions.require(request.user, comp, "import")
            stored = jobs.keep_upload(f)
            params = {"competition": comp.pk, "period": period, "stored": stored, "filename": f.name}
            return redirect("jobs:detail", jobs.start("contests.data_import", request.user, params).pk)
        sheet = actions.data_import(
            actor=request.user, competition=comp, period=period, data=f.read(), filename=f.name
        )
    except DomainError as e:
        return render(
            request,
            "contests/import_errors.html",
            {"c": comp, "errors": e.as_dict(), "period": period},
            status=e.status,
        )
    messages.success(
        request, _("%(n)d rows imported for %(period)s.") % {"n": sheet.rows, "period": sheet.period}
    )
    return redirect("contests:competition", comp.pk)


@login_required
def scheme_edit(request, pk):
    comp = queries.competition_get(actor=request.user, competition_id=pk)
    text = queries.competition_export_yaml(actor=request.user, competition=comp)
    error, status = None, 200
    if request.method == "POST":
        text = request.POST.get("scheme", "")
        try:
            comp = actions.competition_import_scheme(actor=request.user, scheme=text)
            messages.success(request, _("Scheme saved."))
            return redirect("contests:competition", comp.pk)
        except DomainError as e:
            error, status = e.as_dict(), e.status
    return render(
        request, "contests/scheme_edit.html", {"c": comp, "text": text, "error": error}, status=status
    )


@login_required
def entry(request, pk):
    """Hand entry of one participant's figures for a period."""
    comp = queries.competition_get(actor=request.user, competition_id=pk)
    s = parse_scheme(comp.scheme)
    parts = list(comp.participants.order_by("group", "code"))
    if request.method == "POST":
        part = next((p for p in parts if str(p.pk) == request.POST.get("participant")), None)
        if part is None:
            raise DomainError("bad_input", _("Choose a participant."))
        values = {}
        for ind in s.indicators_of(part.group):
            values[ind.code] = {q: request.POST.get(f"{ind.code}.{q}", "") for q in ("value", "base", "plan")}
        facts = {f.code: request.POST.get(f"fact.{f.code}", "") or 0 for f in s.facts}
        actions.entry_set(
            actor=request.user,
            competition=comp,
            period=request.POST.get("period", ""),
            participant=part,
            values=values,
            facts=facts,
        )
        messages.success(request, _("Figures saved."))
        return redirect("contests:competition", comp.pk)
    return render(request, "contests/entry.html", {"c": comp, "s": s, "participants": parts})

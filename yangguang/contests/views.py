"""Staff pages: thin over actions and queries."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core.errors import DomainError
from yangguang.core.tabular import CONTENT_TYPES
from yangguang.orgs.queries import person_of

from . import actions, queries
from .engine.periods import periods_of
from .engine.render import write_docx, write_xlsx
from .engine.scheme import parse_scheme


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
    text = request.POST.get("scheme", "")
    f = request.FILES.get("file")
    if f is not None:
        text = f.read().decode("utf-8-sig")
    try:
        comp = actions.competition_import_scheme(actor=request.user, scheme=text)
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
@require_POST
def evaluate(request, pk):
    comp = queries.competition_get(actor=request.user, competition_id=pk)
    ev = actions.evaluation_run(
        actor=request.user,
        competition=comp,
        period=request.POST.get("period", ""),
        note=request.POST.get("note", ""),
    )
    messages.success(request, _("Evaluated: version %(v)d is current.") % {"v": ev.version})
    return redirect("contests:evaluation", ev.pk)


@login_required
def evaluation(request, pk):
    ev = queries.evaluation_get(actor=request.user, evaluation_id=pk)
    comp = ev.competition
    s = parse_scheme(comp.scheme)
    group = request.GET.get("group", "")
    from django.core.paginator import Paginator

    page = Paginator(
        queries.evaluation_results(actor=request.user, evaluation=ev, group=group or None), 200
    ).get_page(request.GET.get("page"))
    results = list(page)
    gnames = {g.code: g.name for g in s.groups}
    for r in results:
        r.group_name = gnames.get(r.group, r.group)
    versions = queries.evaluation_list(actor=request.user, competition=comp, period=ev.period)
    diff = None
    other = request.GET.get("compare")
    if other:
        o = queries.evaluation_get(actor=request.user, evaluation_id=other)
        if o.competition_id == comp.pk:
            diff = queries.evaluation_compare(actor=request.user, a=o, b=ev)
    return render(
        request,
        "contests/evaluation.html",
        {
            "ev": ev,
            "c": comp,
            "results": results,
            "page": page,
            "gnames": gnames,
            "groups": s.groups,
            "group": group,
            "versions": versions,
            "diff": diff,
            "compare": other,
            "may_publish": actions.may(request.user, comp, "publish"),
            "may_evaluate": actions.may(request.user, comp, "evaluate"),
        },
    )


@login_required
@require_POST
def make_current(request, pk):
    ev = queries.evaluation_get(actor=request.user, evaluation_id=pk)
    actions.evaluation_make_current(actor=request.user, evaluation=ev)
    return redirect("contests:evaluation", ev.pk)


@login_required
@require_POST
def publish(request, pk):
    ev = queries.evaluation_get(actor=request.user, evaluation_id=pk)
    b = actions.bulletin_publish(
        actor=request.user,
        evaluation=ev,
        title=request.POST.get("title", ""),
        addressees=request.POST.get("addressees", ""),
        body=request.POST.get("body", ""),
        signer=request.POST.get("signer", ""),
    )
    messages.success(request, _("Bulletin published."))
    return redirect("contests:bulletin", b.pk)


def _records(ev, actor) -> list[dict]:
    out = []
    for r in queries.evaluation_results(actor=actor, evaluation=ev):
        out.append(
            {
                "id": r.participant.code,
                "name": r.participant.name,
                "group": r.group,
                "score": None if r.score is None else float(r.score),
                "rank": r.rank,
                "awards": [a["name"] for a in r.awards],
                "penalties": r.penalties,
                "disqualified": r.disqualified,
                "explanation": r.explanation,
            }
        )
    return out


@login_required
def evaluation_export(request, pk, fmt):
    ev = queries.evaluation_get(actor=request.user, evaluation_id=pk)
    s = parse_scheme(ev.competition.scheme)
    gn = {g.code: g.name for g in s.groups}
    title = f"{ev.competition.name} {ev.period} v{ev.version}"
    recs = _records(ev, request.user)
    if fmt == "xlsx":
        data = write_xlsx(recs, title, gn)
    elif fmt == "docx":
        data = write_docx(recs, title=title, group_names=gn, signer=ev.competition.organiser.name)
    else:
        raise DomainError("bad_format", _("Unsupported format."))
    resp = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    resp["Content-Disposition"] = (
        f'attachment; filename="{ev.competition.code}-{ev.period}-v{ev.version}.{fmt}"'
    )
    return resp


@login_required
def bulletin(request, pk):
    b = queries.bulletin_get(actor=request.user, bulletin_id=pk)
    return render(request, "contests/bulletin.html", {"b": b, "public": False})


def bulletin_file(b, fmt: str) -> HttpResponse:
    rows = b.snapshot.get("rows", [])
    recs = [
        {
            "id": r["code"],
            "name": r["name"],
            "group": r["group_name"],
            "score": r["score"],
            "rank": r["rank"],
            "awards": r["awards"],
            "penalties": [{**p, "posts": []} for p in r["penalties"]],
            "disqualified": r["disqualified"],
            "explanation": [f"较上期 {r['movement']:+d}" if r.get("movement") is not None else ""],
        }
        for r in rows
    ]
    if fmt == "xlsx":
        data = write_xlsx(recs, b.title)
    elif fmt == "docx":
        data = write_docx(
            recs, title=b.title, addressees=b.addressees, body=b.body, signer=b.signer, when=b.issued_on
        )
    else:
        raise DomainError("bad_format", _("Unsupported format."))
    resp = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    resp["Content-Disposition"] = f'attachment; filename="bulletin-{b.competition.code}-{b.number}.{fmt}"'
    return resp


@login_required
def bulletin_export(request, pk, fmt):
    return bulletin_file(queries.bulletin_get(actor=request.user, bulletin_id=pk), fmt)


# ---- judged events --------------------------------------------------------------------------------------


@login_required
def event(request, pk):
    ev = queries.event_get(actor=request.user, event_id=pk)
    manage = queries.can_manage_event(request.user, ev)
    return render(
        request,
        "contests/event.html",
        {
            "e": ev,
            "manage": manage,
            "tasks": queries.my_tasks(actor=request.user, event=ev),
            "results": queries.event_results(actor=request.user, event=ev)
            if manage or ev.kind != "blind"
            else [],
            "names": queries.names_visible(request.user, ev),
            "me": person_of(request.user),
        },
    )


@login_required
@require_POST
def event_score(request, pk, entrant_id):
    ev = queries.event_get(actor=request.user, event_id=pk)
    entrant = queries.entrant_get(actor=request.user, event=ev, entrant_id=entrant_id)
    points = {c["name"]: request.POST.get(f"c{i}") for i, c in enumerate(ev.criteria)}
    actions.mark_submit(
        actor=request.user,
        event=ev,
        entrant=entrant,
        points=points,
        findings=request.POST.get("findings", ""),
        stage=request.POST.get("stage", ""),
    )
    messages.success(request, _("Score submitted and locked."))
    return redirect("contests:event", ev.pk)


@login_required
@require_POST
def event_close(request, pk):
    ev = queries.event_get(actor=request.user, event_id=pk)
    actions.event_close(actor=request.user, event=ev)
    return redirect("contests:event", ev.pk)


@login_required
@require_POST
def event_release(request, pk):
    ev = queries.event_get(actor=request.user, event_id=pk)
    actions.event_release(actor=request.user, event=ev)
    messages.success(request, _("Identities revealed; the step is in the audit trail."))
    return redirect("contests:event", ev.pk)


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


def _lines(text: str) -> list[list[str]]:
    return [
        [x.strip() for x in line.replace("：", ":").split(":")] for line in text.splitlines() if line.strip()
    ]


@login_required
@require_POST
def event_new(request):
    from yangguang.orgs.models import Person
    from yangguang.orgs.queries import unit_get

    unit = unit_get(actor=request.user, code=request.POST.get("organiser", ""))
    criteria = []
    for parts in _lines(request.POST.get("criteria", "")):
        criteria.append({"name": parts[0], "max": parts[1] if len(parts) > 1 else ""})
    judges = []
    for parts in _lines(request.POST.get("judges", "")):
        person = Person.objects.filter(code=parts[0], unit__path__startswith=unit.path).first()
        if person is None:
            raise DomainError("bad_input", _("Unknown staff number: %(code)s") % {"code": parts[0]})
        judges.append((person, parts[1] if len(parts) > 1 else "judge"))
    comp = None
    if request.POST.get("competition"):
        comp = queries.competition_get(actor=request.user, code=request.POST["competition"])
    ev = actions.event_create(
        actor=request.user,
        organiser=unit,
        code=request.POST.get("code", "").strip(),
        name=request.POST.get("name", "").strip(),
        kind=request.POST.get("kind", ""),
        criteria=criteria,
        competition=comp,
        trim_min_judges=int(request.POST.get("trim_min_judges") or 5),
        tolerance=float(request.POST.get("tolerance") or 5),
        judges=judges,
    )
    return redirect("contests:event", ev.pk)


@login_required
@require_POST
def entrant_new(request, pk):
    from yangguang.orgs.models import Person, Unit

    ev = queries.event_get(actor=request.user, event_id=pk)
    code = request.POST.get("code", "").strip()
    person = Person.objects.filter(code=code, unit__path__startswith=ev.organiser.path).first()
    unit = None if person else Unit.objects.filter(code=code, path__startswith=ev.organiser.path).first()
    if person is None and unit is None:
        raise DomainError("bad_input", _("Unknown staff number or unit code: %(code)s") % {"code": code})
    f = request.FILES.get("document")
    text = request.POST.get("text", "")
    if f is not None and f.name.lower().endswith(".txt"):
        text = text or f.read().decode("utf-8-sig", "replace")
        f.seek(0)
    actions.entrant_add(
        actor=request.user,
        event=ev,
        person=person,
        unit=unit,
        title=request.POST.get("title", ""),
        text=text,
        document=f,
    )
    messages.success(request, _("Entrant added."))
    return redirect("contests:event", ev.pk)

"""Staff pages of evaluations and bulletins: evaluate a period, a version's results and its differences
from another, make a version current, publish, export (.xlsx, .docx). bulletin_file serves the public
pages too."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core import jobs
from yangguang.core.errors import DomainError
from yangguang.core.tabular import CONTENT_TYPES

from .. import actions, queries
from .. import jobs as contest_jobs
from ..engine.render import write_docx, write_xlsx
from ..engine.scheme import parse_scheme


@login_required
@require_POST
def evaluate(request, pk):
    comp = queries.competition_get(actor=request.user, competition_id=pk)
    if comp.participants.count() >= contest_jobs.INLINE_MAX:  # a large field: a job with progress
        actions.require(request.user, comp, "evaluate")  # refused here, not later in the job
        job = jobs.start(
            "contests.evaluate",
            request.user,
            {
                "competition": comp.pk,
                "period": request.POST.get("period", ""),
                "note": request.POST.get("note", ""),
            },
            key=request.POST.get("idempotency_key", ""),
            unit_path=comp.unit.path,
        )
        return redirect("jobs:detail", job.pk)
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
                "status": r.status,
                "reasons": r.reasons,
                "values": r.values,
                "explanation": r.explanation,
            }
        )
    return out


@login_required
def evaluation_export(request, pk, fmt):
    ev = queries.evaluation_get(actor=request.user, evaluation_id=pk)
    s = parse_scheme(ev.competition.scheme)
    gn = {g.code: g.name for g in s.groups}
    title = request.GET.get("title", "")[:200] or f"{ev.competition.name} {ev.period} v{ev.version}"
    recs = _records(ev, request.user)
    if fmt == "xlsx":
        inds = [(i.code, i.name) for i in s.indicators]
        data = write_xlsx(recs, title, gn, period=ev.period, indicators=inds)
    elif fmt == "docx":
        # the 公文 fields from the page's form (主送, 正文, 落款, date); a bad date is the form's error
        when = None
        if request.GET.get("date"):
            try:
                when = date.fromisoformat(request.GET["date"])
            except ValueError:
                raise DomainError("bad_input", _("Enter a date as YYYY-MM-DD."), {"field": "date"}) from None
        data = write_docx(
            recs,
            title=title,
            group_names=gn,
            addressees=request.GET.get("addressees", "")[:300],
            body=request.GET.get("body", "")[:5000],
            signer=request.GET.get("signer", "")[:200] or ev.competition.organiser.name,
            when=when,
        )
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
            "status": r.get("status", ""),
            "reasons": r.get("reasons", []),
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

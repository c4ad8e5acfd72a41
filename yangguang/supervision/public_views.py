"""The portal's inspection results: published notices only, rate-limited, anonymous."""

from django.core.paginator import Paginator
from django.shortcuts import render

from yangguang.core.ratelimit import public_rate_limit

from . import queries


@public_rate_limit("supervision_public")
def inspections(request):
    page = Paginator(queries.published_inspections(), 20).get_page(request.GET.get("page"))
    bulletins = queries.published_runs().order_by("-published_at")[:10]
    decisions = queries.published_decisions()[:20]
    return render(
        request,
        "supervision/public/inspections.html",
        {"page": page, "bulletins": bulletins, "decisions": decisions},
    )


@public_rate_limit("supervision_public")
def decision(request, decision_id):
    from yangguang.core.errors import NotFound

    d = queries.published_decisions().filter(pk=decision_id).first()
    if d is None:
        raise NotFound()
    events = d.events.exclude(kind="check")
    return render(
        request,
        "supervision/public/decision.html",
        {"d": d, "steps": queries.decision_steps(d), "events": events},
    )


@public_rate_limit("supervision_public")
def inspection(request, inspection_id):
    insp = queries.published_inspection_get(inspection_id)
    findings = insp.findings.select_related("unit", "rectification").order_by("unit__path", "id")
    return render(request, "supervision/public/inspection.html", {"insp": insp, "findings": findings})


@public_rate_limit("supervision_public")
def bulletin(request, run_id):
    from yangguang.core.errors import NotFound

    run = queries.published_runs().filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    rows = sorted(run.rows, key=lambda r: r["rank"])
    return render(request, "supervision/public/bulletin.html", {"run": run, "rows": rows})

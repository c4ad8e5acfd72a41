"""Staff pages for assessments (考核), their runs and bulletins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yangguang.core import metrics
from yangguang.core.errors import DomainError

from .. import actions, queries
from ._common import _chart, _form_error, _unit, _units


def _indicator_lines(text: str) -> list[dict]:
    out = []
    for line in (text or "").splitlines():
        parts = line.split()
        if not parts:
            continue
        out.append({"metric": parts[0], "weight": parts[1] if len(parts) > 1 else 1})
    return out


def _link_lines(text: str) -> list[dict]:
    out = []
    for line in (text or "").splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) < 3:
            continue
        # 前/后 (top/last) as the form's hint says, or the codes
        which, n, adjust = {"前": "top", "后": "last"}.get(parts[0], parts[0].lower()), parts[1], parts[2]
        try:
            out.append({which: int(n), "adjust": float(adjust), "label": parts[3] if len(parts) > 3 else ""})
        except ValueError:
            raise DomainError("bad_link", _("A link line is: top|last N ±percent label"), {"field": "links"})
    return out


@login_required
def assessment_list(request):
    if request.method == "POST":
        p = request.POST
        try:
            a = actions.assessment_create(
                actor=request.user,
                unit=_unit(request.user, p.get("unit"), "unit"),
                title=p.get("title", ""),
                participants=_units(request.user, p.get("participants", ""), "participants"),
                indicators=_indicator_lines(p.get("indicators", "")),
                links=_link_lines(p.get("links", "")),
            )
            return redirect("supervision:assessment", a.pk)
        except DomainError as e:
            _form_error(request, e)
    return render(
        request,
        "supervision/assessments.html",
        {
            "items": queries.assessment_list(actor=request.user),
            "metrics": metrics.all_metrics(),
            "f": _assessment_defaults(request.POST),
        },
    )


def _assessment_defaults(posted) -> dict:
    """The form, prefilled with the standard department indicators that are registered."""
    from ..scoring import STANDARD_INDICATORS

    f = dict(posted.items())
    if not f.get("indicators"):
        known = set(metrics.names())
        f["indicators"] = "\n".join(f"{m} {w}" for m, w in STANDARD_INDICATORS if m in known)
    if not f.get("links"):
        f["links"] = "前 3 10 季度绩效上浮\n后 3 -20 黄牌警告，扣减当季绩效"
    return f


@login_required
def assessment_detail(request, assessment_id):
    a = queries.assessment_get(actor=request.user, assessment_id=assessment_id)
    if request.method == "POST":
        try:
            run = actions.assessment_evaluate(
                actor=request.user, assessment=a, period=request.POST.get("period", "")
            )
            return redirect("supervision:run", run.pk)
        except DomainError as e:
            _form_error(request, e)
    return render(
        request,
        "supervision/assessment.html",
        {
            "a": a,
            "runs": queries.run_list(actor=request.user, assessment=a),
            "participants": a.participants.order_by("path"),
            "can_manage": queries.can_manage(request.user, a.unit),
        },
    )


@login_required
def run_detail(request, run_id):
    run = queries.run_get(actor=request.user, run_id=run_id)
    if request.method == "POST":
        try:
            actions.bulletin_publish(actor=request.user, run=run, text=request.POST.get("text", ""))
            messages.success(request, _("Bulletin published."))
            return redirect("supervision:run", run.pk)
        except DomainError as e:
            _form_error(request, e)
    rows = sorted(run.rows, key=lambda r: r["rank"])
    inds = run.assessment.indicators
    for r in rows:
        r["cells"] = [(r["inputs"].get(i["metric"]), r["scores"].get(i["metric"])) for i in inds]
    chart = _chart(
        {
            "tooltip": {},
            "grid": {"left": 160},
            "xAxis": {"type": "value", "max": 100},
            "yAxis": {"type": "category", "inverse": True, "data": [r["unit_name"] for r in rows]},
            "series": [{"type": "bar", "name": _("Total"), "data": [r["total"] for r in rows]}],
        }
    )
    return render(
        request,
        "supervision/run.html",
        {
            "run": run,
            "a": run.assessment,
            "rows": rows,
            "inds": inds,
            "chart": chart,
            "can_manage": queries.can_manage(request.user, run.assessment.unit),
        },
    )

"""Staff pages for major decisions (重大行政决策)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError

from .. import actions, queries
from ..labels import STEP_LABELS
from ..models import DecisionEvent
from ._common import _date, _form_error, _unit


@login_required
def decision_list(request):
    if request.method == "POST":
        p = request.POST
        try:
            d = actions.decision_create(
                actor=request.user,
                unit=_unit(request.user, p.get("unit"), "unit"),
                title=p.get("title", ""),
                number=p.get("number", ""),
                summary=p.get("summary", ""),
            )
            return redirect("supervision:decision", d.pk)
        except DomainError as e:
            _form_error(request, e)
    flagged = request.GET.get("flagged")
    qs = queries.decision_list(actor=request.user, flagged=True if flagged else None)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request, "supervision/decisions.html", {"page": page, "flagged": flagged, "f": request.POST}
    )


@login_required
def decision_detail(request, decision_id):
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    if request.method == "POST":
        p = request.POST
        try:
            what = p.get("do")
            if what == "step":
                actions.decision_step_record(
                    actor=request.user,
                    decision=d,
                    step=p.get("step", ""),
                    done_on=_date(p.get("done_on"), "done_on"),
                    evidence=p.get("evidence", ""),
                    attachment=request.FILES.get("attachment"),
                )
            elif what == "adopt":
                actions.decision_adopt(actor=request.user, decision=d)
                messages.success(request, _("Decision adopted."))
            elif what == "publish":
                d = actions.decision_publish(actor=request.user, decision=d)
                if d.flagged:
                    messages.warning(
                        request, _("Published with a procedure step missing: flagged for supervision.")
                    )
            elif what == "correct":
                actions.decision_correct(
                    actor=request.user, decision=d, kind=p.get("kind", ""), reason=p.get("reason", "")
                )
            elif what == "check":
                actions.decision_check(
                    actor=request.user, decision=d, ok=p.get("ok") == "1", findings=p.get("findings", "")
                )
            return redirect("supervision:decision", d.pk)
        except DomainError as e:
            _form_error(request, e)
    return render(
        request,
        "supervision/decision.html",
        {
            "d": d,
            "steps": queries.decision_steps(d),
            "events": d.events.all(),
            "step_labels": STEP_LABELS,
            "missing_labels": [STEP_LABELS.get(s, s) for s in d.missing_steps],
            "corrections": [(k, v) for k, v in DecisionEvent.KINDS if k != DecisionEvent.CHECK],
        },
    )

"""Cases: list, window submission, detail, every transition."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core import jobs
from yangguang.core.errors import DomainError
from yangguang.orgs.queries import person_list

from .. import actions, queries, rules
from ..models import LEVELS, PauseKind


@login_required
def cases(request):
    f = {k: request.GET.get(k, "") for k in ("status", "q", "light")}
    page = Paginator(queries.case_list(actor=request.user, **f), 30).get_page(request.GET.get("page"))
    page.object_list = queries.with_lights(page.object_list)
    return render(request, "services/cases.html", {"page": page, "f": f, "statuses": rules.STATUSES})


@login_required
@require_POST
def cases_export(request):
    """A year of the cases the person may see, to .xlsx: a background job with progress."""
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() else 0
    if not 2000 <= year <= 2100:
        raise DomainError("bad_year", _("Choose a year between 2000 and 2100."))
    job = jobs.start("services.cases_year", request.user, {"year": year})
    return redirect("jobs:detail", job.pk)


@login_required
def case_new(request):
    if request.method == "POST":
        case, code = actions.case_submit(
            actor=request.user,
            item_id=int(request.POST.get("item") or 0),
            applicant_name=request.POST.get("applicant_name", ""),
            applicant_phone=request.POST.get("applicant_phone", ""),
            applicant_id_no=request.POST.get("applicant_id_no", ""),
        )
        messages.success(
            request,
            _("Case %(n)s submitted. Query code for the applicant: %(c)s") % {"n": case.number, "c": code},
        )
        return redirect("services:case", case.pk)
    return render(request, "services/case_new.html", {"items": queries.pickable_items()})


@login_required
def case_detail(request, case_id):
    case = queries.case_get(actor=request.user, case_id=case_id)
    case.light = queries.case_light(case)
    approvers = person_list(actor=request.user, role="supervisor")[:50]
    return render(
        request,
        "services/case.html",
        {
            "case": case,
            "events": case.events.select_related("person"),
            "pauses": case.pauses.all(),
            "clock": queries.case_clock(case),
            "extensions": case.extensions.select_related("approver"),
            "parts": case.parts.select_related("unit"),
            "ratings": case.ratings.all(),
            "cards": case.cards.all(),
            "verbs": rules.allowed_verbs(case.status),
            "pause_kinds": PauseKind.choices,
            "steps": actions.STEPS,
            "approvers": approvers,
            "levels": LEVELS,
            "class_label": rules.CASE_CLASS_LABELS[case.case_class],
        },
    )


def _verb_kwargs(verb: str, post) -> dict:
    g = post.get
    if verb == "accept":
        return {"on": g("on") or None}
    if verb in ("refuse", "return"):
        return {"reason": g("reason", "")}
    if verb == "supplement":
        return {"missing": [m for m in g("missing", "").splitlines() if m.strip()], "on": g("on") or None}
    if verb == "resubmit":
        return {"on": g("on") or None}
    if verb == "step":
        return {"step": g("step", ""), "note": g("note", "")}
    if verb == "pause":
        return {
            "kind": g("kind", ""),
            "reason": g("reason", ""),
            "on": g("on") or None,
            "applicant_told": bool(g("applicant_told")),
            "notice_on": g("notice_on") or None,
            "expected_days": g("expected_days") or None,
        }
    if verb == "resume":
        return {"on": g("on") or None}
    if verb == "extend":
        return {
            "days": g("days"),
            "approver_id": int(g("approver_id") or 0),
            "reason": g("reason", ""),
            "on": g("on") or None,
            "told_on": g("told_on") or None,
        }
    if verb == "joint_done":
        return {"unit_id": int(g("unit_id") or 0), "opinion": g("opinion", "")}
    if verb == "complete":
        return {"result": g("result", ""), "document_no": g("document_no", ""), "on": g("on") or None}
    return {}


@login_required
@require_POST
def case_act(request, case_id, verb):
    if verb == "rate":
        actions.rating_window(
            actor=request.user,
            case_id=case_id,
            level=request.POST.get("level"),
            text=request.POST.get("text", ""),
        )
    else:
        fn = actions.CASE_ACTIONS.get(verb)
        if fn is None:
            raise DomainError("invalid", _("Unknown action."), status=404)
        fn(actor=request.user, case_id=case_id, **_verb_kwargs(verb, request.POST))
    messages.success(request, _("Done."))
    return redirect("services:case", case_id)

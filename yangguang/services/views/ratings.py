"""Rectifications of bad ratings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core.errors import DomainError

from .. import actions, queries


@login_required
def rectifications(request):
    status = request.GET.get("status", "")
    page = Paginator(queries.rectification_list(actor=request.user, status=status), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "services/rectifications.html", {"page": page, "status": status})


@login_required
@require_POST
def rectification_act(request, rect_id, verb):
    p = request.POST
    if verb == "callback":
        actions.rectification_callback(actor=request.user, rect_id=rect_id, note=p.get("text", ""))
    elif verb == "answer":
        actions.rectification_answer(actor=request.user, rect_id=rect_id, answer=p.get("text", ""))
    elif verb == "appeal":
        actions.rectification_appeal(actor=request.user, rect_id=rect_id, reason=p.get("text", ""))
    elif verb == "decide":
        actions.rectification_decide(
            actor=request.user, rect_id=rect_id, upheld=p.get("upheld") == "1", decision=p.get("text", "")
        )
    else:
        raise DomainError("invalid", _("Unknown action."), status=404)
    messages.success(request, _("Done."))
    return redirect("services:rectifications")

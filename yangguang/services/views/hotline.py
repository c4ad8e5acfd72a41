"""The 96128 hotline's work orders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core.errors import DomainError
from yangguang.orgs.queries import person_list

from .. import actions, queries, rules
from ..models import LEVELS, OrderKind


@login_required
def hotline(request):
    if request.method == "POST":
        actions.hotline_log(
            actor=request.user,
            kind=request.POST.get("kind", ""),
            caller_name=request.POST.get("caller_name", ""),
            caller_phone=request.POST.get("caller_phone", ""),
            content=request.POST.get("content", ""),
        )
        messages.success(request, _("Call logged."))
        return redirect("services:hotline")
    status = request.GET.get("status", "")
    today = timezone.localdate()
    page = Paginator(queries.order_list(actor=request.user, status=status), 30).get_page(
        request.GET.get("page")
    )
    for o in page.object_list:
        o.light = rules.light(o.due_on, today, today) if o.status == "dispatched" else ""
    liaisons = person_list(actor=request.user, role="liaison").select_related("unit")[:300]
    from yangguang.orgs.models import Person

    if not liaisons:
        liaisons = Person.objects.filter(posts__role="liaison").select_related("unit")[:300]
    return render(
        request,
        "services/hotline.html",
        {"page": page, "status": status, "kinds": OrderKind.choices, "liaisons": liaisons, "levels": LEVELS},
    )


@login_required
@require_POST
def hotline_act(request, order_id, verb):
    p = request.POST
    if verb == "dispatch":
        from yangguang.orgs.models import Person

        liaison = Person.objects.filter(pk=int(p.get("liaison") or 0)).first()
        actions.hotline_dispatch(
            actor=request.user,
            order_id=order_id,
            unit_id=liaison.unit_id if liaison else 0,
            liaison_id=liaison.pk if liaison else 0,
            limit_days=p.get("limit_days") or 5,
        )
    elif verb == "answer":
        actions.hotline_answer(actor=request.user, order_id=order_id, answer=p.get("answer", ""))
    elif verb == "callback":
        actions.hotline_callback(actor=request.user, order_id=order_id, level=p.get("level"))
    else:
        raise DomainError("invalid", _("Unknown action."), status=404)
    messages.success(request, _("Done."))
    return redirect("services:hotline")

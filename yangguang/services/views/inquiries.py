"""First inquiries (首问负责): the log and the answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.orgs.queries import person_list, person_of

from .. import actions, queries


@login_required
def inquiries(request):
    if request.method == "POST":
        actions.inquiry_log(
            actor=request.user,
            asker_name=request.POST.get("asker_name", ""),
            asker_phone=request.POST.get("asker_phone", ""),
            question=request.POST.get("question", ""),
            owner_id=int(request.POST.get("owner") or 0) or None,
        )
        messages.success(request, _("Inquiry logged."))
        return redirect("services:inquiries")
    today = timezone.localdate()
    page = Paginator(
        queries.inquiry_list(actor=request.user, open_only=bool(request.GET.get("open"))), 30
    ).get_page(request.GET.get("page"))
    for i in page.object_list:
        i.light = "" if i.answered_at else ("red" if i.due_on < today else "green")
    me = person_of(request.user)
    colleagues = person_list(actor=request.user, under=me.unit)[:100] if me else []
    return render(request, "services/inquiries.html", {"page": page, "colleagues": colleagues, "me": me})


@login_required
@require_POST
def inquiry_answer(request, inquiry_id):
    actions.inquiry_answer(actor=request.user, inquiry_id=inquiry_id, answer=request.POST.get("answer", ""))
    messages.success(request, _("Answered."))
    return redirect("services:inquiries")

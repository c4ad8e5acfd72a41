"""Staff notifications and the centre's settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import actions, queries
from ._common import _unit


@login_required
def notifications(request):
    if request.method == "POST":
        actions.notifications_read(actor=request.user)
        return redirect("services:notifications")
    page = Paginator(queries.notification_list(actor=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "services/notifications.html", {"page": page})


@login_required
def settings_view(request):
    unit = _unit(request)
    if request.method == "POST":
        actions.settings_update(
            actor=request.user,
            unit_id=unit.pk,
            **{
                k: request.POST.get(k)
                for k in ("yellow_days", "red_card_days", "callback_days", "rectify_days", "inquiry_days")
            },
        )
        messages.success(request, _("Settings saved."))
        return redirect(f"{request.path}?unit={unit.pk}")
    return render(request, "services/settings.html", {"unit": unit, "s": queries.settings_for(unit)})

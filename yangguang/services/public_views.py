"""The public pages: catalogue, item guide (six publics), case lookup with rating, department ratings."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError, NotFound
from yangguang.core.ratelimit import public_rate_limit

from . import actions, queries
from .models import LEVELS


@public_rate_limit("services_catalogue")
def catalogue(request):
    q = request.GET.get("q", "").strip()
    unit = request.GET.get("unit", "")
    theme = request.GET.get("theme", "")
    qs = queries.published_items(q=q, unit_id=int(unit) if unit.isdigit() else None, theme=theme)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "services/public/catalogue.html",
        {
            "page": page,
            "q": q,
            "unit": unit,
            "theme": theme,
            "departments": queries.item_departments(),
            "themes": queries.item_themes(),
        },
    )


@public_rate_limit("services_item")
def item(request, item_id):
    return render(request, "services/public/item.html", {"item": queries.published_item(item_id=item_id)})


@public_rate_limit("services_lookup")
def lookup(request):
    """Case lookup by number + query code; POST so the code stays out of URLs and logs."""
    view = error = None
    number = code = ""
    if request.method == "POST":
        number = request.POST.get("number", "").strip()
        code = request.POST.get("code", "").strip()
        try:
            if request.POST.get("level"):
                actions.rating_public(
                    number=number,
                    query_code=code,
                    level=request.POST.get("level"),
                    text=request.POST.get("text", ""),
                )
            view = queries.case_public_lookup(number=number, query_code=code)
        except NotFound as e:
            error = e.message
        except DomainError as e:
            error = e.message
            try:
                view = queries.case_public_lookup(number=number, query_code=code)
            except NotFound:
                view = None
    return render(
        request,
        "services/public/lookup.html",
        {
            "view": view,
            "error": error,
            "number": number,
            "code": code,
            "levels": LEVELS,
            "thanks": request.method == "POST" and request.POST.get("level") and not error,
        },
    )


@public_rate_limit("services_ratings")
def ratings(request):
    end = timezone.localdate()
    start = end - timedelta(days=365)
    return render(
        request,
        "services/public/ratings.html",
        {
            "rows": queries.department_satisfaction(start, end),
            "start": start,
            "end": end,
            "title": _("Department satisfaction"),
        },
    )


__all__ = ["catalogue", "item", "lookup", "ratings", "date"]

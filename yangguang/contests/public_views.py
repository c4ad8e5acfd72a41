"""Public pages: published bulletins of public competitions, each with its ledger hash."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from yangguang.core.ratelimit import public_rate_limit

from . import queries
from .views.evaluations import bulletin_file


@public_rate_limit("contests")
def bulletins(request):
    page = Paginator(queries.public_bulletins(), 30).get_page(request.GET.get("page"))
    return render(request, "contests/public_bulletins.html", {"page": page})


@public_rate_limit("contests")
def bulletin(request, pk):
    return render(request, "contests/bulletin.html", {"b": queries.public_bulletin_get(pk), "public": True})


@public_rate_limit("contests")
def bulletin_export(request, pk, fmt):
    return bulletin_file(queries.public_bulletin_get(pk), fmt)

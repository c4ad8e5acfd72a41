"""The public pages: catalogue, records, annual reports, the request form and its follow-up, feeds."""

from __future__ import annotations

import hashlib
import json
import os
import secrets

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from yangguang.core import visitorpages
from yangguang.core.errors import DomainError, NotFound
from yangguang.core.idempotency import once
from yangguang.core.ratelimit import public_rate_limit
from yangguang.orgs.models import Unit

from . import actions, exports, forms, queries
from .models import Category


def _int(v, default=1):
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


# Seconds a rendered catalogue fragment is reused; any publication retires them at once (version key).
CATALOGUE_CACHE_SECONDS = int(os.environ.get("DISCLOSURE_CATALOGUE_CACHE_SECONDS", "60"))


@public_rate_limit("disclosure_catalogue")
def catalogue(request):
    """The public catalogue. The body for these filters is a cached fragment, retired at once by any
    publication (the version key) or after 60 s; a visitor's layout comes from core.visitorpages."""
    g = request.GET
    args = {
        "category": g.get("category", ""),
        "unit": g.get("unit", ""),
        "q": g.get("q", "")[:100],
        "page": _int(g.get("page")),
    }
    version, lang = queries.catalogue_version(), get_language()
    body_key = f"disclosure:catalogue:{version}:{lang}:{_digest(json.dumps(args, sort_keys=True))}"
    body = cache.get(body_key) if CATALOGUE_CACHE_SECONDS else None
    if body is None:
        data = queries.public_catalogue(**args)
        base = reverse("portal:disclosure_public:catalogue")
        # The filter options are a cached fragment too: these callables run only when it is rebuilt.
        ctx = {**data, "categories": _category_tree, "units": _top_units, "record_base": base + "r/"}
        body = render_to_string("disclosure/public/_catalogue_body.html", ctx, request=request)
        if CATALOGUE_CACHE_SECONDS:
            cache.set(body_key, body, CATALOGUE_CACHE_SECONDS)
    return visitorpages.render(request, "disclosure/public/catalogue.html", body=mark_safe(body))  # noqa: S308


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _category_tree():
    cats = queries.categories()
    roots = [c for c in cats if c.parent_id is None]
    for r in roots:
        r.kids = [c for c in cats if c.parent_id == r.pk]
    return roots


def _top_units():
    return (
        Unit.objects.filter(depth__lte=2, kind__code__in=["government"])
        .order_by("path")
        .only("code", "name", "depth")[:60]
    )


@public_rate_limit("disclosure_catalogue")
def record(request, pk):
    d = queries.public_record_page(pk)
    content = render_to_string("disclosure/public/_record_content.html", {"d": d, "request": request})
    return visitorpages.render(
        request,
        "disclosure/public/record.html",
        title=d["title"],
        content=mark_safe(content),  # noqa: S308 - rendered with autoescape
    )


@public_rate_limit("disclosure_report")
def reports(request):
    code = request.GET.get("unit", "")
    year = _int(request.GET.get("year"), timezone.localdate().year - 1)
    data = None
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not 2000 <= year <= 2100:
            raise NotFound()
        data = queries.annual_report(unit, year)
        if request.GET.get("format") == "docx":
            resp = HttpResponse(exports.report_docx(data), content_type=exports.DOCX)
            resp["Content-Disposition"] = f'attachment; filename="{code}-{year}.docx"'
            return resp
    return render(
        request,
        "disclosure/public/reports.html",
        {
            "data": data,
            "year": year,
            "code": code,
            "units": _top_units(),
            "title": exports.report_title(data) if data else "",
        },
    )


@public_rate_limit("disclosure_request", limit=20)
def request_form(request):
    """The public request form; a filed request answers with its number and query code."""
    form = forms.RequestForm(request.POST or None)
    units = (
        Unit.objects.filter(depth__lte=3, kind__code__in=["government", "township", "department"])
        .order_by("path")
        .only("code", "name")[:300]
    )
    error = None
    if request.method == "POST" and form.is_valid():
        unit = Unit.objects.filter(code=request.POST.get("unit", "")).first()
        if unit is None:
            error = _("Choose the agency you are asking.")
        else:

            def file():
                r = actions.request_file(unit=unit, channel="online", **form.cleaned_data)
                return {"number": r.number, "query_code": r.query_code}

            try:
                # A double click or a resent form carries the same key: one request, the same answer.
                key = actions.public_idempotency_key(
                    request.POST.get("idempotency_key"), unit, form.cleaned_data
                )
                filed, _replayed = once(
                    user=request.user, scope="disclosure.public_request", key=key, fn=file
                )
                request.session["disclosure_filed"] = [filed["number"], filed["query_code"]]
                return redirect("portal:disclosure_public:filed")
            except DomainError as e:
                error = str(e.message)
    key = request.POST.get("idempotency_key") if error or request.method == "POST" else None
    return render(
        request,
        "disclosure/public/request_form.html",
        {"form": form, "units": units, "error": error, "idempotency_key": key or secrets.token_urlsafe(16)},
    )


@public_rate_limit("disclosure_request", limit=20)
def filed(request):
    pair = request.session.get("disclosure_filed")
    if not pair:
        return redirect("portal:disclosure_public:request")
    return render(request, "disclosure/public/filed.html", {"number": pair[0], "code": pair[1]})


@public_rate_limit("disclosure_track", limit=30)
def track(request):
    """Follow a request with number + query code; correct it when asked; read and download the reply."""
    src = request.POST if request.method == "POST" else request.GET
    number, code = src.get("number", ""), src.get("code", "")
    r = error = None
    if number or code:
        try:
            r = queries.request_track(number=number, code=code)
        except NotFound:
            error = _("No request matches this number and query code.")
    if r is not None and request.method == "POST" and request.POST.get("verb") == "correct":
        try:
            actions.request_correct(request=r, text=request.POST.get("text", ""))
            r = queries.request_track(number=number, code=code)
        except DomainError as e:
            error = str(e.message)
    if r is not None and src.get("format") == "docx" and r.status == "concluded":
        resp = HttpResponse(exports.reply_docx(r), content_type=exports.DOCX)
        resp["Content-Disposition"] = f'attachment; filename="{r.number}.docx"'
        return resp
    return render(
        request,
        "disclosure/public/track.html",
        {
            "r": r,
            "clock": queries.request_clock(r) if r is not None and r.status != "concluded" else None,
            "error": error,
            "number": number,
            "code": code,
        },
    )


@public_rate_limit("disclosure_catalogue")
def catalog_json(request):
    """DCAT-style catalogue; `modified_since` (ISO date-time) makes a harvest incremental."""
    raw = request.GET.get("modified_since", "")
    since = None
    if raw:
        since = parse_datetime(raw)
        if since is None and parse_date(raw):
            since = parse_datetime(raw + "T00:00:00")
        if since is None:
            return JsonResponse(
                {"code": "bad_modified_since", "message": _("modified_since must be an ISO date-time.")},
                status=400,
            )
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
    limit = max(1, min(_int(request.GET.get("limit"), 500), 1000))
    data = queries.dcat(
        modified_since=since, limit=limit, base_url=request.build_absolute_uri("/").rstrip("/")
    )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


class CategoryRss(Feed):
    description = gettext_lazy("Government information disclosed proactively")

    def get_object(self, request, code):
        cat = Category.objects.filter(code=code).first()
        if cat is None:
            raise NotFound()
        return cat

    def title(self, obj):
        return f"{obj.name} · 政府信息公开"

    def link(self, obj):
        return reverse("portal:disclosure_public:catalogue") + f"?category={obj.code}"

    def items(self, obj):
        ids = [obj.pk] + list(Category.objects.filter(parent=obj).values_list("pk", flat=True))
        return (
            queries.public_records()
            .filter(category_id__in=ids)
            .select_related("unit")
            .order_by("-published_on", "-id")[:50]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.unit.name} {item.doc_number}".strip()

    def item_link(self, item):
        return reverse("portal:disclosure_public:record", args=[item.pk])

    def item_pubdate(self, item):
        from datetime import datetime, time

        return timezone.make_aware(datetime.combine(item.published_on, time(9)))

    def item_updateddate(self, item):
        return item.updated_at


class CategoryAtom(CategoryRss):
    feed_type = Atom1Feed
    subtitle = CategoryRss.description


rss = public_rate_limit("disclosure_feed")(CategoryRss())
atom = public_rate_limit("disclosure_feed")(CategoryAtom())

"""The public front door's search (`/public/search/?q=`): service items and disclosure records in one
page, each list ranked by its app's index (services/search.py, disclosure/search.py)."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from yangguang.core import search as S
from yangguang.core import visitorpages
from yangguang.core.ratelimit import public_rate_limit
from yangguang.disclosure import search as disclosure_search
from yangguang.orgs.models import Unit
from yangguang.services import search as services_search

ITEMS, RECORDS, MAX_PAGE = 10, 20, 10


def _int(value, low: int, high: int) -> int | None:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if low <= n <= high else None


def form(get) -> dict:
    """The query string, read leniently: anything malformed is simply not a filter."""
    return {
        "q": (get.get("q") or "").strip()[: S.MAX_QUERY],
        "unit": (get.get("unit") or "").strip()[:40],
        "theme": (get.get("theme") or "").strip()[:60],
        "category": (get.get("category") or "").strip()[:40],
        "year": _int(get.get("year"), 2000, 2100),
        "page": _int(get.get("page"), 1, MAX_PAGE) or 1,
    }


def results(f: dict) -> dict:
    """Both lists for the form's query, from the cache when this exact search was answered since the
    indexes last changed (a citizen's common words repeat; a change anywhere retires every answer)."""
    seconds = settings.SEARCH_CACHE_SECONDS  # any index or synonym change retires an answer (its version)
    if not seconds:
        return _results(f)
    digest = hashlib.sha256(json.dumps(f, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]
    key = f"portal:search:{S.index_version()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = _results(f)
        cache.set(key, found, seconds)
    return found


def _results(f: dict) -> dict:
    query = S.parse_with_synonyms(f["q"])
    unit_ids = None
    if f["unit"]:
        u = Unit.objects.filter(code=f["unit"]).only("path").first()
        unit_ids = (
            list(Unit.objects.filter(path__startswith=u.path).values_list("pk", flat=True)) if u else []
        )
    flt_items = services_search.filters(theme=f["theme"])
    if unit_ids is not None:
        flt_items["unit_id"] = unit_ids
    if f["category"] or f["year"]:
        flt_items = None  # the items have no disclosure category nor year: the filter leaves none
    flt_records = disclosure_search.filters(unit=f["unit"], category=f["category"], year=f["year"])
    if f["theme"]:
        flt_records = None
    page = f["page"]
    with S.reading():  # one planner setting for both apps' candidate queries
        items = services_search.search(query, flt=flt_items, limit=ITEMS, offset=(page - 1) * ITEMS)
        records = disclosure_search.search(query, flt=flt_records, limit=RECORDS, offset=(page - 1) * RECORDS)
    return {"query": query, "items": items, "records": records}


_BASES: dict[str, str] = {}


def _bases() -> dict[str, str]:
    from django.urls import reverse

    _BASES["item_base"] = reverse("portal:services_public:item", args=[0])[: -len("0/")]
    _BASES["record_base"] = reverse("portal:disclosure_public:record", args=[0])[: -len("0/")]
    return _BASES


@public_rate_limit("portal_search")
def search(request):
    f = form(request.GET)
    ctx = {"f": f, **results(f)} if f["q"] else {"f": f}
    more = ctx.get("items", {}).get("more") or ctx.get("records", {}).get("more")
    ctx["next_page"] = f["page"] + 1 if more and f["page"] < MAX_PAGE else None
    ctx.update(_BASES or _bases())  # one reverse() per link kind and process, not one per result
    content = render_to_string("portal/_search_content.html", ctx)
    title = _("Search: %(q)s") % {"q": f["q"]} if f["q"] else _("Search")
    return visitorpages.render(request, "portal/search.html", title=title, content=mark_safe(content))  # noqa: S308

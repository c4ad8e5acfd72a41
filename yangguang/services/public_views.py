"""The public pages: catalogue, item guide (six publics), case lookup with rating, department ratings."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yangguang.core import visitorpages
from yangguang.core.errors import DomainError, NotFound
from yangguang.core.ratelimit import public_rate_limit

from . import actions, queries
from .models import LEVELS
from .queries import items as item_queries


@public_rate_limit("services_catalogue")
def catalogue(request):
    """The public catalogue: per request one page of items (and its count, cached until an item
    changes); the department and theme choices are cached too. A text query is the search index's.
    Only the page's own part goes through the template engine; a visitor's layout is visitorpages'."""
    q = request.GET.get("q", "").strip()[:100]
    unit = request.GET.get("unit", "")
    theme = request.GET.get("theme", "")[:60]
    unit_id = int(unit) if unit.isdigit() and len(unit) < 19 else None
    rows = item_queries.CatalogueRows(unit_id=unit_id, theme=theme)
    head = item_queries.catalogue_head(rows, unit_id, theme)
    count = head.pop("count")
    if q:
        page = _searched(q, unit_id, theme, request.GET.get("page"))
    else:
        paginator = Paginator(rows, 30)
        paginator.count = count
        page = paginator.get_page(request.GET.get("page"))
    content = render_to_string(
        "services/public/_catalogue_content.html",
        {
            "request": request,  # the pager's links and {% memo %}
            "page": page,
            "rows": item_queries.catalogue_rows(page),
            "q": q,
            "unit": unit,
            "theme": theme,
            "item_base": _item_base(),  # one reverse() per page, not one per row
            **head,
        },
    )
    return visitorpages.render(request, "services/public/catalogue.html", content=mark_safe(content))  # noqa: S308 - rendered with autoescape


def _item_base() -> str:
    from django.urls import reverse

    return reverse("portal:services_public:item", args=[0])[: -len("0/")]


def _searched(q, unit_id, theme, page_no):
    """A text query: the best matches of the search index, in its order (at most SEARCH_PAGES pages)."""
    from yangguang.core import search as S

    from . import search

    found = search.search(
        S.parse_with_synonyms(q), flt=search.filters(unit_id=unit_id, theme=theme), limit=30 * SEARCH_PAGES
    )
    ids = [r["id"] for r in found["results"]]
    rows = {
        r["id"]: r
        for r in queries.published_items().filter(pk__in=ids).values(*item_queries.CATALOGUE_FIELDS)
    }
    return Paginator([rows[i] for i in ids if i in rows], 30).get_page(page_no)


SEARCH_PAGES = 5


@public_rate_limit("services_item")
def item(request, item_id):
    """The item guide: its body was rendered when the item was published (itempages.py); one query
    reads it with the item's status, and the layout comes from visitorpages for a visitor."""
    page = queries.published_item_page(item_id=item_id, language=get_language())
    return visitorpages.render(request, "services/public/item.html", **page)


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


@public_rate_limit("services_apply")
def apply(request, item_id):
    """Online submission (网上申办): the applicant gets a number and a query code. The form carries
    a one-time key, so a double click or a resent form does not make a second case."""
    import uuid

    from yangguang.core.idempotency import once

    item = queries.published_item(item_id=item_id)
    done = error = None
    form = {"name": "", "phone": "", "id_no": "", "materials": []}
    key = request.POST.get("key") or uuid.uuid4().hex
    if request.method == "POST":
        form = {
            "name": request.POST.get("name", "").strip(),
            "phone": request.POST.get("phone", "").strip(),
            "id_no": request.POST.get("id_no", "").strip(),
            "materials": request.POST.getlist("materials"),
        }

        def run():
            case, code = actions.case_submit(
                actor=request.user,
                item_id=item.pk,
                applicant_name=form["name"],
                applicant_phone=form["phone"],
                applicant_id_no=form["id_no"],
                channel="online",
                materials=form["materials"],
            )
            return {"number": case.number, "query_code": code}

        try:
            done, _replayed = once(user=request.user, scope="services.apply", key=key[:64], fn=run)
        except DomainError as e:
            error = e.message
    return render(
        request,
        "services/public/apply.html",
        {"item": item, "done": done, "error": error, "form": form, "key": key},
    )

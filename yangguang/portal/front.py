"""What the public front door shows: reads over the domains' public queries (no writes, no actor)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import NoReverseMatch, reverse

from yangguang.contests import queries as contests
from yangguang.disclosure import queries as disclosure
from yangguang.services import queries as services
from yangguang.supervision import queries as supervision

LATEST = 6  # rows in each "latest" list
SEARCH_FALLBACK = "/public/search/"  # the search page's address before its URL name exists


def search_url() -> str:
    try:
        return reverse("portal:search")
    except NoReverseMatch:
        return SEARCH_FALLBACK


def latest_records() -> list[dict]:
    return list(
        disclosure.public_records()
        .order_by("-published_on", "-id")
        .values("id", "title", "published_on", "unit__name")[:LATEST]
    )


def latest_bulletins() -> list:
    return list(contests.public_bulletins()[:LATEST])


def latest_inspections() -> list:
    return list(supervision.published_inspections()[:LATEST])


def frequent_items() -> list:
    return list(services.published_items()[:LATEST])


def satisfaction(today: date) -> list[dict]:
    """Departments with ratings in the last year, best first (the full table is on the ratings page)."""
    rows = [r for r in services.department_satisfaction(today - timedelta(days=365), today) if r["ratings"]]
    rows.sort(key=lambda r: (-(r["satisfaction"] or 0), r["name"]))
    return rows[:LATEST]


def context(today: date) -> dict:
    return {
        "search_url": search_url(),
        "records": latest_records(),
        "bulletins": latest_bulletins(),
        "inspections": latest_inspections(),
        "items": frequent_items(),
        "satisfaction": satisfaction(today),
    }

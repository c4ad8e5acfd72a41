"""The staff workbench: what needs the signed-in person today, counted and linked, by domain.

Every domain answers `queries.workbench_counts(actor, today)` with rows
{key, label, count, light, url: (url name, args, query)}; the portal only reverses the links and
keeps the rows that have something to do."""

from __future__ import annotations

import logging
from datetime import date

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from yangguang.contests import queries as contests
from yangguang.disclosure import queries as disclosure
from yangguang.exams import queries as exams
from yangguang.services import queries as services
from yangguang.supervision import queries as supervision

log = logging.getLogger(__name__)

DOMAINS = [
    ("services", _("Government services"), services),
    ("disclosure", _("Disclosure"), disclosure),
    ("supervision", _("Supervision"), supervision),
    ("exams", _("Knowledge contests"), exams),
    ("contests", _("Competitions"), contests),
]


def _link(url) -> str:
    name, args, query = url
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return ""


def rows(actor, today: date) -> list[dict]:
    """Every domain's rows, links resolved (zero counts kept: the tests and the API want them)."""
    out = []
    for code, title, module in DOMAINS:
        try:
            found = module.workbench_counts(actor, today)
        except Exception:  # one domain failing must not take the whole workbench down
            log.exception("workbench counts failed for %s", code)
            out.append({"domain": code, "domain_label": title, "key": f"{code}.error", "count": None})
            continue
        for r in found:
            out.append({**r, "domain": code, "domain_label": title, "href": _link(r["url"])})
    return out


def todo(actor, today: date) -> list[dict]:
    """Grouped for the page: [{domain, label, rows}] with only the rows that need doing (or failed)."""
    groups: dict[str, dict] = {}
    for r in rows(actor, today):
        if r["count"] == 0:
            continue
        g = groups.setdefault(r["domain"], {"domain": r["domain"], "label": r["domain_label"], "rows": []})
        g["rows"].append(r)
    return list(groups.values())

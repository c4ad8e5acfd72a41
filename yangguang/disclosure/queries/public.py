"""Public reads: the catalogue, a record, request tracking with its clock, the DCAT feed."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import NotFound
from yangguang.orgs.models import Unit

from .. import clock
from ..models import (
    Attachment,
    Category,
    Disclosure,
    Request,
)
from ._common import _subtree

CATALOGUE_VERSION_KEY = "disclosure:catalogue:version"

_CATALOGUE_FIELDS = (
    "id", "title", "doc_number", "published_on", "unit__code", "unit__name", "category__code", "category__name",
)  # fmt: skip


def catalogue_version() -> int:
    """Bumped whenever something public changes; part of every cached catalogue fragment's key."""
    from django.core.cache import cache

    return cache.get_or_set(CATALOGUE_VERSION_KEY, 1, None)


def public_records() -> QuerySet:
    return Disclosure.objects.filter(status="published", audience="public")


def public_catalogue(
    *, category: str = "", unit: str = "", q: str = "", page: int = 1, per_page: int = 20
) -> dict:
    """One page of the public catalogue, newest first; no COUNT over the whole table."""
    qs = public_records()
    cat = codes = u = units = None
    if category:
        cat = Category.objects.filter(code=category).first()
        if cat is None:
            raise NotFound()
        codes = [cat.pk] + list(Category.objects.filter(parent=cat).values_list("pk", flat=True))
        qs = qs.filter(category_id__in=codes)
    if unit:
        u = Unit.objects.filter(code=unit).first()
        if u is None:
            raise NotFound()
        units = _subtree(u)
        qs = qs.filter(unit_id__in=units)
    q = (q or "").strip()[:100]
    page = max(1, min(int(page or 1), 500))
    fields = _CATALOGUE_FIELDS
    if q:  # the search index (disclosure/search.py), best first: no scan of the table for a rare word
        from yangguang.core.search import parse_with_synonyms

        from .. import search

        flt = search.filters(category=category, unit=unit)
        found = search.search(parse_with_synonyms(q), flt=flt, limit=per_page, offset=(page - 1) * per_page)
        order = {r["id"]: i for i, r in enumerate(found["results"])}
        rows = sorted(qs.filter(pk__in=list(order)).values(*fields), key=lambda r: order[r["id"]])
        has_next = found["more"]
    else:
        # The busiest public page: its rows in one statement of plain SQL (the ORM's query building
        # cost more than the read), newest first, one more than the page (is there a next one).
        rows = _newest(cats=codes, units=units, limit=per_page + 1, offset=(page - 1) * per_page)
        has_next = len(rows) > per_page
    for r in rows:
        r["published"] = r["published_on"].isoformat() if r["published_on"] else ""
    return {
        "records": rows[:per_page],
        "page": page,
        "has_next": has_next,
        "category": cat,
        "unit": u,
        "q": q,
    }


def _newest(*, cats: list[int] | None, units: list[int] | None, limit: int, offset: int) -> list[dict]:
    from django.db import connection

    where, params = ["d.status = 'published'", "d.audience = 'public'"], []
    for column, ids in (("d.category_id", cats), ("d.unit_id", units)):
        if ids is not None:
            where.append(f"{column} IN ({', '.join(['%s'] * len(ids))})" if ids else "FALSE")
            params += ids
    sql = (
        "SELECT d.id, d.title, d.doc_number, d.published_on, u.code, u.name, c.code, c.name"
        " FROM disclosure_disclosure d JOIN orgs_unit u ON u.id = d.unit_id"
        " JOIN disclosure_category c ON c.id = d.category_id"
        f" WHERE {' AND '.join(where)} ORDER BY d.published_on DESC, d.id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [*params, limit, offset])
        found = cur.fetchall()
    return [{**dict(zip(_CATALOGUE_FIELDS, r, strict=True)), "published_on": _day(r[3])} for r in found]


def _day(v):
    from django.utils.dateparse import parse_date

    return parse_date(v) if isinstance(v, str) else v


def public_record_get(record_id) -> Disclosure:
    try:
        return public_records().select_related("unit", "category").get(pk=record_id)
    except (Disclosure.DoesNotExist, ValueError, TypeError):
        raise NotFound()


# The public record page in one statement (issue 15: the page is read a million times for each write): the
# record, its unit and category names, one row per channel it was published through, and whether it has
# attachments (read only then). Plain SQL: the ORM's query building cost more than the read.
_RECORD_PAGE_SQL = """
SELECT d.id, d.title, d.doc_number, d.body, d.formed_on, d.published_on, d.validity, d.validity_changed_on,
       d.validity_reason, u.name, c.code, c.name, p.channel, p.issue,
       EXISTS (SELECT 1 FROM disclosure_attachment a WHERE a.disclosure_id = d.id)
FROM disclosure_disclosure d
JOIN orgs_unit u ON u.id = d.unit_id
JOIN disclosure_category c ON c.id = d.category_id
LEFT JOIN disclosure_publication p ON p.disclosure_id = d.id
WHERE d.id = %s AND d.status = 'published' AND d.audience = 'public'
ORDER BY p.published_on, p.id
"""


def public_record_page(record_id) -> dict:
    """What the public record page shows, as plain values; a record that is not public is NotFound."""
    from django.core.files.storage import default_storage
    from django.db import connection

    try:
        pk = int(record_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < pk < 2**63:  # a bigint key: a larger number names nothing
        raise NotFound()
    with connection.cursor() as cur:
        cur.execute(_RECORD_PAGE_SQL, [pk])
        rows = cur.fetchall()
    if not rows:
        raise NotFound()
    r = rows[0]

    day = _day  # SQLite's cursor gives dates as text
    return {
        "id": r[0], "title": r[1], "doc_number": r[2], "body": r[3], "formed_on": day(r[4]),
        "published_on": day(r[5]), "validity": r[6], "validity_changed_on": day(r[7]), "validity_reason": r[8],
        "unit_name": r[9], "category_code": r[10], "category_name": r[11],
        "channels": [(x[12], x[13]) for x in rows if x[12]],
        "attachments": [
            {"name": name, "url": default_storage.url(f)}
            for name, f in Attachment.objects.filter(disclosure_id=r[0]).values_list("name", "file")
        ]
        if r[14]
        else [],
    }  # fmt: skip


def request_track(*, number: str, code: str) -> Request:
    """A requester follows a request with its number and query code; a wrong pair is a plain 404."""
    number, code = (number or "").strip().upper(), (code or "").strip().upper()
    if not number or not code:
        raise NotFound()
    r = Request.objects.select_related("unit").filter(number=number).first()
    if r is None or not _same(r.query_code, code):
        raise NotFound()
    return r


CLOCK_LABELS = {
    "received": _("Request received"),
    "correction_notice": _("Correction notice sent (period to correct)"),
    "corrected": _("Corrected request received: the clock starts again"),
    "limit": _("Time limit for the answer"),
    "extension": _("Extension (decided → applicant told)"),
    "consultation": _("Third-party consultation (sent → answered or its deadline)"),
    "fee": _("Fee notice (sent → paid or its deadline)"),
    "awaiting_correction": _("Awaiting the correction"),
}


def request_clock(req: Request, today: date | None = None) -> dict:
    """The lines that add up to the request's due date, labelled, with today's light (open requests)."""
    from yangguang.workdays.queries import calendar

    cal = calendar()
    cons = [(c.party, c.sent_on, c.replied_on, c.due_on) for c in req.consultations.all()]
    ex = clock.explain_request(cal, req, cons)
    today = today or timezone.localdate()
    lines = [
        {
            "kind": ln.kind,
            "label": str(CLOCK_LABELS.get(ln.kind, ln.kind)),
            "on": ln.on,
            "last": ln.last,
            "days": ln.days,
            "article": ln.article,
            "note": ln.note,
        }
        for ln in ex.lines
    ]
    light = clock.light(today, ex.due, cal) if req.status == "open" else ""
    return {
        "start": ex.start,
        "lines": lines,
        "total": ex.total,
        "due": ex.due,
        "verified": ex.verified,
        "light": light,
    }


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


def dcat(*, modified_since: datetime | None = None, limit: int = 500, base_url: str = "") -> dict:
    """An incremental DCAT-style catalogue of public records for a higher-level portal to harvest."""
    qs = public_records().select_related("unit", "category")
    if modified_since is not None:
        qs = qs.filter(updated_at__gt=modified_since)
    rows = list(qs.order_by("updated_at", "id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    datasets = [
        {
            "@type": "dcat:Dataset",
            "identifier": f"disclosure-{d.pk}",
            "dct:title": d.title,
            "dct:identifier": d.doc_number,
            "dct:publisher": {"name": d.unit.name, "code": d.unit.code},
            "dcat:theme": {"code": d.category.code, "name": d.category.name},
            "dct:issued": d.published_on.isoformat() if d.published_on else None,
            "dct:created": d.formed_on.isoformat(),
            "dct:modified": d.updated_at.isoformat(),
            "dct:valid": d.validity,
            "dcat:landingPage": f"{base_url}/public/disclosure/r/{d.pk}/",
        }
        for d in rows
    ]
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
        "@type": "dcat:Catalog",
        "dct:title": "政府信息公开目录",
        "modified_since": modified_since.isoformat() if modified_since else None,
        "next_modified_since": datasets[-1]["dct:modified"] if datasets else None,
        "has_more": more,
        "dcat:dataset": datasets,
    }


# -- the annual report ---------------------------------------------------------------------------

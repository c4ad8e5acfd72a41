"""Service items: the staff's scoped list and versions, the public catalogue."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from yangguang.core.errors import NotFound
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import scope_q

from ..models import ServiceItem
from ._common import _get


def item_list(*, actor, q: str = "", status: str = "", unit_id: int | None = None) -> QuerySet:
    qs = ServiceItem.objects.filter(scope_q(actor, "unit__path")).select_related("unit")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(keywords__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("unit__path", "code", "-version")


def item_get(*, actor, item_id: int, for_update: bool = False) -> ServiceItem:
    qs = ServiceItem.objects.filter(scope_q(actor, "unit__path")).select_related("unit")
    return _get(qs, item_id, for_update)


def item_versions(item: ServiceItem) -> QuerySet:
    return ServiceItem.objects.filter(code=item.code).order_by("-version")


def published_items(*, q: str = "", unit_id: int | None = None, theme: str = "") -> QuerySet:
    qs = ServiceItem.objects.filter(status="published").select_related("unit")
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(name__icontains=q) | Q(keywords__icontains=q) | Q(code__iexact=q) | Q(theme__icontains=q)
        )
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if theme:
        qs = qs.filter(theme=theme)
    return qs.order_by("unit__path", "code")


def published_item(*, item_id: int) -> ServiceItem:
    return _get(ServiceItem.objects.filter(status="published").select_related("unit"), item_id, False)


def item_departments() -> QuerySet:
    return Unit.objects.filter(service_items__status="published").distinct().order_by("path")


def item_themes() -> list[str]:
    return sorted(
        set(ServiceItem.objects.filter(status="published").exclude(theme="").values_list("theme", flat=True))
    )


def pickable_items() -> QuerySet:
    return (
        ServiceItem.objects.filter(status="published").select_related("unit").order_by("unit__path", "code")
    )


def example_item(actor) -> ServiceItem | None:
    """A published item (not joint) the actor's window takes, as case_submit allows: of a unit the
    actor sees or of a unit above the window. The case import template's example row names it, so
    the template imports as it comes."""
    from yangguang.orgs.queries import person_of

    person = person_of(actor)
    above = Q()
    if person is not None:
        path, step = person.unit.path, Unit.steplen
        above = Q(unit__path__in=[path[:i] for i in range(step, len(path) + 1, step)])
    return pickable_items().filter(scope_q(actor) | above).exclude(mode="joint").first()


# -- the public catalogue's per-request work, proportional to the page shown (issue 15) ----------
CATALOGUE_VERSION_KEY = "services:catalogue:version"
CATALOGUE_SECONDS = 600  # a safety net: any save of an item retires every entry at once (version)


def catalogue_version() -> int:
    from django.core.cache import cache

    return cache.get_or_set(CATALOGUE_VERSION_KEY, 1, None)


def catalogue_changed() -> None:
    """Called on every save or delete of an item (services/search.py signals)."""
    from django.core.cache import cache

    try:
        cache.incr(CATALOGUE_VERSION_KEY)
    except ValueError:
        cache.set(CATALOGUE_VERSION_KEY, 2, None)


def _filters() -> dict:
    return {
        "departments": [
            {"pk": pk, "name": name} for pk, name in item_departments().values_list("pk", "name")
        ],
        "themes": item_themes(),
    }


class CatalogueRows:
    """The published items for the catalogue's filters, in its order, as the Paginator's list: a
    slice is one SQL query for that page's rows (dicts of CATALOGUE_FIELDS), with no ORM query
    built per request; the count comes from catalogue_head."""

    def __init__(self, *, unit_id: int | None = None, theme: str = ""):
        where, self.params = ["i.status = 'published'"], []
        if unit_id:
            where.append("i.unit_id = %s")
            self.params.append(unit_id)
        if theme:
            where.append("i.theme = %s")
            self.params.append(theme)
        items = f"{ServiceItem._meta.db_table} i WHERE {' AND '.join(where)}"
        self.count_sql = f"SELECT count(*) FROM {items}"
        self.sql = (
            "SELECT i.id, i.name, i.theme, i.promised_limit, i.fee_standard, u.name"
            f" FROM {Unit._meta.db_table} u, {items} AND u.id = i.unit_id"
            " ORDER BY u.path, i.code LIMIT %s OFFSET %s"
        )

    def count(self) -> int:

        with connection.cursor() as cur:
            cur.execute(self.count_sql, self.params)
            return cur.fetchone()[0]

    def __getitem__(self, s: slice) -> list[dict]:
        start = s.start or 0
        with connection.cursor() as cur:
            cur.execute(self.sql, [*self.params, max(0, s.stop - start), start])
            return [dict(zip(CATALOGUE_FIELDS, row, strict=True)) for row in cur.fetchall()]


def catalogue_head(rows: CatalogueRows, *args) -> dict:
    """What the catalogue page needs besides its rows, in one cache read: the version with the count
    for these filters (`args`) and the filter choices, each stored beside the version it was
    computed at and used only while that is the version now."""
    import hashlib

    from django.core.cache import cache

    digest = hashlib.sha256(repr(args).encode()).hexdigest()[:24]
    count_key, filters_key = f"services:catalogue:count:{digest}", "services:catalogue:filters"
    found = cache.get_many([CATALOGUE_VERSION_KEY, count_key, filters_key])
    version = found.get(CATALOGUE_VERSION_KEY)
    if version is None:
        version = catalogue_version()
    count, filters = found.get(count_key), found.get(filters_key)
    if count is None or count[0] != version:
        count = (version, rows.count())
        cache.set(count_key, count, CATALOGUE_SECONDS)
    if filters is None or filters[0] != version:
        filters = (version, _filters())
        cache.set(filters_key, filters, CATALOGUE_SECONDS)
    return {"count": count[1], **filters[1], "catalogue_version": version}


CATALOGUE_FIELDS = ("id", "name", "theme", "promised_limit", "fee_standard", "unit__name")


def catalogue_rows(rows) -> list[dict]:
    """A page's rows (values of CATALOGUE_FIELDS) with the promised limit and the fee worded once per
    distinct value, not by a template tag per row."""
    from django.utils.translation import gettext as _

    limits: dict[int, str] = {}
    free = _("free of charge")
    out = []
    for r in rows:
        n = r["promised_limit"]
        if n not in limits:
            limits[n] = _("same day") if n == 0 else _("%(n)s working days") % {"n": n}
        out.append({**r, "limit": limits[n], "fee": r["fee_standard"] or free})
    return out


# -- the public item guide: one read of the stored page (issue 15, itempages.py) ----------------
_PAGE_SQL: str | None = None


def _page_sql() -> str:
    global _PAGE_SQL
    if _PAGE_SQL is None:
        from ..models import PublicItemPage

        _PAGE_SQL = (
            "SELECT i.name, p.html, (p.build = %s AND p.item_updated = i.updated_at"
            " AND p.unit_updated = u.updated_at) AS fresh"
            f" FROM {ServiceItem._meta.db_table} i JOIN {Unit._meta.db_table} u ON u.id = i.unit_id"
            f" LEFT JOIN {PublicItemPage._meta.db_table} p ON p.item_id = i.id AND p.language = %s"
            " WHERE i.id = %s AND i.status = %s"
        )
    return _PAGE_SQL


def published_item_page(*, item_id: int, language: str) -> dict:
    """A published item's name and its guide's body in `language`, from one query; a missing, stale
    or foreign-build page is rendered and stored first (itempages.render_on_read). NotFound unless
    the item is published now. `language` outside settings.LANGUAGES reads the default language."""
    from django.conf import settings
    from django.utils.safestring import mark_safe

    from .. import itempages

    if not 0 < item_id < 2**63:
        raise NotFound()
    if language not in itempages.languages():
        language = settings.LANGUAGE_CODE
    with connection.cursor() as cur:
        cur.execute(_page_sql(), [itempages.build(), language, item_id, "published"])
        row = cur.fetchone()
    if row is None:
        raise NotFound()
    name, html, fresh = row
    if not fresh:
        html = itempages.render_on_read(item_id, language)
        if html is None:
            raise NotFound()
    return {"name": name, "body": mark_safe(html)}

"""Full-text search over the published service items (issue 15): name and aliases (keywords) as the
title, then conditions, materials, theme, result document and the department; filters by department,
theme and item type (category).

The index (table `services_search`, core.search.TextIndex) holds exactly the published items: every
save of an item rewrites or drops its row inside the same transaction (signals below; publishing a
version drops the one it supersedes); bulk loads that bypass save() call `rebuild()`.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from yangguang.core import search as S
from yangguang.orgs.signals import unit_renamed

from .models import ItemStatus, ServiceItem
from .queries.items import catalogue_changed

INDEX = S.TextIndex(
    table="services_search",
    columns=(
        ("unit_id", "bigint"),
        ("theme", "varchar(60)"),
        ("item_type", "varchar(20)"),
        ("published_at", "timestamptz"),
    ),
    order="published_at",
)
CHUNK = 1000
TITLE_CANDIDATES, ALL_CANDIDATES = 100, 200

_ROW = (
    "id", "code", "name", "keywords", "conditions", "materials", "theme", "item_type", "result_name",
    "unit_id", "unit__name", "published_at", "promised_limit",
)  # fmt: skip


def _text(r: dict) -> str:
    materials = " ".join(str(m.get("name", "")) for m in (r["materials"] or []) if isinstance(m, dict))
    return " ".join([r["conditions"], materials, r["theme"], r["result_name"], r["unit__name"]])


def _entry(r: dict) -> tuple[int, str, str, dict]:
    extra = {c: r[c] for c in ("unit_id", "theme", "item_type", "published_at")}
    return (r["id"], f"{r['name']} {r['keywords']}", _text(r), extra)


def index(ids: list[int]) -> int:
    """Rewrite the rows of these items: published ones indexed, the others dropped."""
    rows = list(ServiceItem.objects.filter(status=ItemStatus.PUBLISHED, pk__in=ids).values(*_ROW))
    INDEX.delete(sorted(set(ids) - {r["id"] for r in rows}))
    return INDEX.upsert([_entry(r) for r in rows])


def rebuild() -> int:
    return INDEX.reload(
        S.in_chunks(
            ServiceItem.objects.filter(status=ItemStatus.PUBLISHED).order_by("pk"), _ROW, _entry, CHUNK
        )
    )


@receiver(post_save, sender=ServiceItem, dispatch_uid="services.search.saved")
def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    others = list(
        ServiceItem.objects.filter(code=instance.code).exclude(pk=instance.pk).values_list("pk", flat=True)
    )
    index([instance.pk, *others])  # the version it superseded (a queryset update) leaves too
    catalogue_changed()


@receiver(post_delete, sender=ServiceItem, dispatch_uid="services.search.deleted")
def _deleted(sender, instance, **kwargs):
    INDEX.delete([instance.pk])
    catalogue_changed()


@receiver(unit_renamed, dispatch_uid="services.search.unit_renamed")
def _unit_renamed(sender, unit, **kwargs):
    """The department's name is in its items' text and in the catalogue's department list."""
    index(
        list(ServiceItem.objects.filter(unit=unit, status=ItemStatus.PUBLISHED).values_list("pk", flat=True))
    )
    catalogue_changed()


# -- reading ------------------------------------------------------------------------------------


def filters(*, unit_id: int | None = None, theme: str = "", item_type: str = "") -> dict:
    out: dict = {}
    if unit_id:
        out["unit_id"] = unit_id
    if theme:
        out["theme"] = theme
    if item_type:
        out["item_type"] = item_type
    return out


def search(query: S.Query, *, flt: dict | None = None, limit: int = 20, offset: int = 0) -> dict:
    """Ranked published items for a parsed query: {"results": [...], "more": bool}; each result
    has id, name (highlighted), snippet, unit, theme, promised_limit."""
    if not query or flt is None:
        return {"results": [], "more": False}
    with S.reading():
        ids = INDEX.candidates(query, filters=flt, limit=TITLE_CANDIDATES, title_only=True)
        ids += INDEX.candidates(query, filters=flt, limit=ALL_CANDIDATES)
        if len(set(ids)) < offset + limit:  # too few hold every term: those holding part of one follow
            ids += INDEX.candidates(S.loose(query), filters=flt, limit=ALL_CANDIDATES, any_term=True)
    rows = ServiceItem.objects.filter(status=ItemStatus.PUBLISHED, pk__in=set(ids)).values(*_ROW)
    scored = []
    for r in rows:
        text = _text(r)
        when = r["published_at"].timestamp() if r["published_at"] else 0
        key = S.rank_key(query, f"{r['name']} {r['keywords']}", text, when)
        if key[3] > 0:
            # The item's own name outranks an alias (keywords) holding the same words.
            name_key = S.rank_key(query, r["name"], "", 0)
            scored.append(((key[0], name_key[0], key[1], name_key[1], *key[2:]), r["id"], r, text))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    out = [
        {
            "id": r["id"],
            "name": S.highlight(r["name"], query),
            "snippet": S.snippet(text, query),
            "unit": r["unit__name"],
            "theme": r["theme"],
            "promised_limit": r["promised_limit"],
        }
        for _k, _pk, r, text in scored[offset : offset + limit]
    ]
    return {"results": out, "more": len(scored) > offset + limit}

"""Full-text search over the public disclosure records (issue 15): title, document number, body,
issuing unit and category; filters by unit (its subtree), category (with its children) and year.

The index (table `disclosure_search`, core.search.TextIndex) holds exactly the public records: every
save of a record rewrites or drops its row inside the same transaction (signals below); bulk loads
that bypass save() call `rebuild()` (the demo, `yangguang search rebuild`).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.db.models.functions import Substr
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from yangguang.core import search as S
from yangguang.orgs.models import Unit
from yangguang.orgs.signals import unit_renamed

from .models import Category, Disclosure

INDEX = S.TextIndex(
    table="disclosure_search",
    columns=(("unit_id", "bigint"), ("category_id", "bigint"), ("published_on", "date")),
    order="published_on",
)
CHUNK = 2000
TITLE_CANDIDATES, ALL_CANDIDATES = 100, 200  # ranked exactly in Python; the rest are older matches
BODY_CHARS = 3000  # of a body, read for the ranking and the snippet

_ROW = ("id", "title", "doc_number", "body", "published_on", "unit_id", "category_id", "unit__name")


def _public() -> Q:
    return Q(status="published", audience="public")


def _entry(r: dict) -> tuple[int, str, str, dict]:
    title = f"{r['title']} {r['doc_number']}"
    text = f"{S.plain(r['body'])} {r['unit__name']}"
    extra = {"unit_id": r["unit_id"], "category_id": r["category_id"], "published_on": r["published_on"]}
    return (r["id"], title, text, extra)


def index(ids: list[int]) -> int:
    """Rewrite the rows of these records: public ones indexed, the others dropped."""
    rows = list(Disclosure.objects.filter(_public(), pk__in=ids).values(*_ROW))
    INDEX.delete(sorted(set(ids) - {r["id"] for r in rows}))
    return INDEX.upsert([_entry(r) for r in rows])


def rebuild() -> int:
    """Index every public record again (after a bulk load), CHUNK at a time."""
    return INDEX.reload(S.in_chunks(Disclosure.objects.filter(_public()).order_by("pk"), _ROW, _entry, CHUNK))


@receiver(post_save, sender=Disclosure, dispatch_uid="disclosure.search.saved")
def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.is_public:
        index([instance.pk])
    else:
        INDEX.delete([instance.pk])


@receiver(post_delete, sender=Disclosure, dispatch_uid="disclosure.search.deleted")
def _deleted(sender, instance, **kwargs):
    INDEX.delete([instance.pk])


@receiver(unit_renamed, dispatch_uid="disclosure.search.unit_renamed")
def _unit_renamed(sender, unit, **kwargs):
    """The issuing unit's name is in its records' text: those rows are written again, CHUNK at a time
    (a county bureau's few thousand records take a second or two, once, when it is renamed)."""
    for batch in S.in_chunks(
        Disclosure.objects.filter(_public(), unit=unit).order_by("pk"), _ROW, _entry, CHUNK
    ):
        INDEX.upsert(batch)


# -- reading ------------------------------------------------------------------------------------


def filters(*, unit: str = "", category: str = "", year: int | None = None) -> dict | None:
    """The index filters for a unit code, a category code and a year; None when a code is unknown."""
    out: dict = {}
    if unit:
        u = Unit.objects.filter(code=unit).only("path").first()
        if u is None:
            return None
        out["unit_id"] = list(Unit.objects.filter(path__startswith=u.path).values_list("pk", flat=True))
    if category:
        cat = Category.objects.filter(code=category).only("pk").first()
        if cat is None:
            return None
        out["category_id"] = [cat.pk, *Category.objects.filter(parent=cat).values_list("pk", flat=True)]
    if year:
        out["published_on"] = (date(year, 1, 1), date(year + 1, 1, 1))
    return out


def search(query: S.Query, *, flt: dict | None = None, limit: int = 20, offset: int = 0) -> dict:
    """Ranked public records for a parsed query: {"results": [...], "more": bool}. Each result has
    id, title (highlighted), snippet, doc_number, unit, published (ISO date)."""
    if not query or flt is None:
        return {"results": [], "more": False}
    need = offset + limit + 1  # one more than the page: is there a next page
    with S.reading():
        ids = INDEX.candidates(query, filters=flt, limit=ALL_CANDIDATES)
        # Fewer than asked: that is every match, the titles holding the words among them. Otherwise a
        # common word: the newest titles holding it, which alone may decide the page (and the probe is
        # cheap then, while for words that never meet it costs as much as the one above).
        if len(ids) >= ALL_CANDIDATES:
            titles = INDEX.candidates(query, filters=flt, limit=TITLE_CANDIDATES, title_only=True)
            if len(titles) >= need:
                page = _title_page(query, titles, need)
                if page is not None:
                    return _results(query, page, offset, limit)
            ids += titles
        if len(set(ids)) < need - 1:  # too few hold every term: those holding part of one follow
            ids += INDEX.candidates(S.loose(query), filters=flt, limit=ALL_CANDIDATES, any_term=True)
    rows = (
        Disclosure.objects.filter(_public(), pk__in=set(ids))
        .annotate(text=Substr("body", 1, BODY_CHARS))
        .values(*_HEAD, "text")
    )
    scored = []
    for r in rows:
        r["text"] = S.plain(r["text"])
        key = S.rank_key(query, _title(r), f"{r['text']} {r['unit__name']}", _day(r))
        if key[3] > 0:  # a stale index row or a bigram-only hit: the words themselves are not there
            scored.append((key, r["id"], r))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    return _results(query, [r for _k, _pk, r in scored], offset, limit)


_HEAD = ("id", "title", "doc_number", "published_on", "unit__name")


def _title(r: dict) -> str:
    return f"{r['title']} {r['doc_number']}".strip()  # no trailing space: a title can be the phrase


def _title_page(query: S.Query, ids: list[int], need: int) -> list[dict] | None:
    """The ranked rows when at least `need` candidates hold the phrase in their title: rank_key then
    orders them by exact title, then recency, whatever their text says (the text is read only for
    the page's snippets). None when fewer do: the full ranking is needed."""
    rows = list(Disclosure.objects.filter(_public(), pk__in=ids).values(*_HEAD))
    held = [(S.title_rank(query, _title(r)), _day(r), r["id"], r) for r in rows]
    held = [h for h in held if h[0] > 0]
    if len(held) < need:
        return None
    held.sort(key=lambda h: h[:3], reverse=True)
    return [h[3] for h in held]


def _results(query: S.Query, ranked: list[dict], offset: int, limit: int) -> dict:
    page = ranked[offset : offset + limit]
    missing = [r["id"] for r in page if "text" not in r]
    if missing:  # the fast path: the page's texts only, for their snippets
        texts = dict(
            Disclosure.objects.filter(pk__in=missing)
            .annotate(text=Substr("body", 1, BODY_CHARS))
            .values_list("id", "text")
        )
        for r in page:
            if "text" not in r:
                r["text"] = S.plain(texts.get(r["id"], ""))
    out = [
        {
            "id": r["id"],
            "title": S.highlight(r["title"], query),
            "snippet": S.snippet(r["text"], query) if r["text"] else "",
            "doc_number": r["doc_number"],
            "unit": r["unit__name"],
            "published": r["published_on"].isoformat() if r["published_on"] else "",
        }
        for r in page
    ]
    return {"results": out, "more": len(ranked) > offset + limit}


def _day(r) -> int:
    return r["published_on"].toordinal() if r["published_on"] else 0

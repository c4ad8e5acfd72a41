"""The public item guide as a stored page (issue 15), the way government sites publish a guide: its
body (heading, lead, apply link and the six publics of `_item_body.html`) is rendered per language
when the item is published and kept in PublicItemPage; a visit reads it with one query
(`queries.published_item_page`) and renders only the layout around it.

A row is served only while its stamps hold: `build` (this module's `build()`: the body templates,
every translation catalogue, the media URL) and the `updated_at` of the item and its unit as they
were when it was rendered. A stale or missing row is rendered again on read and stored, so no write
can leave a wrong page behind; the writes keep the rows current so visitors rarely pay for that:

- publishing a version (`actions.item_publish`) renders its pages and drops those of the version it
  supersedes (drafts have no pages: only a draft is ever edited);
- a change of a unit drops the pages that name it as implementing or joint unit, a change of an
  item's joint units drops its pages (signals.py);
- `yangguang services pages` renders every published item again (after a release changes the
  templates or translations; the stamps would also catch it, one visit at a time);
- the demo renders its items' pages after bulk-creating them.

Whether an item is published is read live with the page, never stored: a superseded item is 404 at
once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import get_template, render_to_string
from django.utils import translation

from .models import ItemStatus, PublicItemPage, ServiceItem

BODY = "services/public/_item_body.html"
SOURCES = (BODY, "services/_six.html")  # every template the body renders
PAGE_VERSION = "1"  # bump when Python code the body reads changes what it shows (material_rows …)
CHUNK = 200

_build: str | None = None


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _catalogues() -> list[Path]:
    """Every django.mo a language of the site may read: the project's, each app's, Django's."""
    import django

    roots = [Path(p) for p in settings.LOCALE_PATHS]
    roots += [Path(a.path) / "locale" for a in apps.get_app_configs()]
    roots.append(Path(django.__file__).parent / "conf" / "locale")
    found = []
    for root in roots:
        for code in languages():
            for name in {translation.to_locale(code), code}:
                mo = root / name / "LC_MESSAGES" / "django.mo"
                if mo.is_file():
                    found.append(mo)
    return sorted(set(found))


def build(*, refresh: bool = False) -> str:
    """The stamp of what the body is rendered from besides the item: computed once per process."""
    global _build
    if _build is None or refresh:
        h = hashlib.sha256(f"{PAGE_VERSION}|{settings.MEDIA_URL}|{settings.FORCE_SCRIPT_NAME}".encode())
        for name in SOURCES:
            h.update(get_template(name).template.source.encode())
        for mo in _catalogues():
            h.update(str(mo).encode())
            h.update(mo.read_bytes())
        _build = h.hexdigest()[:16]
    return _build


def render_body(item: ServiceItem, language: str) -> str:
    """The body exactly as the template renders it for `item` in `language`."""
    with translation.override(language):
        return str(render_to_string(BODY, {"item": item}))


def _published(ids) -> list[ServiceItem]:
    return list(
        ServiceItem.objects.filter(pk__in=ids, status=ItemStatus.PUBLISHED)
        .select_related("unit")
        .prefetch_related("joint_units")
        .order_by("pk")
    )


def store(items: list[ServiceItem]) -> dict[tuple[int, str], str]:
    """Render and write the pages of these published items (unit selected, joint units prefetched),
    every language; returns {(item id, language): html}."""
    stamp = build()
    rows = [
        PublicItemPage(
            item_id=it.pk,
            language=code,
            html=render_body(it, code),
            build=stamp,
            item_updated=it.updated_at,
            unit_updated=it.unit.updated_at,
        )
        for it in items
        for code in languages()
    ]
    PublicItemPage.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["item", "language"],
        update_fields=["html", "build", "item_updated", "unit_updated"],
    )
    return {(r.item_id, r.language): r.html for r in rows}


def refresh(ids) -> int:
    """Render the pages of these items that are published, drop the pages of the others."""
    ids = list(ids)
    items = _published(ids)
    PublicItemPage.objects.filter(item_id__in=set(ids) - {it.pk for it in items}).delete()
    store(items)
    return len(items)


def render_on_read(item_id: int, language: str) -> str | None:
    """A visit found no current page: render the item's pages now, store them and return this
    language's body (None when the item is not published after all)."""
    items = _published([item_id])
    if not items:
        return None
    try:
        with transaction.atomic():
            pages = store(items)
    except IntegrityError:  # the item went away meanwhile: show what was rendered, keep nothing
        return render_body(items[0], language)
    return pages[(item_id, language)]


def drop_for_unit(unit_id: int) -> int:
    """Forget the pages that name this unit (implementing or joint); they are rendered on next read."""
    from django.db.models import Q

    ids = set(
        ServiceItem.objects.filter(Q(unit_id=unit_id) | Q(joint_units=unit_id)).values_list("pk", flat=True)
    )
    if not ids:
        return 0
    return PublicItemPage.objects.filter(item_id__in=ids).delete()[0]


def drop(item_ids) -> int:
    return PublicItemPage.objects.filter(item_id__in=list(item_ids)).delete()[0]


def rebuild() -> int:
    """Every published item's pages rendered again (CHUNK items at a time); others' pages dropped."""
    build(refresh=True)
    PublicItemPage.objects.exclude(item__status=ItemStatus.PUBLISHED).delete()
    qs = ServiceItem.objects.filter(status=ItemStatus.PUBLISHED).order_by("pk")
    done, last = 0, 0
    while True:
        ids = list(qs.filter(pk__gt=last).values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return done
        with transaction.atomic():
            store(_published(ids))
        done += len(ids)
        last = ids[-1]

"""`{% catalogue_rows rows item_base %}`: the public catalogue's table rows in one pass (issue 15).

The busiest public page lists thirty items of six cells each: as template variables (or format_html,
whose lazy-text checks run per argument) that was the largest part of the page's time. Every cell is
escaped as Django escapes (`html.escape`, quotes included) before it is joined."""

from functools import lru_cache
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

# On a phone each row is a card (`rowcards` in app.css); data-label names the cell's column there.
_ROW = (
    '<tr><td><a href="{}{}/">{}</a></td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
    '<td data-label="{}">{}</td><td data-label="{}">{}</td></tr>'
)


@register.simple_tag
def catalogue_rows(rows, item_base):
    if not rows:
        return mark_safe(f'<tr><td colspan="5" class="muted">{escape(_("No items found."))}</td></tr>')
    heads = (_("Department"), _("Theme"), _("Promised limit"), _("Fees"))
    return mark_safe("\n".join(_row(item_base, heads, *(r[k] for k in _CELLS)) for r in rows))


_CELLS = ("id", "name", "unit__name", "theme", "limit", "fee")


@lru_cache(maxsize=4096)  # a row's markup is a function of these values: escaped once per process
def _row(base, heads, pk, name, *cells) -> str:
    return _ROW.format(
        escape(str(base)),
        int(pk),
        escape(str(name)),
        *(x for pair in zip(heads, cells, strict=True) for x in (escape(str(pair[0])), escape(str(pair[1])))),
    )

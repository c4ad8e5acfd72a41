"""`{% record_rows records record_base h_doc h_unit h_cat h_date %}`: the public catalogue's twenty
rows in one pass (issue 15), each cell escaped as Django escapes it (`html.escape`, quotes included);
a row's markup is a function of its values, so it is made once per process and reused."""

from functools import lru_cache
from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# On a phone each row is a card (`rowcards` in app.css); data-label names the cell's column there.
_ROW = (
    '<tr><td><a href="{}{}/">{}</a></td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
    '<td data-label="{}">{}</td><td data-label="{}">{}</td></tr>\n'
)


@register.simple_tag
def record_rows(records, record_base, *heads):
    return mark_safe(  # noqa: S308 - every value is escaped in _row
        "".join(
            _row(
                str(record_base),
                tuple(str(h) for h in heads),
                d["id"],
                d["title"],
                d["doc_number"],
                d["unit__name"],
                d["category__name"],
                d["published"],
            )
            for d in records
        )
    )


@lru_cache(maxsize=4096)
def _row(base, heads, pk, title, *cells) -> str:
    pairs = (x for h, c in zip(heads, cells, strict=True) for x in (escape(h), escape(str(c))))
    return _ROW.format(escape(base), int(pk), escape(str(title)), *pairs)

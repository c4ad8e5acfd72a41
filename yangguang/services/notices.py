"""The e-supervision notices the sweep leaves for handlers, supervisors and liaisons.

A notification stores a kind and its parameters and is worded at read, in the reader's language;
the Chinese wording is also kept in `text` for exports and searches.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

TEXTS = {
    "light_yellow": _("Case %(number)s (%(item)s) is close to its time limit (%(due)s); please speed it up."),
    "light_red": _("Case %(number)s (%(item)s) has passed its time limit (%(due)s): red light."),
    "light_green": _("Case %(number)s (%(item)s) is back on track (green light)."),
    "card_yellow": _("Case %(number)s (%(item)s) is overdue: one yellow card."),
    "card_red": _("Case %(number)s (%(item)s) is overdue: one red card."),
    "inquiry_red": _("First inquiry #%(id)s has passed its answer deadline; please answer soon."),
    "order_red": _("Hotline order #%(id)s has passed its reply deadline; please reply soon."),
    "digest": _("E-supervision: %(n)s reminders on %(cases)s cases: %(items)s"),
}
DIGEST_SHOWN = 3  # a digest quotes its first few reminders


def render(kind: str, params: dict) -> str:
    """The notice in the active language."""
    if kind == "digest":
        parts = [render(k, p) for k, p in params["items"]]
        items = pgettext("list separator", "; ").join(parts) + ("…" if params.get("more") else "")
        return str(TEXTS["digest"]) % {"n": params["n"], "cases": params["cases"], "items": items}
    return str(TEXTS[kind]) % params


def chinese(kind: str, params: dict) -> str:
    with translation.override("zh-hans"):
        return render(kind, params)

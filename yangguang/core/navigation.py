"""The top navigation. A domain's entry shows once its URL name exists."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

NAV = [
    ("home", _("Home")),
    ("orgs:tree", _("Organisations")),
    ("services:home", _("Government services")),
    ("disclosure:home", _("Disclosure")),
    ("supervision:home", _("Supervision")),
    ("contests:home", _("Competitions")),
    ("exams:home", _("Knowledge contests")),
    ("portal:home", _("Public site")),
]

_resolved: list[tuple[str, str, object]] | None = None


def items() -> list[tuple[str, str, object]]:
    global _resolved
    if _resolved is None:
        out = []
        for name, label in NAV:
            try:
                out.append((name, reverse(name), label))
            except NoReverseMatch:
                continue
        _resolved = out
    return _resolved

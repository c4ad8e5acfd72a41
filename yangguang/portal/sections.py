"""The public site's sections. A domain's section shows once its public URL name exists."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

SECTIONS = [
    (
        "services_public:catalogue",
        _("Service catalogue"),
        _("Find a service, its guide and its six publics."),
    ),
    (
        "services_public:lookup",
        _("Case lookup"),
        _("Follow your application with its number and query code."),
    ),
    (
        "disclosure_public:catalogue",
        _("Government information"),
        _("Records disclosed proactively, by category and unit."),
    ),
    (
        "disclosure_public:request",
        _("Request information"),
        _("Ask for government information; follow it with a query code."),
    ),
    ("contests_public:bulletins", _("Competition bulletins"), _("Published rankings, awards and penalties.")),
    ("supervision_public:inspections", _("Inspection results"), _("Published inspection notices.")),
]


def available():
    out = []
    for name, title, blurb in SECTIONS:
        try:
            out.append({"url": reverse(f"portal:{name}"), "title": title, "blurb": blurb})
        except NoReverseMatch:
            continue
    return out

"""Display labels for codes the rules use."""

from django.utils.translation import gettext_lazy as _

STEP_LABELS = {
    "participation": _("Public participation / hearing"),
    "expert": _("Expert consultation"),
    "risk": _("Risk assessment"),
    "legality": _("Legality review"),
    "collective": _("Collective discussion and decision"),
}

# Facilities a unit should have (orgs.Construction.kind); other codes show as they are.
FACILITIES = {
    "service_centre": _("Service centre"),
    "resource_trading": _("Public resource trading centre"),
    "notice_board": _("Disclosure notice board"),
}


def fmt(message, **params):
    """A lazy message with its parameters: each reader sees it in their own language (both())."""
    from django.utils.functional import Promise, lazy

    def render():
        return str(message) % {k: str(v) if isinstance(v, Promise) else v for k, v in params.items()}

    return lazy(render, str)()

"""Display labels for codes the rules use."""

from django.utils.translation import gettext_lazy as _

STEP_LABELS = {
    "participation": _("Public participation / hearing"),
    "expert": _("Expert review"),
    "risk": _("Risk assessment"),
    "legality": _("Legality review"),
    "collective": _("Collective discussion and decision"),
}

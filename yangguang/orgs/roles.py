"""Post roles. Domains may add roles of their own with `register()` in AppConfig.ready()."""

from django.utils.translation import gettext_lazy as _

ROLES: dict[str, object] = {
    "admin": _("Administrator"),
    "handler": _("Handler"),
    "supervisor": _("Supervisor"),
    "inspector": _("Inspector"),
    "judge": _("Judge"),
    "grader": _("Grader"),
    "invigilator": _("Invigilator"),
    "setter": _("Question setter"),
    "viewer": _("Viewer"),
    "liaison": _("Liaison"),
    "leader": _("Unit head"),
}


def register(code: str, label) -> None:
    ROLES.setdefault(code, label)


def choices():
    return [(k, v) for k, v in ROLES.items()]

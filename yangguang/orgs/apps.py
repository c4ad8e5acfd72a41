from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "yangguang.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self):
        from . import signals  # noqa: F401  (unit_renamed)

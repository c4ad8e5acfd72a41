from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "yangguang.services"
    label = "services"
    verbose_name = _("Services")

    def ready(self):
        from .metrics import register_all

        register_all()
        from . import (
            search,  # noqa: F401  (keeps the search index in step)
            signals,  # noqa: F401  (keeps the public lookup's read model in step)
        )

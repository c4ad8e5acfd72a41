from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yangguang.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from .search import connect_signals

        connect_signals()  # a changed synonym retires the cached list

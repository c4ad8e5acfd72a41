from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "yangguang.exams"
    label = "exams"
    verbose_name = _("Exams")

    def ready(self):
        from yangguang.orgs import roles

        from . import metrics

        roles.register("setter", _("Question setter"))
        roles.register("grader", _("Grader"))
        roles.register("invigilator", _("Invigilator"))
        metrics.register_all()

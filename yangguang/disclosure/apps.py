from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "yangguang.disclosure"
    label = "disclosure"
    verbose_name = _("Disclosure")

    def ready(self):
        import inspect

        from yangguang.core import metrics

        from . import queries as q
        from . import search  # noqa: F401  (keeps the search index in step)

        # `subject` is passed where the registry takes it (unit metrics: ids are orgs.Unit ids, subtree included).
        extra = {"subject": "unit"} if "subject" in inspect.signature(metrics.register).parameters else {}
        for name, fn, label, unit, hib, desc in [
            ("disclosure.timeliness", q.metric_timeliness, _("Disclosure timeliness"), "%", True,
             _("Share of records published within 20 working days of being formed or changed (art. 26).")),
            ("disclosure.request_on_time_rate", q.metric_request_on_time, _("Requests answered on time"), "%", True,
             _("Share of requests concluded in the period by their statutory due date.")),
            ("disclosure.overdue_requests", q.metric_overdue_requests, _("Overdue disclosure requests"), "", False,
             _("Requests due in the period that were not answered by their due date.")),
            ("disclosure.records_published", q.metric_records_published, _("Records published"), "", True,
             _("Records first published in the period.")),
            ("disclosure.stale_records", q.metric_stale_records, _("Stale records"), "", False,
             _("Published records past their category's update cycle at the period's end.")),
        ]:  # fmt: skip
            metrics.register(
                name, fn, label=label, unit=unit, higher_is_better=hib, description=desc, **extra
            )

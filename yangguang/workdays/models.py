from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yangguang.core.models import TimeStampedModel


class YearNotice(TimeStampedModel):
    """A year's State Council holiday notice, entered by hand; makes that year's results verified."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    document_no = models.CharField(_("document number"), max_length=100, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("year notice")
        verbose_name_plural = _("year notices")

    def __str__(self):
        return f"{self.year} {self.title}"


class Override(TimeStampedModel):
    """One day declared a holiday or an adjusted workday (调休); wins over the package."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("is a working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    notice = models.ForeignKey(
        YearNotice,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="overrides",
        verbose_name=_("notice"),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self):
        return f"{self.date} {'班' if self.is_workday else '休'}"

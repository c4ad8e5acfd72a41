"""The shared kernel's models: timestamps, idempotency keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class IdempotencyKey(models.Model):
    """A write that has been done once for (user, scope, key); a retry returns the stored result."""

    owner = models.BigIntegerField(default=0)  # the user's id; 0 for anonymous callers
    scope = models.CharField(max_length=100)
    key = models.CharField(max_length=200)
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "scope", "key"], name="core_idem_unique")]
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self):
        return f"{self.scope}:{self.key}"


class Synonym(models.Model):
    """An everyday word the public search expands to an official term (社保 → 社会保险)."""

    word = models.CharField(_("everyday word"), max_length=40, unique=True)
    term = models.CharField(_("official term"), max_length=80)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return f"{self.word} → {self.term}"

"""The shared kernel's models: timestamps, idempotency keys, synonyms, background jobs."""

from django.conf import settings
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


class Job(models.Model):
    """Long work a person started (an export, an import, a run): done by a Celery task, with progress.

    `unit_path` scopes it (the unit the work is about); only the owner or a superuser sees it.
    `key` makes a start idempotent: the same (owner, kind, key) is the same job."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=60)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("owner")
    )
    unit_path = models.CharField(max_length=255, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    key = models.CharField(max_length=200, blank=True, default="")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(_("message"), max_length=300, blank=True, default="")
    result_file = models.FileField(upload_to="jobs/", blank=True, max_length=255)
    result_name = models.CharField(max_length=200, blank=True, default="")
    result_link = models.CharField(max_length=500, blank=True, default="")
    error_zh = models.TextField(blank=True, default="")
    error_en = models.TextField(blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "key"], condition=~models.Q(key=""), name="core_job_key_unique"
            )
        ]
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_job_owner_idx")]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return f"{self.kind}#{self.pk} {self.state}"

    @property
    def kind_label(self) -> str:
        """The kind in words (the apps' jobs.LABELS), as the pages show it."""
        from .jobs import kind_label

        return kind_label(self.kind)

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

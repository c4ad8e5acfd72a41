from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change to a domain record. Append-only; each entry's hash covers the previous hash."""

    at = models.DateTimeField(_("when"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    unit_id = models.BigIntegerField(_("unit id"), null=True, blank=True, db_index=True)
    unit_path = models.CharField(_("unit path"), max_length=255, blank=True, db_index=True)
    unit_name = models.CharField(_("unit"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    model = models.CharField(_("record type"), max_length=100, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"#{self.pk} {self.action} {self.model}:{self.object_id}"


class AuditHead(models.Model):
    """The chain's last link; locked while appending so two writers never fork the chain.

    `mac` keys (last_id, last_hash, count) like the entries (chain.head_mac): a truncated tail cannot
    be hidden by rewriting this row. `published_on`: the day the head was last written to the log."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, blank=True, default="")
    published_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"head #{self.last_id}"

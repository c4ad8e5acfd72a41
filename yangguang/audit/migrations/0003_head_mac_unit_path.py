"""The entry hash now covers unit_path, and the head row carries an HMAC (issue 16 item 6).

Existing entries are re-chained under the new canonical form. Only an intact chain is re-chained: a
chain that does not verify under the old form stops the migration (re-chaining it would launder the
tampering); set AUDIT_RECHAIN_BROKEN=1 to re-chain anyway after investigating.
"""

import os

from django.db import migrations, models

OLD_FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "unit_id",
    "unit_name",
    "action",
    "model",
    "object_id",
    "object_repr",
    "before",
    "after",
    "note",
)


def rechain(apps, schema_editor):
    from yangguang.audit import chain
    from yangguang.audit.actions import audit_key

    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    key = audit_key()
    pg = schema_editor.connection.vendor == "postgresql"
    cols = ("id", "prev_hash", "hash", *chain.FIELDS)
    old_prev, broken = chain.GENESIS, None
    for row in Entry.objects.order_by("id").values_list(*cols).iterator(chunk_size=2000):
        e = dict(zip(cols, row, strict=True))
        old = {k: e[k] for k in OLD_FIELDS}
        if e["prev_hash"] != old_prev or chain.link(key, old_prev, old) != e["hash"]:
            broken = e["id"]
            break
        old_prev = e["hash"]
    if broken is not None and os.environ.get("AUDIT_RECHAIN_BROKEN") != "1":
        raise RuntimeError(
            f"audit chain broken at entry #{broken} before the upgrade; not re-chaining it. "
            "Investigate, then set AUDIT_RECHAIN_BROKEN=1 to re-chain anyway."
        )
    if pg:
        schema_editor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
    prev, n, last_id = chain.GENESIS, 0, 0
    for row in Entry.objects.order_by("id").values_list(*cols).iterator(chunk_size=2000):
        e = dict(zip(cols, row, strict=True))
        h = chain.link(key, prev, e)
        Entry.objects.filter(pk=e["id"]).update(prev_hash=prev, hash=h)
        prev, n, last_id = h, n + 1, e["id"]
    if pg:
        schema_editor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
    if n or Head.objects.filter(pk=1).exists():
        Head.objects.update_or_create(
            pk=1,
            defaults={
                "last_id": last_id,
                "last_hash": prev,
                "count": n,
                "mac": chain.head_mac(key, last_id, prev, n),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [
        migrations.AddField(
            model_name="audithead",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="audithead",
            name="published_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(rechain, migrations.RunPython.noop),
    ]

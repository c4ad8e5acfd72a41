"""Audit chain coverage (issue 16 item 6): every stored field is hashed (unit_path decides who sees an
entry), the head row is keyed so a cut tail shows, and the head is published (export, daily log)."""

import json
import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from yangguang.audit import chain, sweeps
from yangguang.audit.actions import audit_key, record
from yangguang.audit.models import AuditEntry, AuditHead
from yangguang.audit.queries import chain_head, verify


def _raw(sql: str, params=()):
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        c.execute(sql, params)
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")


@pytest.fixture
def trail(cast):
    for i in range(4):
        record(actor=cast.admin_a, action="test", model="x.y", object_id=i, unit=cast.county_a)
    return list(AuditEntry.objects.order_by("id"))


def test_every_stored_field_is_hashed():
    stored = {f.attname for f in AuditEntry._meta.concrete_fields} - {"id", "hash", "prev_hash"}
    assert stored == set(chain.FIELDS)


def test_changed_unit_path_is_caught(cast, trail):
    assert verify().ok
    target = trail[1]
    assert target.unit_path == cast.county_a.path
    _raw("UPDATE audit_auditentry SET unit_path = %s WHERE id = %s", [cast.county_b.path, target.pk])
    result = verify()
    assert not result.ok and result.broken_id == target.pk


def test_cut_tail_with_rewritten_head_is_caught(trail):
    last, before = trail[-1], trail[-2]
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    AuditHead.objects.filter(pk=1).update(last_id=before.pk, last_hash=before.hash, count=len(trail) - 1)
    result = verify()
    assert not result.ok and "head" in result.reason


def test_removed_head_row_is_caught(trail):
    AuditHead.objects.all().delete()
    assert not verify().ok


def test_head_keyed_with_the_audit_key(trail, settings):
    head = AuditHead.objects.get(pk=1)
    assert head.mac == chain.head_mac(audit_key(), head.last_id, head.last_hash, head.count)
    settings.AUDIT_KEY = "another deployment's key"
    assert not verify().ok


def test_export_carries_the_head(trail, capsys):
    call_command("audit", "export", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    head = AuditHead.objects.get(pk=1)
    assert data["chain_head"]["last_hash"] == head.last_hash and data["chain_head"]["count"] == 4
    assert data["chain_verified"] is True and len(data["entries"]) == 4
    assert data["entries"][0]["unit_path"] == trail[0].unit_path
    call_command("audit", "export", "--format", "csv")
    first = capsys.readouterr().out.splitlines()[0]
    assert head.last_hash in first and "verified=True" in first


def test_verify_export_and_the_staff_page_show_the_same_head_and_key_fingerprint(
    trail, capsys, client_of, cast
):
    """What `yangguang audit verify` prints an outsider can find on the staff audit page and in every
    exported report: the entry count, the head hash and the key's fingerprint (never the key)."""
    from yangguang.core.keys import fingerprint

    head = AuditHead.objects.get(pk=1)
    call_command("audit", "verify")
    printed = capsys.readouterr().out
    assert (
        f"count={head.count}" in printed and head.last_hash in printed and f"key={fingerprint()}" in printed
    )
    call_command("audit", "export", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["chain_head"]["key_fingerprint"] == fingerprint()
    call_command("audit", "export", "--format", "csv")
    assert f"key={fingerprint()}" in capsys.readouterr().out.splitlines()[0]
    html = client_of(cast.admin_a).get("/orgs/audit/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    shown = html[html.index('id="chain-head"') :]
    assert "审计链头" in shown and "审计密钥指纹" in shown
    assert f"<dd>{head.count}</dd>" in shown and f"#{head.last_id}" in shown
    assert head.last_hash in shown and fingerprint() in shown
    assert audit_key().hex() not in html  # the fingerprint names the key; the key is never shown
    record(actor=cast.admin_a, action="test", model="x.y", object_id=9, unit=cast.county_a)
    moved = client_of(cast.admin_a).get("/orgs/audit/").content.decode()
    assert (
        AuditHead.objects.get(pk=1).last_hash in moved and head.last_hash not in moved.split("chain-head")[1]
    )


def test_head_logged_once_a_day(trail, caplog):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with caplog.at_level(logging.INFO, logger="yangguang.audit.head"):
        assert sweeps.tick(now)["head_published"]
        assert not sweeps.tick(now + timedelta(hours=3))["head_published"]
        assert sweeps.tick(now + timedelta(days=1))["head_published"]
    lines = [r.getMessage() for r in caplog.records if r.name == "yangguang.audit.head"]
    assert len(lines) == 2 and chain_head().last_hash in lines[0]


def test_migration_rechains_an_intact_old_chain(trail):
    """Entries hashed under the old form (no unit_path) are re-chained; a broken one is refused."""
    from importlib import import_module

    mig = import_module("yangguang.audit.migrations.0003_head_mac_unit_path")
    key, prev = audit_key(), chain.GENESIS
    cols = ("id", *chain.FIELDS)
    for row in AuditEntry.objects.order_by("id").values_list(*cols):
        e = dict(zip(cols, row, strict=True))
        h = chain.link(key, prev, {k: e[k] for k in mig.OLD_FIELDS})
        _raw("UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s", [prev, h, e["id"]])
        prev = h
    AuditHead.objects.filter(pk=1).update(last_hash=prev, mac="")
    assert not verify().ok

    class Editor:
        def __init__(self):
            self.connection = connection

        def execute(self, sql):
            with connection.cursor() as c:
                c.execute(sql)

    mig.rechain(apps, Editor())
    assert verify().ok
    _raw("UPDATE audit_auditentry SET note = 'x' WHERE id = %s", [trail[0].pk])
    with pytest.raises(RuntimeError):
        mig.rechain(apps, Editor())  # now re-chained under the new form: the old form does not fit

"""The audit trail is append-only and hash-chained; tampering behind the app's back is caught."""

import subprocess
import sys

import pytest
from django.db import connection

from yangguang.audit.actions import record
from yangguang.audit.models import AuditEntry
from yangguang.audit.queries import verify
from yangguang.orgs import actions as org_actions


def _raw(sql: str, params=()):
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        c.execute(sql, params)
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")


@pytest.fixture
def trail(cast):
    for i in range(5):
        org_actions.person_create(actor=cast.admin_a, unit=cast.county_a, code=f"AU{i}", name=f"审计{i}")
    return list(AuditEntry.objects.order_by("id"))


def test_actions_write_entries_with_who_what_before_after(cast, trail):
    e = trail[0]
    assert e.action == "create" and e.model == "orgs.person" and e.actor_name == "admin_a"
    assert e.unit_name == "甲县" and e.after["name"] == "审计0" and e.before is None
    person = cast.county_a.people.get(code="AU0")
    org_actions.person_update(actor=cast.admin_a, person=person, title="科员")
    upd = AuditEntry.objects.order_by("-id").first()
    assert upd.action == "update" and upd.before["title"] == "" and upd.after["title"] == "科员"


def test_intact_chain_verifies(trail):
    r = verify()
    assert r.ok and r.checked == len(trail)


def test_altered_entry_is_named(trail):
    _raw("UPDATE audit_auditentry SET actor_name = %s WHERE id = %s", ["mallory", trail[2].id])
    r = verify()
    assert not r.ok and r.broken_id == trail[2].id


def test_removed_entry_is_caught(trail):
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [trail[1].id])
    r = verify()
    assert not r.ok and r.broken_id == trail[2].id


def test_removed_last_entry_is_caught(trail):
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [trail[-1].id])
    assert not verify().ok


def test_inserted_entry_is_caught(trail):
    e = trail[1]
    _raw(
        "INSERT INTO audit_auditentry (at, actor_id, actor_name, unit_id, unit_path, unit_name, action, model, object_id, object_repr, note, prev_hash, hash) "
        "VALUES (%s, NULL, 'mallory', NULL, '', '', 'delete', 'orgs.person', '999', '', '', %s, %s)",
        [e.at, e.hash, "f" * 64],
    )
    assert not verify().ok


def test_forged_hash_without_key_is_caught(trail):
    import hashlib

    e = trail[3]
    forged = hashlib.sha256(b"anything").hexdigest()
    _raw("UPDATE audit_auditentry SET note = 'x', hash = %s WHERE id = %s", [forged, e.id])
    r = verify()
    assert not r.ok and r.broken_id == e.id


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_refuses_update_and_delete(trail):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE audit_auditentry SET note = 'x' WHERE id = %s", [trail[0].id])


def test_record_joins_the_callers_transaction(cast):
    from django.db import transaction

    n = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=cast.admin, action="test", model="x.y", object_id=1)
        raise RuntimeError
    assert AuditEntry.objects.count() == n and verify().ok


@pytest.mark.django_db(transaction=True)
def test_cli_verify_exit_codes(tmp_path, settings):
    """`yangguang audit verify` on a file database: 0 when intact, 1 naming the entry after tampering."""
    import os
    import sqlite3

    if connection.vendor != "sqlite":
        pytest.skip("uses the sqlite3 shell's view of a file database")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite3",
        "YANGGUANG_VAR": str(tmp_path),
        "SECRET_KEY": "k" * 50,
    }
    yg = [sys.executable, "-m", "yangguang.manage"]
    subprocess.run([*yg, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*yg, "workdays", "add", "2025-01-01", "1"], env=env, check=True, capture_output=True)
    code = "from yangguang.audit.actions import record\nfor i in range(3): record(actor=None, action='t', model='x.y', object_id=i)"
    subprocess.run([*yg, "shell", "-c", code], env=env, check=True, capture_output=True)
    ok = subprocess.run([*yg, "audit", "verify"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    db = sqlite3.connect(tmp_path / "a.sqlite3")
    db.execute("UPDATE audit_auditentry SET object_id = '7' WHERE id = 2")
    db.commit()
    bad = subprocess.run([*yg, "audit", "verify"], env=env, capture_output=True, text=True)
    assert bad.returncode == 1 and "#2" in bad.stderr

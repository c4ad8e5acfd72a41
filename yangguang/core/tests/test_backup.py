"""`yangguang backup` / `yangguang restore` (issue 16 item 12): a backup restores into a fresh database
where `audit verify` and `contests verify` pass; a restore under another audit key is refused and
reported; the archive carries the key's fingerprint, never the key."""

import json
import os
import subprocess
import sys
import tarfile
import uuid

import pytest

KEY = "k" * 50
SEED = """
from yangguang.audit.actions import record
from yangguang.contests import ledger
for i in range(3):
    record(actor=None, action='t', model='x.y', object_id=i, note='备份前')
for i in range(2):
    ledger.append(kind='score', ref=f'mark:{i}', payload={'total': str(90 + i)})
"""


def run(env, *args, check=True):
    done = subprocess.run(
        [sys.executable, "-m", "yangguang.manage", *args], env=env, capture_output=True, text=True
    )
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def env_for(tmp_path, db_url, name, key=KEY):
    var = tmp_path / name
    var.mkdir(exist_ok=True)
    env = {**os.environ, "DATABASE_URL": db_url, "YANGGUANG_VAR": str(var), "SECRET_KEY": key}
    env["MEDIA_ROOT"] = str(var / "media")
    env.pop("AUDIT_KEY", None)
    env.pop("REDIS_URL", None)
    return env


def round_trip(tmp_path, src_url, dst_url, other_url, *extra):
    src = env_for(tmp_path, src_url, "src")
    run(src, "migrate", "-v0")
    run(src, "shell", "-c", SEED)
    os.makedirs(os.path.join(src["MEDIA_ROOT"], "disclosure"), exist_ok=True)
    with open(os.path.join(src["MEDIA_ROOT"], "disclosure", "a.pdf"), "wb") as fh:
        fh.write(b"%PDF-1.4 attachment")
    archive = tmp_path / "b.tar.gz"
    run(src, "backup", str(archive), *extra)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        blob = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())
    assert "media/disclosure/a.pdf" in names
    assert len(manifest["audit_key_fingerprint"]) == 64 and KEY.encode() not in blob
    assert manifest["chains"]["audit"]["count"] == 3 and manifest["chains"]["ledger"]["count"] == 2

    # Under another audit key: refused, reported, nothing restored.
    wrong = env_for(tmp_path, other_url, "wrong", key="x" * 50)
    refused = run(wrong, "restore", str(archive), check=False)
    assert refused.returncode != 0 and "audit key" in refused.stderr
    tables = "from django.db import connection; print(len(connection.introspection.table_names()))"
    assert run(wrong, "shell", "-c", tables).stdout.strip().splitlines()[-1] == "0"

    dst = env_for(tmp_path, dst_url, "dst")
    restored = run(dst, "restore", str(archive))
    assert "audit: OK" in restored.stdout and "ledger: OK" in restored.stdout
    assert "3 entries" in run(dst, "audit", "verify").stdout
    assert "OK: 2 entries" in run(dst, "contests", "verify").stdout
    with open(os.path.join(dst["MEDIA_ROOT"], "disclosure", "a.pdf"), "rb") as fh:
        assert fh.read() == b"%PDF-1.4 attachment"
    again = run(dst, "restore", str(archive), check=False)  # a database with data: refused
    assert again.returncode != 0 and "holds data" in again.stderr
    return manifest


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_to_a_verifying_chain(tmp_path):
    manifest = round_trip(
        tmp_path,
        f"sqlite:///{tmp_path}/src.sqlite3",
        f"sqlite:///{tmp_path}/dst.sqlite3",
        f"sqlite:///{tmp_path}/other.sqlite3",
    )
    assert manifest["method"] == "sqlite-backup"


def _pg_databases(n):
    base = "postgres://postgres@127.0.0.1:5432/"
    names = [f"yg_hardening_bk_{uuid.uuid4().hex[:8]}" for _ in range(n)]
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc"]
    try:
        for name in names:
            subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no PostgreSQL server to create databases on")
    return base, names, psql


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("portable", [False, True])
def test_postgresql_backup_restores_to_a_verifying_chain(tmp_path, portable):
    base, names, psql = _pg_databases(3)
    try:
        extra = ("--portable",) if portable else ()
        manifest = round_trip(tmp_path, *(base + n for n in names), *extra)
        assert manifest["method"] == ("dumpdata" if portable else "pg_dump")
    finally:
        for name in names:
            subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)

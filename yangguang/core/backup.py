"""Backup and restore of one deployment: the database, the uploaded files, and a fingerprint of the
audit key (never the key: whoever holds a backup must not be able to forge the audit chain).

An archive (`.tar.gz`) holds `manifest.json`, the database as
- `db.sqlite3`: a consistent copy made with SQLite's online backup API (SQLite deployments);
- `db.pgdump`: `pg_dump --format=custom` (PostgreSQL, when pg_dump is installed);
- `db.xml`: `dumpdata` (otherwise, or `--portable`: restores into either engine);
and `media/…`, the files under MEDIA_ROOT.

`restore` refuses, changing nothing, a backup made under another audit key (its chains could not
verify: the audit key, or SECRET_KEY when AUDIT_KEY is unset, must be the original one) unless told
to go on, and a database that already holds data unless `--force`. Then it migrates to the running
code and verifies the audit chain and the results ledger.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections

from . import keys

FORMAT = 1


class BackupError(Exception):
    """A refusal; nothing was changed."""


def audit_key_fingerprint() -> str:
    """A one-way fingerprint of the audit key (domain-separated from every use of the key)."""
    return keys.fingerprint()


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def _pg_env_args() -> tuple[dict, list[str]]:
    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = ["-h", str(s.get("HOST") or "localhost"), "-U", str(s.get("USER") or "postgres")]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    return env, args


def _dump_database(tmp: Path, portable: bool) -> tuple[str, str]:
    """(file name in the archive, method)."""
    engine = _engine()
    if engine == "sqlite" and not portable:
        out = tmp / "db.sqlite3"
        connection.ensure_connection()
        dst = sqlite3.connect(out)
        with dst:
            connection.connection.backup(dst)  # consistent while the app keeps writing
        dst.close()
        return out.name, "sqlite-backup"
    if engine == "postgresql" and not portable and shutil.which("pg_dump"):
        out = tmp / "db.pgdump"
        env, args = _pg_env_args()
        name = connection.settings_dict["NAME"]
        done = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, "-f", str(out), name],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode == 0:
            return out.name, "pg_dump"
        # An older pg_dump than the server, say: fall back to the portable dump.
    # XML, not JSON: Django's JSON encoder cuts times to milliseconds, and the audit chain hashes
    # them to the microsecond; the XML serializer keeps every digit.
    out = tmp / "db.xml"
    with open(out, "w", encoding="utf-8") as fh:
        call_command(
            "dumpdata",
            "--format=xml",
            "--natural-foreign",
            "--natural-primary",
            "--exclude=contenttypes",
            "--exclude=auth.permission",
            "--exclude=sessions",
            stdout=fh,
        )
    return out.name, "dumpdata"


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    last: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name").order_by("id"):
        last[app] = name
    return last


def _chain_heads() -> dict:
    # By name: core sits below the apps that own the chains.
    out = {}
    for name, (app, model) in {"audit": ("audit", "AuditHead"), "ledger": ("contests", "LedgerHead")}.items():
        head = apps.get_model(app, model).objects.filter(pk=1).values("count", "last_hash").first()
        out[name] = head or {}
    return out


def backup(dest: str | Path, *, portable: bool = False, media: bool = True) -> Path:
    """Write one archive; `dest` is a directory (a dated file name is chosen) or a file name."""
    dest = Path(dest)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = dest / f"yangguang-backup-{stamp}.tar.gz" if dest.is_dir() else dest
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        db_name, method = _dump_database(tmp, portable)
        files = [p for p in media_root.rglob("*") if p.is_file()] if media and media_root.is_dir() else []
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": _engine(),
            "database": db_name,
            "method": method,
            "audit_key_fingerprint": audit_key_fingerprint(),
            "chains": _chain_heads(),
            "migrations": _migrations(),
            "media_files": len(files),
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1, default=str).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(tmp / db_name, arcname=db_name)
            for f in files:
                tar.add(f, arcname="media/" + f.relative_to(media_root).as_posix())
        partial.replace(path)  # a half-written archive never carries the final name
    return path


def read_manifest(archive: str | Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            fh = tar.extractfile("manifest.json")
            if fh is None:
                raise KeyError("manifest.json")
            manifest = json.loads(fh.read())
    except (OSError, KeyError, tarfile.TarError, ValueError) as e:
        raise BackupError(f"not a Yangguang backup: {e}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _has_data() -> bool:
    tables = set(connection.introspection.table_names())
    if "django_migrations" not in tables:
        return False
    from django.contrib.auth import get_user_model

    for model in (apps.get_model("audit", "AuditEntry"), apps.get_model("orgs", "Unit"), get_user_model()):
        if model._meta.db_table in tables and model.objects.exists():
            return True
    return False


def restore(archive: str | Path, *, force: bool = False, other_key: bool = False, stdout=None) -> dict:
    """Restore an archive into the configured database and MEDIA_ROOT; verify both chains.

    Returns {"ok", "key_matches", "method", "media_files", "audit": {"ok", "output"}, "ledger": {…}}."""
    manifest = read_manifest(archive)
    key_matches = manifest.get("audit_key_fingerprint") == audit_key_fingerprint()
    if not key_matches and not other_key:
        raise BackupError(
            "the backup was made under another audit key: its audit chain and results ledger could not "
            "verify here. Set AUDIT_KEY (or SECRET_KEY, when AUDIT_KEY is unset) to the original "
            "deployment's value and run restore again; nothing was changed. "
            "(--other-audit-key restores anyway and reports the chains as broken.)"
        )
    engine, method = _engine(), manifest["method"]
    if method == "sqlite-backup" and engine != "sqlite" or method == "pg_dump" and engine != "postgresql":
        raise BackupError(
            f"a {manifest['engine']} backup ({method}) cannot be restored into {engine}; "
            "make a portable backup (`yangguang backup --portable`)"
        )
    if _has_data() and not force:
        raise BackupError("the database already holds data; restore into a fresh one, or pass --force")
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp, filter="data")  # no absolute paths, no "..", no links out
        db_file = tmp / manifest["database"]
        if method == "sqlite-backup":
            _restore_sqlite(db_file)
        elif method == "pg_dump":
            _restore_pg(db_file)
        else:
            _restore_dumpdata(db_file)
        call_command("migrate", interactive=False, verbosity=0)  # to the running code's schema
        media_src = tmp / "media"
        restored_media = 0
        if media_src.is_dir():
            media_root = Path(settings.MEDIA_ROOT)
            for f in media_src.rglob("*"):
                if f.is_file():
                    target = media_root / f.relative_to(media_src)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(f, target)
                    restored_media += 1
    audit = _verify("audit", "verify")
    ledger = _verify("contests", "verify")
    return {
        "key_matches": key_matches,
        "method": method,
        "media_files": restored_media,
        "audit": audit,
        "ledger": ledger,
        "ok": key_matches and audit["ok"] and ledger["ok"],
    }


def _verify(*command: str) -> dict:
    """Run a verify command (by name: the chains belong to apps above core): {"ok", "output"}."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*command, stdout=out, stderr=err)
        ok = True
    except SystemExit as e:
        ok = not e.code
    return {"ok": ok, "output": (out.getvalue() + err.getvalue()).strip()}


def _restore_sqlite(db_file: Path) -> None:
    target = Path(connection.settings_dict["NAME"])
    if str(target) in ("", ":memory:") or "mode=memory" in str(target):
        # An in-memory database (tests): copy into the open connection.
        connection.ensure_connection()
        src = sqlite3.connect(db_file)
        with src:
            src.backup(connection.connection)
        src.close()
        return
    connections.close_all()
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    tmp_target = target.with_name(target.name + ".restoring")
    shutil.copyfile(db_file, tmp_target)
    tmp_target.replace(target)


def _restore_pg(db_file: Path) -> None:
    if not shutil.which("pg_restore"):
        raise BackupError("pg_restore is not installed; install the PostgreSQL client tools")
    connections.close_all()
    env, args = _pg_env_args()
    done = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            "-d",
            connection.settings_dict["NAME"],
            str(db_file),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()[-2000:]}")


def _restore_dumpdata(db_file: Path) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)  # the rows migrate made (content types …)
    call_command("loaddata", str(db_file), verbosity=0)

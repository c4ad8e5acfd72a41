"""`yangguang restore ARCHIVE`: restore a `yangguang backup` archive into the configured (fresh)
database and MEDIA_ROOT, migrate, and verify the audit chain and the results ledger. Exit 1 when the
backup was made under another audit key (nothing changed) or a chain does not verify."""

import json as jsonlib
import sys

from django.core.management.base import BaseCommand, CommandError

from yangguang.core import backup


class Command(BaseCommand):
    help = "Restore a backup archive, then verify the audit chain and the results ledger."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="restore over a database that holds data")
        parser.add_argument(
            "--other-audit-key",
            action="store_true",
            help="restore a backup made under another audit key anyway (its chains will not verify)",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, archive, force=False, other_audit_key=False, json=False, **opts):
        try:
            report = backup.restore(archive, force=force, other_key=other_audit_key)
        except backup.BackupError as e:
            raise CommandError(f"恢复被拒绝 / restore refused: {e}") from None
        if json:
            self.stdout.write(_json(report))
        else:
            if not report["key_matches"]:
                self.stderr.write("审计密钥不一致 / the backup was made under another audit key")
            for name in ("audit", "ledger"):
                part = report[name]
                state = "OK" if part["ok"] else "BROKEN"
                self.stdout.write(f"{name}: {state} {part.get('output', '')}".rstrip())
            self.stdout.write(f"恢复完成 / restored: {report['method']}, {report['media_files']} files")
        if not report["ok"]:
            sys.exit(1)


def _json(report) -> str:
    return jsonlib.dumps(report, ensure_ascii=False, default=str)

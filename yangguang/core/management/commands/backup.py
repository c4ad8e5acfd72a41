"""`yangguang backup [DEST]`: one archive with the database, the uploaded files and a fingerprint of the
audit key (never the key). DEST: a directory (default var/backups) or a file name."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from yangguang.core import backup


class Command(BaseCommand):
    help = "Back up the database, the uploaded files and the audit key's fingerprint into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("dest", nargs="?", default="")
        parser.add_argument(
            "--portable", action="store_true", help="dumpdata JSON: restores into SQLite or PostgreSQL"
        )
        parser.add_argument("--no-media", action="store_true", help="leave the uploaded files out")

    def handle(self, *args, dest="", portable=False, no_media=False, **opts):
        target = Path(dest) if dest else Path(settings.VAR_DIR) / "backups"
        if not dest:
            target.mkdir(parents=True, exist_ok=True)
        path = backup.backup(target, portable=portable, media=not no_media)
        manifest = backup.read_manifest(path)
        self.stdout.write(
            f"备份完成 / backup written: {path} ({manifest['method']}, {manifest['media_files']} files, "
            f"audit key fingerprint {manifest['audit_key_fingerprint'][:16]}…)"
        )

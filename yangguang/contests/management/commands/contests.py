"""`yangguang contests verify`: recompute the results ledger's hash chain (exit 1 at the first broken link)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Results ledger tools: verify the hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        v = sub.add_parser("verify")
        v.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        from yangguang.contests.ledger import verify

        report = verify()
        if opts.get("json"):
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        elif report["ok"]:
            self.stdout.write(f"OK: {report['count']} entries, head {report['head']}")
        else:
            self.stdout.write(f"BROKEN at entry #{report['broken']['seq']}: {report['broken']['reason']}")
        if not report["ok"]:
            sys.exit(1)

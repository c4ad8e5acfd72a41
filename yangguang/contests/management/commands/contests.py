"""`yangguang contests verify`: recompute the results ledger's keyed chain and hold it to the hashes
published bulletins show (exit 1 at the first mismatch). `--published FILE`: any text holding hashes
an outsider kept (a saved bulletin page, a list); each must be in the ledger.
`yangguang contests rekey`: re-chain a ledger written before the links were keyed (once)."""

from __future__ import annotations

import json
import re
import sys

from django.core.management.base import BaseCommand, CommandError

HEX64 = re.compile(r"\b[0-9a-fA-F]{64}\b")


class Command(BaseCommand):
    help = (
        "Results ledger tools: verify the keyed hash chain against published bulletins; rekey an old ledger."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        v = sub.add_parser("verify")
        v.add_argument("--json", action="store_true")
        v.add_argument("--published", default="", help="a file holding hashes printed on bulletins")
        sub.add_parser("rekey")

    def handle(self, *args, **opts):
        from yangguang.contests import ledger

        if opts["action"] == "rekey":
            report = ledger.rekey()
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            if not report["ok"]:
                sys.exit(1)
            return
        published: list[str] = []
        if opts.get("published"):
            try:
                with open(opts["published"], encoding="utf-8", errors="replace") as fh:
                    published = HEX64.findall(fh.read())
            except OSError as e:
                raise CommandError(f"cannot read {opts['published']}: {e}") from None
        report = ledger.verify(published=published)
        if opts.get("json"):
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        elif report["ok"]:
            self.stdout.write(
                f"OK: {report['count']} entries, {report['bulletins']} published bulletins match, "
                f"{len(published)} kept hashes found, head {report['head']}"
            )
        else:
            b = report["broken"]
            extra = "".join(f" ({k} {v})" for k, v in b.items() if k not in ("seq", "reason"))
            self.stdout.write(f"BROKEN at entry #{b['seq']}: {b['reason']}{extra}")
        if not report["ok"]:
            sys.exit(1)

"""`yangguang contest evaluate SCHEME.yaml --data DATA.xlsx|.csv --period 2026-03 [--format json|xlsx|docx] [--out FILE]`

Evaluates a period from a scheme file and a spreadsheet without touching the database (no migration
needed): the same engine as the platform's evaluations.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yangguang.core.errors import DomainError


class Command(BaseCommand):
    help = "Evaluate a competition scheme on a spreadsheet, offline (no database)."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ev = sub.add_parser("evaluate", help="evaluate SCHEME.yaml on --data for --period")
        ev.add_argument("scheme")
        ev.add_argument("--data", required=True)
        ev.add_argument("--period", required=True)
        ev.add_argument("--format", choices=["json", "xlsx", "docx"], default="json")
        ev.add_argument("--out", default="")
        ck = sub.add_parser("check", help="validate a scheme file and print its canonical YAML")
        ck.add_argument("scheme")

    def handle(self, *args, **opts):
        from yangguang.contests.engine.scheme import dump_yaml, parse_scheme

        try:
            scheme = parse_scheme(Path(opts["scheme"]).read_text(encoding="utf-8-sig"))
            if opts["action"] == "check":
                self.stdout.write(dump_yaml(scheme))
                return
            return self.evaluate(scheme, opts)
        except OSError as e:
            raise CommandError(str(e))
        except DomainError as e:
            sys.stderr.write(json.dumps(e.as_dict(), ensure_ascii=False, indent=1) + "\n")
            raise CommandError(str(e.message))

    def evaluate(self, scheme, opts):
        import gc

        # A short-lived process building millions of small objects: the cyclic collector would only
        # re-scan them (nothing here makes cycles worth collecting before exit).
        gc.freeze()
        gc.disable()
        try:
            return self._evaluate(scheme, opts)
        finally:
            gc.enable()
            gc.unfreeze()

    def _evaluate(self, scheme, opts):
        from django.utils.translation import gettext_lazy as _

        from yangguang.contests.engine.data import build_table, iter_rows
        from yangguang.contests.engine.evaluate import evaluate
        from yangguang.contests.engine.expr import fmt
        from yangguang.contests.engine.periods import parse_period
        from yangguang.contests.engine.render import write_docx, write_json_lines, write_xlsx

        period = parse_period(opts["period"])
        if period.start > scheme.end or period.end < scheme.start:
            raise DomainError(
                "period_outside",
                fmt(
                    _("Period %(period)s is outside the competition (%(start)s – %(end)s)."),
                    period=period.key,
                    start=scheme.start,
                    end=scheme.end,
                ),
                {"period": period.key},
            )
        path = Path(opts["data"])
        header, rows = iter_rows(path.read_bytes(), path.name)
        known = None
        if scheme.participants:
            default = scheme.group_codes()[0]
            known = {p.code: (p.name, p.group or default) for p in scheme.participants}
        table = build_table(scheme, header, rows, period=period.key, known=known)
        result = evaluate(scheme, table)
        fmt = opts["format"]
        group_names = {g.code: g.name for g in scheme.groups}
        out = opts["out"]
        if fmt == "json":
            if out:
                with open(out, "w", encoding="utf-8", buffering=1 << 20) as fh:
                    write_json_lines(result.json_lines(), fh)
            else:
                write_json_lines(result.json_lines(), sys.stdout)
            return
        title = f"{scheme.name} {period.key} 排名通报"
        if fmt == "xlsx":
            data = write_xlsx(result.records(), title, group_names)
        else:
            data = write_docx(list(result.records()), title=title, group_names=group_names)
        if out:
            Path(out).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)

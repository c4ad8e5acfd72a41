"""`yangguang disclosure report --unit CODE --year 2025 --format json|xlsx|docx [--out FILE]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from yangguang.disclosure import exports, queries
from yangguang.orgs.models import Unit


class Command(BaseCommand):
    help = "Government information disclosure: the annual report (国办公开办函〔2021〕30号 tables)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        rep = sub.add_parser("report", help="compute a unit's annual report from the data")
        rep.add_argument("--unit", required=True, help="unit code, e.g. 532900")
        rep.add_argument("--year", required=True, type=int)
        rep.add_argument("--format", choices=["json", "xlsx", "docx"], default="json")
        rep.add_argument("--out", help="file to write (default: stdout for json, UNIT-YEAR.ext otherwise)")

    def handle(self, *args, verb, **opts):
        if verb == "report":
            return self.report(**opts)

    def report(self, unit, year, format, out, **_):
        u = Unit.objects.filter(code=unit).first()
        if u is None:
            raise CommandError(f"unknown unit code: {unit}")
        if not 2000 <= year <= 2100:
            raise CommandError("year must be 2000–2100")
        data = queries.annual_report(u, year)
        if format == "json":
            text = json.dumps(data, ensure_ascii=False, indent=2)
            if out:
                with open(out, "w", encoding="utf-8") as f:
                    f.write(text + "\n")
            else:
                self.stdout.write(text)
        else:
            blob = exports.report_xlsx(data) if format == "xlsx" else exports.report_docx(data)
            out = out or f"{unit}-{year}.{format}"
            with open(out, "wb") as f:
                f.write(blob)
            self.stderr.write(f"wrote {out}")
        if not data["checks"]["ok"]:
            raise CommandError("table 三 cross-check failed")

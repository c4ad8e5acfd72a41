import csv
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from yangguang.audit.chain import FIELDS
from yangguang.audit.queries import chain_head, entry_list, verify

EXPORT_FIELDS = ("id", *FIELDS, "prev_hash", "hash")


class Command(BaseCommand):
    help = (
        "Audit trail tools. `verify` exits 1 naming the first broken entry; `head` prints the chain head "
        "to keep outside the database; `export` writes entries with the chain head (csv or json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["verify", "head", "export"])
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--since", default="")
        parser.add_argument("--until", default="")
        parser.add_argument("-o", "--output", default="-")

    def handle(self, *args, **opts):
        verb = opts["verb"]
        if verb == "head":
            self.stdout.write(chain_head().line())
            return
        if verb == "export":
            self._export(opts)
            return
        result = verify()
        if result.ok:
            self.stdout.write(f"审计链完整 / audit chain intact: {result.checked} entries")
            self.stdout.write(chain_head().line())
            return
        self.stderr.write(
            f"审计链断裂 / audit chain broken at entry #{result.broken_id} "
            f"(after {result.checked} good entries): {result.reason}"
        )
        raise SystemExit(1)

    def _export(self, opts):
        since, until = _day(opts["since"]), _day(opts["until"])
        head = chain_head()
        check = verify()
        rows = entry_list(paths=None, since=since, until=until).order_by("id").values_list(*EXPORT_FIELDS)
        out = sys.stdout if opts["output"] == "-" else open(opts["output"], "w", encoding="utf-8", newline="")
        try:
            if opts["format"] == "json":
                json.dump(
                    {
                        "chain_head": vars(head),
                        "chain_verified": check.ok,
                        "entries": [dict(zip(EXPORT_FIELDS, r, strict=True)) for r in rows.iterator()],
                    },
                    out,
                    ensure_ascii=False,
                    default=str,
                    indent=1,
                )
                out.write("\n")
            else:
                w = csv.writer(out)
                # The head first: whoever receives the report holds a copy of it outside our database.
                w.writerow(["# " + head.line(), f"verified={check.ok}"])
                w.writerow(EXPORT_FIELDS)
                for r in rows.iterator():
                    w.writerow(
                        [json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v for v in r]
                    )
        finally:
            if out is not sys.stdout:
                out.close()


def _day(text: str):
    if not text:
        return None
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}")
    return day

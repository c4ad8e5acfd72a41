"""`yangguang contest evaluate SCHEME.yaml --data DATA.xlsx|.csv --period 2026-03 [--format json|xlsx|docx] [--out FILE]`

Evaluates a period from a scheme file and a spreadsheet without touching the database (no migration
needed): the same engine as the platform's evaluations. `yangguang contest …` runs with
YANGGUANG_OFFLINE=1 (set by yangguang.manage before Django starts), so nothing is written to the
working directory: no var/, no secret key, no static files.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yangguang.core.errors import DomainError, ImportRejected

EVALUATE_HELP = """\
Evaluate SCHEME.yaml on one period's figures, offline (no database, nothing written but --out).

SCHEME.yaml   the competition (docs/contests.md, "The scheme format"); check it with `contest check`.
--data FILE   the period's figures: .xlsx (first sheet) or .csv/.txt (UTF-8 or GB18030), one row per
              participant: id/编号, name/名称, group/组别 when the scheme has groups, then per indicator
              its name (value), name+基数 (base), name+计划 (plan), and each fact by name. An optional
              period/期间 column keeps only the rows of --period.
--period P    2026-03 (month), 2026-Q1 (quarter), 2026-H1 (half year) or 2026 (year); it must lie
              inside the competition's dates.
--format F    json (default): a list, one record per participant (id, name, group, score, rank,
              rank_from_bottom, status, awards, penalties, disqualified, ineligible, reasons, errors,
              explanation); xlsx: the ranking table; docx: the bulletin (公文 layout).
--out FILE    write the result to FILE; without it the result goes to stdout.
--lang L      zh (default) or en: the language of each participant's explanation lines.
--title, --to, --body, --signer, --date   for docx: the bulletin's title (default: "<name> <period>
              排名通报"), 主送 (addressees), 正文 (text, or @FILE to read it), 落款 (signer) and date
              (YYYY-MM-DD, default today); xlsx uses --title too.
Messages and errors go to stderr: on bad data a JSON report of every bad cell (row, column, message),
then, as the last line, the first bad cell's row, column and reason. Exit code 0 on success, 1 on error.
"""

CHECK_HELP = """\
Validate SCHEME.yaml (every field known, every rule compiled) and print its canonical YAML to stdout.
Errors go to stderr (a JSON report, then the reason naming the field) with exit code 1.
"""


class Command(BaseCommand):
    help = "Evaluate a competition scheme on a spreadsheet, offline (no database)."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        raw = argparse.RawDescriptionHelpFormatter
        ev = sub.add_parser(
            "evaluate",
            help="evaluate SCHEME.yaml on --data for --period",
            description=EVALUATE_HELP,
            formatter_class=raw,
        )
        ev.add_argument("scheme", help="the scheme file (.yaml)")
        ev.add_argument("--data", required=True, help="the period's figures: .xlsx or .csv")
        ev.add_argument("--period", required=True, help="2026-03, 2026-Q1, 2026-H1 or 2026")
        ev.add_argument(
            "--format", choices=["json", "xlsx", "docx"], default="json", help="json (default), xlsx or docx"
        )
        ev.add_argument("--out", default="", help="output file (default: stdout)")
        ev.add_argument(
            "--lang", choices=["zh", "en"], default="zh", help="explanations in zh (default) or en"
        )
        ev.add_argument(
            "--title", default="", help="title of the .xlsx/.docx (default: name, period, 排名通报)"
        )
        ev.add_argument("--to", default="", help="docx: 主送 (addressees)")
        ev.add_argument("--body", default="", help="docx: 正文, or @FILE to read it from a file")
        ev.add_argument("--signer", default="", help="docx: 落款 (the issuing unit)")
        ev.add_argument("--date", default="", help="docx: date YYYY-MM-DD (default: today)")
        ck = sub.add_parser(
            "check",
            help="validate a scheme file and print its canonical YAML",
            description=CHECK_HELP,
            formatter_class=raw,
        )
        ck.add_argument("scheme", help="the scheme file (.yaml)")

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
        except ImportRejected as e:
            sys.stderr.write(json.dumps(e.as_dict(), ensure_ascii=False, indent=1) + "\n")
            raise CommandError(_last_line(e))
        except DomainError as e:
            sys.stderr.write(json.dumps(e.as_dict(), ensure_ascii=False, indent=1) + "\n")
            raise CommandError(str(e.message))

    def run_from_argv(self, argv):
        super().run_from_argv(argv)
        if self.__dict__.get("_kept") is not None:
            # The command line's result is written: leave without freeing millions of objects one by
            # one (over a second on 400,000 participants). What an ordinary exit does still happens:
            # the streams are flushed and the exit handlers run (the offline folder is removed).
            import atexit

            for stream in (self.stdout, self.stderr, sys.stdout, sys.stderr):
                stream.flush()
            atexit._run_exitfuncs()
            os._exit(0)

    def evaluate(self, scheme, opts):
        import gc

        # A short-lived process building millions of small objects: the cyclic collector would only
        # re-scan them (nothing here makes cycles worth collecting before exit).
        gc.freeze()
        gc.disable()
        try:
            return self._evaluate(scheme, opts)
        finally:
            if self.__dict__.get("_kept") is None:
                gc.enable()
                gc.unfreeze()

    def _evaluate(self, scheme, opts):
        from django.utils.translation import gettext_lazy as _

        from yangguang.contests.engine import forked
        from yangguang.contests.engine.data import build_table, iter_rows
        from yangguang.contests.engine.evaluate import evaluate
        from yangguang.contests.engine.evaluate.writer import write_json
        from yangguang.contests.engine.expr import fmt
        from yangguang.contests.engine.periods import parse_period
        from yangguang.contests.engine.render import write_docx, write_xlsx

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
        workers = 2 if forked.allowed() else 1  # a second CPU: reading and scoring shared with a fork
        table = build_table(scheme, header, rows, period=period.key, known=known, workers=workers)
        result = evaluate(scheme, table, workers=workers)
        fmt = opts["format"]
        lang = opts.get("lang") or "zh"
        group_names = {g.code: g.name for g in scheme.groups}
        out = opts["out"]
        if getattr(self, "_called_from_command_line", False):
            self._kept = (table, result)  # freed by the process's exit (run_from_argv)
        if fmt == "json":
            if out:
                with open(out, "wb") as fh:
                    write_json(result, fh, lang, tmpdir=Path(out).resolve().parent)
            elif hasattr(sys.stdout, "buffer"):
                sys.stdout.flush()
                write_json(result, sys.stdout.buffer, lang)
                sys.stdout.buffer.flush()
            else:  # a text stream without bytes underneath (a test's StringIO)
                buf = io.BytesIO()
                write_json(result, buf, lang, parallel=False)
                sys.stdout.write(buf.getvalue().decode())
            return
        title = opts.get("title") or f"{scheme.name} {period.key} 排名通报"
        if fmt == "xlsx":
            data = write_xlsx(
                result.filing_records(lang),
                title,
                group_names,
                period=period.key,
                indicators=[(i.code, i.name) for i in scheme.indicators],
                derived=[d.name for d in scheme.derived],
            )
        else:
            body = opts.get("body") or ""
            if body.startswith("@"):
                body = Path(body[1:]).read_text(encoding="utf-8-sig")
            data = write_docx(
                list(result.records(lang)),
                title=title,
                addressees=opts.get("to") or "",
                body=body,
                signer=opts.get("signer") or "",
                when=_date(opts.get("date") or ""),
                group_names=group_names,
            )
        if out:
            Path(out).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)


def _date(text: str):
    from datetime import date

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        from django.utils.translation import gettext_lazy as _

        from yangguang.contests.engine.expr import fmt

        raise DomainError("bad_date", fmt(_("--date %(value)s: write YYYY-MM-DD"), value=text)) from None


def _last_line(e: ImportRejected) -> str:
    """The first bad cell as one line: row, column and reason (and how many more there are)."""
    from django.utils.translation import gettext as _g

    first = e.errors[0]
    where = []
    if first.row is not None:
        where.append(_g("row %(row)s") % {"row": first.row})
    if first.column:
        where.append(_g("column %(column)s") % {"column": first.column})
    text = ", ".join(where) + (": " if where else "") + str(first.message)
    more = len(e.errors) - 1
    if more:
        text += " " + _g("(and %(n)s more, listed above)") % {"n": more}
    return text

"""`yangguang supervision …`: the jobs an office runs from cron or a terminal.

yangguang supervision evaluate ASSESSMENT_ID PERIOD --user USERNAME [--publish] [--format json|table]
    月检查排名 / 季考核: evaluate a month (2026-07) or a quarter (2026Q3) from the platform's metrics,
    optionally publishing the bulletin.
yangguang supervision import-tasks PLAN_ID FILE.xlsx --user USERNAME
    a plan's task table, all or nothing (exit 1 and every bad row otherwise).
yangguang supervision coverage [--root CODE] [--as-of DATE] --user USERNAME [--format json|table]
    应建/已建 per level, percentages to two decimals.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from yangguang.core.errors import DomainError, ImportRejected, both
from yangguang.orgs.queries import unit_get

from ... import actions, queries


class Command(BaseCommand):
    help = "Supervision and assessment: evaluate assessments, import task tables, coverage."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        ev = sub.add_parser("evaluate", help="evaluate an assessment for a month or quarter")
        ev.add_argument("assessment", type=int)
        ev.add_argument(
            "period", help="2026-07 (monthly ranking) or 2026Q3 (quarterly, linked to performance)"
        )
        ev.add_argument("--user", required=True, help="who acts (their posts decide what they may do)")
        ev.add_argument("--publish", action="store_true", help="publish the ranking bulletin")
        ev.add_argument("--format", choices=["json", "table"], default="table")
        im = sub.add_parser("import-tasks", help="import a plan's task table (.xlsx/.csv)")
        im.add_argument("plan", type=int)
        im.add_argument("file")
        im.add_argument("--user", required=True)
        cov = sub.add_parser("coverage", help="planned vs built facilities per level")
        cov.add_argument("--root", help="unit code of the subtree (default: everything the user sees)")
        cov.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD")
        cov.add_argument("--kind", default="", help="facility, e.g. service_centre")
        cov.add_argument("--user", required=True)
        cov.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, verb, **opts):
        user = get_user_model().objects.filter(username=opts.pop("user")).first()
        if user is None:
            raise CommandError("unknown user")
        try:
            return getattr(self, verb.replace("-", "_"))(user, **opts)
        except ImportRejected as e:
            for row in e.details["errors"]:
                self.stderr.write(
                    f"row {row['row']} [{row['column']}]: {row['message']} / {row['message_en']}"
                )
            raise CommandError(str(e.message))
        except DomainError as e:
            texts = both(e.message)
            raise CommandError(f"{e.code}: {texts['zh-hans']} / {texts['en']}")

    def evaluate(self, user, assessment, period, publish, format, **_):
        a = queries.assessment_get(actor=user, assessment_id=assessment)
        run = actions.assessment_evaluate(actor=user, assessment=a, period=period)
        if publish:
            run = actions.bulletin_publish(actor=user, run=run)
        rows = sorted(run.rows, key=lambda r: r["rank"])
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "assessment": a.title,
                        "period": run.period,
                        "engine": run.engine,
                        "engine_note": run.engine_note,
                        "published": bool(run.published_at),
                        "bulletin_ref": run.bulletin_ref,
                        "rows": rows,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            self.stdout.write(f"{a.title} {run.period} ({run.engine})")
            for r in rows:
                link = f"  {r['adjust']:+g}% {r['link']}" if r["adjust"] else ""
                self.stdout.write(f"{r['rank']:>4}  {r['total']:>7.2f}  {r['unit_name']}{link}")

    def import_tasks(self, user, plan, file, **_):
        p = queries.plan_get(actor=user, plan_id=plan)
        path = Path(file)
        if not path.exists():
            raise CommandError(f"no such file: {file}")
        r = actions.tasks_import(actor=user, plan=p, data=path.read_bytes(), filename=path.name)
        self.stdout.write(json.dumps(r))

    def coverage(self, user, root, as_of, kind, format, **_):
        r = unit_get(actor=user, code=root) if root else None
        d = parse_date(as_of) if as_of else None
        rows = queries.coverage(actor=user, root=r, kind=kind, as_of=d)
        if format == "json":
            out = [
                {k: (str(v) if k == "percent" and v is not None else v) for k, v in x.items()} for x in rows
            ]
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        else:
            for x in rows:
                pct = "–" if x["percent"] is None else f"{x['percent']}%"
                self.stdout.write(
                    f"{x['root']} {x['level']} {x['unit_kind_name']}: {x['planned']} / {x['built']} = {pct}"
                )

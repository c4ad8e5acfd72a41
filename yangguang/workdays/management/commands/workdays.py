import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from yangguang.workdays.calendar import CalendarError
from yangguang.workdays.queries import calendar


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"不是有效日期 / not a valid date: {value} (YYYY-MM-DD)")


class Command(BaseCommand):
    help = "Working-day arithmetic: `add DATE N [--json]` (start day not counted), `between A B`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        add = sub.add_parser("add", help="the N-th working day after DATE")
        add.add_argument("start")
        add.add_argument("n")
        add.add_argument("--json", action="store_true")
        between = sub.add_parser("between", help="working days in (A, B]")
        between.add_argument("a")
        between.add_argument("b")
        between.add_argument("--json", action="store_true")

    def handle(self, *args, verb, **opts):
        cal = calendar()
        if verb == "add":
            start = _date(opts["start"])
            try:
                n = int(opts["n"])
            except ValueError:
                raise CommandError(f"N 必须是整数 / N must be a whole number: {opts['n']}")
            if n < 0:
                raise CommandError(f"N 不能为负数 / N must not be negative: {n}")
            try:
                due = cal.add_workdays(start, n)
            except CalendarError as e:
                raise CommandError(f"无法计算 / cannot compute: {e}")
            if opts["json"]:
                self.stdout.write(json.dumps({"due": due.date.isoformat(), "verified": due.verified}))
            else:
                self.stdout.write(
                    due.date.isoformat() + ("" if due.verified else "  (未经核实 / unverified)")
                )
        else:
            a, b = _date(opts["a"]), _date(opts["b"])
            try:
                n = cal.workdays_between(a, b)
            except CalendarError as e:
                raise CommandError(f"无法计算 / cannot compute: {e}")
            if opts["json"]:
                self.stdout.write(json.dumps({"workdays": n, "verified": cal.verified_between(a, b)}))
            else:
                self.stdout.write(str(n))

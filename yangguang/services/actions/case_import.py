"""The bulk case import (办件批量导入): a sheet of cases handled elsewhere or before, all or nothing.

Each row becomes a case as the live actions would have left it: numbered and given a query code as
`case_submit` does, its due date from `_recompute_due` (the item's promised limit on the working-day
calendar), a finished case's timing from `_fix_timing` (as `case_complete`), its history (CaseEvents)
and the derived read models (the CaseDay counters, the public lookup's rows) written alongside.
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record
from yangguang.core.errors import DomainError, ImportRejected, RowError
from yangguang.core.tabular import read_table
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import has_role, person_of
from yangguang.workdays.calendar import CalendarError
from yangguang.workdays.queries import calendar

from .. import publicview, rollup, rules
from ..models import Case, CaseEvent, CaseStatus, ItemStatus, Mode, Pause, ServiceItem
from ._common import STAFF, local_today
from .cases import _fix_timing, _item_serves, _new_number, _recompute_due

# (key, Chinese header): either names the column; the Chinese ones are those of the year's export.
CASE_IMPORT_COLUMNS = [
    ("number", "办件编号"),
    ("item", "事项编码"),
    ("applicant_name", "申请人"),
    ("applicant_phone", "联系电话"),
    ("channel", "渠道"),
    ("unit", "受理单位编码"),
    ("submitted_at", "提交时间"),
    ("accepted_on", "受理日期"),
    ("status", "状态"),
    ("completed_on", "办结日期"),
    ("result", "结果"),
    ("document_no", "文号"),
    ("reason", "退回理由"),
]
REQUIRED = ("item", "applicant_name", "channel", "submitted_at", "status")
IMPORTABLE = ("submitted", "accepted", "completed", "returned", "refused")
CHUNK = 500

# Words people write beside the labels themselves (the labels, in both languages, are read too).
_STATUS_WORDS = {"收件": "submitted", "待受理": "submitted", "在办": "accepted", "受理": "accepted",
                 "办结": "completed", "退回": "returned"}  # fmt: skip
_CHANNEL_WORDS = {"窗口": "window", "窗口办理": "window", "window": "window", "网上": "online",
                  "网上办理": "online", "网办": "online"}  # fmt: skip
_RESULT_WORDS = {"准予": "approved", "准予许可": "approved", "同意": "approved", "不予": "denied",
                 "不予许可": "denied", "不同意": "denied"}  # fmt: skip
_CHANNEL_LABELS = {"window": _("at the window"), "online": _("online")}
_RESULT_LABELS = {"approved": _("Approved"), "denied": _("Denied")}
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$"
)


def _by_label(labels: dict, words: dict) -> dict[str, str]:
    """{label in Chinese or English, lower case: code}, with the extra words."""
    found = {k.lower(): v for k, v in words.items()}
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            for code, label in labels.items():
                found[str(label).strip().lower()] = code
    return found


def _moment(value) -> tuple[datetime, bool] | None:
    """(aware date-time, whether a time of day was given), or None when it cannot be read."""
    if isinstance(value, datetime):
        dt, timed = value, True
    elif isinstance(value, date):
        dt, timed = datetime.combine(value, time()), False
    else:
        m = _DATE.match(str(value).strip())
        if not m:
            return None
        y, mo, d, hh, mm, ss = m.groups()
        try:
            dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
        except ValueError:
            return None
        timed = hh is not None
    if timezone.is_naive(dt):
        dt = timezone.make_aware(dt)
    return dt, timed


def _day(value) -> date | None:
    got = _moment(value)
    return timezone.localtime(got[0]).date() if got else None


def _text(v) -> str:
    return "" if v is None else str(v).strip()


class _Checker:
    """Reads one row into the fields of a case, or into RowErrors naming the row and column."""

    def __init__(self, actor, col: dict[str, str], table):
        self.actor, self.col = actor, col
        self.person = person_of(actor)
        self.statuses = _by_label(dict(CaseStatus.choices), _STATUS_WORDS)
        self.channels = _by_label(_CHANNEL_LABELS, _CHANNEL_WORDS)
        self.results = _by_label(_RESULT_LABELS, _RESULT_WORDS)
        codes = {_text(r.get(col["item"])) for _n, r in table.rows}
        self.items = {
            it.code: it
            for it in ServiceItem.objects.filter(code__in=codes, status=ItemStatus.PUBLISHED)
            .select_related("unit")
            .prefetch_related("joint_units")
        }
        units = {_text(r.get(col["unit"])) for _n, r in table.rows} - {""} if "unit" in col else set()
        self.units = {u.code: u for u in Unit.objects.filter(code__in=units)}
        given = {_text(r.get(col["number"])) for _n, r in table.rows} - {""} if "number" in col else set()
        self.taken = set(Case.objects.filter(number__in=given).values_list("number", flat=True))
        self.seen: set[str] = set()
        self.served: dict[tuple[int, int], bool] = {}
        self.now, self.today = timezone.now(), local_today()

    def row(self, row_no: int, row: dict) -> tuple[dict | None, list[RowError]]:
        errors: list[RowError] = []

        def bad(key, message):
            errors.append(RowError(row_no, self.col.get(key) or dict(CASE_IMPORT_COLUMNS)[key], message))

        v = {k: row.get(h) for k, h in self.col.items()}
        number = _text(v.get("number"))
        if number:
            if len(number) > 40:
                bad("number", _("A case number has at most 40 characters."))
            elif number in self.seen:
                bad("number", _("Case number %(n)s appears twice in the file.") % {"n": number})
            elif number in self.taken:
                bad("number", _("Case number %(n)s already exists.") % {"n": number})
            self.seen.add(number)
        name = _text(v.get("applicant_name"))
        if not name:
            bad("applicant_name", _("The applicant's name is required."))
        channel = self.channels.get(_text(v.get("channel")).lower())
        if channel is None:
            bad("channel", _("Unknown channel: write 窗口 (at the window) or 网上 (online)."))
        status = self.statuses.get(_text(v.get("status")).lower())
        if status is None:
            bad("status", _("Unknown status: write 已收件, 办理中, 已办结, 已退回 or 不予受理."))
        elif status not in IMPORTABLE:
            bad("status", _("A case awaiting supplement or paused cannot be imported; enter it on its page."))
        item, unit = self._item_and_unit(v, channel, bad)
        got = _moment(v.get("submitted_at")) if _text(v.get("submitted_at")) else None
        at = got[0] if got else None
        if at is None:
            bad("submitted_at", _("The submission time is a date and time such as 2025-03-03 09:30."))
        elif at > self.now:
            bad("submitted_at", _("The submission time is in the future."))
        on = timezone.localtime(at).date() if at else None
        accepted = done = None
        result = document_no = reason = ""
        if status in IMPORTABLE:  # the rest depends on the status
            accepted = self._accepted(v, status, on, bad)
            done = self._done(v, status, on, accepted, bad)
            if status == "completed":
                result = self.results.get(_text(v.get("result")).lower(), "")
                if not result:
                    bad("result", _("A completed case needs its result: 准予 (approved) or 不予 (denied)."))
                document_no = _text(v.get("document_no"))[:100]
                if result == "approved" and not document_no and item is not None and item.result_name:
                    bad("document_no", _("An approval needs the result document's number."))
            if status in ("returned", "refused"):
                reason = _text(v.get("reason"))[:500]
                if not reason:
                    bad("reason", _("A returned or refused case needs its reason."))
        if errors:
            return None, errors
        return {
            "number": number,
            "item": item,
            "unit": unit,
            "channel": channel,
            "status": status,
            "applicant_name": name[:100],
            "applicant_phone": _text(v.get("applicant_phone"))[:40],
            "at": at,
            "on": on,
            "accepted": accepted,
            "done": done,
            "result": result,
            "document_no": document_no,
            "reason": reason,
        }, []

    def _serves(self, item: ServiceItem, unit: Unit) -> bool:
        """The actor works at the unit and the unit takes the item's cases (as case_submit), once a pair."""
        key = (item.pk, unit.pk)
        if key not in self.served:
            self.served[key] = has_role(self.actor, STAFF, unit) and _item_serves(self.actor, item, unit)
        return self.served[key]

    def _accepted(self, v, status, on, bad) -> date | None:
        raw = _text(v.get("accepted_on"))
        accepted = _day(raw) if raw else None
        if raw and accepted is None:
            bad("accepted_on", _("The acceptance date is a date such as 2025-03-04."))
        elif status in ("accepted", "completed", "returned") and accepted is None:
            bad("accepted_on", _("A case in progress, completed or returned needs its acceptance date."))
        elif status in ("submitted", "refused") and accepted is not None:
            bad("accepted_on", _("A case not yet accepted or not accepted has no acceptance date."))
        elif accepted and on and not on <= accepted <= self.today:
            bad("accepted_on", _("A case is accepted between its submission and today."))
        else:
            return accepted
        return None

    def _item_and_unit(self, v, channel, bad):
        item = self.items.get(_text(v.get("item")))
        refused = _("Unknown or unpublished service item, or not one your units handle.")
        if item is None:
            bad("item", refused)
            return None, None
        if item.mode == Mode.JOINT:
            bad("item", _("A joint item's cases are not imported; submit them one by one."))
            return item, None
        code = _text(v.get("unit"))
        if code:  # the window (or, online, the unit) that took the case
            unit = self.units.get(code)
            if unit is None or not has_role(self.actor, STAFF, unit):
                bad("unit", _("Unknown unit or not yours."))
                return item, None
        elif channel == "window" and self.person is not None:
            unit = self.person.unit  # as case_submit: the clerk's own window
        else:
            unit = item.unit  # online: the item's unit, as case_submit
        if not self._serves(item, unit):
            bad("item", refused)  # another branch's item: as unknown, like the live submission
            return item, None
        return item, unit

    def _done(self, v, status, on, accepted, bad):
        raw = _text(v.get("completed_on"))
        finished = status in ("completed", "returned", "refused")
        if not finished:
            if raw:
                bad("completed_on", _("Only a completed, returned or refused case has a completion date."))
            return None
        got = _moment(v.get("completed_on")) if raw else None
        if got is None:
            bad("completed_on", _("A finished case needs its completion date, such as 2025-03-10."))
            return None
        day = timezone.localtime(got[0]).date()
        start = accepted or on
        if start and not start <= day <= self.today:
            bad("completed_on", _("A case is completed between its acceptance (or submission) and today."))
        return got


def _columns(header: list[str]) -> dict[str, str]:
    col: dict[str, str] = {}
    errors: list[RowError] = []
    known = {h: key for key, zh in CASE_IMPORT_COLUMNS for h in (key, zh)}
    for h in header:
        key = known.get(h)
        if key is None:
            errors.append(RowError(1, h, _("Unknown column.")))
        elif key in col:
            errors.append(RowError(1, h, _("This column appears twice.")))
        else:
            col[key] = h
    for key in REQUIRED:
        if key not in col:
            errors.append(RowError(1, dict(CASE_IMPORT_COLUMNS)[key], _("Missing column.")))
    if errors:
        raise ImportRejected(errors)
    return col


def case_import(*, actor, data: bytes, filename: str, progress=None) -> dict:
    """All or nothing: every row is checked, then the cases, their events, the daily counters and
    the public lookup's rows are written in one transaction. `progress(done, total)` hears of every
    row checked, then of every chunk written. Returns the count and each case's number and query code."""
    table = read_table(data, filename)
    col = _columns(table.header)
    n = len(table.rows)
    if not n:
        raise DomainError("empty_file", _("The file is empty."))
    with transaction.atomic():
        check = _Checker(actor, col, table)
        plans, errors = [], []
        for i, (row_no, row) in enumerate(table.rows, 1):
            if progress:
                progress(i - 1, 2 * n)
            plan, bad = check.row(row_no, row)
            errors.extend(bad)
            if plan:
                plans.append((row_no, plan))
        if errors:
            raise ImportRejected(errors)
        cases = _write(actor, check, plans, col, filename, progress, n)
    return {
        "created": len(cases),
        "codes": [(c.number, c.query_code) for c in cases],
    }


def _write(actor, check: _Checker, plans, col, filename, progress, n) -> list[Case]:
    numbers = set(check.seen)
    cases: list[Case] = []
    for _row_no, p in plans:
        number = p["number"]
        while not number or (number in numbers and not p["number"]):  # _new_number checks the table
            number = _new_number(p["on"])
        numbers.add(number)
        handler = check.person if (p["channel"] == "window" or p["accepted"]) else None
        done = p["done"]
        completed_on = timezone.localtime(done[0]).date() if done else None
        cases.append(
            Case(
                number=number,
                query_code=f"{secrets.randbelow(10**6):06d}",
                item=p["item"],
                unit=p["unit"],
                unit_path=p["unit"].path,
                handler=handler,
                channel=p["channel"],
                applicant_name=p["applicant_name"],
                applicant_phone=p["applicant_phone"],
                status=p["status"],
                submitted_at=p["at"],
                submitted_on=p["on"],
                materials_on=p["on"],
                limit_days=p["item"].promised_limit,
                joint=False,
                completed_on=completed_on,
                result=p["result"],
                document_no=p["document_no"],
                reason=p["reason"],
            )
        )
    Case.objects.bulk_create(cases, batch_size=CHUNK)
    if any(c.pk is None for c in cases):  # a backend that does not return the new keys
        ids = dict(Case.objects.filter(number__in=[c.number for c in cases]).values_list("number", "pk"))
        for c in cases:
            c.pk = c.id = ids[c.number]
    errors = _clocks(check, plans, cases, col, progress, n)
    if errors:
        raise ImportRejected(errors)
    for start in range(0, len(cases), CHUNK):
        part = cases[start : start + CHUNK]
        fields = ["accepted_on", "deemed_accepted", "due_on", "due_verified", "finished_at", "light_state"]
        fields += ["workdays_used", "on_time", "early", "same_day"]
        Case.objects.bulk_update(part, fields)
        CaseEvent.objects.bulk_create([e for c in part for e in _events(c)])
        publicview.store(publicview.snapshots([c.pk for c in part]))
        if progress:
            progress(n + n // 2 + (start + len(part)) * (n - n // 2) // len(cases), 2 * n)
    _counters(cases)
    _audit(actor, cases, filename)
    return cases


def _clocks(check: _Checker, plans, cases: list[Case], col, progress, n) -> list[RowError]:
    """The due date and a finished case's timing, by the live actions' own helpers (the first half
    of the writing's progress; the chunks written are the second)."""
    cal = calendar()
    errors = []
    for i, ((row_no, p), case) in enumerate(zip(plans, cases, strict=True)):
        if progress:
            progress(n + i * (n // 2) // len(cases), 2 * n)
        case._prefetched_objects_cache = {"pauses": Pause.objects.none()}  # a new case has none
        case.light_state = "green"
        if p["done"]:
            at, timed = p["done"]
            case.finished_at = at if timed else max(at, case.submitted_at)
        if p["accepted"] is None:
            continue
        try:
            # as case_accept: no notice of missing materials within 5 working days counts as accepted
            case.accepted_on, case.deemed_accepted = rules.acceptance_day(cal, p["on"], p["accepted"])
            _recompute_due(case, cal)
            if case.status == "completed":
                _fix_timing(case, case.completed_on)
        except (DomainError, CalendarError):
            errors.append(
                RowError(row_no, col.get("accepted_on"), _("That date is outside the calendar's range."))
            )
    return errors


def _at(day: date, not_before: datetime) -> datetime:
    return max(timezone.make_aware(datetime.combine(day, time())), not_before)


def _events(c: Case) -> list[CaseEvent]:
    """The history the live path writes: received, accepted, then completed / returned / refused."""
    taker = c.handler if c.channel == "window" else None
    out = [CaseEvent(case=c, kind="submit", person=taker, at=c.submitted_at, data={"materials": []})]
    at = c.submitted_at
    if c.accepted_on:
        at = _at(c.accepted_on, at)
        data = {"due_on": c.due_on.isoformat(), "deemed": c.deemed_accepted}
        out.append(CaseEvent(case=c, kind="accept", person=c.handler, at=at, data=data))
    if c.status == "completed":
        at = max(c.finished_at, at)
        out.append(
            CaseEvent(
                case=c,
                kind="complete",
                person=c.handler,
                at=at,
                note=c.document_no,
                data={"result": c.result},
            )
        )
    elif c.status in ("returned", "refused"):
        at = max(c.finished_at, at)
        kind = "return" if c.status == "returned" else "refuse"
        out.append(CaseEvent(case=c, kind=kind, person=c.handler, at=at, note=c.reason))
    return out


def _counters(cases: list[Case]) -> None:
    """The daily counters the live actions bump (received, accepted, completed and its timing,
    returned), added up per window, handler and day, one bump each."""
    acc: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for c in cases:
        key = (c.unit_id, c.unit_path, c.handler_id)
        acc[(*key, c.submitted_on)]["received"] += 1
        if c.accepted_on:
            acc[(*key, c.accepted_on)]["accepted"] += 1
        if c.status == "completed":
            day = acc[(*key, c.completed_on)]
            day["completed"] += 1
            day["on_time"] += 1 if c.on_time else 0
            day["early"] += 1 if c.early else 0
            day["same_day"] += 1 if c.same_day else 0
            day["late"] += 1 if c.on_time is False else 0
            day["workdays"] += c.workdays_used or 0
        elif c.status == "returned":
            acc[(*key, c.completed_on)]["returned"] += 1
    for (unit_id, path, handler_id, day), counts in acc.items():
        rollup.bump(unit_id=unit_id, unit_path=path, handler_id=handler_id, day=day, **counts)


def _audit(actor, cases: list[Case], filename: str) -> None:
    """One audit entry per unit and thousand cases, naming every case it created."""
    by_unit: dict[int, list[Case]] = defaultdict(list)
    for c in cases:
        by_unit[c.unit_id].append(c)
    for group in by_unit.values():
        for start in range(0, len(group), 1000):
            part = group[start : start + 1000]
            record(
                actor=actor,
                action="services.case_import",
                model="services.case",
                object_id=",".join(str(c.pk) for c in part)[:100],
                after={"count": len(part), "numbers": [c.number for c in part]},
                unit=part[0].unit,
                note=f"import {filename}"[:500],
            )

"""The public case lookup by number and query code: the hottest public read (bench/bench_services.py).

Keep its path lean: one primary-key read of the read model, labels and the yellow line memoised per process.
"""

from __future__ import annotations

import json
import secrets
from datetime import date

from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import NotFound
from yangguang.workdays.queries import calendar

from .. import publicview, rules
from ..models import Case, CaseStatus, PauseKind, PublicCase
from .centre import cached_settings


def case_lookup(*, number: str, query_code: str) -> Case:
    """The applicant's case: both must match; any mismatch is the same NotFound (nothing leaked)."""
    found = list(
        Case.objects.filter(number=(number or "").strip()[:40])
        .only("id", "number", "query_code")
        .order_by()[:1]
    )
    case = found[0] if found else None
    given = (query_code or "").strip().encode()
    if case is None or not secrets.compare_digest(case.query_code.encode(), given):
        raise NotFound(_("No case matches this number and query code."))
    return case


def _public_row(number: str):
    """(query_code, unit_path, view) of the read model, or None. Raw SQL on purpose: this is the
    hottest public read, and compiling the ORM query costs more than running it."""
    table = PublicCase._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT query_code, unit_path, view FROM {table} WHERE number = %s", [number])
        row = cur.fetchone()
    if row is not None and isinstance(row[2], str):
        row = (row[0], row[1], json.loads(row[2]))
    return row


def case_public_lookup(*, number: str, query_code: str) -> dict:
    """The applicant's view of one case (status, steps, due date, light, result): one primary-key
    read of the read model (publicview.py); the case tables when its row is not built yet."""
    number = (number or "").strip()[:40]
    row = _public_row(number)
    if row is None:
        case = case_lookup(number=number, query_code=query_code)
        snap = publicview.snapshots([case.pk])[0]
        return public_view(snap.view, snap.unit_path)
    code, path, view = row
    if not secrets.compare_digest(code.encode(), (query_code or "").strip().encode()):
        raise NotFound(_("No case matches this number and query code."))
    return public_view(view, path)


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def public_view(view: dict, unit_path: str, today: date | None = None) -> dict:
    """A stored snapshot with the labels (in the request's language) and the light of today."""
    status, due, labels = view["status"], _day(view["due_on"]), _labels()
    light = ""
    if status == "accepted" and due is not None:
        today = today or timezone.localdate()
        light = rules.light(due, today, _yellow_line(today, cached_settings().get(unit_path)[0]))
    return {
        "number": view["number"],
        "item": view["item"],
        "unit": view["unit"],
        "status": status,
        "status_label": labels["status"][status],
        "case_class": rules.case_class(
            status=status, joint=view["joint"], supplements=view["supplements"], limit_days=view["limit_days"]
        ),
        "submitted_on": _day(view["submitted_on"]),
        "accepted_on": _day(view["accepted_on"]),
        "due_on": due,
        "light": light,
        "completed_on": _day(view["completed_on"]),
        "result": view["result"],
        "document_no": view["document_no"],
        "reason": view["reason"],
        "steps": [
            {"kind": k, "label": labels["event"].get(k, k), "step": st, "at": at}
            for k, st, at in view["steps"]
        ],
        "pauses": [
            {
                "kind": k,
                "label": labels["pause"][k],
                "first": _day(a),
                "last": _day(b),
                "notice_on": _day(rest[0]) if rest else None,  # art. 45: the applicant told in writing
                "expected_days": rest[1] if len(rest) > 1 else None,
            }
            for k, a, b, *rest in view["pauses"]
        ],
        "clock": case_clock_lines(view, light) if view["accepted_on"] else None,
        "rated": view["rated"],
    }


CLOCK_LABELS = {
    "submitted": _("Application materials received"),
    "supplement": _("One-time notice of missing materials"),
    "resubmitted": _("Corrected materials received"),
    "accepted": _("Accepted: the clock starts"),
    "deemed_accepted": _("Deemed accepted on receipt of the materials (no notice within 5 working days)"),
    "limit": _("Time limit"),
    "extension": _("Extension (decided → applicant told)"),
    "pause": _("Special procedure (began → ended), not counted"),
    "pause_running": _("Special procedure under way: the clock stands still"),
}


def case_clock_lines(view: dict, light: str = "") -> dict:
    """The lines that add up to the case's due date (rules.explain_case), labelled, from a stored
    view or a case's own fields; the citizen can recount them on the official calendar."""
    from types import SimpleNamespace

    case = SimpleNamespace(
        submitted_on=_day(view["submitted_on"]),
        accepted_on=_day(view["accepted_on"]),
        materials_on=_day(view.get("materials_on")),
        supplement_notice_on=_day(view.get("supplement_notice_on")),
        deemed_accepted=view.get("deemed_accepted", False),
        limit_days=view["limit_days"],
        joint=view["joint"],
    )
    pauses = [
        (k, _day(a), _day(b), _day(rest[0]) if rest else None, rest[1] if len(rest) > 1 else None)
        for k, a, b, *rest in view["pauses"]
    ]
    exts = [(d, _day(on), _day(told), reason) for d, on, told, reason in view.get("extensions", [])]
    ex = rules.explain_case(calendar(), case, pauses=pauses, extensions=exts)
    labels = _labels()
    lines = []
    for ln in ex.lines:
        note = ln.note
        if ln.kind.startswith("pause"):
            note = labels["pause"].get(ln.note, ln.note)
            if ln.extra.get("notice_on"):
                note += " · " + str(
                    _("applicant told in writing on %(d)s") % {"d": ln.extra["notice_on"].isoformat()}
                )
            if ln.extra.get("expected_days"):
                note += " · " + str(_("time needed: %(n)s working days") % {"n": ln.extra["expected_days"]})
        lines.append(
            {
                "kind": ln.kind,
                "label": str(CLOCK_LABELS.get(ln.kind, ln.kind)),
                "on": ln.on,
                "last": ln.last,
                "days": ln.days,
                "article": ln.article,
                "note": note,
            }
        )
    return {
        "start": ex.start,
        "lines": lines,
        "total": ex.total,
        "due": ex.due,
        "verified": ex.verified,
        "light": light,
    }


def case_clock(case: Case) -> dict | None:
    """The staff case page's explanation: the same lines as the public lookup, from the case tables."""
    if case.accepted_on is None:
        return None
    view = publicview.snapshots([case.pk])[0].view
    return case_clock_lines(view, getattr(case, "light", ""))


def _labels() -> dict[str, dict[str, str]]:
    """The public view's labels in the active language, worded once per process and language."""
    lang = translation.get_language() or ""
    hit = _label_maps.get(lang)
    if hit is None:
        hit = _label_maps[lang] = {
            "status": {k: str(v) for k, v in CaseStatus.choices},
            "event": {k: str(v) for k, v in rules.EVENT_LABELS.items()},
            "pause": {k: str(v) for k, v in PauseKind.choices},
        }
    return hit


_label_maps: dict[str, dict[str, dict[str, str]]] = {}


def _yellow_line(today: date, yellow_days: int) -> date:
    """Per-process memo of the yellow line, kept for as long as the calendar object stays the same
    (it is replaced when its data changes; holding it means its id is never reused meanwhile)."""
    global _yellow_memo
    cal = calendar()
    if _yellow_memo[0] is not cal or len(_yellow_memo[1]) > 64:
        _yellow_memo = (cal, {})
    lines = _yellow_memo[1]
    hit = lines.get((today, yellow_days))
    if hit is None:
        hit = lines[(today, yellow_days)] = rules.yellow_line(cal, today, yellow_days)
    return hit


_yellow_memo: tuple[object, dict[tuple[date, int], date]] = (None, {})

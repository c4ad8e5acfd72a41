"""The public case lookup's read model (PublicCase): built from the case tables, stored whenever the
case changes (signals.py, inside the change's own transaction, so a lookup never sees half a
change), and rebuilt in bulk after loads that bypass the signals (the demo, benchmarks).

What is stored is language-neutral (codes, ISO dates); labels and the light are added at read
(queries.case_public_lookup). Item and department names are as of the case's last change.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from .models import Case, CaseEvent, Extension, Pause, PublicCase, Rating

CHUNK = 900  # ids per batch: under SQLite's oldest bound-parameter limit

_FIELDS = (
    "id", "number", "query_code", "unit_path", "status", "joint", "supplements", "limit_days",
    "submitted_on", "accepted_on", "due_on", "completed_on", "result", "document_no", "reason",
    "item__name", "item__unit__name", "materials_on", "supplement_notice_on", "deemed_accepted",
)  # fmt: skip


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def snapshots(case_ids: list[int]) -> list[PublicCase]:
    """The read-model rows for these cases (at most CHUNK ids), built in four queries."""
    events, pauses, rated, exts = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
    for cid, kind, step, at in (
        CaseEvent.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "at", "id")
        .values_list("case_id", "kind", "step", "at")
    ):
        events[cid].append([kind, step, timezone.localtime(at).strftime("%Y-%m-%d %H:%M")])
    for cid, kind, first, last, notice_on, expected in (
        Pause.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "first", "id")
        .values_list("case_id", "kind", "first", "last", "notice_on", "expected_days")
    ):
        pauses[cid].append([kind, _iso(first), _iso(last), _iso(notice_on), expected])
    for cid, days, decided_on, told_on, reason in (
        Extension.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "id")
        .values_list("case_id", "days", "decided_on", "told_on", "reason")
    ):
        exts[cid].append([days, _iso(decided_on), _iso(told_on), reason])
    for cid, channel in (
        Rating.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "channel")
        .values_list("case_id", "channel")
    ):
        rated[cid].append(channel)
    rows = []
    for r in Case.objects.filter(pk__in=case_ids).order_by().values_list(*_FIELDS):
        (cid, number, code, path, status, joint, supplements, limit_days) = r[:8]
        (submitted, accepted, due, completed, result, document_no, reason, item, unit) = r[8:17]
        materials_on, notice_on, deemed = r[17:]
        view = {
            "number": number,
            "item": item,
            "unit": unit,
            "status": status,
            "joint": joint,
            "supplements": supplements,
            "limit_days": limit_days,
            "submitted_on": _iso(submitted),
            "accepted_on": _iso(accepted),
            "due_on": _iso(due),
            "completed_on": _iso(completed),
            "result": result,
            "document_no": document_no,
            "reason": reason if status in ("refused", "returned") else "",
            "steps": events[cid],
            "pauses": pauses[cid],
            "extensions": exts[cid],
            "materials_on": _iso(materials_on),
            "supplement_notice_on": _iso(notice_on),
            "deemed_accepted": deemed,
            "rated": rated[cid] if status == "completed" else [],
        }
        rows.append(PublicCase(number=number, case_id=cid, query_code=code, unit_path=path, view=view))
    return rows


def store(rows: list[PublicCase]) -> int:
    PublicCase.objects.bulk_create(
        rows,
        batch_size=CHUNK,
        update_conflicts=True,
        unique_fields=["number"],
        update_fields=["case", "query_code", "unit_path", "view"],
    )
    return len(rows)


def refresh(case_id: int) -> None:
    """Rewrite one case's row (called inside the transaction that changed the case)."""
    store(snapshots([case_id]))


def drop(case_id: int) -> None:
    """Forget one case's row; lookups read the case tables until the next refresh."""
    PublicCase.objects.filter(case_id=case_id).delete()


def rebuild(path: str = "") -> int:
    """Rewrite the rows of every case under `path` (all when empty), CHUNK cases at a time."""
    qs = Case.objects.order_by("pk")
    if path:
        qs = qs.filter(unit_path__startswith=path)
    done, last = 0, 0
    while True:
        ids = list(qs.filter(pk__gt=last).values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return done
        done += store(snapshots(ids))
        last = ids[-1]

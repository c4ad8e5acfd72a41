"""Candidates answering without a login (one-time exam code -> token), and answer sheets keyed twice at paper-based sites.

Their writes (`answer_save`, `event_log`, `candidate_submit`) are built to be retried and to survive
a restart of the app server: every answer is an upsert committed before the reply.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record
from yangguang.core.errors import DomainError

from ..models import (
    Answer,
    Candidate,
    ExamEvent,
    SheetEntry,
)
from ..queries import MANAGE
from ._common import _letters, _require, _token_hash


# -- candidates answering (no login; one-time exam code → token) ----------------------------
def candidate_sign_in(*, exam_code: str, now: datetime | None = None) -> tuple[Candidate, str]:
    now = now or timezone.now()
    code = (exam_code or "").strip().upper().replace(" ", "")
    with transaction.atomic():
        c = (
            Candidate.objects.select_for_update(of=("self",))
            .select_related("exam", "site__sitting")
            .filter(exam_code=code, active=True)
            .first()
        )
        if c is None:
            raise DomainError("bad_code", _("This exam code is not valid."), status=404)
        w = window(c)
        if c.exam.status != "open" or w is None or not (w[0] <= now <= w[1]):
            # nobody sees a question before the sitting starts
            raise DomainError("not_open", _("The exam is not open."), status=409)
        if c.code_used_at is not None:
            ExamEvent.objects.create(candidate=c, kind="code_reuse", at=now)
            used = DomainError(
                "code_used",
                _("This exam code has already been used. Ask an invigilator for a new one."),
                status=409,
            )
        else:
            used = None
            token = secrets.token_urlsafe(24)
            c.code_used_at, c.token_hash = now, _token_hash(token)
            c.started_at = c.started_at or now
            c.save(update_fields=["code_used_at", "token_hash", "started_at"])
            ExamEvent.objects.create(candidate=c, kind="sign_in", at=now)
    if used:
        raise used
    return c, token


SAVE_FIELDS = (
    "id",
    "exam_id",
    "site_id",
    "paper_id",
    "submitted_at",
    "exam__status",
    "site__sitting__starts_at",
    "site__sitting__ends_at",
    "paper__items",
)


def candidate_by_token(token: str | None, lean: bool = False) -> Candidate:
    """The candidate holding this token; `lean` loads only what saving an answer needs."""
    if not token:
        raise DomainError("no_token", _("Sign in with your exam code."), status=401)
    try:  # no ORDER BY/LIMIT 1: the planner must use the token index, not walk the primary key
        qs = Candidate.objects.select_related("exam", "site__sitting", "paper").order_by()
        if lean:
            qs = qs.only(*SAVE_FIELDS)
        c = qs.get(token_hash=_token_hash(token), active=True)
    except Candidate.DoesNotExist:
        c = None
    if c is None:
        raise DomainError("no_token", _("Sign in with your exam code."), status=401)
    return c


def paper_visible(c: Candidate, now: datetime | None = None) -> None:
    """Questions are shown only from the start of the candidate's sitting."""
    w = window(c)
    if w is None or (now or timezone.now()) < w[0]:
        raise DomainError("not_started", _("The sitting has not started yet."), status=409)


def window(c: Candidate) -> tuple[datetime, datetime] | None:
    s = c.site.sitting if c.site_id else c.exam.sittings.order_by("starts_at").first()
    return (s.starts_at, s.ends_at) if s else None


def _check_window(c: Candidate, now: datetime, what: str) -> None:
    w = window(c)
    if w is None or not (w[0] <= now <= w[1]) or c.exam.status != "open":
        ExamEvent.objects.create(
            candidate=c,
            kind=f"late_{what}",
            at=now,
            detail={"window": [x.isoformat() for x in w] if w else None},
        )
        raise DomainError(
            "window_closed", _("The exam is not open at this time; nothing was saved."), status=409
        )


def _valid_value(item: dict, value):
    k = item.get("k")
    n = item.get("n", 0)
    try:
        if value is None:
            return None
        if k == "single":
            v = int(value)
            ok = 0 <= v < n
        elif k == "multi":
            v = sorted({int(x) for x in value})
            ok = all(0 <= x < n for x in v)
        elif k == "tf":
            v = value if isinstance(value, bool) else str(value).lower() in ("true", "1", "对")
            ok = isinstance(value, bool) or str(value).lower() in ("true", "false", "1", "0", "对", "错")
        elif k == "fill":
            v = [str(x)[:200] for x in (value if isinstance(value, list) else [value])]
            ok = len(v) <= max(item.get("b", 1), 1)
        else:
            v = str(value)[:5000]
            ok = True
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise DomainError("bad_value", _("This is not a valid answer to the question."), status=400)
    return v


def answer_save(*, candidate: Candidate, question_id: int, value, now: datetime | None = None) -> dict:
    """Save one answer as given: an idempotent upsert per (candidate, question), committed before
    the reply. Refused (and logged) outside the sitting's window or after submission."""
    now = now or timezone.now()
    c = candidate
    if c.submitted_at is not None:
        raise DomainError("submitted", _("The paper was already submitted; nothing was saved."), status=409)
    _check_window(c, now, "answer")
    item = next((it for it in (c.paper.items if c.paper_id else []) if it["q"] == question_id), None)
    if item is None:
        raise DomainError("not_on_paper", _("This question is not on your paper."), status=400)
    v = _valid_value(item, value)
    n = Answer.objects.filter(candidate_id=c.pk, question_id=question_id).update(
        value=v, saved_at=now, revisions=F("revisions") + 1
    )
    if not n:
        try:
            with transaction.atomic():
                Answer.objects.create(candidate_id=c.pk, question_id=question_id, value=v, saved_at=now)
        except IntegrityError:
            Answer.objects.filter(candidate_id=c.pk, question_id=question_id).update(
                value=v, saved_at=now, revisions=F("revisions") + 1
            )
    return {"question": question_id, "saved_at": now.isoformat()}


_FAST_SELECT = """
SELECT c.id, c.submitted_at, e.status, s.starts_at, s.ends_at, p.items, c.site_id
FROM exams_candidate c
JOIN exams_exam e ON e.id = c.exam_id
LEFT JOIN exams_site st ON st.id = c.site_id
LEFT JOIN exams_sitting s ON s.id = st.sitting_id
LEFT JOIN exams_paper p ON p.id = c.paper_id
WHERE c.token_hash = %s AND c.active
"""
_FAST_UPSERT = """
INSERT INTO exams_answer (candidate_id, question_id, value, saved_at, revisions, rule)
VALUES (%s, %s, %s::jsonb, %s, 1, '')
ON CONFLICT (candidate_id, question_id) DO UPDATE
SET value = EXCLUDED.value, saved_at = EXCLUDED.saved_at, revisions = exams_answer.revisions + 1
"""


def answer_save_by_token(*, token: str | None, question_id: int, value, now: datetime | None = None) -> dict:
    """`answer_save` for the candidate holding `token`, with the same rules. On PostgreSQL it is one
    indexed SELECT and one INSERT … ON CONFLICT (the hot path of a sitting); elsewhere the ORM path."""
    if connection.vendor != "postgresql" or not token:
        return answer_save(
            candidate=candidate_by_token(token, lean=True), question_id=question_id, value=value, now=now
        )
    now = now or timezone.now()
    with connection.cursor() as cur:
        cur.execute(_FAST_SELECT, [_token_hash(token)])
        row = cur.fetchone()
    if row is None:
        raise DomainError("no_token", _("Sign in with your exam code."), status=401)
    cid, submitted_at, status, starts, ends, items, site_id = row
    if site_id is None:  # the window comes from the exam's first sitting: the general path
        return answer_save(
            candidate=candidate_by_token(token, lean=True), question_id=question_id, value=value, now=now
        )
    if submitted_at is not None:
        raise DomainError("submitted", _("The paper was already submitted; nothing was saved."), status=409)
    if status != "open" or not (starts <= now <= ends):
        ExamEvent.objects.create(
            candidate_id=cid,
            kind="late_answer",
            at=now,
            detail={"window": [starts.isoformat(), ends.isoformat()]},
        )
        raise DomainError(
            "window_closed", _("The exam is not open at this time; nothing was saved."), status=409
        )
    items = json.loads(items) if isinstance(items, str) else items or []
    item = next((it for it in items if it["q"] == question_id), None)
    if item is None:
        raise DomainError("not_on_paper", _("This question is not on your paper."), status=400)
    v = _valid_value(item, value)
    with connection.cursor() as cur:
        cur.execute(_FAST_UPSERT, [cid, question_id, json.dumps(v, ensure_ascii=False), now])
    return {"question": question_id, "saved_at": now.isoformat()}


EVENT_KINDS = {"tab_leave", "tab_return", "offline", "online", "reload"}


def event_log(
    *, candidate: Candidate, kind: str, detail: dict | None = None, now: datetime | None = None
) -> None:
    if kind not in EVENT_KINDS:
        raise DomainError("bad_event", _("Unknown event."), status=400)
    ExamEvent.objects.create(candidate=candidate, kind=kind, at=now or timezone.now(), detail=detail or {})


def candidate_submit(*, candidate: Candidate, now: datetime | None = None) -> dict:
    """Submit the paper. Submitting again returns the first submission unchanged."""
    now = now or timezone.now()
    with transaction.atomic():
        c = (
            Candidate.objects.select_for_update(of=("self",))
            .select_related("exam", "site__sitting")
            .get(pk=candidate.pk)
        )
        if c.submitted_at is None:
            _check_window(c, now, "submit")
            c.submitted_at = now
            c.save(update_fields=["submitted_at"])
            ExamEvent.objects.create(candidate=c, kind="submit", at=now)
            replay = False
        else:
            replay = True
        saved = Answer.objects.filter(candidate=c).count()
    return {"submitted_at": c.submitted_at.isoformat(), "answers": saved, "replayed": replay}


# -- answer sheets at paper-based sites (keyed twice) ---------------------------------------
def _sheet_value(item: dict, text: str):
    t = str(text or "").strip()
    if t == "":
        return None
    k = item.get("k")
    shown = item.get("perm") or list(range(item.get("n", 0)))
    if k in ("single", "multi"):
        letters = _letters(t)
        canon = sorted(shown[x] for x in letters if 0 <= x < len(shown))
        return canon[0] if k == "single" and canon else canon
    if k == "tf":
        return t in ("对", "√", "T", "t", "1", "true")
    if k == "fill":
        return [x.strip() for x in t.split("|")]
    return t


@transaction.atomic
def sheet_key(*, actor, candidate: Candidate, round: int, answers: dict) -> dict:
    """Key in one paper answer sheet ({item number: text as written}). After the second keying the
    two are compared: mismatches are flagged and nothing is saved until they agree."""
    exam = candidate.exam
    _require(actor, MANAGE + ("invigilator",), exam.unit)
    if round not in (1, 2):
        raise DomainError("bad_round", _("A sheet is keyed in round 1 or 2."))
    other = SheetEntry.objects.filter(candidate=candidate).exclude(round=round).first()
    if other and other.by_id == actor.pk:
        raise DomainError("same_keyer", _("The second keying must be done by someone else."))
    clean = {str(int(k)): str(v).strip() for k, v in answers.items()}
    SheetEntry.objects.update_or_create(
        candidate=candidate, round=round, defaults={"answers": clean, "by": actor}
    )
    if other is None:
        return {"status": "waiting", "mismatches": []}
    mism = sorted(
        (int(k) for k in set(clean) | set(other.answers) if clean.get(k, "") != other.answers.get(k, "")),
    )
    if mism:
        record(
            actor=actor, action="sheet_mismatch", instance=candidate, unit=exam.unit, after={"items": mism}
        )
        return {"status": "mismatch", "mismatches": mism}
    items = candidate.paper.items
    now = timezone.now()
    Answer.objects.filter(candidate=candidate).delete()
    rows = []
    for k, text in clean.items():
        i = int(k) - 1
        if 0 <= i < len(items):
            v = _sheet_value(items[i], text)
            if v is not None:
                rows.append(Answer(candidate=candidate, question_id=items[i]["q"], value=v, saved_at=now))
    Answer.objects.bulk_create(rows)
    candidate.submitted_at = candidate.submitted_at or now
    candidate.save(update_fields=["submitted_at"])
    record(
        actor=actor, action="sheet_keyed", instance=candidate, unit=exam.unit, after={"answers": len(rows)}
    )
    return {"status": "saved", "mismatches": [], "answers": len(rows)}

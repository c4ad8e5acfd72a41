"""Closing a contest, objective scores, sealed double-blind marking, unsealing and advancement."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_update, snapshot
from yangguang.core.errors import Conflict, DomainError, Forbidden, NotFound
from yangguang.core.review import resolve_2p1p1

from ..models import (
    OBJECTIVE,
    Answer,
    Candidate,
    Exam,
    ExamUnit,
    Mark,
    Paper,
    Question,
    UnitResult,
)
from ..queries import GRADE, MANAGE, can
from ..rules import advancement, grading
from ._common import _require


# -- grading ----------------------------------------------------------------------------------
def objective_scores(exam: Exam, chunk: int = 20000) -> dict[int, Decimal]:
    """Objective totals per candidate, graded from the keys (pure rules)."""
    keys = {}
    items_of = {}
    for p in Paper.objects.filter(exam=exam):
        items_of[p.pk] = {it["q"]: it["points"] for it in p.items if it.get("k") in OBJECTIVE}
        keys.update(dict.fromkeys(items_of[p.pk]))
    for q in Question.objects.filter(pk__in=list(keys)).values("id", "kind", "answer"):
        keys[q["id"]] = (q["kind"], q["answer"])
    paper_of = dict(Candidate.objects.filter(exam=exam, active=True).values_list("id", "paper_id"))
    totals = dict.fromkeys(paper_of, Decimal(0))
    qs = (
        Answer.objects.filter(candidate__exam=exam, candidate__active=True, question_id__in=list(keys))
        .values_list("candidate_id", "question_id", "value")
        .iterator(chunk_size=chunk)
    )
    grade = grading.grade
    for cid, qid, value in qs:
        pts = items_of.get(paper_of[cid], {}).get(qid)
        if pts is None:
            continue
        kind, key = keys[qid]
        totals[cid] += grade(kind, key, value, pts)[0]
    return totals


@transaction.atomic
def exam_close(*, actor, exam: Exam, now: datetime | None = None) -> dict:
    """Close the sitting: unsubmitted papers are taken as they were saved; objective questions graded."""
    _require(actor, MANAGE, exam.unit)
    if exam.status != "open":
        raise Conflict("bad_state", _("Only an open contest can be closed."))
    now = now or timezone.now()
    auto = Candidate.objects.filter(
        exam=exam, active=True, submitted_at__isnull=True, answers__isnull=False
    ).distinct()
    auto_ids = list(auto.values_list("id", flat=True))
    Candidate.objects.filter(pk__in=auto_ids).update(submitted_at=now)
    n = grade_objective(actor=actor, exam=exam)
    before = snapshot(exam)
    exam.status = "grading"
    exam.save(update_fields=["status"])
    record_update(
        actor=actor, instance=exam, before=before, unit=exam.unit, note=f"auto-submitted {len(auto_ids)}"
    )
    return {"auto_submitted": len(auto_ids), "graded": n}


def grade_objective(*, actor, exam: Exam) -> int:
    _require(actor, MANAGE, exam.unit)
    totals = objective_scores(exam)
    cands = [Candidate(pk=cid, objective_score=v) for cid, v in totals.items()]
    with transaction.atomic():
        Candidate.objects.bulk_update(cands, ["objective_score"], batch_size=2000)
        record(
            actor=actor,
            action="grade_objective",
            instance=exam,
            unit=exam.unit,
            after={"candidates": len(cands)},
        )
    return len(cands)


@transaction.atomic
def mark_submit(*, actor, answer_id: int, points) -> dict:
    """A grader's mark of a short answer. The 2+1+1 rule (core.review) decides whether a third
    grader or the group leader is needed; the same grader never marks one answer twice."""
    try:
        a = (
            Answer.objects.select_for_update(of=("self",))
            .select_related("candidate__exam__unit", "candidate__paper")
            .get(pk=answer_id, question__kind="short")
        )
    except (Answer.DoesNotExist, ValueError, TypeError):
        raise NotFound()
    exam = a.candidate.exam
    if not can(actor, GRADE, exam.unit):
        raise NotFound()
    if exam.status != "grading":
        raise Conflict("bad_state", _("Grading is not open."))
    maxp = next(
        (Decimal(str(it["points"])) for it in a.candidate.paper.items if it["q"] == a.question_id), Decimal(0)
    )
    try:
        pts = Decimal(str(points))
    except InvalidOperation:
        raise DomainError("bad_points", _("A mark must be a number."), {"field": "points"})
    if pts < 0 or pts > maxp:
        raise DomainError(
            "bad_points", _("A mark must be between 0 and %(max)s.") % {"max": maxp}, {"field": "points"}
        )
    marks = list(a.marks.order_by("id"))
    if any(m.grader_id == actor.pk for m in marks):
        raise Conflict("already_marked", _("You have already marked this answer."))
    ordinary = [m.points for m in marks if m.slot in "123"]
    leader = next((m.points for m in marks if m.slot == "L"), None)
    state = resolve_2p1p1(ordinary, exam.mark_tolerance, leader)
    if marks and state.needs is None:
        raise Conflict("settled", _("This answer is already settled."))
    if state.needs == "leader":
        if exam.grading_leader_id != actor.pk:
            raise Forbidden(_("Only the grading group leader may settle this answer."))
        slot = "L"
    else:
        slot = str(len(ordinary) + 1)
    m = Mark.objects.create(answer=a, grader=actor, slot=slot, points=pts)
    ordinary = ordinary + [pts] if slot != "L" else ordinary
    state = resolve_2p1p1(ordinary, exam.mark_tolerance, pts if slot == "L" else None)
    if state.needs is None:
        a.score, a.rule = state.result, state.rule[:200]
        a.save(update_fields=["score", "rule"])
    # audit by seal code only: the trail of a grader's work never names the candidate
    record(
        actor=actor,
        action="mark",
        model="exams.mark",
        object_id=m.pk,
        unit=exam.unit,
        after={"seal_code": a.candidate.seal_code, "question": a.question_id, "slot": slot, "points": pts},
    )
    return {"slot": slot, "needs": state.needs, "result": state.result, "rule": state.rule}


@transaction.atomic
def exam_unseal(*, actor, exam: Exam) -> dict:
    """Open the seal and publish in one audited step: totals, unit results, advancement."""
    _require(actor, MANAGE, exam.unit)
    if exam.status != "grading":
        raise Conflict("bad_state", _("The seal can be opened only when grading is done."))
    pending = Answer.objects.filter(
        candidate__exam=exam, candidate__active=True, question__kind="short", score__isnull=True
    )
    if pending.exists():
        raise Conflict(
            "grading_open",
            _("%(n)d short answers are not settled yet.") % {"n": pending.count()},
            {"pending": pending.count()},
        )
    subj: dict[int, Decimal] = {}
    for cid, score in Answer.objects.filter(
        candidate__exam=exam, candidate__active=True, question__kind="short"
    ).values_list("candidate_id", "score"):
        subj[cid] = subj.get(cid, Decimal(0)) + score
    cands = list(Candidate.objects.filter(exam=exam, active=True))
    for c in cands:
        c.subjective_score = subj.get(c.pk, Decimal(0))
        c.total = (c.objective_score or Decimal(0)) + c.subjective_score
    Candidate.objects.bulk_update(cands, ["subjective_score", "total"], batch_size=2000)
    ranked = _advancement(exam, cands)
    before = snapshot(exam)
    exam.status, exam.unsealed_at = "published", timezone.now()
    exam.save(update_fields=["status", "unsealed_at"])
    record_update(
        actor=actor,
        instance=exam,
        before=before,
        unit=exam.unit,
        note=f"unsealed: {len(cands)} candidates, {sum(r.advanced for r in ranked)} units advance",
    )
    return {"candidates": len(cands), "advanced": [r.unit_id for r in ranked if r.advanced]}


def _advancement(exam: Exam, cands: list[Candidate]) -> list:
    by_unit: dict[int, list] = {eu.unit_id: [] for eu in ExamUnit.objects.filter(exam=exam)}
    submitted: dict[int, int] = {}
    for c in cands:
        by_unit.setdefault(c.unit_id, []).append(c.total if c.submitted_at else None)
        submitted[c.unit_id] = submitted.get(c.unit_id, 0) + (1 if c.submitted_at else 0)
    ranked = advancement.rank_units(
        [advancement.UnitScores(u, tuple(s)) for u, s in by_unit.items()], exam.advance_count, exam.unit_rule
    )
    UnitResult.objects.filter(exam=exam).delete()
    UnitResult.objects.bulk_create(
        [
            UnitResult(
                exam=exam,
                unit_id=r.unit_id,
                candidates=len(by_unit[r.unit_id]),
                submitted=submitted.get(r.unit_id, 0),
                value=r.value,
                best=r.best,
                rank=r.rank,
                advanced=r.advanced,
                rule=r.rule[:300],
            )
            for r in ranked
        ]
    )
    return ranked

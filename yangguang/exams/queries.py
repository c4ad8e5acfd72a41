"""Reads, each scoped to the actor. Another unit's exam or question is the same NotFound as a
missing one. Graders get seal codes only: `grading_*` reads never touch a candidate's person or unit.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from yangguang.core.errors import NotFound
from yangguang.orgs.queries import has_role, scope_q

from .models import Answer, Candidate, Exam, ExamEvent, Final, Mark, Question, Site

MANAGE = ("admin",)
VIEW = ("admin", "supervisor", "viewer", "invigilator", "leader")
GRADE = ("grader",)
SET = ("setter",)


def can(actor, roles, unit) -> bool:
    return has_role(actor, roles, unit)


def exam_list(*, actor, roles=VIEW) -> QuerySet:
    return Exam.objects.filter(scope_q(actor, "unit__path", roles=roles)).select_related("unit")


def exam_get(*, actor, exam_id, roles=VIEW) -> Exam:
    try:
        return exam_list(actor=actor, roles=roles).get(pk=exam_id)
    except (Exam.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def question_list(*, actor, q: str = "", kind: str = "", category: int | None = None) -> QuerySet:
    qs = Question.objects.filter(scope_q(actor, "unit__path", roles=SET)).select_related("category")
    if q:
        qs = qs.filter(Q(stem__icontains=q) | Q(legal_basis__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if category:
        qs = qs.filter(Q(category_id=category) | Q(category__parent_id=category))
    return qs.order_by("id")


def question_get(*, actor, question_id) -> Question:
    try:
        return question_list(actor=actor).get(pk=question_id)
    except (Question.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def candidate_list(*, actor, exam: Exam, q: str = "") -> QuerySet:
    if not can(actor, VIEW, exam.unit):
        raise NotFound()
    qs = Candidate.objects.filter(exam=exam, active=True).select_related("person", "unit", "site")
    if q:
        qs = qs.filter(Q(person__name__icontains=q) | Q(unit__name__icontains=q))
    return qs.order_by("unit__path", "seat", "id")


def site_list(*, actor, exam: Exam) -> QuerySet:
    if not can(actor, VIEW, exam.unit):
        raise NotFound()
    return (
        Site.objects.filter(sitting__exam=exam)
        .select_related("unit", "sitting")
        .prefetch_related("staff__person__unit", "patrols__person", "units")
        .annotate(n=Count("candidates", filter=Q(candidates__active=True)))
    )


def events_for(*, actor, exam: Exam, site_id: int | None = None) -> QuerySet:
    if not can(actor, VIEW, exam.unit):
        raise NotFound()
    qs = ExamEvent.objects.filter(candidate__exam=exam).select_related("candidate__person", "candidate__site")
    if site_id:
        qs = qs.filter(candidate__site_id=site_id)
    return qs.order_by("-at", "-id")


# -- grading: seal codes only ----------------------------------------------------------------
def grading_exams(*, actor) -> QuerySet:
    return exam_list(actor=actor, roles=GRADE).filter(status="grading")


def grading_queue(*, actor, exam: Exam) -> list[dict]:
    """Short answers needing a mark from this grader: seal code, question, answer, rubric. No names."""
    from yangguang.core.review import resolve_2p1p1

    if not can(actor, GRADE, exam.unit):
        raise NotFound()
    answers = (
        Answer.objects.filter(candidate__exam=exam, candidate__active=True, question__kind="short")
        .values(
            "id",
            "candidate__seal_code",
            "candidate__paper__items",
            "question_id",
            "question__stem",
            "question__rubric",
            "value",
            "score",
        )
        .order_by("candidate__seal_code", "question_id")
    )
    marks: dict[int, list] = {}
    for m in (
        Mark.objects.filter(answer__candidate__exam=exam)
        .order_by("id")
        .values("answer_id", "grader_id", "slot", "points")
    ):
        marks.setdefault(m["answer_id"], []).append(m)
    out = []
    is_leader = exam.grading_leader_id == actor.pk
    for a in answers:
        ms = marks.get(a["id"], [])
        state = resolve_2p1p1(
            [m["points"] for m in ms if m["slot"] in "123"],
            exam.mark_tolerance,
            next((m["points"] for m in ms if m["slot"] == "L"), None),
        )
        mine = next((m for m in ms if m["grader_id"] == actor.pk), None)
        needs = "first" if not ms else state.needs
        if state.needs is None and ms:
            continue
        if mine or (needs == "leader" and not is_leader):
            continue
        points = next(
            (
                Decimal(str(it["points"]))
                for it in a["candidate__paper__items"] or []
                if it["q"] == a["question_id"]
            ),
            Decimal(0),
        )
        out.append(
            {
                "answer_id": a["id"],
                "seal_code": a["candidate__seal_code"],
                "question": a["question__stem"],
                "rubric": a["question__rubric"],
                "answer": a["value"] or "",
                "max_points": points,
                "needs": needs,
            }
        )
    return out


def grading_answer(*, actor, answer_id) -> dict:
    try:
        a = Answer.objects.select_related("candidate__exam__unit").get(pk=answer_id, question__kind="short")
    except (Answer.DoesNotExist, ValueError, TypeError):
        raise NotFound()
    if not can(actor, GRADE, a.candidate.exam.unit):
        raise NotFound()
    for item in grading_queue(actor=actor, exam=a.candidate.exam):
        if item["answer_id"] == a.pk:
            return item
    raise NotFound()


def results(*, actor, exam: Exam) -> QuerySet:
    """Individual results: names appear only after the seal is opened."""
    if not can(actor, VIEW, exam.unit) or exam.unsealed_at is None:
        raise NotFound()
    return (
        Candidate.objects.filter(exam=exam, active=True)
        .select_related("person", "unit")
        .order_by("-total", "seal_code")
    )


def final_get(*, actor, final_id, roles=VIEW) -> Final:
    try:
        f = Final.objects.select_related("exam__unit").get(pk=final_id)
    except (Final.DoesNotExist, ValueError, TypeError):
        raise NotFound()
    if not can(actor, roles, f.exam.unit):
        raise NotFound()
    return f


def scoreboard(final: Final) -> dict:
    """Public: team names, totals and ranks (no individual data)."""
    from .rules.finals import standings

    teams = list(final.teams.all())
    events = list(final.events.values_list("team_id", "outcome", "delta"))
    st = {s.team_id: s for s in standings([t.pk for t in teams], events)}
    rows = sorted(
        [
            {
                "team": t.name,
                "team_id": t.pk,
                "total": str(st[t.pk].total),
                "rank": st[t.pk].rank,
                "correct": st[t.pk].correct,
                "fouls": st[t.pk].fouls,
            }
            for t in teams
        ],
        key=lambda r: (r["rank"], r["team_id"]),
    )
    cur = final.current_round
    return {
        "final": final.name,
        "round": {"name": cur.name, "kind": cur.kind} if cur else None,
        "closed": final.closed_at is not None,
        "teams": rows,
        "events": final.events.count(),
    }


def workbench_counts(actor, today) -> list[dict]:
    """Rows {key, label, count, light, url: (url name, args, query)} for the staff workbench: the
    contests this person manages that are being sat or wait to be unsealed, then one row per exam in
    grading with short answers waiting for this grader. Reads only; `today` is unused (these steps have
    no clock) but kept so every domain answers the same call."""
    from django.utils.translation import gettext as _

    managed = exam_list(actor=actor, roles=MANAGE)
    out = [
        {
            "key": "exams.sitting_open",
            "label": _("Knowledge contests being sat now"),
            "count": managed.filter(status="open").count(),
            "light": "",
            "url": ("exams:home", (), ""),
        },
        {
            "key": "exams.to_unseal",
            "label": _("Knowledge contests graded and waiting to be unsealed"),
            "count": managed.filter(status="grading").count(),
            "light": "",
            "url": ("exams:home", (), ""),
        },
    ]
    for exam in grading_exams(actor=actor).order_by("pk"):
        n = len(grading_queue(actor=actor, exam=exam))
        out.append(
            {
                "key": f"exams.grading.{exam.pk}",
                "label": _("Answers waiting for your grading: %(exam)s") % {"exam": exam.name},
                "count": n,
                "light": "",
                "url": ("exams:grading", (exam.pk,), ""),
            }
        )
    return out

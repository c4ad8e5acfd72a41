"""The preliminary of the demo contest: the bank loaded, the blueprint, answers as given on the day, 2+1+1 grading."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from yangguang.core.review import resolve_2p1p1
from yangguang.orgs.models import Unit

from ..models import Answer, Candidate, Category, Exam, Mark, Question
from ._common import GRADERS
from .bank import questions

STRONG = {
    "PBC-JN-13": 0.90,
    "PBC-JN-03": 0.86,
    "PBC-JN-02": 0.84,
    "PBC-JN-06": 0.83,
    "PBC-JN-07": 0.82,
    "PBC-JN-08": 0.82,
    "PBC-JN-09": 0.81,
    "PBC-JN-10": 0.80,
}


def _bank(actor, root: Unit) -> int:
    if Question.objects.filter(unit=root).exists():
        return 0
    cats: dict[str, Category] = {}

    def cat(path: str) -> Category:
        if path not in cats:
            parts = path.split("/")
            parent = cat("/".join(parts[:-1])) if len(parts) > 1 else None
            cats[path], _ = Category.objects.get_or_create(unit=root, parent=parent, name=parts[-1])
        return cats[path]

    diff = {"single": 1, "tf": 1, "multi": 2, "fill": 2, "short": 3}
    from ..rules.dupes import fingerprint

    rows = [
        Question(
            unit=root,
            category=cat(q["category"]),
            kind=q["kind"],
            stem=q["stem"],
            options=q["options"],
            answer=q["answer"],
            rubric=q.get("rubric", ""),
            legal_basis=q["legal_basis"],
            explanation=q["explanation"],
            difficulty=diff[q["kind"]],
            fingerprint=fingerprint(q["stem"]),
        )
        for q in questions()
    ]
    Question.objects.bulk_create(rows)
    from yangguang.audit.actions import record

    record(
        actor=actor,
        action="import",
        model="exams.question",
        unit=root,
        after={"created": len(rows)},
        note="demo bank",
    )
    return len(rows)


BLUEPRINT = [
    ("single", "政务公开", 10, 1),
    ("single", "依法行政", 10, 1),
    ("single", "党风廉政", 10, 1),
    ("multi", "政务公开", 3, 2),
    ("multi", "依法行政", 3, 2),
    ("multi", "党风廉政", 3, 2),
    ("tf", "政务公开", 5, 1),
    ("tf", "依法行政", 5, 1),
    ("tf", "党风廉政", 5, 1),
    ("fill", "政务公开", 4, 2),
    ("fill", "依法行政", 3, 2),
    ("fill", "党风廉政", 3, 2),
    ("short", "政务公开", 1, 9),
    ("short", "党风廉政", 1, 8),
]


def _simulate(exam: Exam, rng: random.Random) -> int:
    """Answers as the candidates gave them on the day (accuracy by unit), saved in the window."""
    keys = {
        q["id"]: q for q in Question.objects.filter(unit=exam.unit).values("id", "kind", "answer", "options")
    }
    s = exam.sittings.first()
    rows = []
    cands = list(Candidate.objects.filter(exam=exam, active=True).select_related("unit", "paper"))
    for c in cands:
        acc = STRONG.get(c.unit.code, 0.62 + (sum(map(ord, c.unit.code)) % 9) / 100)
        if rng.random() < 0.01:  # absent on the day
            continue
        for i, it in enumerate(c.paper.items):
            q = keys[it["q"]]
            right = rng.random() < acc
            if q["kind"] == "single":
                v = (
                    q["answer"]
                    if right
                    else (q["answer"] + 1 + rng.randrange(len(q["options"]) - 1)) % len(q["options"])
                )
            elif q["kind"] == "multi":
                v = q["answer"] if right else q["answer"][:-1] or [0]
            elif q["kind"] == "tf":
                v = q["answer"] if right else not q["answer"]
            elif q["kind"] == "fill":
                v = [b[0] for b in q["answer"]] if right else ["不清楚"]
            else:
                v = (
                    "一岗双责是指领导干部既要抓好业务工作，又要对分管范围内的党风廉政建设负责。"
                    if right
                    else "略。"
                )
            rows.append(
                Answer(
                    candidate=c,
                    question_id=it["q"],
                    value=v,
                    saved_at=s.starts_at + timedelta(minutes=3 + i),
                    revisions=1,
                )
            )
        c.submitted_at = s.starts_at + timedelta(minutes=100 + rng.randrange(15))
        c.code_used_at = c.started_at = s.starts_at + timedelta(minutes=1)
    Answer.objects.bulk_create(rows, batch_size=5000)
    Candidate.objects.bulk_update(cands, ["submitted_at", "code_used_at", "started_at"], batch_size=1000)
    return len(rows)


def _grade(exam: Exam, graders: dict, rng: random.Random) -> int:
    """Two graders per short answer under the 2+1+1 rule (a few go to a third grader or the leader)."""
    g1, g2, g3, lead = (graders[u] for u, _n in GRADERS)
    answers = list(
        Answer.objects.filter(candidate__exam=exam, question__kind="short").select_related("candidate__paper")
    )
    marks, tol = [], exam.mark_tolerance
    for a in answers:
        maxp = next(Decimal(str(it["points"])) for it in a.candidate.paper.items if it["q"] == a.question_id)
        base = maxp * Decimal("0.8") if len(a.value or "") > 5 else maxp * Decimal("0.2")
        m1 = max(Decimal(0), min(maxp, (base + rng.choice([-1, 0, 0, 1])).quantize(Decimal("1"))))
        m2 = max(
            Decimal(0), min(maxp, m1 + rng.choice([0, 0, 1, -1, 3] if rng.random() < 0.2 else [0, 1, -1]))
        )
        ms = [(g1, "1", m1), (g2, "2", m2)]
        state = resolve_2p1p1([m1, m2], tol)
        if state.needs == "third":
            m3 = m1 if rng.random() < 0.7 else max(Decimal(0), m1 - 3)
            ms.append((g3, "3", m3))
            state = resolve_2p1p1([m1, m2, m3], tol)
            if state.needs == "leader":
                ms.append((lead, "L", m1))
                state = resolve_2p1p1([m1, m2, m3], tol, m1)
        a.score, a.rule = state.result, state.rule[:200]
        marks += [Mark(answer=a, grader=g, slot=s, points=p) for g, s, p in ms]
    Mark.objects.bulk_create(marks, batch_size=5000)
    Answer.objects.bulk_update(answers, ["score", "rule"], batch_size=2000)
    return len(marks)

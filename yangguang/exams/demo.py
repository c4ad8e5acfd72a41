"""The demo contest from the seed: 人行济南分行「深化政务公开、推进依法行政」业务竞赛.

Preliminary on 2010-04-08 at 17 sites at once (分行机关 and 营业管理部 share the Jinan site): 15% of
each of the 18 units' staff, rounded half up — 528 candidates; 17 cross-invigilation groups of two;
patrols by 李建文 and 黄向庆; graded (short answers by two graders under the 2+1+1 rule), unsealed;
the best 8 units advance; the final with 8 teams, three rounds and an arbitration ruling; 临沂中支
wins the team first prize. Plus a small open "体验" sitting whose exam codes are printed, to try the
candidate pages. Idempotent: keyed by the contest's name.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from yangguang.core.review import resolve_2p1p1
from yangguang.orgs.models import Person, Post, Unit

from . import actions
from .demo_bank import questions
from .models import Answer, Candidate, Category, Exam, Mark, Question, Site

NAME = "“深化政务公开、推进依法行政”业务竞赛"
TRY_NAME = "政务公开知识体验测试"
PASSWORD = "yangguang-demo"
LEADERS = [
    ("PBC-JN-LDR-01", "辛树人", "分行党委委员、纪委书记", "head"),
    ("PBC-JN-LDR-02", "黄向庆", "分行党委委员、副行长", "deputy"),
    ("PBC-JN-LDR-03", "李建文", "分行副行长", None),
    ("PBC-JN-LDR-04", "王立新", "分行办公室主任", "member"),
    ("PBC-JN-LDR-05", "陈树明", "法律事务处处长", "member"),
    ("PBC-JN-LDR-06", "刘晓燕", "纪委（监察室）主任", "member"),
    ("PBC-JN-LDR-07", "赵国华", "工会办公室主任", "member"),
    ("PBC-JN-LDR-08", "孙丽娟", "竞赛办公室（法律事务处）", "office"),
]
GRADERS = [
    ("jn_grader1", "周文静"),
    ("jn_grader2", "吴志刚"),
    ("jn_grader3", "郑海燕"),
    ("jn_gleader", "冯建国"),
]
# Units that prepared hardest (the seed: 淄博、临沂等8家中心支行 advanced): their answer accuracy.
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
TZ = timezone.get_default_timezone()


def _at(y, mo, d, h, mi=0):
    return timezone.make_aware(datetime(y, mo, d, h, mi), TZ)


def _people(root: Unit) -> dict:
    existing = set(Person.objects.filter(code__in=[c for c, *_ in LEADERS]).values_list("code", flat=True))
    Person.objects.bulk_create(
        [Person(code=c, name=n, title=t, unit=root) for c, n, t, _r in LEADERS if c not in existing]
    )
    User = get_user_model()
    out = {}
    for username, name in GRADERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(PASSWORD)
            user.save()
        person, _ = Person.objects.get_or_create(
            code=f"PBC-JN-GR-{username}",
            defaults={"name": name, "unit": root, "title": "阅卷人", "user": user},
        )
        Post.objects.get_or_create(person=person, unit=root, role="grader")
        out[username] = user
    return out


def _posts(units: list[Unit]) -> None:
    """Each unit's -0003 is its liaison; three people of every 中心支行 may invigilate elsewhere."""
    codes = {}
    for u in units:
        codes[f"{u.code}-0003"] = (u, "liaison", "联络员")
        if u.code not in ("PBC-JN-JG", "PBC-JN-YGB"):
            for k in (4, 5, 6):
                codes[f"{u.code}-{k:04d}"] = (u, "invigilator", "监考人员")
    people = dict(Person.objects.filter(code__in=list(codes)).values_list("code", "id"))
    Post.objects.bulk_create(
        [Post(person_id=people[c], unit=u, role=r, title=t) for c, (u, r, t) in codes.items() if c in people],
        ignore_conflicts=True,
    )


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
    from .rules.dupes import fingerprint

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


def _cells(root: Unit, spec) -> list[dict]:
    tops = {c.name: c.pk for c in Category.objects.filter(unit=root, parent=None)}
    return [
        {"kind": k, "category": tops[c], "difficulty": None, "count": n, "points": p} for k, c, n, p in spec
    ]


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


def _final(exam: Exam, admin, leaders: dict) -> dict:
    f = actions.final_create(
        actor=admin,
        exam=exam,
        name="“深化政务公开、推进依法行政”知识竞赛决赛",
        held_at=_at(2010, 4, 23, 14, 30),
    )
    for code in ("PBC-JN-LDR-05", "PBC-JN-LDR-06", "PBC-JN-LDR-04", "PBC-JN-LDR-07", "PBC-JN-LDR-08"):
        actions.juror_add(actor=admin, final=f, person=leaders[code], chair=code == "PBC-JN-LDR-05")
    teams = {t.unit.code: t for t in f.teams.select_related("unit")}
    order = list(teams)

    def play(kind, name, script):
        actions.round_start(actor=admin, final=f, kind=kind, name=name)
        evs = []
        for code, outcome, value, q in script:
            if code in teams:
                evs.append(
                    actions.score_record(
                        actor=admin, final=f, team=teams[code], outcome=outcome, value=value, question=q
                    )
                )
        return evs

    ly = "PBC-JN-13"
    play(
        "bida",
        "第一轮 必答题",
        [
            (c, "correct" if (i + k) % 4 else "wrong", None, f"必答第{k + 1}题")
            for k in range(2)
            for i, c in enumerate(order)
        ]
        + [(ly, "correct", None, "必答加题")],
    )
    evs = play(
        "qiangda",
        "第二轮 抢答题",
        [
            (ly, "wrong", None, "抢答第1题：依申请公开延期答复的最长期限"),
            ("PBC-JN-03", "correct", None, "抢答第2题"),
            (order[2], "foul", None, "抢答第3题（提前抢答）"),
            (ly, "correct", None, "抢答第4题"),
            ("PBC-JN-02", "wrong", None, "抢答第5题"),
            (order[-1], "correct", None, "抢答第6题"),
        ],
    )
    play(
        "fengxian",
        "第三轮 风险题",
        [
            (c, "correct" if i % 3 != 1 else "wrong", [10, 20, 30][i % 3], "风险题")
            for i, c in enumerate(order)
        ],
    )
    arb = actions.arbitration_open(
        actor=admin,
        event=evs[0],
        raised_by="临沂中支代表队",
        claim="选手答“最长不超过二十个工作日”，主持人判错；代表队认为与标准答案“20个工作日”一致。",
    )
    for code, overturn, reason in [
        ("PBC-JN-LDR-05", True, "“二十个工作日”与“20个工作日”表述一致，应判正确"),
        ("PBC-JN-LDR-06", True, "答案要点完整"),
        ("PBC-JN-LDR-04", True, "同意改判"),
    ]:
        r = actions.vote_cast(
            actor=admin, arbitration=arb, juror=leaders[code], overturn=overturn, reason=reason
        )
        if r["status"] != "open":
            break
    actions.final_close(actor=admin, final=f)
    prizes = actions.prizes_award(
        actor=admin,
        final=f,
        levels=[("团体一等奖", 1), ("团体二等奖", 2), ("团体三等奖", 3), ("团体优秀奖", 2)],
    )
    return {"final": f.pk, "teams": len(teams), "first_prize": prizes[0].team.name if prizes else None}


def _tryout(admin, setter, root: Unit) -> list[str]:
    """A small open sitting to try the candidate pages (the codes are printed by `yangguang demo`)."""
    exam = Exam.objects.filter(unit=root, name=TRY_NAME).first()
    if exam is None:
        jg = Unit.objects.get(code="PBC-JN-JG")
        exam = actions.exam_create(
            actor=admin, unit=root, name=TRY_NAME, versions="A", duration_minutes=60, advance_count=1
        )
        actions.exam_units_set(actor=admin, exam=exam, units=[jg], quotas={jg.pk: 5})
        people = list(Person.objects.filter(unit=jg).order_by("code").values_list("id", flat=True)[10:15])
        actions.candidates_nominate(actor=admin, exam=exam, unit=jg, person_ids=people)
        now = timezone.now()
        s = actions.sitting_create(
            actor=admin,
            exam=exam,
            name="体验场次",
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(days=60),
        )
        actions.site_create(actor=admin, sitting=s, unit=jg, name="分行机关体验考点", seats=10)
        actions.seats_assign(actor=admin, exam=exam, seed=1)
        bp = actions.blueprint_save(
            actor=setter,
            exam=exam,
            name="体验蓝图",
            cells=_cells(
                root,
                [
                    ("single", "政务公开", 3, 10),
                    ("multi", "依法行政", 1, 10),
                    ("tf", "党风廉政", 2, 10),
                    ("fill", "政务公开", 1, 10),
                    ("short", "党风廉政", 1, 20),
                ],
            ),
        )
        actions.papers_draw(actor=setter, exam=exam, blueprint=bp, seed=2010)
        actions.candidate_papers_generate(actor=admin, exam=exam)
        actions.exam_open(actor=admin, exam=exam)
    return list(
        Candidate.objects.filter(exam=exam, code_used_at__isnull=True).values_list("exam_code", flat=True)
    )


def build(stdout=None) -> dict:
    root = Unit.objects.filter(code="PBC-JN").first()
    if root is None:
        return {"skipped": "no PBC-JN (run the orgs demo first)"}
    User = get_user_model()
    admin = User.objects.filter(username="jinan").first() or User.objects.filter(is_superuser=True).first()
    jp = Person.objects.filter(user=admin).first()
    if jp:
        for role in ("setter", "admin"):
            Post.objects.get_or_create(person=jp, unit=root, role=role)
    graders = _people(root)
    exam = Exam.objects.filter(unit=root, name=NAME).first()
    if exam is not None:
        return {
            "exam": exam.pk,
            "candidates": exam.candidates.filter(active=True).count(),
            "created": False,
            "tryout_codes": _tryout(admin, admin, root),
        }
    units = [Unit.objects.get(code="PBC-JN-JG"), Unit.objects.get(code="PBC-JN-YGB")] + list(
        Unit.objects.filter(code__regex=r"^PBC-JN-[0-9]{2}$").order_by("code")
    )
    _posts(units)
    n_questions = _bank(admin, root)
    leaders = {p.code: p for p in Person.objects.filter(code__startswith="PBC-JN-LDR-")}
    exam = actions.exam_create(
        actor=admin,
        unit=root,
        name=NAME,
        quota_percent=15,
        advance_count=8,
        grading_leader=graders["jn_gleader"],
        mark_tolerance=2,
    )
    Exam.objects.filter(pk=exam.pk).update(seed=20100408)
    for code, _name, title, role in LEADERS:
        if role:
            actions.committee_add(actor=admin, exam=exam, person=leaders[code], role=role, title=title)
    actions.exam_units_set(actor=admin, exam=exam, units=units)
    actions.quota_draw(actor=admin, exam=exam, seed=20100408)
    s = actions.sitting_create(
        actor=admin, exam=exam, name="预赛笔试", starts_at=_at(2010, 4, 8, 9), ends_at=_at(2010, 4, 8, 11)
    )
    actions.site_create(
        actor=admin,
        sitting=s,
        unit=units[0],
        units=units[:2],
        name="济南分行机关考点",
        seats=100,
        address="济南市经七路",
    )
    for u in units[2:]:
        city = u.name.replace("市中心支行", "")
        actions.site_create(actor=admin, sitting=s, unit=u, name=f"{city}中支考点", seats=60)
    actions.seats_assign(actor=admin, exam=exam, seed=408)
    actions.invigilation_solve(actor=admin, sitting=s, seed=17)
    sites = list(Site.objects.filter(sitting=s).order_by("id"))
    for person, site, minute, note in [
        (leaders["PBC-JN-LDR-03"], sites[0], 5, "检查试卷密封与启封记录，考场秩序良好"),
        (leaders["PBC-JN-LDR-03"], sites[3], 40, "核对监考小组交叉安排"),
        (leaders["PBC-JN-LDR-02"], sites[12], 20, "指导考务工作，提醒按时收卷"),
        (leaders["PBC-JN-LDR-02"], sites[13], 70, "巡视考场，未发现违纪"),
    ]:
        actions.patrol_log(
            actor=admin, site=site, person=person, at=s.starts_at + timedelta(minutes=minute), note=note
        )
    bp = actions.blueprint_save(
        actor=admin, exam=exam, name="预赛试卷蓝图（100分）", cells=_cells(root, BLUEPRINT)
    )
    actions.papers_draw(actor=admin, exam=exam, blueprint=bp, seed=20100408)
    actions.candidate_papers_generate(actor=admin, exam=exam)
    actions.exam_open(actor=admin, exam=exam)
    rng = random.Random(20100408)
    n_answers = _simulate(exam, rng)
    actions.exam_close(actor=admin, exam=exam, now=s.ends_at)
    n_marks = _grade(exam, graders, rng)
    out = actions.exam_unseal(actor=admin, exam=exam)
    final = _final(exam, admin, leaders)
    best = (
        Candidate.objects.filter(exam=exam, active=True).select_related("person").order_by("-total", "id")[:3]
    )
    for i, c in enumerate(best):
        actions.prize_individual(
            actor=admin,
            exam=exam,
            person=c.person,
            level="个人优秀奖",
            reason=f"预赛第{i + 1}名，{c.total}分",
        )
    return {
        "exam": exam.pk,
        "questions": n_questions,
        "candidates": Candidate.objects.filter(exam=exam, active=True).count(),
        "sites": len(sites),
        "answers": n_answers,
        "marks": n_marks,
        "advanced": len(out["advanced"]),
        **final,
        "tryout_codes": _tryout(admin, admin, root),
    }

"""A small contest world on top of the orgs test cast, for tests (unit and browser).

测试州 TZ: organiser. Participating: 甲县 TA, 乙县 TB; 丙县 TC and 丁县 TD lend invigilators.
Each county: 10 staff named 甲县职员1 …; its first person leads, the second is the liaison.
Logins: setter, grader1, grader2, grader3, gleader (grading group leader), all at TZ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from yangguang.orgs.models import Person, Post, Unit

from . import actions
from .models import Candidate, Exam, Question, Sitting

PASSWORD = "correct-horse-42"

BANK = [
    (
        "single",
        ["政务公开"],
        "政府信息公开应当坚持的原则是？",
        ["以公开为常态、不公开为例外", "以不公开为原则", "内部公开", "选择性公开"],
        "A",
    ),
    (
        "single",
        ["政务公开"],
        "依申请公开的一般答复期限是收到申请之日起多少个工作日？",
        ["10", "15", "20", "30"],
        "C",
    ),
    (
        "multi",
        ["依法行政"],
        "下列属于行政复议范围的有？",
        ["行政处罚", "行政强制措施", "内部人事处理", "行政许可"],
        "ABD",
    ),
    ("tf", ["依法行政"], "行政机关可以在没有法律依据的情况下减损公民合法权益。", [], "错"),
    ("fill", ["政务公开"], "《中华人民共和国政府信息公开条例》自____年5月1日起施行。", [], "2008"),
    ("short", ["党风廉政"], "简述党风廉政建设责任制中“一岗双责”的含义。", [], ""),
]


@dataclass
class World:
    cast: object
    exam: Exam
    sitting: Sitting
    units: dict
    setter: object
    graders: list
    gleader: object
    candidates: list = field(default_factory=list)


def _user(username, unit, role, name=None):
    User = get_user_model()
    u = User.objects.create_user(username=username, password=PASSWORD)
    p = Person.objects.create(code=f"P-{username}", name=name or username, unit=unit, user=u)
    Post.objects.create(person=p, unit=unit, role=role)
    return u


def build_world(cast, *, open_now: bool = True, minutes: int = 60) -> World:
    root = Unit.objects.get(pk=cast.root.pk)
    tc = root.add_child(code="TC", name="丙县", kind=cast.root.kind)
    td = Unit.objects.get(pk=root.pk).add_child(code="TD", name="丁县", kind=cast.root.kind)
    units = {"TA": Unit.objects.get(code="TA"), "TB": Unit.objects.get(code="TB"), "TC": tc, "TD": td}
    for code, u in units.items():
        people = Person.objects.bulk_create(
            [
                Person(code=f"{code}-{i:02d}", name=f"{u.name}职员{i}", unit=u, unit_path=u.path)
                for i in range(1, 11)
            ]
        )
        Post.objects.create(person=people[0], unit=u, role="leader")
        Post.objects.create(person=people[1], unit=u, role="liaison")
        for p in people[8:10]:
            Post.objects.create(person=p, unit=u, role="invigilator")
    setter = _user("setter", root, "setter", "命题人")
    graders = [_user(f"grader{i}", root, "grader", f"阅卷人{i}") for i in (1, 2, 3)]
    gleader = _user("gleader", root, "grader", "阅卷组长")
    admin = cast.admin
    for kind, cat, stem, options, answer in BANK:
        actions.question_create(
            actor=setter,
            unit=root,
            category=cat,
            kind=kind,
            stem=stem,
            options=options,
            answer=answer,
            rubric="答出“一岗双责”即领导干部既对业务工作负责，又对党风廉政建设负责，得满分。"
            if kind == "short"
            else "",
            difficulty=2,
        )
    exam = actions.exam_create(
        actor=admin,
        unit=root,
        name="深化政务公开知识竞赛（测试）",
        quota_percent=20,
        grading_leader=gleader,
        advance_count=1,
        mark_tolerance=2,
    )
    actions.exam_units_set(actor=admin, exam=exam, units=[units["TA"], units["TB"]])
    actions.quota_draw(actor=admin, exam=exam, seed=42)
    now = timezone.now()
    start = now - timedelta(minutes=5) if open_now else now + timedelta(days=1)
    sitting = actions.sitting_create(
        actor=admin, exam=exam, name="初赛", starts_at=start, ends_at=start + timedelta(minutes=minutes)
    )
    actions.site_create(actor=admin, sitting=sitting, unit=units["TA"], name="甲县考点")
    actions.site_create(actor=admin, sitting=sitting, unit=units["TB"], name="乙县考点")
    actions.seats_assign(actor=admin, exam=exam, seed=1)
    actions.invigilation_solve(actor=admin, sitting=sitting, seed=3)
    cat_ids = {
        c: Question.objects.filter(category__name=c).values_list("category_id", flat=True).first()
        for c in ("政务公开", "依法行政", "党风廉政")
    }
    bp = actions.blueprint_save(
        actor=setter,
        exam=exam,
        name="测试蓝图",
        cells=[
            {"kind": "single", "category": cat_ids["政务公开"], "difficulty": None, "count": 2, "points": 10},
            {"kind": "multi", "category": cat_ids["依法行政"], "difficulty": None, "count": 1, "points": 20},
            {"kind": "tf", "category": cat_ids["依法行政"], "difficulty": None, "count": 1, "points": 10},
            {"kind": "fill", "category": cat_ids["政务公开"], "difficulty": None, "count": 1, "points": 20},
            {"kind": "short", "category": cat_ids["党风廉政"], "difficulty": None, "count": 1, "points": 30},
        ],
    )
    actions.papers_draw(actor=setter, exam=exam, blueprint=bp, seed=7)
    actions.candidate_papers_generate(actor=admin, exam=exam)
    if open_now:
        actions.exam_open(actor=admin, exam=exam)
    exam.refresh_from_db()
    return World(
        cast,
        exam,
        sitting,
        units,
        setter,
        graders,
        gleader,
        list(Candidate.objects.filter(exam=exam).order_by("id")),
    )


def right_answers(candidate: Candidate) -> dict[int, object]:
    """The key of each objective question on the candidate's paper (canonical values)."""
    out = {}
    for it in candidate.paper.items:
        q = Question.objects.get(pk=it["q"])
        if q.kind == "fill":
            out[q.pk] = [b[0] for b in q.answer]
        elif q.kind == "short":
            out[q.pk] = "一岗双责：领导干部对分管业务和党风廉政建设都负有责任。"
        else:
            out[q.pk] = q.answer
    return out

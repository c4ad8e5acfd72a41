"""The demo contest from the seed: 人行济南分行「深化政务公开、推进依法行政」业务竞赛.

Preliminary on 2010-04-08 at 17 sites at once (分行机关 and 营业管理部 share the Jinan site): 15% of
each of the 18 units' staff, rounded half up — 528 candidates; 17 cross-invigilation groups of two;
patrols by 李建文 and 黄向庆; graded (short answers by two graders under the 2+1+1 rule), unsealed;
the best 8 units advance; the final with 8 teams, three rounds and an arbitration ruling; 临沂中支
wins the team first prize. Plus a small open "体验" sitting whose exam codes are printed, to try the
candidate pages. Idempotent: keyed by the contest's name.

The steps live by sub-domain: `preliminary` (bank, blueprint, answers, grading), `final`, `tryout`;
`bank` holds the demo questions.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from yangguang.orgs.models import Person, Post, Unit

from .. import actions
from ..models import Candidate, Exam, Site
from ._common import GRADERS, _at, _cells
from .final import _final
from .preliminary import BLUEPRINT, _bank, _grade, _simulate
from .tryout import _tryout

NAME = "“深化政务公开、推进依法行政”业务竞赛"


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


def _people(root: Unit) -> dict:
    existing = set(Person.objects.filter(code__in=[c for c, *_ in LEADERS]).values_list("code", flat=True))
    # bulk_create skips Person.save(), which copies the unit's path: set it here, and mend a world
    # built before (a person without it falls out of every scoped list).
    Person.objects.bulk_create(
        [
            Person(code=c, name=n, title=t, unit=root, unit_path=root.path)
            for c, n, t, _r in LEADERS
            if c not in existing
        ]
    )
    Person.objects.filter(code__in=[c for c, *_ in LEADERS], unit=root).exclude(unit_path=root.path).update(
        unit_path=root.path
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

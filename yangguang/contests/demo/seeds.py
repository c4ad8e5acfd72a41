"""Demo: the other competitions the seed documents describe, each from its shipped scheme file and
evaluated end to end — the court's "3+1" (judges on the three judged events, clerks on imported skills),
the insurer's annual honours and the county bureau's three-year competition (small worlds of their own,
added through orgs actions when absent). Idempotent, keyed by the competition codes."""

from __future__ import annotations

import csv
import io
import random
from datetime import date
from pathlib import Path

from yangguang.orgs import actions as orgs_actions
from yangguang.orgs.kinds import ensure_unit_kinds
from yangguang.orgs.models import Person, Unit, UnitKind

from .. import actions
from ..models import Competition
from ._common import not_after_today, user

SCHEMES = Path(__file__).parent.parent / "schemes"


def _import(actor, comp, period: str, header: list[str], rows: list[dict], name: str) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows([[r.get(h, "") for h in header] for r in rows])
    actions.data_import(
        actor=actor, competition=comp, period=period, data=buf.getvalue().encode("utf-8"), filename=name
    )


def _scheme(comp_code: str, file: str, actor):
    comp = Competition.objects.filter(code=comp_code).first()
    if comp is None:
        comp = actions.competition_import_scheme(
            actor=actor, scheme=(SCHEMES / file).read_text(encoding="utf-8")
        )
    return comp


def _admin():
    """The system administrator (bootstrap's "admin", else any superuser); a build without one (tests,
    a bare demo) acts as an unsaved superuser, so audit rows name nobody rather than a made-up login."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return user("admin") or User(username="demo", is_superuser=True, is_staff=True)


def _kind(code: str, name: str, name_en: str) -> UnitKind:
    # the demo's own unit kinds (部组, 股室): administrators may add kinds; the built-in list lacks these
    ensure_unit_kinds()
    return UnitKind.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})[0]


def _unit(actor, parent, code, name, kind) -> Unit:
    found = Unit.objects.filter(code=code).first()
    if found:
        return found
    return orgs_actions.unit_create(actor=actor, parent=parent, code=code, name=name, kind=kind, audit=False)


def _person(actor, unit, code, name, title) -> Person:
    found = Person.objects.filter(code=code).first()
    if found:
        return found
    return orgs_actions.person_create(actor=actor, unit=unit, code=code, name=name, title=title, audit=False)


# ---- the court's 3+1 --------------------------------------------------------------------------------------


def court_3plus1(out: dict) -> None:
    root = Unit.objects.filter(code="BHHSFY").first()
    if root is None or not Competition.objects.filter(code="bhhsfy-2026-skills").exists():
        return  # the court's judged events come from court.py
    actor = user("court")
    comp = Competition.objects.filter(code="bhhsfy-2026-3plus1").first()
    if comp is not None and comp.evaluations.exists():
        out["court_3plus1"] = "exists"
        return
    comp = _scheme("bhhsfy-2026-3plus1", "court_3plus1.yaml", actor)
    rng = random.Random(20261215)
    rows = []
    judges = 0
    for p in comp.participants.order_by("group", "code"):
        if p.group == "clerk":
            skill = rng.uniform(0.7, 0.97)
            rows.append(
                {
                    "id": p.code,
                    "name": p.name,
                    "庭审速录": round(100 * min(1, skill + rng.uniform(-0.05, 0.05)), 1),
                    "卷宗装订": round(100 * min(1, skill + rng.uniform(-0.05, 0.05)), 1),
                    "业务笔试": round(100 * min(1, skill + rng.uniform(-0.08, 0.05)), 1),
                }
            )
        else:
            # two cases reversed or remanded: ranked, but no award (取消评选资格)
            judges += 1
            reversed_ = 2 if judges == 4 else rng.choice([0, 0, 1])
            rows.append({"id": p.code, "name": p.name, "改判发回件数": reversed_})
    header = ["id", "name", "庭审速录", "卷宗装订", "业务笔试", "改判发回件数"]
    _import(actor, comp, "2026", header, rows, "3+1技能竞赛-2026.csv")
    ev = actions.evaluation_run(actor=actor, competition=comp, period="2026")
    actions.bulletin_publish(
        actor=actor,
        evaluation=ev,
        title='关于2026年"3+1"技能竞赛结果的通报',
        addressees="院属各部门",
        body="庭审驾驭、裁判文书、案件质量三项竞赛和书记员技能竞赛已结束，现将综合排名通报如下。",
        signer="北海海事法院",
        issued_on=not_after_today(date(2026, 12, 28)),
    )
    out["court_3plus1"] = {"participants": comp.participants.count(), "evaluation": ev.pk}


# ---- the insurer's annual honours -----------------------------------------------------------------------

TEAMS = [("A", "营销一部"), ("B", "营销二部"), ("C", "营销三部"), ("D", "银保部"), ("E", "团险部")]


def insurer(out: dict) -> None:
    actor = _admin()
    comp = Competition.objects.filter(code="insurer-2009-honours").first()
    if comp is not None and comp.evaluations.exists():
        out["insurer"] = "exists"
        return
    kinds = ensure_unit_kinds()
    team = _kind("team", "部组", "Team")
    root = _unit(actor, None, "INSURER", "人寿保险公司某市分公司", kinds["other"])
    rng = random.Random(2009)
    n = 0
    for code, name in TEAMS:
        t = _unit(actor, root, f"INSURER-{code}", name, team)
        for j in range(6):
            n += 1
            _person(actor, t, f"{t.code}-{j + 1:02d}", f"业务员{n:02d}", "业务主任" if j == 0 else "业务员")
    comp = _scheme("insurer-2009-honours", "insurer_honours.yaml", actor)
    rows = []
    for k, p in enumerate(comp.participants.order_by("group", "code")):
        if p.group == "agent":
            prem = round(rng.uniform(8, 130), 2)
            rows.append(
                {
                    "id": p.code,
                    "name": p.name,
                    "年度保费": prem,
                    "年度保费基数": round(prem / rng.uniform(0.9, 1.6), 2),
                    "继续率": round(rng.uniform(76, 99), 1),
                    "违规件数": 1 if k == 4 else 0,
                }
            )
        else:
            plan = round(rng.uniform(150, 300), 1)
            rows.append(
                {
                    "id": p.code,
                    "name": p.name,
                    "部组保费": round(plan * rng.uniform(0.7, 1.3), 1),
                    "部组保费计划": plan,
                    "人力": 6,
                    "违规件数": 0,
                }
            )
    header = [
        "id",
        "name",
        "年度保费",
        "年度保费基数",
        "继续率",
        "部组保费",
        "部组保费计划",
        "人力",
        "违规件数",
    ]
    _import(actor, comp, "2009", header, rows, "年度荣誉-2009.csv")
    ev = actions.evaluation_run(actor=actor, competition=comp, period="2009")
    actions.bulletin_publish(
        actor=actor,
        evaluation=ev,
        title="关于2009年度业务荣誉评选结果的通报",
        addressees="各部组",
        body="根据2009年度业务荣誉评选办法，经审核，现将个人荣誉和集体荣誉评选结果通报如下。",
        signer="人寿保险公司某市分公司",
        issued_on=date(2010, 1, 20),
    )
    out["insurer"] = {"participants": comp.participants.count(), "evaluation": ev.pk}


# ---- the county bureau's three-year competition ---------------------------------------------------------

SECTIONS = [("BGS", "办公室"), ("ZSG", "招商股"), ("XMG", "项目股"), ("FWG", "服务股")]


def county(out: dict) -> None:
    actor = _admin()
    comp = Competition.objects.filter(code="county-zsj-2009-2011").first()
    if comp is not None and comp.evaluations.exists():
        out["county"] = "exists"
        return
    kinds = ensure_unit_kinds()
    section = _kind("section", "股室", "Section")
    root = _unit(actor, None, "COUNTY-ZSJ", "县招商局", kinds["government"])
    n = 0
    for code, name in SECTIONS:
        s = _unit(actor, root, f"COUNTY-ZSJ-{code}", name, section)
        for j, title in enumerate(["股长", "副股长", "科员", "科员"]):
            n += 1
            _person(actor, s, f"{s.code}-{j + 1:02d}", f"职工{n:02d}", title)
    comp = _scheme("county-zsj-2009-2011", "county_bureau.yaml", actor)
    rng = random.Random(2011)
    parts = list(comp.participants.order_by("group", "code"))
    header = [
        "id",
        "name",
        "目标任务",
        "目标任务计划",
        "招商项目",
        "学习考核",
        "个人目标",
        "个人目标计划",
        "个人学习",
    ]
    evs = []
    for month in ("2011-10", "2011-11", "2011-12"):
        rows = []
        for k, p in enumerate(parts):
            if p.group == "section":
                plan = rng.randint(8, 12)
                done = plan - rng.choice([0, 0, 1, 3]) if k else int(plan * 0.7)  # one section falls short
                rows.append(
                    {
                        "id": p.code,
                        "name": p.name,
                        "目标任务": done,
                        "目标任务计划": plan,
                        "招商项目": rng.choice([0, 1, 2, 3]),
                        "学习考核": round(rng.uniform(70, 98), 1),
                    }
                )
            else:
                plan = rng.randint(3, 6)
                rows.append(
                    {
                        "id": p.code,
                        "name": p.name,
                        "个人目标": plan - rng.choice([0, 0, 1]),
                        "个人目标计划": plan,
                        "个人学习": 55 if k == len(parts) - 1 else round(rng.uniform(62, 98), 1),
                    }
                )
        _import(actor, comp, month, header, rows, f"劳动竞赛月度目标考核-{month}.csv")
        evs.append(actions.evaluation_run(actor=actor, competition=comp, period=month))
    actions.bulletin_publish(
        actor=actor,
        evaluation=evs[-1],
        title="关于2011年12月工作目标考核情况的通报",
        addressees="局属各股室",
        body='现将"立足岗位做贡献"劳动竞赛12月工作目标考核情况通报如下。',
        signer="县招商局劳动竞赛领导小组",
        issued_on=date(2012, 1, 6),
    )
    out["county"] = {"participants": len(parts), "evaluations": len(evs)}


def build(out: dict) -> None:
    court_3plus1(out)
    insurer(out)
    county(out)

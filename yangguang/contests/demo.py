"""Demo competitions from the seeds (idempotent, keyed by competition and event codes):

- 工行临沂分行 2026 旺季业务劳动竞赛 (1 January – 31 March): the scheme in schemes/icbc_linyi.yaml, three
  months of figures for every sub-branch, outlet, office and account manager, a case incident at one
  outlet in February, monthly evaluations and bulletins plus the first-quarter assessment, with the
  seed's yellow cards where the figures call for them.
- 北海海事法院: 庭审驾驭 (every judge presides a hearing, a panel scores on the spot), 裁判文书 (a
  judgment per judge, sealed, double-blind with the 2+1+1 rule), 案卷评查 (self-check, cross-check
  between tribunals, central review) and the 审判业务竞赛 that ranks judges on the first two.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from yangguang.orgs.models import Person, Unit

from . import actions
from .models import Competition, Event, Judge

SCHEME = Path(__file__).parent / "schemes" / "icbc_linyi.yaml"
MONTHS = ["2026-01", "2026-02", "2026-03"]


def _user(username: str):
    User = get_user_model()
    return User.objects.filter(username=username).first() or User.objects.filter(is_superuser=True).first()


def _icbc(out: dict) -> None:
    if not Unit.objects.filter(code="ICBC-LY").exists():
        return
    actor = _user("linyi")
    comp = Competition.objects.filter(code="icbc-ly-2026-peak").first()
    if comp is None:
        comp = actions.competition_import_scheme(actor=actor, scheme=SCHEME.read_text(encoding="utf-8"))
    if comp.evaluations.exists():
        out["icbc"] = "exists"
        return
    rng = random.Random(20260331)
    parts = list(comp.participants.order_by("group", "code"))
    profile = {p.code: (rng.uniform(0.6, 1.6), rng.uniform(-0.05, 0.3)) for p in parts}
    # two sub-branches that fall behind: bottom of the deposit ranking, below-average increments
    subs = [p for p in parts if p.group == "sub_branch"]
    for laggard in subs[-2:]:
        profile[laggard.code] = (0.8, -0.04)
    header = [
        "id",
        "name",
        "存款",
        "存款基数",
        "存款计划",
        "贷款",
        "贷款计划",
        "客户",
        "客户基数",
        "中间业务收入",
        "中间业务收入计划",
        "网点客户",
        "网点客户基数",
        "网点中间业务收入",
        "网点中间业务收入计划",
        "服务评价",
        "营销存款",
        "营销客户",
        "案件事故数",
    ]
    for m, month in enumerate(MONTHS, start=1):
        rows = []
        for p in parts:
            size, growth = profile[p.code]
            share = m / 3
            inc = growth * share + rng.uniform(-0.02, 0.02)
            row = {h: "" for h in header}
            row.update(id=p.code, name=p.name, 案件事故数=0)
            if p.group == "sub_branch":
                base = round(80000 * size, 1)
                row.update(
                    存款=round(base * (1 + inc), 1),
                    存款基数=base,
                    存款计划=round(base * (1 + 0.12 * share), 1),
                    贷款=round(50000 * size * (1 + inc * 0.8), 1),
                    贷款计划=round(50000 * size * (1 + 0.1 * share), 1),
                    客户=int(12000 * size * (1 + inc)),
                    客户基数=int(12000 * size),
                    中间业务收入=round(900 * size * share * (1 + inc), 1),
                    中间业务收入计划=round(900 * size * share, 1),
                )
            elif p.group == "outlet":
                base = round(18000 * size, 1)
                row.update(
                    存款=round(base * (1 + inc), 1),
                    存款基数=base,
                    存款计划=round(base * (1 + 0.1 * share), 1),
                    网点客户=int(3000 * size * (1 + inc)),
                    网点客户基数=int(3000 * size),
                    网点中间业务收入=round(150 * size * share * (1 + inc), 1),
                    网点中间业务收入计划=round(150 * size * share, 1),
                    案件事故数=1 if (month == "2026-02" and p.code.endswith("S05-O02")) else 0,
                )
            elif p.group == "office":
                row.update(服务评价=round(rng.uniform(82, 98), 1))
            else:
                row.update(
                    营销存款=round(rng.uniform(500, 6000) * size * share, 1),
                    营销客户=int(rng.uniform(20, 300) * size * share),
                )
            rows.append([row[h] for h in header])
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(header)
        w.writerows(rows)
        actions.data_import(
            actor=actor,
            competition=comp,
            period=month,
            data=buf.getvalue().encode("utf-8"),
            filename=f"工行临沂旺季竞赛-{month}.csv",
        )
        ev = actions.evaluation_run(actor=actor, competition=comp, period=month)
        actions.bulletin_publish(
            actor=actor,
            evaluation=ev,
            title=f"关于{int(month[5:])}月份旺季业务劳动竞赛情况的通报",
            addressees="各支行、网点,市行各部室",
            body=f"现将{int(month[5:])}月份旺季业务劳动竞赛检查排名情况通报如下。各行要对照排名,查找差距,抢抓机遇,确保完成竞赛目标。",
            signer="中国工商银行临沂分行旺季业务劳动竞赛领导小组办公室",
            issued_on=date(2026, m + 1, 5),
        )
    ev = actions.evaluation_run(actor=actor, competition=comp, period="2026-Q1", note="一季度考核")
    actions.bulletin_publish(
        actor=actor,
        evaluation=ev,
        title="关于旺季业务劳动竞赛一季度考核结果的通报",
        addressees="各支行、网点,市行各部室",
        body="竞赛活动已于3月31日结束。经考核,现将结果通报如下;对存款考核后三名且存款增量占比未达平均水平的支行行长、分管行长给予黄牌警告并扣减当季20%绩效;对存款考核后六名且未完成存款试点计划的网点主任给予黄牌警告并扣减当季30%绩效。市行将召开总结大会表彰先进。",
        signer="中国工商银行临沂分行",
        issued_on=date(2026, 4, 10),
    )
    out["icbc"] = {
        "participants": len(parts),
        "evaluations": comp.evaluations.count(),
        "bulletins": comp.bulletins.count(),
    }


COURT_SCHEME = {
    "code": "bhhsfy-2026-skills",
    "name": "北海海事法院2026年审判业务竞赛",
    "organiser": "BHHSFY",
    "description": "庭审驾驭能力、裁判文书制作能力竞赛,每位审判员参赛;案卷评查结果作为各庭质量指标。",
    "public": True,
    "period": {"start": "2026-01-01", "end": "2026-12-31"},
    "cycle": "yearly",
    "phases": [
        {"name": "动员部署", "start": "2026-01-01", "end": "2026-02-28"},
        {"name": "竞赛实施", "start": "2026-03-01", "end": "2026-11-30"},
        {"name": "评比总结", "start": "2026-12-01", "end": "2026-12-31"},
    ],
    "committee": [
        {"role": "组长", "person": "BHHSFY-001", "name": "廖少昆", "may": ["publish"]},
        {
            "role": "办公室",
            "person": "BHHSFY-002",
            "name": "黄敏",
            "may": ["define", "import", "evaluate", "publish", "judge"],
        },
    ],
    "groups": [{"code": "judge", "name": "审判员", "kind": "person", "roles": ["judge"], "under": "BHHSFY"}],
    "indicators": [
        {
            "code": "hearing",
            "name": "庭审驾驭",
            "unit": "分",
            "source": "event",
            "event": "bhhsfy-2026-tsjy",
            "weight": 50,
        },
        {
            "code": "judgment",
            "name": "裁判文书",
            "unit": "分",
            "source": "event",
            "event": "bhhsfy-2026-cpws",
            "weight": 50,
        },
    ],
    "tie_break": ["hearing"],
    "rules": {
        "awards": [
            {
                "name": "审判业务标兵",
                "tiers": [
                    {"name": "一等奖", "count": 1},
                    {"name": "二等奖", "count": 2},
                    {"name": "三等奖", "count": 3},
                ],
            },
            {"name": "优秀裁判文书", "top": 3, "by": "judgment"},
        ]
    },
}
HEARING = [
    {"name": "庭前准备", "max": 20},
    {"name": "庭审程序", "max": 30},
    {"name": "驾驭能力", "max": 30},
    {"name": "语言礼仪", "max": 20},
]
JUDGMENT = [
    {"name": "格式规范", "max": 20},
    {"name": "事实认定", "max": 30},
    {"name": "说理论证", "max": 30},
    {"name": "文字表达", "max": 20},
]
RECORD = [
    {"name": "立案审查", "max": 20},
    {"name": "审理程序", "max": 40},
    {"name": "文书质量", "max": 20},
    {"name": "归档装订", "max": 20},
]


def _sheet(rng, criteria, skill):
    return {
        c["name"]: round(min(c["max"], max(0, c["max"] * (skill + rng.uniform(-0.08, 0.08)))), 1)
        for c in criteria
    }


def _court(out: dict) -> None:
    root = Unit.objects.filter(code="BHHSFY").first()
    if root is None:
        return
    actor = _user("court")
    if Event.objects.filter(code="bhhsfy-2026-tsjy").exists():
        out["court"] = "exists"
        return
    rng = random.Random(2005)
    judges = list(
        Person.objects.filter(unit__path__startswith=root.path, posts__role="judge")
        .distinct()
        .order_by("code")
    )
    skill = {p.pk: rng.uniform(0.72, 0.95) for p in judges}
    heads = [p for p in judges if p.code.endswith("-J01")]  # 庭长 of each tribunal
    president = Person.objects.get(code="BHHSFY-001")
    # 庭审驾驭: the president and the heads of tribunals score on the spot (own tribunal excluded)
    panel = [president, *heads]
    ev = actions.event_create(
        actor=actor,
        organiser=root,
        code="bhhsfy-2026-tsjy",
        name="庭审驾驭能力竞赛",
        kind="panel",
        criteria=HEARING,
        trim_min_judges=5,
        judges=[(p, "judge") for p in panel],
    )
    pjudges = list(ev.judges.select_related("person"))
    for p in judges:
        e = actions.entrant_add(actor=actor, event=ev, person=p, title=f"{p.unit.name}海事海商案件庭审")
        for j in pjudges:
            if j.person.unit_id != p.unit_id:
                actions.mark_record(
                    actor=actor, event=ev, entrant=e, judge=j, points=_sheet(rng, HEARING, skill[p.pk])
                )
    actions.event_close(actor=actor, event=ev)
    # 裁判文书: sealed, double-blind; graders are the heads of tribunals, the president leads
    bl = actions.event_create(
        actor=actor,
        organiser=root,
        code="bhhsfy-2026-cpws",
        name="裁判文书制作竞赛",
        kind="blind",
        criteria=JUDGMENT,
        tolerance=6,
        judges=[(p, "grader") for p in heads] + [(president, "leader")],
    )
    for p in judges:
        e = actions.entrant_add(
            actor=actor,
            event=bl,
            person=p,
            title="海事海商纠纷民事判决书",
            text=f"北海海事法院 民事判决书\n审判长 {p.name}\n……本院认为,……判决如下:……",
        )
        for _round in range(3):
            pending = list(e.marks.filter(submitted_at__isnull=True).select_related("judge__person"))
            if not pending:
                break
            for mk in pending:
                wobble = rng.choice([0, 0, 0, 0.12, -0.12])
                actions.mark_record(
                    actor=actor,
                    event=bl,
                    entrant=e,
                    judge=mk.judge,
                    points=_sheet(rng, JUDGMENT, min(0.99, skill[p.pk] + wobble)),
                )
    actions.event_close(actor=actor, event=bl)
    actions.event_release(actor=actor, event=bl)
    # 案卷评查: two case files per tribunal, self-check, cross-check by the next tribunal, central review
    tribunals = list(Unit.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("code"))
    checkers = {t.pk: next((p for p in heads if p.unit_id == t.pk), None) for t in tribunals}
    rr = actions.event_create(
        actor=actor,
        organiser=root,
        code="bhhsfy-2026-ajpc",
        name="2025年案卷评查",
        kind="record",
        criteria=RECORD,
        judges=[(p, "checker") for p in heads] + [(president, "leader")],
    )
    rj = {j.person_id: j for j in rr.judges.all()}
    for ti, t in enumerate(tribunals):
        own = checkers.get(t.pk)
        other = checkers.get(tribunals[(ti + 1) % len(tribunals)].pk)
        for n in (1, 2):
            e = actions.entrant_add(
                actor=actor, event=rr, unit=t, title=f"(2025)桂{72 + ti}民初{n * 17 + ti}号"
            )
            q = rng.uniform(0.75, 0.97)
            if own:
                actions.mark_record(
                    actor=actor,
                    event=rr,
                    entrant=e,
                    judge=rj[own.pk],
                    points=_sheet(rng, RECORD, q + 0.03),
                    stage="self",
                )
            if other:
                actions.mark_record(
                    actor=actor,
                    event=rr,
                    entrant=e,
                    judge=rj[other.pk],
                    points=_sheet(rng, RECORD, q),
                    stage="cross",
                    findings=rng.choice(["", "送达回证缺页", "庭审笔录未签名", "卷宗目录不全"]),
                )
            actions.mark_record(
                actor=actor,
                event=rr,
                entrant=e,
                judge=Judge.objects.get(event=rr, role="leader"),
                points=_sheet(rng, RECORD, q - 0.01),
                stage="central",
            )
    comp = actions.competition_import_scheme(actor=actor, scheme=COURT_SCHEME)
    evn = actions.evaluation_run(actor=actor, competition=comp, period="2026")
    actions.bulletin_publish(
        actor=actor,
        evaluation=evn,
        title="关于2026年审判业务竞赛结果的通报",
        addressees="院属各部门",
        body="庭审驾驭能力竞赛和裁判文书制作竞赛已结束,现将结果通报如下。",
        signer="北海海事法院审判业务竞赛领导小组",
        issued_on=date(2026, 12, 20),
    )
    out["court"] = {"judges": len(judges), "events": 3, "evaluation": evn.pk}


@transaction.atomic
def build(stdout=None) -> dict:
    out: dict = {}
    _icbc(out)
    _court(out)
    return out

"""Demo: 北海海事法院 — 庭审驾驭 (every judge presides a hearing, a panel scores on the spot), 裁判文书 (a
judgment per judge, sealed, double-blind with the 2+1+1 rule), 案卷评查 (self-check, cross-check between
tribunals, central review) and the 审判业务竞赛 that ranks judges on the first two."""

from __future__ import annotations

import random
from datetime import date

from yangguang.orgs.models import Person, Unit

from .. import actions
from ..models import Event, Judge
from ._common import not_after_today, user

COURT_SCHEME = {
    "code": "bhhsfy-2026-skills",
    "name": "北海海事法院2026年审判业务竞赛",
    "organiser": "BHHSFY",
    "description": "庭审驾驭能力、裁判文书制作能力竞赛，每位审判员参赛；案卷评查结果作为各庭质量指标。",
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


def build(out: dict) -> None:
    root = Unit.objects.filter(code="BHHSFY").first()
    if root is None:
        return
    actor = user("court")
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
            text=f"北海海事法院 民事判决书\n审判长 {p.name}\n……本院认为，……判决如下：……",
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
        body="庭审驾驭能力竞赛和裁判文书制作竞赛已结束，现将结果通报如下。",
        signer="北海海事法院审判业务竞赛领导小组",
        issued_on=not_after_today(date(2026, 12, 20)),
    )
    out["court"] = {"judges": len(judges), "events": 3, "evaluation": evn.pk}

"""The supervision demo, from the seeds (idempotent; runs last, after orgs and the other domains).

- The province's 深化政务公开 plan (6 parts, 19 tasks) over the 大理州 tree, with owners, progress
  reports, accepted and overdue tasks.
- A 州 inspection with cross-unit inspectors, findings and rectifications in every state, published
  on the portal; a county's own 一把手 inspection of its townships, also published.
- Coverage (应建/已建) marked on the tree: county 12/1 = 8.33%, township 110/21 = 19.09%,
  village 1,075/52 = 4.84%.
- A township's legal study (45+ hours a year for the leadership, 100% participation) and 2
  trainings with 160 attendances.
- Accountability examples, a major decision taken by the book and one published without a hearing,
  then suspended (决策纠错).
- A quarter's department assessment of the 大理市政务服务中心's departments from the platform's metrics,
  with monthly ranking bulletins and the quarterly link to performance.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yangguang.core import metrics
from yangguang.orgs.actions import person_create, post_grant
from yangguang.orgs.models import Construction, Person, Unit

from . import actions, rules, scoring
from .models import (
    Accountability,
    Assessment,
    Inspection,
    MajorDecision,
    StudySession,
    Task,
    WorkPlan,
)

PLAN_CODE = "云办发〔2010〕219号"
PARTS = [
    (
        "推行行政决策公开",
        [
            ("建立重大决策事项公示和听证制度", "532900", ["532901"]),
            ("推行决策过程和结果公开", "532901", []),
            ("建立决策修正、补救和责任追究机制", "532931", ["532901"]),
        ],
    ),
    (
        "推进行政权力公开透明运行",
        [
            ("编制并公布行政职权目录和权力运行流程图", "532922", []),
            ("建立行政权力网上公开透明运行平台", "532923", ["532924"]),
            ("公开行政执法依据、程序和结果", "532901-ZX-D04", []),
        ],
    ),
    (
        "加大行政审批公开力度",
        [
            ("推行“六公开”服务", "532901-ZWZX", []),
            ("推行“五制办理”和“五件管理”", "532901-ZWZX", ["532901-ZX-D17"]),
            ("建设州县乡村四级政务服务体系", "532900", ["532901", "532931"]),
            ("统筹州市政务服务中心和公共资源交易中心建设", "532901", []),
        ],
    ),
    (
        "加强政府信息公开工作",
        [
            ("完善政府信息主动公开目录", "532925", []),
            ("规范依申请公开办理", "532926", ["532927"]),
            ("按时发布政府信息公开年度报告", "532928", []),
            ("提高政府信息公开时效性", "532929", []),
        ],
    ),
    (
        "深化基层政务公开",
        [
            ("推行乡镇政务公开“一把手”负责制", "532930", []),
            ("规范村务公开栏和公开内容", "532931", ["532932"]),
            ("开展基层政务公开示范点建设", "532932", []),
        ],
    ),
    (
        "加强行政机关内部事务公开",
        [
            ("公开机关财务收支和干部任用", "532901-ZX-D05", []),
            ("公开机关内部管理制度", "532901-ZX-D06", []),
        ],
    ),
]
# Days from today to each task's deadline, and whether (and how many days early) it was accepted.
SCHEDULE = [
    (-150, 10),
    (-20, None),
    (-40, 0),
    (-30, 2),
    (-60, None),
    (-90, None),
    (-10, None),
    (-5, 1),
    (1, None),
    (2, None),
    (10, None),
    (20, None),
    (35, None),
    (45, None),
    (60, None),
    (75, None),
    (90, None),
    (-120, 5),
    (-75, 3),
]


def _say(stdout, msg):
    if stdout is not None:
        stdout.write(msg)


def _actor():
    return get_user_model().objects.filter(username="dali").first()


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _heads(actor) -> None:
    """Give every county and the centre's departments used here a head (一把手)."""
    codes = [c for _p, tasks in PARTS for _t, u, co in tasks for c in [u, *co]]
    for code in sorted(set(codes) | {"532900"}):
        unit = _unit(code)
        pcode = f"HEAD-{code}"
        person = Person.objects.filter(code=pcode).first()
        if person is None:
            title = "州长" if code == "532900" else ("主任" if "ZWZX" in code else "主要负责人")
            person = person_create(
                actor=actor, unit=unit, code=pcode, name=f"{unit.short_name or unit.name}{title}", title=title
            )
        post_grant(actor=actor, person=person, unit=unit, role="leader", title="一把手")


def _plan(actor, today: date, stdout) -> WorkPlan:
    plan = WorkPlan.objects.filter(code=PLAN_CODE).first()
    if plan:
        return plan
    plan = actions.plan_create(
        actor=actor,
        unit=_unit("532900"),
        code=PLAN_CODE,
        title="关于进一步深化政务公开的实施意见任务分解",
        description="将政务公开工作细化为六个部分19项具体工作任务，分别明确责任单位。",
        start=today - timedelta(days=300),
        end=today + timedelta(days=120),
        publish_inspections=True,
    )
    n = 0
    for title, tasks in PARTS:
        part = actions.part_create(actor=actor, plan=plan, title=title)
        for ttitle, ucode, co in tasks:
            offset, early = SCHEDULE[n]
            n += 1
            task = actions.task_create(
                actor=actor,
                plan=plan,
                part=part,
                title=ttitle,
                unit=_unit(ucode),
                co_units=[_unit(c) for c in co],
                deadline=today + timedelta(days=offset),
                criteria="按期完成并报送佐证材料，经督查室验收。",
            )
            steps = [30, 60, 90] if early is not None else ([20, 50] if offset < 0 else [10, 40])
            for pct in steps:
                actions.progress_report(actor=actor, task=task, percent=pct, text=f"{ttitle}：已完成{pct}%。")
            if early is not None:
                actions.task_accept(actor=actor, task=task, on=task.deadline - timedelta(days=early))
    _say(stdout, f"supervision: plan with {plan.parts.count()} parts and {plan.tasks.count()} tasks\n")
    return plan


def _inspections(actor, plan: WorkPlan, today: date) -> None:
    if Inspection.objects.filter(plan=plan).exists():
        return
    targets = [_unit(c) for c in ("532922", "532923", "532925", "532926", "532931", "532932")]
    inspectors = [Person.objects.get(code=c) for c in ("HEAD-532924", "HEAD-532927", "HEAD-532930")]
    start = today - timedelta(days=70)
    insp = actions.inspection_create(
        actor=actor,
        unit=_unit("532900"),
        plan=plan,
        title="深化政务公开推进政务服务工作专项督查",
        targets=targets,
        inspectors=inspectors,
        cross_unit=True,
        start=start,
        end=start + timedelta(days=10),
        checklist=[
            "政务公开领导小组和“一把手”负责制落实",
            "重大决策事项公示、听证",
            "政府信息主动公开目录及时更新",
            "依申请公开按法定时限答复",
            "公开栏设置在群众便于阅览的地方",
        ],
    )
    pool = [
        Person.objects.get(code=f"HEAD-{c}")
        for c in ("532924", "532927", "532930", "532901", "532928", "532929")
    ]
    actions.inspection_assign_cross(actor=actor, inspection=insp, pool=pool, per_target=2)
    items = list(insp.items.order_by("number"))
    found = start + timedelta(days=3)
    cases = [
        # (unit, item, description, severity, rectification state, deadline offset from the finding)
        ("532922", 2, "政府信息主动公开目录半年未更新，部分内容长期不更新。", "medium", "closed", 30),
        ("532923", 3, "依申请公开2件超过法定期限答复。", "high", "closed", 30),
        ("532925", 4, "乡镇公开栏设在院内，群众不便阅览。", "low", "submitted", 40),
        ("532926", 1, "重大决策事项未经听证即作出。", "high", "failed", 45),
        ("532931", 0, "政务公开领导小组成员调整后未及时调整。", "low", "issued", 30),
        ("532932", 2, "公开内容只公布办事依据、程序，未公开办事结果。", "medium", "issued", 90),
    ]
    for code, item_no, text, severity, state, days in cases:
        f = actions.finding_create(
            actor=actor,
            inspection=insp,
            unit=_unit(code),
            description=text,
            severity=severity,
            item=items[item_no],
            found_on=found,
        )
        r = actions.rectification_issue(
            actor=actor,
            finding=f,
            requirement="限期整改，并报送整改报告和佐证材料。",
            deadline=found + timedelta(days=days),
        )
        if state in ("submitted", "failed", "closed"):
            actions.rectification_submit(
                actor=actor, rectification=r, report="已按要求整改，附整改前后照片。"
            )
        if state == "failed":
            actions.rectification_reinspect(
                actor=actor, rectification=r, passed=False, note="复查：听证程序仍未补办。"
            )
        if state == "closed":
            actions.rectification_reinspect(actor=actor, rectification=r, passed=True, note="复查合格。")
            actions.rectification_close(actor=actor, rectification=r, on=found + timedelta(days=days - 5))
    for it in items:
        if it.result == "pending":
            actions.checklist_mark(actor=actor, item=it, result="pass")
    actions.inspection_close(actor=actor, inspection=insp)
    actions.inspection_publish(
        actor=actor,
        inspection=insp,
        summary="对6个县市深化政务公开工作进行了专项督查。对工作落实到位、社会满意度高的予以鼓励；"
        "对发现问题的县市严肃批评，限期整改。",
    )
    # 剑川县 runs its own 一把手 chain and publishes what it found in its townships.
    jc = _unit("532931")
    towns = list(Unit.objects.filter(path__startswith=jc.path, depth=jc.depth + 1, kind__code="township")[:3])
    own = actions.inspection_create(
        actor=actor,
        unit=jc,
        kind=Inspection.AD_HOC,
        title="剑川县政务公开“一把手”负责制落实情况检查",
        targets=towns,
        start=today - timedelta(days=20),
        checklist=["“三卡”“三制”落实", "关键环节公开"],
    )
    f = actions.finding_create(
        actor=actor,
        inspection=own,
        unit=towns[0],
        description="窗口工作人员未佩戴胸卡、未置放台卡。",
        severity="low",
        found_on=today - timedelta(days=18),
    )
    actions.rectification_issue(
        actor=actor, finding=f, requirement="立即整改。", deadline=today - timedelta(days=8)
    )
    actions.inspection_publish(
        actor=actor, inspection=own, summary="检查乡镇3个，发现问题1个，已责令限期整改。"
    )


# The seed: county 12 planned / 1 built, township 110 / 21, village 1,075 / 52.
COVERAGE_BUILT = {2: 1, 3: 21, 4: 52}


def _last_quarter(today: date) -> rules.Period:
    q = (today.month - 1) // 3
    year, q = (today.year, q) if q else (today.year - 1, 4)
    return rules.parse_period(f"{year}Q{q}")


def _centre_checks(actor, today: date) -> None:
    """The centre's own window-service check of its departments in the last full quarter, and a
    training for part of the window staff: inputs for the department assessment."""
    centre = _unit("532901-ZWZX")
    if Inspection.objects.filter(unit=centre).exists():
        return
    quarter = _last_quarter(today)
    depts = {u.code: u for u in Unit.objects.filter(path__startswith=centre.path, depth=centre.depth + 1)}
    insp = actions.inspection_create(
        actor=actor,
        unit=centre,
        title="窗口服务“三卡”“三制”季度检查",
        targets=list(depts.values()),
        start=quarter.start + timedelta(days=15),
        checklist=["胸卡、台卡、去向卡", "首问责任制", "限时办结制", "服务承诺制"],
    )
    found = quarter.start + timedelta(days=20)
    for code, text, severity in [
        ("532901-ZX-D02", "窗口工作人员未佩戴胸卡。", "low"),
        ("532901-ZX-D07", "2件承诺件超期未办结。", "high"),
        ("532901-ZX-D07", "首问登记不全。", "medium"),
        ("532901-ZX-D11", "办事指南未及时更新。", "medium"),
        ("532901-ZX-D19", "窗口无人值守。", "high"),
    ]:
        f = actions.finding_create(
            actor=actor,
            inspection=insp,
            unit=depts[code],
            description=text,
            severity=severity,
            found_on=found,
        )
        actions.rectification_issue(
            actor=actor, finding=f, requirement="限期整改。", deadline=found + timedelta(days=15)
        )
    actions.inspection_close(actor=actor, inspection=insp)
    staff = list(
        Person.objects.filter(unit__path__startswith=centre.path, unit__depth=centre.depth + 2).order_by(
            "unit__path", "id"
        )[:60]
    )
    actions.session_create(
        actor=actor,
        unit=centre,
        kind=StudySession.TRAINING,
        title="“六公开”“五制办理”业务培训",
        held_on=quarter.start + timedelta(days=30),
        hours=6,
        attendees=staff,
    )


def _coverage(actor) -> dict:
    zhou = _unit("532900")
    if Construction.objects.filter(unit__path__startswith=zhou.path, kind="service_centre").exists():
        return {}
    kinds = {2: "government", 3: "township", 4: "village"}
    rows = []
    for depth, kind in kinds.items():
        units = list(
            Unit.objects.filter(path__startswith=zhou.path, depth=depth, kind__code=kind).order_by("path")
        )
        # The built ones: 大理市 first among counties; 下关镇 and 沙溪 among the townships …
        built = units[: COVERAGE_BUILT[depth]]
        for i, u in enumerate(units):
            rows.append((u, True, date(2010, 10, 1) + timedelta(days=7 * i) if u in built else None))
    return actions.constructions_mark(actor=actor, rows=rows, kind="service_centre")


def _study(actor, today: date) -> None:
    town = _unit("532901001")  # 下关镇
    if StudySession.objects.filter(unit=town).exists():
        return
    year = today.year
    leaders = []
    for i in range(12):
        code = f"XG-LD-{i + 1:02d}"
        p = Person.objects.filter(code=code).first() or person_create(
            actor=actor,
            unit=town,
            code=code,
            name=["谭文武", "岳国军", "杨建跃"][i] if i < 3 else f"下关镇班子成员{i + 1}",
            title=["党委书记", "镇长", "纪委书记"][i] if i < 3 else "班子成员",
        )
        post_grant(actor=actor, person=p, unit=town, role="leader", title=p.title)
        leaders.append(p)
    villages = list(Unit.objects.filter(path__startswith=town.path, depth=town.depth + 1).order_by("path"))
    cadres = []
    for i in range(68):
        v = villages[i % len(villages)]
        code = f"XG-CD-{i + 1:02d}"
        cadres.append(
            Person.objects.filter(code=code).first()
            or person_create(
                actor=actor, unit=v, code=code, name=f"{v.name}干部{i // len(villages) + 1}", title="村干部"
            )
        )
    topics = [
        "宪法",
        "行政许可法",
        "行政处罚法",
        "治安管理处罚法",
        "村民委员会组织法",
        "道路交通安全法",
        "政府信息公开条例",
        "行政复议法",
        "国家赔偿法",
        "土地管理法",
        "安全生产法",
        "信访条例",
    ]
    for m, topic in enumerate(topics):
        actions.session_create(
            actor=actor,
            unit=town,
            kind=StudySession.STUDY,
            title=f"党政班子专题学法：{topic}",
            held_on=date(year, m % 11 + 1, 10),
            hours=4,
            attendees=leaders,
        )
    for m, title in ((3, "依法行政和政务公开业务培训"), (9, "乡村两级干部法律知识培训")):
        actions.session_create(
            actor=actor,
            unit=town,
            kind=StudySession.TRAINING,
            title=title,
            held_on=date(year, m, 20),
            hours=4,
            attendees=leaders + cadres,
        )


def _decisions(actor, today: date) -> None:
    if MajorDecision.objects.filter(number="大政发〔2011〕3号").exists():
        return
    zhou = _unit("532900")
    d = actions.decision_create(
        actor=actor,
        unit=zhou,
        title="关于全州政务服务体系建设的意见",
        number="大政发〔2011〕3号",
        summary="建设覆盖州县乡村四级的政务服务体系；统筹州市政务服务中心和公共资源交易中心建设。",
    )
    evidence = {
        "participation": "网上公示30日并召开听证会，收到意见126条。",
        "expert": "邀请7名专家论证，形成论证报告。",
        "risk": "社会稳定风险评估为低风险。",
        "legality": "州政府法制局合法性审查意见书。",
        "collective": "州政府常务会议集体讨论决定。",
    }
    for i, step in enumerate(rules.STEPS):
        actions.decision_step_record(
            actor=actor,
            decision=d,
            step=step,
            done_on=today - timedelta(days=200 - 10 * i),
            evidence=evidence[step],
        )
    actions.decision_adopt(actor=actor, decision=d, on=today - timedelta(days=145))
    actions.decision_publish(actor=actor, decision=d, on=today - timedelta(days=140))
    actions.decision_check(
        actor=actor, decision=d, ok=True, findings="跟踪检查：县级领导小组均已成立，按计划推进。"
    )
    # A county published a fee decision without a hearing: flagged, suspended, held to account.
    county = _unit("532926")
    bad = actions.decision_create(
        actor=actor, unit=county, title="南涧县城区公共停车收费标准调整", number="南政发〔2026〕8号"
    )
    for step in ("expert", "risk", "legality", "collective"):
        actions.decision_step_record(
            actor=actor, decision=bad, step=step, done_on=today - timedelta(days=60), evidence="见附件"
        )
    actions.decision_publish(actor=actor, decision=bad, on=today - timedelta(days=50))
    actions.decision_correct(
        actor=actor,
        decision=bad,
        kind="suspend",
        reason="应听证未听证，群众反映强烈，决定停止实施并补办听证。",
    )
    head = Person.objects.filter(code="HEAD-532926").first()
    actions.accountability_create(
        actor=actor,
        unit=zhou,
        rule="no_hearing",
        decision="admonition",
        facts="南涧县调整停车收费标准应听证而未听证，对决策人诫勉谈话。",
        units=[county],
        people=[head] if head else [],
        major_decision=bad,
        decided_on=today - timedelta(days=30),
    )


def _accountability(actor, today: date) -> None:
    if Accountability.objects.filter(rule="falsification").exists():
        return
    actions.accountability_create(
        actor=actor,
        unit=_unit("532900"),
        rule="falsification",
        decision="circulated",
        facts="某县上报政务公开目录更新数据弄虚作假，予以通报批评。",
        units=[_unit("532929")],
        decided_on=today - timedelta(days=40),
    )
    actions.accountability_create(
        actor=actor,
        unit=_unit("532900"),
        rule="formalism",
        decision="education",
        facts="公开栏长期不更新，政务公开流于形式。",
        units=[_unit("532925")],
        decided_on=today - timedelta(days=25),
    )


ASSESSMENT_TITLE = "大理市政务服务中心派驻部门月检查季考核"


def _assessment(actor, today: date, stdout) -> None:
    if Assessment.objects.filter(title=ASSESSMENT_TITLE).exists():
        return
    centre = _unit("532901-ZWZX")
    known = set(metrics.names())
    indicators = [{"metric": m, "weight": w} for m, w in scoring.STANDARD_INDICATORS if m in known]
    depts = list(Unit.objects.filter(path__startswith=centre.path, depth=centre.depth + 1).order_by("path"))
    a = actions.assessment_create(
        actor=actor,
        unit=centre,
        title=ASSESSMENT_TITLE,
        participants=depts,
        indicators=indicators,
        links=[
            {"top": 3, "adjust": 10, "label": "季度绩效上浮"},
            {"last": 3, "adjust": -20, "label": "黄牌警告，扣减当季绩效"},
        ],
    )
    # The last full quarter: its three monthly ranking bulletins and the quarterly link to performance.
    quarter = _last_quarter(today)
    for month in rules.months_of(quarter):
        run = actions.assessment_evaluate(actor=actor, assessment=a, period=month.code)
        actions.bulletin_publish(actor=actor, run=run)
    run = actions.assessment_evaluate(actor=actor, assessment=a, period=quarter.code)
    actions.bulletin_publish(actor=actor, run=run)
    _say(
        stdout, f"supervision: assessment of {len(depts)} departments, {quarter.code}, {run.engine} engine\n"
    )


@transaction.atomic
def build(stdout=None) -> dict:
    actor = _actor()
    if actor is None or not Unit.objects.filter(code="532900").exists():
        return {"skipped": "the 大理州 demo organisation is missing"}
    today = timezone.localdate()
    _heads(actor)
    plan = _plan(actor, today, stdout)
    _inspections(actor, plan, today)
    _centre_checks(actor, today)
    _coverage(actor)
    _study(actor, today)
    _decisions(actor, today)
    _accountability(actor, today)
    _assessment(actor, today, stdout)
    return {
        "plans": WorkPlan.objects.count(),
        "tasks": Task.objects.count(),
        "inspections": Inspection.objects.count(),
        "assessments": Assessment.objects.count(),
    }

"""Demo plan: the province's 深化政务公开 plan (6 parts, 19 tasks) with unit heads, owners, progress and acceptance."""

from __future__ import annotations

from datetime import date, timedelta

from yangguang.orgs.actions import person_create, post_grant
from yangguang.orgs.models import Person

from .. import actions
from ..models import WorkPlan
from ._common import _say, _unit

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

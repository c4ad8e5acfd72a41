"""Demo inspections: a 州 cross-unit inspection and a county's 一把手 inspection, with findings and rectifications."""

from __future__ import annotations

from datetime import date, timedelta

from yangguang.orgs.models import Person, Unit

from .. import actions
from ..models import Inspection, WorkPlan
from ._common import _unit


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

"""Demo department assessment (考核) of the 大理市政务服务中心's departments, with its inputs (the centre's checks)."""

from __future__ import annotations

from datetime import date, timedelta

from yangguang.core import metrics
from yangguang.orgs.models import Person, Unit

from .. import actions, rules, scoring
from ..models import Assessment, Inspection, StudySession
from ._common import _say, _unit


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

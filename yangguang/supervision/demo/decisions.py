"""Demo major decisions (重大行政决策): one taken by the book, one published without a hearing, then suspended."""

from __future__ import annotations

from datetime import date, timedelta

from yangguang.orgs.models import Person

from .. import actions, rules
from ..models import MajorDecision
from ._common import _unit


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

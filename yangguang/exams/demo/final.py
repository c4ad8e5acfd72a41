"""The on-stage final of the demo contest: 8 teams, three rounds, an arbitration ruling, prizes."""

from __future__ import annotations

from .. import actions
from ..models import Exam
from ._common import _at


def _final(exam: Exam, admin, leaders: dict) -> dict:
    f = actions.final_create(
        actor=admin,
        exam=exam,
        name="“深化政务公开、推进依法行政”知识竞赛决赛",
        held_at=_at(2010, 4, 23, 14, 30),
    )
    for code in ("PBC-JN-LDR-05", "PBC-JN-LDR-06", "PBC-JN-LDR-04", "PBC-JN-LDR-07", "PBC-JN-LDR-08"):
        actions.juror_add(actor=admin, final=f, person=leaders[code], chair=code == "PBC-JN-LDR-05")
    teams = {t.unit.code: t for t in f.teams.select_related("unit")}
    order = list(teams)

    def play(kind, name, script):
        actions.round_start(actor=admin, final=f, kind=kind, name=name)
        evs = []
        for code, outcome, value, q in script:
            if code in teams:
                evs.append(
                    actions.score_record(
                        actor=admin, final=f, team=teams[code], outcome=outcome, value=value, question=q
                    )
                )
        return evs

    ly = "PBC-JN-13"
    play(
        "bida",
        "第一轮 必答题",
        [
            (c, "correct" if (i + k) % 4 else "wrong", None, f"必答第{k + 1}题")
            for k in range(2)
            for i, c in enumerate(order)
        ]
        + [(ly, "correct", None, "必答加题")],
    )
    evs = play(
        "qiangda",
        "第二轮 抢答题",
        [
            (ly, "wrong", None, "抢答第1题：依申请公开延期答复的最长期限"),
            ("PBC-JN-03", "correct", None, "抢答第2题"),
            (order[2], "foul", None, "抢答第3题（提前抢答）"),
            (ly, "correct", None, "抢答第4题"),
            ("PBC-JN-02", "wrong", None, "抢答第5题"),
            (order[-1], "correct", None, "抢答第6题"),
        ],
    )
    play(
        "fengxian",
        "第三轮 风险题",
        [
            (c, "correct" if i % 3 != 1 else "wrong", [10, 20, 30][i % 3], "风险题")
            for i, c in enumerate(order)
        ],
    )
    arb = actions.arbitration_open(
        actor=admin,
        event=evs[0],
        raised_by="临沂中支代表队",
        claim="选手答“最长不超过二十个工作日”，主持人判错；代表队认为与标准答案“20个工作日”一致。",
    )
    for code, overturn, reason in [
        ("PBC-JN-LDR-05", True, "“二十个工作日”与“20个工作日”表述一致，应判正确"),
        ("PBC-JN-LDR-06", True, "答案要点完整"),
        ("PBC-JN-LDR-04", True, "同意改判"),
    ]:
        r = actions.vote_cast(
            actor=admin, arbitration=arb, juror=leaders[code], overturn=overturn, reason=reason
        )
        if r["status"] != "open":
            break
    actions.final_close(actor=admin, final=f)
    prizes = actions.prizes_award(
        actor=admin,
        final=f,
        levels=[("团体一等奖", 1), ("团体二等奖", 2), ("团体三等奖", 3), ("团体优秀奖", 2)],
    )
    return {"final": f.pk, "teams": len(teams), "first_prize": prizes[0].team.name if prizes else None}

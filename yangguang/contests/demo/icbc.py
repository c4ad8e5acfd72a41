"""Demo: 工行临沂分行 2026 旺季业务劳动竞赛 (1 January – 31 March): the scheme in schemes/icbc_linyi.yaml,
three months of figures for every sub-branch, outlet, office and account manager, a case incident at one
outlet in February, monthly evaluations and bulletins plus the first-quarter assessment, with the seed's
yellow cards where the figures call for them."""

from __future__ import annotations

import csv
import io
import random
from datetime import date
from pathlib import Path

from yangguang.orgs.models import Unit

from .. import actions
from ..models import Competition
from ._common import not_after_today, user

SCHEME = Path(__file__).parent.parent / "schemes" / "icbc_linyi.yaml"
MONTHS = ["2026-01", "2026-02", "2026-03"]


def build(out: dict) -> None:
    if not Unit.objects.filter(code="ICBC-LY").exists():
        return
    actor = user("linyi")
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
            addressees="各支行、网点，市行各部室",
            body=f"现将{int(month[5:])}月份旺季业务劳动竞赛检查排名情况通报如下。各行要对照排名，查找差距，抢抓机遇，确保完成竞赛目标。",
            signer="中国工商银行临沂分行旺季业务劳动竞赛领导小组办公室",
            issued_on=not_after_today(date(2026, m + 1, 5)),
        )
    ev = actions.evaluation_run(actor=actor, competition=comp, period="2026-Q1", note="一季度考核")
    actions.bulletin_publish(
        actor=actor,
        evaluation=ev,
        title="关于旺季业务劳动竞赛一季度考核结果的通报",
        addressees="各支行、网点，市行各部室",
        body="竞赛活动已于3月31日结束。经考核，现将结果通报如下；对存款考核后三名且存款增量占比未达平均水平的支行行长、分管行长给予黄牌警告并扣减当季20%绩效；对存款考核后六名且未完成存款试点计划的网点主任给予黄牌警告并扣减当季30%绩效。市行将召开总结大会表彰先进。",
        signer="中国工商银行临沂分行",
        issued_on=not_after_today(date(2026, 4, 10)),
    )
    out["icbc"] = {
        "participants": len(parts),
        "evaluations": comp.evaluations.count(),
        "bulletins": comp.bulletins.count(),
    }

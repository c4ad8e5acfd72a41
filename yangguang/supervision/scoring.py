"""Department assessment scoring: a competition whose indicators are platform metrics.

The assessment generates a competition scheme (one group of the units assessed; one indicator per
metric, `source: metric`, scored min–max 0..100 by a formula) and hands it to the competition engine
(`yangguang.contests.actions.competition_import_scheme` / `evaluation_run`), which reads the metric
registry itself. When the engine cannot run it (not installed, or the actor may not define
competitions at the organiser), the same scoring runs here on the registry directly (`rules.rank_rows`),
and the run says which engine produced it and why.

Both engines score an indicator as 100 × (value − worst) / (best − worst) (all equal: 100), give a
missing value no score, and total Σ score × weight / Σ weight.
"""

from __future__ import annotations

import re
from datetime import date

from yangguang.core import metrics
from yangguang.core.errors import DomainError

from . import rules
from .models import Assessment

# The standard department assessment (DESIGN: on-time rate, satisfaction, disclosure timeliness, overdue
# requests, task completion, inspection findings, study hours) as (metric, weight); unregistered ones
# are left out.
STANDARD_INDICATORS = [
    ("services.on_time_rate", 30),
    ("services.satisfaction", 20),
    ("disclosure.timeliness", 10),
    ("disclosure.overdue_requests", 10),
    ("supervision.task_completion_rate", 10),
    ("supervision.inspection_findings", 10),
    ("supervision.unit_study_hours", 10),
]

F_HIGHER = "100 - (最高(值) - 值) / 较大值(最高(值) - 最低(值), 0.000001) * 100"
F_LOWER = "100 - (值 - 最低(值)) / 较大值(最高(值) - 最低(值), 0.000001) * 100"


def indicators_of(assessment: Assessment) -> list[rules.Indicator]:
    return [
        rules.Indicator(
            i["metric"], float(i["weight"]), bool(i.get("higher_is_better", True)), i.get("label", "")
        )
        for i in assessment.indicators
    ]


def scheme_for(assessment: Assessment, start: date, end: date) -> dict:
    """The competition scheme this assessment stands for (the metrics are read by the engine)."""
    inds = assessment.indicators
    total = sum(float(i["weight"]) for i in inds) or 1.0
    seen: set[str] = set()
    members = list(assessment.participants.order_by("path").values_list("code", flat=True))
    return {
        "version": 1,
        "code": f"sup-assessment-{assessment.pk}",
        "name": assessment.title,
        "organiser": assessment.unit.code,
        "description": "督查考核：以平台指标为考核指标的部门考核（由督查考核模块生成）。",
        "public": False,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "cycle": "monthly",
        "groups": [{"code": "units", "name": "参评单位", "kind": "unit", "members": members}],
        "indicators": [
            {
                "code": f"m{n + 1}",
                "name": _word(i.get("label"), n, seen),
                "unit": str(i.get("unit") or ""),
                "source": "metric",
                "metric": i["metric"],
                "direction": "higher" if i.get("higher_is_better", True) else "lower",
                "method": "formula",
                "params": {"formula": F_HIGHER if i.get("higher_is_better", True) else F_LOWER},
                "weight": round(float(i["weight"]) * 100 / total, 6),
            }
            for n, i in enumerate(inds)
        ],
        "weights_total": None,
    }


def _word(label, n: int, seen: set[str]) -> str:
    """The engine's rules name indicators by one word: the label without spaces or symbols."""
    word = re.sub(r"\W+", "", str(label or ""))[:40] or f"指标{n + 1}"
    if word[0].isdigit() or word in seen:
        word = f"指标{n + 1}{word}"[:40]
    seen.add(word)
    return word


def _heads(unit_ids: list[int]) -> dict[int, str]:
    from yangguang.orgs.models import Post

    out: dict[int, str] = {}
    for uid, name in (
        Post.objects.filter(unit_id__in=unit_ids, role="leader")
        .order_by("id")
        .values_list("unit_id", "person__name")
    ):
        out.setdefault(uid, name)
    return out


def _links(period: rules.Period, assessment: Assessment, ranked: list[rules.Row]) -> None:
    if period.cadence == "quarter" and assessment.links:
        rules.apply_links(ranked, assessment.links)


def _local(assessment: Assessment, period: rules.Period) -> list[rules.Row]:
    ids = list(assessment.participants.values_list("pk", flat=True))
    inds = indicators_of(assessment)
    values = {i.metric: metrics.read(i.metric, ids, period.start, period.end) for i in inds}
    return rules.rank_rows(ids, inds, values)


def _contests(actor, assessment: Assessment, period: rules.Period) -> tuple[list[rules.Row], dict]:
    from yangguang.contests import actions as contest_actions
    from yangguang.contests import queries as contest_queries

    start = min(d for d in (assessment.start, period.start) if d)
    end = max(d for d in (assessment.end, period.end) if d)
    comp = contest_actions.competition_import_scheme(
        actor=actor, scheme=scheme_for(assessment, start, end), organiser=assessment.unit
    )
    key = period.code.replace("Q", "-Q") if period.cadence == "quarter" else period.code
    ev = contest_actions.evaluation_run(actor=actor, competition=comp, period=key, note="督查考核")
    codes = {i: ind["metric"] for i, ind in enumerate(assessment.indicators)}
    rows = []
    for res in contest_queries.evaluation_results(actor=actor, evaluation=ev):
        vals = res.values or {}
        r = rules.Row(
            res.participant.unit_id,
            {codes[n]: (vals.get(f"m{n + 1}") or {}).get("value") for n in codes},
            {codes[n]: (vals.get(f"m{n + 1}") or {}).get("score") for n in codes},
            float(res.score or 0),
            res.rank or 0,
        )
        rows.append(r)
    rows.sort(key=lambda r: (r.rank, -r.total, r.subject))
    return rows, {"competition_id": comp.pk, "evaluation_id": ev.pk, "start": start, "end": end}


def evaluate(assessment: Assessment, period: rules.Period, actor=None) -> tuple[list[dict], str, str, dict]:
    """→ (rows, engine, note, extra). Rows carry the inputs, scores, total, rank and the link."""
    engine, note, extra = "contests", "", {}
    try:
        ranked, extra = _contests(actor, assessment, period)
    except ImportError:
        engine, note = "supervision", "competition engine not installed"
        ranked = _local(assessment, period)
    except DomainError as e:
        engine, note = "supervision", f"competition engine refused: {e.code}"
        ranked = _local(assessment, period)
    _links(period, assessment, ranked)
    names = dict(assessment.participants.values_list("pk", "name"))
    heads = _heads(list(names)) if period.cadence == "quarter" else {}
    rows = [
        {
            "unit_id": r.subject,
            "unit_name": names.get(r.subject, ""),
            "inputs": r.inputs,
            "scores": {k: (None if v is None else round(v, 4)) for k, v in r.scores.items()},
            "total": round(r.total, 2),
            "rank": r.rank,
            "adjust": r.adjust,
            "link": r.link,
            # 季考核挂钩 reaches the unit head (一把手) when the link adjusts the unit's performance
            "head": heads.get(r.subject, "") if r.adjust else "",
        }
        for r in ranked
    ]
    return rows, engine, note, extra

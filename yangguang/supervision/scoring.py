"""Department assessment scoring: read the indicators' metrics, rank, apply the link to performance.

The ranking itself is the pure `rules.rank_rows` / `rules.apply_links`; this module only gathers the
inputs from the metric registry (the platform's own figures: on-time rate, satisfaction, disclosure
timeliness, overdue requests, task completion, findings, study hours …).
"""

from __future__ import annotations

from yangguang.core import metrics

from . import rules
from .models import Assessment


def gather(indicators: list[rules.Indicator], unit_ids: list[int], period: rules.Period) -> dict:
    return {i.metric: metrics.read(i.metric, unit_ids, period.start, period.end) for i in indicators}


def indicators_of(assessment: Assessment) -> list[rules.Indicator]:
    return [
        rules.Indicator(
            i["metric"], float(i["weight"]), bool(i.get("higher_is_better", True)), i.get("label", "")
        )
        for i in assessment.indicators
    ]


def evaluate(assessment: Assessment, period: rules.Period) -> tuple[list[dict], str]:
    units = list(assessment.participants.order_by("path").values_list("pk", "name"))
    ids = [u for u, _n in units]
    names = dict(units)
    inds = indicators_of(assessment)
    values = gather(inds, ids, period)
    ranked = rules.rank_rows(ids, inds, values)
    if period.cadence == "quarter" and assessment.links:
        rules.apply_links(ranked, assessment.links)
    rows = [
        {
            "unit_id": r.subject,
            "unit_name": names[r.subject],
            "inputs": r.inputs,
            "scores": r.scores,
            "total": r.total,
            "rank": r.rank,
            "adjust": r.adjust,
            "link": r.link,
        }
        for r in ranked
    ]
    return rows, "supervision"

"""The JSON writer (figures laid out in ranking order, repetitive columns as text) says what a
participant's own explanation says, with missing figures too."""

from __future__ import annotations

import json

import pytest

from yangguang.contests.engine.data import table_from_records
from yangguang.contests.engine.evaluate import evaluate
from yangguang.contests.engine.scheme import parse_scheme

pytestmark = pytest.mark.django_db(databases=[])


def test_writer_matches_explanations_with_missing_figures():
    s = parse_scheme(
        {
            "code": "t",
            "name": "测试竞赛",
            "period": {"start": "2026-01-01", "end": "2026-03-31"},
            "indicators": [
                {"code": "x", "name": "业绩", "method": "completion", "weight": 60},
                {"code": "y", "name": "服务", "weight": 40},
            ],
            "rules": {"awards": [{"name": "前三", "top": 3}]},
        }
    )
    recs = [
        {
            "id": f"P{i:02d}",
            "values": {
                "x": {"value": float(1 + i % 2), "plan": None if i % 7 == 0 else 2.0},
                "y": {"value": float(i % 3)},
            },
        }
        for i in range(40)
    ]
    res = evaluate(s, table_from_records(s, recs))
    before = {i: res.explanation(i) for i in range(len(res))}
    lines = [json.loads(x) for x in res.json_lines()]
    assert len(lines) == 40
    by_id = {r["id"]: r for r in lines}
    for i in range(len(res)):
        rec = by_id[res.table.ids[i]]
        assert [x.replace("nan", "—") for x in rec["explanation"]] == before[i]
        assert res.explanation(i) == before[i]  # the same once the writer's columns exist

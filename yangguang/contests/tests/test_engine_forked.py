"""Work shared with a forked process gives what this process alone gives."""

from __future__ import annotations

import json
import os
import random

import pytest

from yangguang.contests.engine import forked
from yangguang.contests.engine.data import table_from_records
from yangguang.contests.engine.evaluate import evaluate
from yangguang.contests.engine.scheme import parse_scheme

pytestmark = pytest.mark.django_db(databases=[])


def test_shared_returns_both_results_and_recovers_from_the_other_side():
    here = os.getpid()
    assert forked.shared(lambda: [os.getpid() != here, "theirs"], lambda: "mine") == (
        "mine",
        [True, "theirs"],
    )

    def fails_over_there():
        if os.getpid() != here:
            raise RuntimeError("only in the forked process")
        return "computed here"

    assert forked.shared(fails_over_there, lambda: 1) == (1, "computed here")


def test_scores_shared_with_a_forked_process_are_the_same(monkeypatch):
    """Every method, missing figures and a division by zero (errors in scheme order), two groups; the
    penalties' rules worked out apart while awards are given."""
    s = parse_scheme(
        {
            "code": "t",
            "name": "测试竞赛",
            "period": {"start": "2026-01-01", "end": "2026-12-31"},
            "groups": [{"code": "a", "name": "甲组"}, {"code": "b", "name": "乙组"}],
            "indicators": [
                {"code": "c", "name": "存款", "method": "completion", "cap": 120, "weight": 20},
                {"code": "g", "name": "客户", "method": "growth", "weight": 10},
                {"code": "r", "name": "中收", "method": "growth_rate", "cap": 100, "weight": 10},
                {"code": "s", "name": "理财", "method": "share", "weight": 10},
                {
                    "code": "p",
                    "name": "基金",
                    "method": "rank_points",
                    "weight": 10,
                    "params": {"max": 100, "step": 1},
                },
                {
                    "code": "t",
                    "name": "信用卡",
                    "method": "tiers",
                    "weight": 10,
                    "params": {
                        "of": "completion",
                        "tiers": [{"min": 100, "points": 100}, {"min": 80, "points": 70}],
                    },
                },
                {"code": "x", "name": "投诉", "method": "raw", "direction": "lower", "weight": 10},
                {
                    "code": "f",
                    "name": "合规",
                    "method": "formula",
                    "weight": 20,
                    "params": {"formula": "值 * 0.9 + 10"},
                },
            ],
            "rules": {
                "awards": [
                    {"name": "前十", "top": 10},
                    {"name": "增长", "top": 20, "when": "客户增量 > 平均(客户增量)"},
                ],
                "penalties": [
                    {
                        "name": "黄牌",
                        "when": "存款排名倒数 <= 30 and 理财增量占比 < 平均(理财增量占比)",
                        "pay_cut": 20,
                    },
                    {"name": "提示", "when": "投诉 > 400", "card": "none"},
                ],
            },
        }
    )
    rng = random.Random(2)

    def fig(lo, hi):
        r = rng.random()
        return None if r < 0.02 else 0.0 if r < 0.04 else round(rng.uniform(lo, hi), 1)

    recs = [
        {
            "id": f"P{i:04d}",
            "group": rng.choice("ab"),
            "values": {
                code: {"value": fig(0, 500), "base": fig(0, 400), "plan": fig(0, 500)} for code in "cgrsptxf"
            },
        }
        for i in range(3000)
    ]
    monkeypatch.setattr(forked, "MIN_ROWS", 100)
    alone = evaluate(s, table_from_records(s, recs))
    shared = evaluate(s, table_from_records(s, recs), workers=2)
    assert any(alone.errors) and alone.errors == shared.errors
    assert alone.cents == shared.cents and alone.rank == shared.rank
    assert any(alone.penalties) and alone.penalties == shared.penalties
    assert [alone.explanation(i) for i in range(len(alone))] == [
        shared.explanation(i) for i in range(len(alone))
    ]
    assert [json.loads(x) for x in alone.json_lines()] == [json.loads(x) for x in shared.json_lines()]

"""Shortcuts the engine takes on large fields give what the plain definitions give: points by rank past
the floor, top-N awards looked for among the best-ranked only, ranks without ties."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from yangguang.contests.engine.data import table_from_records
from yangguang.contests.engine.evaluate import evaluate, shared_ranks
from yangguang.contests.engine.evaluate.numbers import half_up_cents
from yangguang.contests.engine.scheme import parse_scheme

pytestmark = pytest.mark.django_db(databases=[])


def _scheme(indicators, awards=(), tie_break=()):
    return parse_scheme(
        {
            "code": "t",
            "name": "测试竞赛",
            "period": {"start": "2026-01-01", "end": "2026-12-31"},
            "indicators": indicators,
            "tie_break": list(tie_break),
            "rules": {"awards": list(awards)},
        }
    )


@pytest.mark.parametrize(
    "params",
    [
        {"max": 100, "step": 0.3, "min": 0},
        {"max": 10, "step": 3, "min": 2.5},
        {"max": 5, "step": 1, "min": 9},
    ],
)
def test_points_by_rank_reach_the_floor_as_defined(params):
    s = _scheme([{"code": "x", "name": "基金", "method": "rank_points", "weight": 100, "params": params}])
    rng = random.Random(4)
    recs = [{"id": f"P{i:03d}", "values": {"x": {"value": float(rng.randint(0, 2000))}}} for i in range(400)]
    res = evaluate(s, table_from_records(s, recs))
    rk = shared_ranks([r["values"]["x"]["value"] for r in recs])[0]
    mx, step, low = (Decimal(str(params[k])) for k in ("max", "step", "min"))
    want = [half_up_cents(max(mx - (r - 1) * step, low)) for r in rk]
    assert [res.groups["all"].cols["x"]["score"][k] * 100 for k in range(400)] == pytest.approx(want)
    assert res.cents == want  # weight 100: the total is the score


@pytest.mark.parametrize("seed", range(6))
def test_top_n_awards_as_defined(seed):
    """Winners: the `top` best by rank (then tie-break, then id), and everyone tied with the last."""
    rng = random.Random(seed)
    top = rng.choice([1, 5, 30])
    tie = rng.choice(["shared", "break"])
    s = _scheme(
        [
            {"code": "x", "name": "业绩", "method": "raw", "weight": 100},
            {"code": "y", "name": "服务", "method": "raw", "weight": 0},
        ],
        awards=[
            {"name": "前列", "top": top, "tie": tie, **({"tie_break": ["服务"]} if tie == "break" else {})}
        ],
    )
    recs = [
        {
            "id": f"P{i:03d}",
            "values": {"x": {"value": float(rng.randint(0, 9))}, "y": {"value": float(rng.randint(0, 3))}},
        }
        for i in range(300)
    ]
    res = evaluate(s, table_from_records(s, recs))
    key = {
        i: (res.rank[i], -recs[i]["values"]["y"]["value"] if tie == "break" else 0) for i in range(len(recs))
    }
    ranked = sorted(range(len(recs)), key=lambda i: (key[i], res.table.ids[i]))
    last = key[ranked[top - 1]]
    want = {i for i in ranked if key[i] <= last}
    assert {i for i in range(len(recs)) if res.awards[i]} == want


def test_ranks_without_ties():
    keys = random.Random(1).sample(range(10_000), 500)
    rank, bottom, tied = shared_ranks(keys)
    order = sorted(keys, reverse=True)
    assert rank == [order.index(k) + 1 for k in keys]
    assert bottom == [len(keys) - order.index(k) for k in keys]
    assert not any(tied)

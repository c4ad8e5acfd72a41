"""Issue 13: rules decide exactly. Every comparison and every operation in a rule, an award condition, a
penalty, a derived quantity or a formula is exact rational arithmetic on the figures as written
(0.1 + 0.2 == 0.3; 四舍五入(95.005, 2) == 95.01), also where a float would fall on the wrong side."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yangguang.contests.engine.data import table_from_records
from yangguang.contests.engine.evaluate import evaluate
from yangguang.contests.engine.exact import round_half_up
from yangguang.contests.engine.expr import compile_rule
from yangguang.contests.engine.scheme import parse_scheme
from yangguang.core.errors import DomainError

pytestmark = pytest.mark.django_db(databases=[])

BASE = {"code": "t", "name": "测试竞赛", "period": {"start": "2026-01-01", "end": "2026-03-31"}}


def flagged(when: str, rows: list[dict], **extra) -> list[bool]:
    """Which participants a penalty `when` marks; facts 甲 乙 丙 per row, indicator 业绩 (value v, plan p)."""
    s = parse_scheme(
        {
            **BASE,
            "indicators": [{"code": "x", "name": "业绩", "method": "completion", "weight": 100}],
            "facts": [
                {"code": c, "name": n, "default": 0} for c, n in (("a", "甲"), ("b", "乙"), ("c", "丙"))
            ],
            "rules": {"penalties": [{"name": "提示", "when": when, "card": "none"}]},
            **extra,
        }
    )
    recs = [
        {
            "id": f"P{i}",
            "values": {"x": {"value": float(r.get("v", 1)), "plan": float(r.get("p", 1))}},
            "facts": {k: float(r.get(k, 0)) for k in ("a", "b", "c")},
        }
        for i, r in enumerate(rows)
    ]
    res = evaluate(s, table_from_records(s, recs))
    assert not any(res.errors), res.errors
    return [bool(p) for p in res.penalties]


def test_float_traps_are_decided_exactly():
    assert 0.1 + 0.2 > 0.3 and round(95.005, 2) == 95.0  # what floats would say
    row = {"a": "0.1", "b": "0.2", "c": "0.3"}
    assert flagged("甲 + 乙 == 丙", [row]) == [True]
    assert flagged("甲 + 乙 <= 丙", [row]) == [True]
    assert flagged("甲 + 乙 > 丙", [row]) == [False]
    assert flagged("四舍五入(甲, 2) >= 95.01", [{"a": "95.005"}]) == [True]
    assert flagged("round(甲, 2) == 95.01", [{"a": "95.005"}]) == [True]
    assert flagged("甲 / 3 * 3 == 1", [{"a": "1"}]) == [True]
    assert flagged("甲 // 0.1 == 3", [{"a": "0.3"}]) == [True]  # floats: 0.3 // 0.1 == 2.0
    assert flagged("甲 % 0.1 == 0", [{"a": "0.3"}]) == [True]
    assert flagged("not (甲 + 乙 - 丙)", [row]) == [True]  # exactly zero
    assert flagged("甲 + 乙 in (0.3, 7)", [row]) == [True]
    assert flagged("较大值(甲 + 乙, 0.1) == 丙 and 绝对值(-甲 - 乙) == 丙", [row]) == [True]
    assert flagged("(1 if 甲 + 乙 == 丙 else 0) == 1", [row]) == [True]
    # completion exactly at a threshold: 0.7 / 0.1 × 100 = 700 (floats: 699.9999999999999)
    assert flagged("业绩完成率 >= 700", [{"v": "0.7", "p": "0.1"}]) == [True]


def test_aggregates_are_exact():
    rows = [{"a": "0.1"}, {"a": "0.2"}, {"a": "0.3"}]  # mean exactly 0.2
    assert flagged("甲 >= 平均(甲)", rows) == [False, True, True]
    assert flagged("合计(甲) == 0.6", rows) == [True, True, True]


def test_derived_quantity_exact():
    extra = {"derived": [{"code": "d", "name": "和", "expr": "甲 + 乙"}]}
    assert flagged("和 == 丙", [{"a": "0.1", "b": "0.2", "c": "0.3"}], **extra) == [True]


decimals = st.integers(min_value=-(10**9), max_value=10**9).flatmap(
    lambda n: st.integers(min_value=0, max_value=6).map(lambda k: Decimal(n).scaleb(-k))
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(decimals, decimals), min_size=1, max_size=20))
def test_sum_at_the_boundary(pairs):
    """丙 = 甲 + 乙 exactly: `甲 + 乙 >= 丙` holds and `甲 + 乙 > 丙` does not, whatever floats say."""
    rows = [{"a": str(a), "b": str(b), "c": str(a + b)} for a, b in pairs]
    assert flagged("甲 + 乙 >= 丙 and not (甲 + 乙 > 丙) and 甲 + 乙 == 丙", rows) == [True] * len(rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=10**7), st.integers(min_value=1, max_value=999)),
        min_size=1,
        max_size=20,
    )
)
def test_completion_threshold_exactly_met(rows):
    """value = plan × r / 100 exactly (plan in cents, r a whole percent): 完成率 >= r holds, > r does not."""
    data, thresholds = [], []
    for plan_cents, r in rows:
        plan = Decimal(plan_cents).scaleb(-2)
        data.append({"v": str(plan * r / 100), "p": str(plan)})
        thresholds.append(r)
    for r in set(thresholds):
        got = flagged(f"业绩完成率 >= {r} and not (业绩完成率 > {r})", data)
        assert [g for g, t in zip(got, thresholds, strict=True) if t == r] == [True] * thresholds.count(r)


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=-(10**8), max_value=10**8), st.integers(min_value=0, max_value=4))
def test_round_half_up_matches_decimal(n, places):
    x = Decimal(n).scaleb(-places - 1)  # one more decimal than kept: exact halves are frequent
    want = x.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    assert round_half_up(Fraction(x), places) == Fraction(want)
    row = {"a": str(x)}
    assert flagged(f"四舍五入(甲, {places}) == {want}", [row]) == [True]


@pytest.mark.parametrize(
    "src", ["甲.__class__", "__import__('os')", "甲 ** 2", "[x for x in (1,)]", "lambda: 1", "open('f')"]
)
def test_allowlist_still_refuses(src):
    with pytest.raises(DomainError):
        compile_rule(src, {"甲"})

"""The engine against an independent Decimal calculation: for random decimal figures, every score and
total equals ROUND_HALF_UP of the exact arithmetic (the float fast path never decides a half)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yangguang.contests.engine.data import table_from_records
from yangguang.contests.engine.evaluate import evaluate
from yangguang.contests.engine.scheme import parse_scheme

pytestmark = pytest.mark.django_db(databases=[])

CENT = Decimal("0.01")
# figures with up to 3 decimals, many landing exactly on halves after × 100 / plan
figure = st.integers(min_value=1, max_value=2_000_000).map(lambda n: Decimal(n).scaleb(-3))
weight = st.sampled_from([Decimal("12.5"), Decimal("37.5"), Decimal("50"), Decimal("33.3333")])


def hand(x: Decimal) -> Decimal:
    return x.quantize(CENT, ROUND_HALF_UP)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(figure, figure, figure, figure), min_size=1, max_size=12),
    weight,
    st.sampled_from([None, 120, Decimal("99.995")]),
)
def test_totals_equal_exact_decimal_calculation(rows, w, cap):
    w2 = Decimal(100) - w
    comp = {"code": "c", "name": "完成", "method": "completion", "weight": float(w)}
    if cap is not None:
        comp["cap"] = float(cap)
    s = parse_scheme(
        {
            "code": "t",
            "name": "t",
            "period": {"start": "2026-01-01", "end": "2026-12-31"},
            "weights_total": None,
            "indicators": [comp, {"code": "g", "name": "增长", "method": "growth_rate", "weight": float(w2)}],
        }
    )
    recs = [
        {
            "id": f"P{i}",
            "values": {
                "c": {"value": float(v), "plan": float(p)},
                "g": {"value": float(a), "base": float(b)},
            },
        }
        for i, (v, p, a, b) in enumerate(rows)
    ]
    res = evaluate(s, table_from_records(s, recs))
    for i, (v, p, a, b) in enumerate(rows):
        c = v / p * 100
        if cap is not None:
            c = min(c, Decimal(repr(float(cap))))
        sc_c = hand(c)
        sc_g = hand((a - b) / abs(b) * 100)
        expected = hand(sc_c * Decimal(repr(float(w))) / 100 + sc_g * Decimal(repr(float(w2))) / 100)
        assert res.score[i] == expected, (v, p, a, b)
        assert res.indicator_values(i)["c"]["score"] == float(sc_c)


def test_a_known_half_through_division():
    # 1.0005 / 2 × 100 = 50.025 exactly → 50.03 (float division gives 50.02499999…)
    s = parse_scheme(
        {
            "code": "t",
            "name": "t",
            "period": {"start": "2026-01-01", "end": "2026-12-31"},
            "indicators": [{"code": "c", "name": "完成", "method": "completion", "weight": 100}],
        }
    )
    res = evaluate(s, table_from_records(s, [{"id": "A", "values": {"c": {"value": 1.0005, "plan": 2}}}]))
    assert res.score[0] == Decimal("50.03")

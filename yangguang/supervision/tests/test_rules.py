from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .. import rules


def test_seed_percentages():
    assert rules.percent(1, 12) == Decimal("8.33")
    assert rules.percent(21, 110) == Decimal("19.09")
    assert rules.percent(52, 1075) == Decimal("4.84")
    assert rules.percent(0, 0) is None


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_percent_is_bounded_and_rounded(part, extra):
    whole = part + extra - 1 if part else extra
    p = rules.percent(part, whole)
    assert Decimal(0) <= p <= Decimal(100)
    assert p.as_tuple().exponent == -2
    assert abs(float(p) - 100 * part / whole) <= 0.005 + 1e-9


# Deadlines of real work: far enough from date.min/max that ±400 days stays a date (1-01-01 − 1 day
# is no date and failed the run once).
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)), st.integers(-400, 400))
def test_light(deadline, delta):
    today = deadline + timedelta(days=delta)
    light = rules.light(deadline, today, False)
    assert light == ("red" if delta > 0 else "yellow" if delta >= -rules.YELLOW_DAYS else "green")
    assert rules.light(deadline, today, True) == "green"


def test_periods():
    assert rules.parse_period("2026Q3") == rules.Period(
        "2026Q3", "quarter", date(2026, 7, 1), date(2026, 9, 30)
    )
    assert rules.parse_period("2026-2").end == date(2026, 2, 28)
    assert [m.code for m in rules.months_of(rules.parse_period("2026Q4"))] == [
        "2026-10",
        "2026-11",
        "2026-12",
    ]
    with pytest.raises(ValueError):
        rules.parse_period("2026Q5")


values_st = st.dictionaries(
    st.integers(1, 30), st.one_of(st.none(), st.floats(0, 100)), min_size=2, max_size=12
)


@given(values_st, values_st)
def test_ranking_invariants(a, b):
    subjects = sorted(set(a) | set(b))
    inds = [rules.Indicator("m.a", 2), rules.Indicator("m.b", 1, higher_is_better=False)]
    rows = rules.rank_rows(subjects, inds, {"m.a": a, "m.b": b})
    assert sorted(r.subject for r in rows) == subjects
    totals = [r.total for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert rows[0].rank == 1
    for prev, cur in zip(rows, rows[1:], strict=False):
        assert cur.rank == (prev.rank if cur.total == prev.total else rows.index(cur) + 1)
    for r in rows:
        assert 0 <= r.total <= 100


@given(st.lists(st.floats(0, 100), min_size=2, max_size=10, unique=True))
def test_dominance(vals):
    """A unit better on every indicator never ranks below (totals are rounded to 2 places: ties allowed)."""
    subjects = list(range(len(vals)))
    a = dict(zip(subjects, vals, strict=True))
    b = {s: 100 - v for s, v in a.items()}  # lower is better, so the same order
    rows = rules.rank_rows(
        subjects, [rules.Indicator("x.a", 1), rules.Indicator("x.b", 3, False)], {"x.a": a, "x.b": b}
    )
    rank = {r.subject: r.rank for r in rows}
    for s in subjects:
        for t in subjects:
            if a[s] > a[t]:
                assert rank[s] <= rank[t]


def test_links_by_rank():
    rows = [rules.Row(i, {}, total=100 - i, rank=i) for i in range(1, 7)]
    rules.apply_links(
        rows, [{"top": 1, "adjust": 10, "label": "上浮"}, {"last": 2, "adjust": -20, "label": "扣减"}]
    )
    assert [r.adjust for r in rows] == [10, 0, 0, 0, -20, -20]
    assert rows[-1].link == "扣减"


def test_missing_steps():
    assert rules.missing_steps({"participation", "expert", "risk", "legality"}) == ["collective"]


paths_st = st.lists(
    st.sampled_from(["0001", "0002", "0003", "00010001", "00010002", "00020001", "0004"]),
    min_size=1,
    max_size=6,
)


@given(paths_st, paths_st, st.integers(1, 3))
def test_cross_assign_never_inspects_own_line(tpaths, ppaths, per):
    targets = list(enumerate(tpaths))
    pool = [(100 + i, p) for i, p in enumerate(ppaths)]
    try:
        teams = rules.cross_assign(targets, pool, per)
    except ValueError:
        return
    where = dict(pool)
    for tid, tpath in targets:
        team = teams[tid]
        assert len(team) == per and len(set(team)) == per
        assert not any(rules.related(where[p], tpath) for p in team)
        assert len({where[p] for p in team}) == per  # members from different units


@given(st.integers(1, 12), st.integers(4, 9), st.integers(1, 3))
def test_cross_assign_spreads_the_load(n_targets, n_pool, per):
    targets = [(i, f"0001{i:04d}") for i in range(n_targets)]
    pool = [(100 + i, f"0002{i:04d}") for i in range(n_pool)]  # another county: everyone is eligible
    teams = rules.cross_assign(targets, pool, per)
    load = {p: 0 for p, _ in pool}
    for team in teams.values():
        for p in team:
            load[p] += 1
    assert max(load.values()) - min(load.values()) <= 1

"""The pure engine: properties (hypothesis) and the seed's rules on hand-built data."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yangguang.contests.engine.data import build_table, table_from_records
from yangguang.contests.engine.evaluate import evaluate, shared_ranks
from yangguang.contests.engine.expr import compile_rule
from yangguang.contests.engine.judging import panel_result
from yangguang.contests.engine.periods import parse_period, periods_of
from yangguang.contests.engine.scheme import dump_yaml, parse_scheme, scheme_to_dict
from yangguang.core.errors import DomainError, ImportRejected

pytestmark = pytest.mark.django_db(databases=[])

BASE = {
    "code": "t",
    "name": "测试竞赛",
    "period": {"start": "2026-01-01", "end": "2026-03-31"},
}


def scheme(**kw):
    return parse_scheme({**BASE, **kw})


def raw_scheme(**kw):
    return scheme(indicators=[{"code": "x", "name": "业绩", "method": "raw", "weight": 100}], **kw)


def run(s, rows):
    return evaluate(s, table_from_records(s, rows))


def recs(values, **extra):
    return [
        {"id": f"P{i}", "name": f"参赛{i}", "values": {"x": {"value": v}}, **extra}
        for i, v in enumerate(values)
    ]


# ---- ranks ----------------------------------------------------------------------------------------------


def test_shared_ranks_1_2_2_4():
    rank, bottom, tied = shared_ranks([90, 80, 80, 70])
    assert rank == [1, 2, 2, 4]
    assert bottom == [4, 2, 2, 1]
    assert list(tied) == [0, 1, 1, 0]


scores = st.lists(st.integers(min_value=0, max_value=50).map(float), min_size=1, max_size=40)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(scores)
def test_ranks_agree_with_scores(values):
    res = run(raw_scheme(), recs(values))
    n = len(values)
    for i in range(n):
        for j in range(n):
            if res.score[i] > res.score[j]:
                assert res.rank[i] < res.rank[j]
            if res.score[i] == res.score[j]:
                assert res.rank[i] == res.rank[j]
        # rank = 1 + number strictly better
        assert res.rank[i] == 1 + sum(1 for j in range(n) if res.score[j] > res.score[i])


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(scores, st.lists(st.booleans(), min_size=40, max_size=40))
def test_disqualified_never_awarded(values, bad):
    s = scheme(
        indicators=[{"code": "x", "name": "业绩", "weight": 100}],
        facts=[{"code": "incidents", "name": "案件事故数"}],
        rules={
            "disqualify": [{"name": "案件", "when": "案件事故数 > 0"}],
            "awards": [
                {"name": "前三", "top": 3},
                {"name": "优秀", "when": "总分 >= 0"},
                {"name": "档", "tiers": [{"name": "一等奖", "count": 1}, {"name": "二等奖", "count": 2}]},
            ],
        },
    )
    rows = recs(values)
    for r, b in zip(rows, bad, strict=False):
        r["facts"] = {"incidents": 1 if b else 0}
    res = run(s, rows)
    for i in range(len(values)):
        if res.disqualified[i]:
            assert not res.awards[i]
            assert res.rank[i] is None
        else:
            assert res.rank[i] is not None


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=30),
    st.integers(min_value=-5_000, max_value=100_000),
)
def test_growth_ranks_invariant_under_a_constant(pairs, c):
    s = scheme(
        indicators=[{"code": "d", "name": "存款", "method": "growth", "weight": 100, "nonnegative": False}]
    )

    def rows(shift):
        return [
            {"id": f"P{i}", "values": {"d": {"value": v + shift, "base": b + shift}}}
            for i, (v, b) in enumerate(pairs)
        ]

    a, b = run(s, rows(0)), run(s, rows(c))
    assert a.rank == b.rank


def test_tie_break_by_named_indicator():
    s = scheme(
        indicators=[
            {"code": "a", "name": "甲", "weight": 50},
            {"code": "b", "name": "乙", "weight": 50},
        ],
        tie_break=["甲"],
    )
    rows = [
        {"id": "X", "values": {"a": {"value": 60}, "b": {"value": 40}}},
        {"id": "Y", "values": {"a": {"value": 40}, "b": {"value": 60}}},
        {"id": "Z", "values": {"a": {"value": 10}, "b": {"value": 10}}},
    ]
    res = run(s, rows)
    assert res.score[0] == res.score[1] == 50
    assert res.rank == [1, 2, 3]
    no_tb = run(scheme(indicators=s and scheme_to_dict(s)["indicators"]), rows)
    assert no_tb.rank == [1, 1, 3]


# ---- the seed's yellow cards ----------------------------------------------------------------------------

SEED = open(__file__.rsplit("/", 2)[0] + "/schemes/icbc_linyi.yaml", encoding="utf-8").read()


def test_seed_scheme_loads_and_round_trips():
    s = parse_scheme(SEED)
    assert {g.code for g in s.groups} == {"sub_branch", "outlet", "office", "manager"}
    assert parse_scheme(dump_yaml(s)) == s
    assert parse_scheme(scheme_to_dict(s)) == s


def _branch_rows(deposits, bases, plans, incidents=None):
    rows = []
    for i, (v, b, p) in enumerate(zip(deposits, bases, plans, strict=True)):
        rows.append(
            {
                "id": f"S{i + 1:02d}",
                "name": f"支行{i + 1}",
                "group": "sub_branch",
                "values": {
                    "deposit": {"value": v, "base": b, "plan": p},
                    "loan": {"value": 100, "plan": 100},
                    "customers": {"value": 110, "base": 100},
                    "fee": {"value": 10, "plan": 10},
                },
                "facts": {"incidents": (incidents or {}).get(i, 0)},
            }
        )
    return rows


def test_seed_sub_branch_yellow_card():
    s = parse_scheme(SEED)
    # 8 sub-branches; deposit plan 1000 each; completion = value/10 (cap 120).
    deposits = [1200, 1150, 1100, 1050, 1000, 950, 900, 880]
    bases = [1000, 1000, 1000, 1000, 1000, 800, 1000, 700]  # S06 and S08 grew a lot despite a low rank
    res = run(s, _branch_rows(deposits, bases, [1000] * 8))
    pen = {res.table.ids[i]: res.penalties[i] for i in range(len(res))}
    # bottom three by deposit: S06, S07, S08. Increments: S06 +150, S07 −100, S08 +180; mean of all
    # increments = (200+150+100+50+0+150−100+180)/8 = 91.25 → shares: S06 150/730, S07 < 0, S08 180/730.
    # Mean share = 100/8 = 12.5%: S06 20.5% (not below), S07 −13.7% (below), S08 24.7% (not below).
    assert pen["S07"] and pen["S07"][0]["card"] == "yellow" and pen["S07"][0]["pay_cut"] == 20
    assert pen["S07"][0]["posts"] == ["支行行长", "分管副行长"]
    assert not pen["S06"] and not pen["S08"] and not pen["S01"]
    i7 = res.table.ids.index("S07")
    assert any("存款排名倒数" in line and "平均(存款增量占比)" in line for line in res.explanation(i7))


def test_seed_case_incident_bars_awards_only():
    s = parse_scheme(SEED)
    res = run(s, _branch_rows([1200, 1100, 1000], [1000] * 3, [1000] * 3, incidents={0: 1}))
    assert res.ineligible[0] and not res.disqualified[0] and res.rank[0] == 1 and not res.awards[0]
    assert res.rank[1] == 2
    assert "优胜集体一等奖" in [a["name"] for a in res.awards[1]]


def test_seed_outlet_yellow_card():
    s = parse_scheme(SEED)
    rows = []
    for i in range(10):
        v = 1000 + 50 * i  # O01 lowest
        rows.append(
            {
                "id": f"O{i + 1:02d}",
                "group": "outlet",
                "values": {
                    "deposit": {"value": v, "base": 900, "plan": 1200},
                    "outlet_customers": {"value": 100, "base": 100},
                    "outlet_fee": {"value": 10, "plan": 10},
                },
            }
        )
    res = run(s, rows)
    carded = {res.table.ids[i] for i in range(len(res)) if res.penalties[i]}
    # bottom six by deposit: O01..O06 with values 1000..1250; below plan 1200: O01..O04 (1150 < 1200)
    assert carded == {"O01", "O02", "O03", "O04"}
    assert all(p["pay_cut"] == 30 for i in range(len(res)) for p in res.penalties[i] or ())
    # 优胜网点奖: top 20% of 10 = 2
    won = {res.table.ids[i] for i in range(len(res)) if res.awards[i]}
    assert won == {"O10", "O09"}


# ---- rules: allowlist, errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expr,needle",
    [
        ("业绩.__class__", "__class__"),
        ("业绩.real > 1", ".real"),
        ("__import__('os')", "__import__"),
        ("open('/etc/passwd')", "open"),
        ("[x for x in (1, 2)]", "ListComp"),
        ("(lambda: 1)()", "only named functions"),
        ("业绩 ** 99999", "Pow"),
        ("未知量 > 1", "未知量"),
        ("业绩 >", "syntax"),
        ("import os", "syntax"),
        ("业绩[0]", "Subscript"),
        ("_x + 1", "_x"),
    ],
)
def test_unsafe_or_bad_rules_refused_at_save(expr, needle):
    with pytest.raises(DomainError) as e:
        scheme(
            indicators=[{"code": "x", "name": "业绩", "weight": 100}],
            rules={"penalties": [{"name": "坏规则", "when": expr}]},
        )
    from yangguang.core.errors import both

    msg = both(e.value.message)["en"]
    assert "坏规则" in msg and "坏规则" in both(e.value.message)["zh-hans"]
    assert needle in msg


def test_rule_before_ranking_cannot_use_ranks():
    with pytest.raises(DomainError) as e:
        scheme(
            indicators=[{"code": "x", "name": "业绩", "weight": 100}],
            rules={"disqualify": [{"name": "早", "when": "排名 > 3"}]},
        )
    assert "排名" in str(e.value.message)


def test_compiled_rule_is_fast_path_and_chinese():
    c = compile_rule(
        "存款排名倒数 <= 3 and 存款增量占比 < 平均(存款增量占比)", {"存款排名倒数", "存款增量占比"}
    )
    assert c.names == ("存款排名倒数", "存款增量占比")
    assert c.aggregates == (("_agg0", "mean", "存款增量占比"),)
    assert c(2, 5.0, 10.0) is True
    assert c(4, 5.0, 10.0) is False


def test_rule_failing_on_one_participant_marks_it():
    s = scheme(
        indicators=[{"code": "x", "name": "业绩", "weight": 100}],
        facts=[{"code": "k", "name": "系数"}],
        rules={"penalties": [{"name": "除法", "when": "业绩 / 系数 > 1"}]},
    )
    rows = recs([10, 20, 30])
    rows[0]["facts"] = {"k": 0}
    rows[1]["facts"] = {"k": 1}
    rows[2]["facts"] = {"k": 100}
    res = run(s, rows)
    assert res.errors[0] and "ZeroDivisionError" in res.errors[0][0]["error"]
    assert res.penalties[1] and not res.penalties[2]
    assert res.rank == [3, 2, 1]
    assert any(line.startswith("! 除法") for line in res.explanation(0))


# ---- scheme validation and round trip -------------------------------------------------------------------


def test_weights_must_add_up():
    with pytest.raises(DomainError) as e:
        scheme(indicators=[{"code": "x", "name": "业绩", "weight": 60}])
    assert "60" in str(e.value.message) and "100" in str(e.value.message)
    s = scheme(indicators=[{"code": "x", "name": "业绩", "weight": 60}], weights_total=None)
    assert s.weights_total is None


def test_unknown_group_and_bad_method_named():
    with pytest.raises(DomainError) as e:
        scheme(indicators=[{"code": "x", "name": "业绩", "weight": 100, "groups": ["nope"]}])
    assert "nope" in str(e.value.message)
    with pytest.raises(DomainError) as e:
        scheme(indicators=[{"code": "x", "name": "业绩", "weight": 100, "method": "magic"}])
    assert "indicators[1].method" in str(e.value.message)


ident = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
zh = st.text(alphabet="存贷款客户收入服务质量效率", min_size=1, max_size=4)


@st.composite
def schemes(draw):
    n = draw(st.integers(1, 4))
    codes = draw(st.lists(ident, min_size=n, max_size=n, unique=True))
    names = draw(st.lists(zh, min_size=n, max_size=n, unique=True))
    names = [f"{nm}{i}" for i, nm in enumerate(names)]
    weights = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    inds = []
    for c, nm, w in zip(codes, names, weights, strict=True):
        method = draw(st.sampled_from(["raw", "completion", "growth", "growth_rate", "share", "rank_points"]))
        ind = {
            "code": c,
            "name": nm,
            "method": method,
            "weight": w,
            "unit": draw(st.sampled_from(["", "万元", "%"])),
        }
        if draw(st.booleans()):
            ind["direction"] = "lower"
        if (
            draw(st.booleans())
            and method != "rank_points"
            and (method == "completion" or "direction" not in ind)
        ):
            ind["cap"] = draw(st.integers(100, 150))  # a cap only where it bounds the score
        inds.append(ind)
    rules = {}
    if draw(st.booleans()):
        rules["awards"] = [{"name": "奖", "top": draw(st.integers(1, 5))}]
    if draw(st.booleans()):
        rules["penalties"] = [
            {"name": "罚", "when": f"{names[0]}排名倒数 <= 2", "pay_cut": draw(st.integers(0, 50))}
        ]
    return {
        "code": draw(ident),
        "name": draw(zh),
        "period": {"start": "2026-01-01", "end": "2026-12-31"},
        "cycle": draw(st.sampled_from(["monthly", "quarterly"])),
        "public": draw(st.booleans()),
        "weights_total": None,
        "indicators": inds,
        "rules": rules,
    }


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(schemes())
def test_scheme_export_import_is_identity(d):
    s = parse_scheme(d)
    text = dump_yaml(s)
    again = parse_scheme(text)
    assert again == s
    assert dump_yaml(again) == text
    assert scheme_to_dict(parse_scheme(scheme_to_dict(s))) == scheme_to_dict(s)


# ---- data -----------------------------------------------------------------------------------------------


def _csv(text: str):
    from yangguang.contests.engine.data import read_columns

    return read_columns(text.encode(), "d.csv")


def test_bad_cells_named_and_nothing_kept():
    s = scheme(indicators=[{"code": "x", "name": "业绩", "method": "completion", "weight": 100}])
    h, n, r = _csv("id,name,业绩,业绩计划\nA,甲,10,20\nB,乙,abc,20\nA,甲2,5,5\nC,丙,-1,5\nD,丁,,5\n")
    with pytest.raises(ImportRejected) as e:
        build_table(s, h, n, r)
    errs = [(x["row"], x["column"]) for x in e.value.details["errors"]]
    assert (3, "业绩") in errs and (4, "id") in errs and (5, "业绩") in errs and (6, "业绩") in errs
    h, n, r = _csv("id,name,业绩\nA,甲,10\n")
    with pytest.raises(ImportRejected) as e:
        build_table(s, h, n, r)
    assert e.value.details["errors"][0]["column"] == "业绩计划"


def test_unknown_participant_and_period_column():
    s = scheme(indicators=[{"code": "x", "name": "业绩", "weight": 100}])
    h, n, r = _csv("id,period,业绩\nA,2026-02,1\nA,2026-03,2\nZ,2026-03,3\n")
    with pytest.raises(ImportRejected) as e:
        build_table(s, h, n, r, period="2026-03", known={"A": ("甲", "all")})
    assert e.value.details["errors"][0]["row"] == 4
    t = build_table(s, h, n[:2], r[:2], period="2026-03", known={"A": ("甲", "all")})
    assert list(t.values[("x", "value")]) == [2.0]


# ---- periods, panels ------------------------------------------------------------------------------------


def test_periods():
    assert parse_period("2026-Q1").end.isoformat() == "2026-03-31"
    assert parse_period("2026-02").end.day == 28
    assert [
        p.key for p in periods_of(parse_period("2026").start, parse_period("2026-03").end, "monthly")
    ] == [
        "2026-01",
        "2026-02",
        "2026-03",
    ]
    with pytest.raises(DomainError):
        parse_period("2026-13")


def test_trimmed_mean():
    assert str(panel_result([90, 80, 85, 70, 95])[0]) == "85.00"  # drop 95 and 70
    assert str(panel_result([90, 80, 85, 70])[0]) == "81.25"  # four judges: no trimming
    assert str(panel_result([90, 80, 85, 70], 4)[0]) == "82.50"
    assert str(panel_result([88.333, 90, 91, 70, 99])[0]) == "89.78"

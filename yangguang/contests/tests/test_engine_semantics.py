"""Issue 13, semantics 8–11: removal from the field vs. award ineligibility, derived quantities,
aggregates over expressions, completion of an increment, award boundary ties, facts per group."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from yangguang.contests.engine.data import build_table, read_columns, table_from_records
from yangguang.contests.engine.evaluate import evaluate
from yangguang.contests.engine.scheme import dump_yaml, parse_scheme
from yangguang.core.errors import DomainError, ImportRejected

pytestmark = pytest.mark.django_db(databases=[])

BASE = {"code": "t", "name": "测试竞赛", "period": {"start": "2026-01-01", "end": "2026-03-31"}}
SEED = Path(__file__).resolve().parents[1] / "schemes" / "icbc_linyi.yaml"


def scheme(**kw):
    s = parse_scheme({**BASE, **kw})
    assert parse_scheme(dump_yaml(s)) == s  # every new field round-trips
    return s


def run(s, rows):
    return evaluate(s, table_from_records(s, rows))


X = [{"code": "x", "name": "业绩", "weight": 100}]
INC = [{"code": "inc", "name": "事故", "default": 0}]


def rows_x(values, incidents=()):
    return [
        {"id": f"P{i}", "values": {"x": {"value": v}}, "facts": {"inc": 1 if i in incidents else 0}}
        for i, v in enumerate(values)
    ]


# ---- 8. 取消参赛资格 vs 取消评选资格 --------------------------------------------------------------------


def _two_kinds(kind):
    return scheme(
        indicators=X,
        facts=INC,
        rules={
            kind: [{"name": "发生案件", "when": "事故 > 0"}],
            "awards": [{"name": "第一名", "top": 1}],
            "penalties": [{"name": "末位黄牌", "when": "排名倒数 <= 1", "pay_cut": 20}],
        },
    )


def test_ineligible_keeps_rank_and_penalty_but_no_award():
    res = run(_two_kinds("ineligible"), rows_x([90, 80, 10], incidents={0, 2}))
    # P0 is best but ineligible: ranked 1st, no award; the award goes to P1
    assert res.rank == [1, 2, 3]
    assert not res.awards[0] and res.awards[1][0]["name"] == "第一名"
    # P2 (last) is ineligible and still penalised
    assert res.penalties[2] and res.penalties[2][0]["pay_cut"] == 20
    rec = res.record(2)
    assert rec["status"] == "ineligible" and rec["ineligible"] and not rec["disqualified"]
    assert rec["reasons"] == ["发生案件: 事故 > 0"]
    assert any("取消评选资格" in x for x in rec["explanation"])
    line = next(x for x in res.explanation(1) if "第一名" in x)
    assert "取消评选资格" in line and "第 1 位" in line and "总排名第 2 名" in line
    lines = [json.loads(x) for x in res.json_lines()]
    assert [x["status"] for x in lines] == ["ineligible", "ranked", "ineligible"]


def test_disqualify_removes_from_field_no_penalty():
    res = run(_two_kinds("disqualify"), rows_x([90, 80, 10], incidents={0, 2}))
    assert res.rank == [None, 1, None] and not res.penalties[2]
    assert res.record(0)["status"] == "disqualified"
    # the field is P1 alone: it is both first and last
    assert res.awards[1] and res.penalties[1]


def test_seed_incident_is_award_ineligible_and_still_carded():
    s = parse_scheme(SEED.read_text(encoding="utf-8"))
    assert not s.disqualify and s.ineligible and "取消评选资格" in s.ineligible[0].name
    rows = []
    for i, (v, b) in enumerate([(1200, 1000), (1100, 1000), (1050, 1000), (1000, 1000), (950, 1000)]):
        rows.append(
            {
                "id": f"S{i + 1}",
                "group": "sub_branch",
                "values": {
                    "deposit": {"value": v, "base": b, "plan": 1000},
                    "loan": {"value": 100, "plan": 100},
                    "customers": {"value": 110, "base": 100},
                    "fee": {"value": 10, "plan": 10},
                },
                "facts": {"incidents": 1 if i in (0, 4) else 0},
            }
        )
    res = run(s, rows)
    by = {res.table.ids[i]: res.record(i) for i in range(len(res))}
    assert by["S1"]["rank"] == 1 and by["S1"]["awards"] == []  # best, but an incident: no award
    assert "优胜集体一等奖" in by["S2"]["awards"]
    assert by["S5"]["penalties"] and by["S5"]["status"] == "ineligible"  # an incident never spares a card


# ---- 9. derived quantities ---------------------------------------------------------------------------


def _market():
    return scheme(
        indicators=[
            {"code": "dep", "name": "存款", "weight": 0},
            {"code": "rel", "name": "相对增量", "source": "derived", "derived": "rel_inc", "weight": 100},
        ],
        facts=[{"code": "mkt", "name": "市场增量"}],
        derived=[
            {"code": "rel_inc", "name": "增量市场比", "expr": "存款增量 / 市场增量 * 100"},
            {"code": "double", "name": "双倍比", "expr": "增量市场比 * 2"},
        ],
        tie_break=["双倍比"],
        rules={
            "awards": [
                {"name": "超均奖", "when": "增量市场比 > 平均(存款增量 / 市场增量 * 100)"},
                {"name": "双倍之星", "by": "双倍比", "top": 1},
            ],
            "penalties": [{"name": "负增长", "when": "双倍比 < 0", "card": "none"}],
        },
    )


def _market_rows():
    return [
        {"id": "A", "values": {"dep": {"value": 1300, "base": 1000}}, "facts": {"mkt": 1000}},  # 30
        {"id": "B", "values": {"dep": {"value": 1100, "base": 1000}}, "facts": {"mkt": 400}},  # 25
        {"id": "C", "values": {"dep": {"value": 900, "base": 1000}}, "facts": {"mkt": 1000}},  # −10
    ]


def test_derived_quantity_in_indicator_rules_aggregates_and_by():
    s = _market()
    assert [d.code for d in s.derived] == ["rel_inc", "double"]
    res = run(s, _market_rows())
    assert res.score == [Decimal("30.00"), Decimal("25.00"), Decimal("-10.00")]
    assert [a["name"] for a in res.awards[0]] == ["超均奖", "双倍之星"]
    assert [a["name"] for a in res.awards[1] or ()] == ["超均奖"]  # 25 > mean(30, 25, −10) = 15
    assert res.penalties[2] and not res.penalties[0]
    assert any("增量市场比" in x for x in res.explanation(0))


def test_derived_in_csv_needs_no_value_column():
    s = _market()
    header, rownos, rows = read_columns(
        "id,存款,存款基数,市场增量\nA,1300,1000,1000\nB,1100,1000,400\n".encode(), "d.csv"
    )
    res = evaluate(s, build_table(s, header, rownos, rows))
    assert res.score == [Decimal("30.00"), Decimal("25.00")]


@pytest.mark.parametrize(
    ("derived", "needle"),
    [
        (
            [{"code": "a", "name": "甲", "expr": "乙 + 1"}, {"code": "b", "name": "乙", "expr": "甲 * 2"}],
            "甲",
        ),
        ([{"code": "a", "name": "甲", "expr": "平均(业绩)"}], "甲"),
        ([{"code": "a", "name": "甲", "expr": "不存在 + 1"}], "不存在"),
        ([{"code": "a", "name": "甲", "expr": "业绩排名 + 1"}], "业绩排名"),
    ],
)
def test_derived_refused(derived, needle):
    with pytest.raises(DomainError) as e:
        scheme(indicators=X, derived=derived)
    assert needle in str(e.value.message)


def test_completion_of_increment():
    s = scheme(
        indicators=[
            {
                "code": "x",
                "name": "存款",
                "method": "completion",
                "weight": 100,
                "params": {"of": "increment"},
            }
        ]
    )
    res = run(s, [{"id": "A", "values": {"x": {"value": 1150, "base": 1000, "plan": 200}}}])
    assert res.score[0] == Decimal("75.00")  # (1150 − 1000) / 200 × 100
    assert any("增量 = 值 1150 − 基数 1000" in x for x in res.explanation(0))


# ---- 10. award boundary ties -------------------------------------------------------------------------


def _tie(**award):
    return scheme(
        indicators=[{"code": "x", "name": "业绩", "weight": 50}, {"code": "y", "name": "服务", "weight": 50}],
        rules={"awards": [{"name": "冠军", "top": 1, **award}]},
    )


TIE_ROWS = [
    {"id": "A", "values": {"x": {"value": 90}, "y": {"value": 70}}},
    {"id": "B", "values": {"x": {"value": 70}, "y": {"value": 90}}},
    {"id": "C", "values": {"x": {"value": 10}, "y": {"value": 10}}},
]


def test_tie_shared_gives_all_tied():
    res = run(_tie(), TIE_ROWS)
    assert res.awards[0] and res.awards[1] and not res.awards[2]
    assert "并列者均获奖" in next(x for x in res.explanation(1) if "冠军" in x)


def test_tie_break_separates_and_says_so():
    res = run(_tie(tie="break", tie_break=["服务"]), TIE_ROWS)
    assert not res.awards[0] and res.awards[1]
    line = next(x for x in res.explanation(1) if "冠军" in x)
    assert "按 服务 区分" in line and "A" in line and "90.00" in line


# ---- 11. facts per group -----------------------------------------------------------------------------


def _facts_scheme(default=None):
    fact = {"code": "inc", "name": "事故", "groups": ["a"]}
    if default is not None:
        fact["default"] = default
    return scheme(
        groups=[{"code": "a", "name": "甲组"}, {"code": "b", "name": "乙组"}],
        indicators=X,
        facts=[fact],
        rules={"ineligible": [{"name": "案件", "when": "事故 > 0", "groups": ["a"]}]},
    )


def test_blank_required_fact_is_an_import_error():
    s = _facts_scheme()
    header, rownos, rows = read_columns("id,group,业绩,事故\nA1,a,10,\nB1,b,10,\n".encode(), "d.csv")
    with pytest.raises(ImportRejected) as e:
        build_table(s, header, rownos, rows)
    errs = e.value.details["errors"]
    assert len(errs) == 1 and errs[0]["row"] == 2 and errs[0]["column"] == "事故"


def test_fact_default_fills_blanks():
    s = _facts_scheme(default=0)
    header, rownos, rows = read_columns("id,group,业绩,事故\nA1,a,10,\nA2,a,5,1\n".encode(), "d.csv")
    res = evaluate(s, build_table(s, header, rownos, rows))
    assert res.ineligible[0] is None and res.ineligible[1]


def test_fact_column_only_needed_for_its_groups():
    s = _facts_scheme()
    header, rownos, rows = read_columns("id,group,业绩\nB1,b,10\n".encode(), "d.csv")
    res = evaluate(s, build_table(s, header, rownos, rows))
    assert res.rank == [1]
    header, rownos, rows = read_columns("id,group,业绩\nA1,a,10\n".encode(), "d.csv")
    with pytest.raises(ImportRejected):
        build_table(s, header, rownos, rows)

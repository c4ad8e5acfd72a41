"""Issue 13, defects 1–7: typos refused, caps applied, 四舍五入, explanations that read true, a CLI that
leaves the working directory alone and says what went wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from yangguang.contests.engine.data import build_table, read_columns, table_from_records
from yangguang.contests.engine.evaluate import evaluate
from yangguang.contests.engine.scheme import parse_scheme
from yangguang.core.errors import DomainError, ImportRejected

pytestmark = pytest.mark.django_db(databases=[])

BASE = {"code": "t", "name": "测试竞赛", "period": {"start": "2026-01-01", "end": "2026-03-31"}}
ROOT = Path(__file__).resolve().parents[3]


def scheme(**kw):
    return parse_scheme({**BASE, **kw})


def one(method="raw", weight=100, **kw):
    return {"code": "x", "name": "业绩", "method": method, "weight": weight, **kw}


def run(s, rows):
    return evaluate(s, table_from_records(s, rows))


def recs(values, q="value", **more):
    return [{"id": f"P{i}", "values": {"x": {q: v, **more}}} for i, v in enumerate(values)]


def refused(**kw) -> str:
    with pytest.raises(DomainError) as e:
        scheme(**kw)
    return str(e.value.message)


# ---- 1. unknown keys --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        (
            {"indicators": [one(), {**one(), "code": "y", "name": "乙", "weight": 0, "caps": 120}]},
            "indicators[2].caps",
        ),
        ({"indicators": [one()], "weigths_total": 100}, "weigths_total"),
        (
            {"indicators": [one(params={"formula": "值"}, method="formula")], "rules": {"award": []}},
            "rules.award",
        ),
        (
            {"indicators": [one()], "rules": {"awards": [{"name": "奖", "top": 1, "exclsive": "a"}]}},
            "exclsive",
        ),
        ({"indicators": [one(method="rank_points", params={"mx": 100})]}, "indicators[1].params.mx"),
        (
            {"indicators": [one()], "period": {"start": "2026-01-01", "end": "2026-03-31", "ende": 1}},
            "period.ende",
        ),
    ],
)
def test_unknown_keys_refused_with_path_and_suggestion(kw, needle):
    msg = refused(**kw)
    assert needle in msg and "unknown field" in msg or needle in msg and "未知字段" in msg


def test_unknown_key_suggests_nearest():
    msg = refused(indicators=[{**one(), "caps": 120}])
    assert "indicators[1].caps" in msg and "cap" in msg.split("caps", 1)[1]


# ---- 2. cap --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ind", "rows", "expect"),
    [
        (one("raw", cap=50), recs([80, 40]), [Decimal(50), Decimal(40)]),
        (one("formula", cap=50, params={"formula": "值 * 2"}), recs([30, 10]), [Decimal(50), Decimal(20)]),
        (one("share", cap=60), recs([90, 10]), [Decimal(60), Decimal(10)]),
        (
            one("increment_share", cap=60),
            [
                {"id": "A", "values": {"x": {"value": 190, "base": 100}}},
                {"id": "B", "values": {"x": {"value": 20, "base": 10}}},
            ],
            [Decimal(60), Decimal(10)],
        ),
    ],
)
def test_cap_applied(ind, rows, expect):
    res = run(scheme(indicators=[ind]), rows)
    assert res.score == expect


@pytest.mark.parametrize(
    "method,params", [("rank_points", {}), ("tiers", {"tiers": [{"min": 0, "points": 1}]})]
)
def test_cap_refused_where_meaningless(method, params):
    msg = refused(indicators=[one(method, cap=100, params=params)])
    assert "cap" in msg


# ---- 3. rounding -----------------------------------------------------------------------------------------


def test_total_rounds_half_up_exact_halves():
    res = run(scheme(indicators=[one()]), recs([0.125, 2.675, 1.005, 0.115]))
    assert res.score == [Decimal("0.13"), Decimal("2.68"), Decimal("1.01"), Decimal("0.12")]
    assert [str(x) for x in res.score] == ["0.13", "2.68", "1.01", "0.12"]


def test_weighted_total_half_up():
    # 0.25 × 50% = 0.125 → 0.13 (float rounding gives 0.12)
    s = scheme(indicators=[one(weight=50), {"code": "y", "name": "乙", "weight": 50}])
    res = run(s, [{"id": "A", "values": {"x": {"value": 0.25}, "y": {"value": 0}}}])
    assert res.score[0] == Decimal("0.13")


def test_completion_exact_decimal():
    # 1.005/1 ×100 = 100.5 exactly; 0.3/0.1×100 = 300 (float: 299.99999999999994)
    s = scheme(indicators=[one("completion")])
    res = run(s, [{"id": "A", "values": {"x": {"value": 0.3, "plan": 0.1}}}])
    assert res.score[0] == Decimal("300.00")
    assert "0.13" == str(
        run(
            scheme(indicators=[one("completion")]),
            [{"id": "A", "values": {"x": {"value": 0.00125, "plan": 1}}}],
        ).score[0]
    )


def test_rounding_documented():
    text = (ROOT / "docs" / "contests.md").read_text(encoding="utf-8")
    assert "ROUND_HALF_UP" in text and "0.125" in text


# ---- 4. disqualification reasons once ----------------------------------------------------------------


def test_disqualification_reason_once():
    s = scheme(
        indicators=[one()],
        facts=[{"code": "inc", "name": "事故", "default": 0}],
        rules={"disqualify": [{"name": "案件取消参赛", "when": "事故 > 0"}]},
    )
    rows = recs([1, 2])
    rows[0]["facts"] = {"inc": 1}
    res = run(s, rows)
    lines = res.explanation(0)
    assert sum("案件取消参赛" in x for x in lines) == 1


# ---- 5. award sentences ------------------------------------------------------------------------------


def test_award_by_indicator_named_and_no_doubled_name():
    s = scheme(
        indicators=[one(weight=50), {"code": "y", "name": "乙", "weight": 50}],
        rules={"awards": [{"name": "乙之星", "by": "乙", "top": 1}]},
    )
    rows = [
        {"id": "A", "values": {"x": {"value": 90}, "y": {"value": 10}}},
        {"id": "B", "values": {"x": {"value": 10}, "y": {"value": 80}}},
    ]
    res = run(s, rows)
    assert res.awards[1] and not res.awards[0]
    line = next(x for x in res.explanation(1) if "乙之星" in x)
    assert "乙之星 (乙之星)" not in line
    assert "乙" in line.replace("乙之星", "") and "80" in line and "第 1" in line


def test_award_via_condition_does_not_say_rank_4_of_top_3():
    s = scheme(
        indicators=[one()],
        facts=[{"code": "f", "name": "标记", "default": 0}],
        rules={"awards": [{"name": "进步奖", "top": 1, "when": "标记 > 0"}]},
    )
    rows = recs([90, 80, 70, 60])
    rows[3]["facts"] = {"f": 1}
    res = run(s, rows)
    line = next(x for x in res.explanation(3) if "进步奖" in x)
    assert "前 1 名" not in line or "第 4 名" not in line
    assert "60" in line  # the figure it used


def test_award_tie_named():
    s = scheme(indicators=[one()], rules={"awards": [{"name": "冠军", "top": 1}]})
    res = run(s, recs([90, 90, 10]))
    assert res.awards[0] and res.awards[1]
    line = next(x for x in res.explanation(1) if "冠军" in x)
    assert "并列" in line and "P0" in line


# ---- 6/7. CLI ----------------------------------------------------------------------------------------

SEED = ROOT / "yangguang" / "contests" / "schemes" / "icbc_linyi.yaml"
CSV_HEADER = "id,name,group,存款,存款基数,存款计划,贷款,贷款计划,客户,客户基数,中间业务收入,中间业务收入计划,案件事故数\n"
CSV_ROW = "S01,兰山支行,sub_branch,1200,1000,1000,100,100,120,100,10,10,0\n"


def _cli(args, cwd):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("YANGGUANG_VAR", "STATIC_ROOT", "MEDIA_ROOT", "SECRET_KEY")
    }
    exe = str(Path(sys.executable).with_name("yangguang"))
    return subprocess.run([exe, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_cli_leaves_cwd_untouched(tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    data = tmp_path / "d.csv"
    data.write_text(CSV_HEADER + CSV_ROW, encoding="utf-8")
    r = _cli(["contest", "check", str(SEED)], work)
    assert r.returncode == 0, r.stderr
    r = _cli(["contest", "evaluate", str(SEED), "--data", str(data), "--period", "2026-03"], work)
    assert r.returncode == 0, r.stderr
    assert list(work.iterdir()) == []


def test_cli_help_documents(tmp_path):
    r = _cli(["contest", "evaluate", "--help"], tmp_path)
    out = r.stdout
    for needle in ("2026-Q1", "2026-H1", ".xlsx", ".csv", "--out", "stdout", "stderr"):
        assert needle in out, needle
    r = _cli(["contest", "check", "--help"], tmp_path)
    assert "stdout" in r.stdout and "YAML" in r.stdout


def test_missing_column_last_line_names_row_column_reason(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(
        CSV_HEADER.replace(",存款计划", "") + CSV_ROW.replace(",1000,100,", ",100,", 1), encoding="utf-8"
    )
    r = _cli(["contest", "evaluate", str(SEED), "--data", str(data), "--period", "2026-03"], tmp_path)
    assert r.returncode != 0
    last = r.stderr.strip().splitlines()[-1]
    assert "存款计划" in last and "1" in last and ("missing" in last or "缺少" in last)


def test_rank_in_disqualify_says_not_before_ranking():
    msg = refused(indicators=[one()], rules={"disqualify": [{"name": "末位", "when": "排名 > 3"}]})
    assert "排名" in msg and ("before ranking" in msg or "排名之前" in msg or "排名前" in msg)


def test_missing_column_row_error_is_in_table_errors():
    s = parse_scheme(SEED.read_text(encoding="utf-8"))
    header, rownos, rows = read_columns((CSV_HEADER + CSV_ROW).replace(",存款计划", "", 1).encode(), "d.csv")
    rows = [r[:5] + r[6:] for r in rows]
    with pytest.raises(ImportRejected) as e:
        build_table(s, header, rownos, rows, period="2026-03")
    assert e.value.details["errors"][0]["column"] == "存款计划"


def test_explanations_in_english_read_as_sentences():
    s = scheme(
        indicators=[one(weight=50, cap=100), {"code": "y", "name": "乙", "weight": 50}],
        facts=[{"code": "inc", "name": "事故", "default": 0}],
        rules={
            "ineligible": [{"name": "incident", "when": "事故 > 0"}],
            "awards": [{"name": "star", "by": "乙", "top": 1}, {"name": "best", "top": 1}],
            "penalties": [{"name": "last", "when": "排名倒数 <= 1", "pay_cut": 20, "posts": ["head"]}],
        },
    )
    rows = [
        {"id": "A", "values": {"x": {"value": 90}, "y": {"value": 10}}, "facts": {"inc": 1}},
        {"id": "B", "values": {"x": {"value": 10}, "y": {"value": 80}}},
        {"id": "C", "values": {"x": {"value": 10}, "y": {"value": 5}}},
    ]
    res = run(s, rows)
    en = res.explanation(1, "en")
    assert "业绩 (-) [raw] value 10, capped at 100 → score 10.00 (weight 50%)" in en
    assert any(x.startswith("total = Σ score × weight / 100 = 45.00") and "rank 2 of 3" in x for x in en)
    star = next(x for x in en if "star" in x)
    assert (
        "ordered by 乙 score, 乙 score 80.00, place 1 among the 2 candidates (excluding 1 not eligible"
        in star
    )
    best = next(x for x in en if "best" in x)
    assert "excluding 1 not eligible for awards" in best and "(overall rank 2)" in best
    assert any(
        "not eligible for awards (still ranked and penalised): incident" in x
        for x in res.explanation(0, "en")
    )
    pen = next(x for x in res.explanation(2, "en") if x.startswith("penalty"))
    assert "yellow card, 20% off this quarter's performance pay, posts head" in pen
    assert "扣减当季绩效 20%" in next(x for x in res.explanation(2) if x.startswith("处罚"))


def test_missing_figure_reads_as_a_dash_not_nan():
    import json

    s = scheme(indicators=[one("completion")])
    res = run(
        s,
        [
            {"id": "A", "values": {"x": {"value": 90, "plan": 100}}},
            {"id": "B", "values": {"x": {"plan": 100}}},
        ],
    )
    lines = res.explanation(1)
    assert not any("nan" in x for x in lines) and "值 — / 计划 100" in lines[0]
    assert "! 业绩：无得分（缺少数据）" in lines
    b = next(json.loads(x) for x in res.json_lines() if '"B"' in x)
    assert not any("nan" in x for x in b["explanation"])


def test_typo_in_a_rule_names_the_nearest_quantity():
    msg = refused(
        indicators=[{"code": "d", "name": "存款", "method": "share", "weight": 100}],
        rules={"penalties": [{"name": "黄牌", "when": "存款增量占必 < 平均(存款增量占比)"}]},
    )
    assert "存款增量占必" in msg and "存款增量占比" in msg.split("存款增量占必", 1)[1]

"""Every seed competition shipped under contests/schemes/, evaluated end to end from a data file and
checked against a hand calculation (the figures in the comments)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yangguang.contests.engine.data import build_table, read_columns
from yangguang.contests.engine.evaluate import evaluate
from yangguang.contests.engine.scheme import dump_yaml, parse_scheme

pytestmark = pytest.mark.django_db(databases=[])

SCHEMES = Path(__file__).resolve().parents[1] / "schemes"


def run(name: str, csv: str, period: str):
    s = parse_scheme((SCHEMES / name).read_text(encoding="utf-8"))
    assert parse_scheme(dump_yaml(s)) == s
    header, rownos, rows = read_columns(csv.encode(), "d.csv")
    res = evaluate(s, build_table(s, header, rownos, rows, period=period))
    return {res.table.ids[i]: res.record(i) for i in range(len(res))}


@pytest.mark.parametrize("name", sorted(p.name for p in SCHEMES.glob("*.yaml")))
def test_every_shipped_scheme_loads(name):
    s = parse_scheme((SCHEMES / name).read_text(encoding="utf-8"))
    assert s.indicators and s.awards


COURT = """id,name,group,庭审驾驭,裁判文书,案件质量,庭审速录,卷宗装订,业务笔试,改判发回件数
J1,甲法官,judge,92.5,91,90,,,,0
J2,乙法官,judge,90,91,85,,,,0
J3,丙法官,judge,85,91,95,,,,2
J4,丁法官,judge,80,91,80,,,,0
J5,戊法官,judge,75,91,70,,,,
C1,甲书记员,clerk,,,,95,90,88,
C2,乙书记员,clerk,,,,90,95,92,
C3,丙书记员,clerk,,,,80,85,90,
C4,丁书记员,clerk,,,,70,70,70,
"""


def test_court_3plus1():
    r = run("court_3plus1.yaml", COURT, "2026")
    # judges: 庭审驾驭 × 40% + 裁判文书 × 30% + 案件质量 × 30%
    assert {k: r[k]["score"] for k in ("J1", "J2", "J3", "J4", "J5")} == {
        "J1": Decimal("91.30"),  # 37 + 27.3 + 27
        "J2": Decimal("88.80"),  # 36 + 27.3 + 25.5
        "J3": Decimal("89.80"),  # 34 + 27.3 + 28.5
        "J4": Decimal("83.30"),  # 32 + 27.3 + 24
        "J5": Decimal("78.30"),  # 30 + 27.3 + 21
    }
    assert [r[k]["rank"] for k in ("J1", "J3", "J2", "J4", "J5")] == [1, 2, 3, 4, 5]
    # J3: two judgments reversed → ranked 2nd, no award
    assert r["J3"]["status"] == "ineligible" and r["J3"]["awards"] == []
    assert r["J1"]["awards"][0] == "审判业务标兵一等奖"
    assert r["J2"]["awards"][0] == r["J4"]["awards"][0] == "审判业务标兵二等奖"
    assert r["J5"]["awards"] == ["审判业务标兵三等奖"]
    assert "庭审驾驭能手" in r["J4"]["awards"] and "庭审驾驭能手" not in r["J5"]["awards"]
    # 优秀裁判文书: four eligible judges tied on 91 for three places, broken by 庭审驾驭
    assert [("优秀裁判文书" in r[k]["awards"]) for k in ("J1", "J2", "J4", "J5")] == [True, True, True, False]
    line = next(x for x in r["J4"]["explanation"] if "优秀裁判文书" in x)
    assert "按 庭审驾驭 区分" in line and "J5" in line
    # clerks ranked on their own
    assert r["C2"]["score"] == Decimal("92.10") and r["C2"]["rank"] == 1
    assert [("优秀书记员" in r[k]["awards"]) for k in ("C1", "C2", "C3", "C4")] == [True, True, True, False]


INSURER = """id,name,group,年度保费,年度保费基数,继续率,部组保费,部组保费计划,人力,违规件数
A1,张一,agent,120,80,92,,,,0
A2,李二,agent,60,55,88,,,,0
A3,王三,agent,110,100,86,,,,0
A4,赵四,agent,25,10,81,,,,1
T1,一部,team,,,,150,120,10,
T2,二部,team,,,,90,100,5,
T3,三部,team,,,,200,100,25,
"""


def test_insurer_honours():
    r = run("insurer_honours.yaml", INSURER, "2009")
    assert r["A1"]["score"] == Decimal("111.60")  # 120 × 0.7 + 92 × 0.3
    assert r["A1"]["awards"][:2] == ["钻石会员", "再创新高奖"]  # one 会员 honour, the highest
    assert "金牌会员" in r["A2"]["awards"] and "金牌会员" in r["A3"]["awards"]  # A3: 继续率 86 < 90
    assert "再创新高奖" not in r["A3"]["awards"]  # +10% only
    assert r["A4"]["status"] == "ineligible" and r["A4"]["awards"] == [] and r["A4"]["rank"] == 4
    # teams: 部组保费达成率 (cap 150) × 60% + 人均产能 by rank (100, 90, 80) × 40%
    assert {k: r[k]["score"] for k in ("T1", "T2", "T3")} == {
        "T1": Decimal("111.00"),  # 125 × 0.6 + 90 × 0.4 (15 per head: 2nd)
        "T2": Decimal("94.00"),  # 90 × 0.6 + 100 × 0.4 (18 per head: 1st)
        "T3": Decimal("122.00"),  # 150 × 0.6 + 80 × 0.4 (8 per head: 3rd)
    }
    assert "百万部组" in r["T1"]["awards"] and "百万部组" not in r["T2"]["awards"]


COUNTY = """id,name,group,目标任务,目标任务计划,招商项目,学习考核,个人目标,个人目标计划,个人学习
S1,综合股,section,10,10,2,90,,,
S2,项目股,section,12,10,0,80,,,
S3,服务股,section,7,10,3,95,,,
P1,杜康,staff,,,,,9,10,85
P2,杜含江,staff,,,,,10,10,55
P3,王定武,staff,,,,,11,10,70
P4,蒲松柏,staff,,,,,8,10,90
P5,李文,staff,,,,,10,10,61.75
"""


def test_county_bureau_month():
    r = run("county_bureau.yaml", COUNTY, "2010-06")
    assert {k: r[k]["score"] for k in ("S1", "S2", "S3")} == {
        "S1": Decimal("94.75"),  # 100 × 0.6 + 85 × 0.25 + 90 × 0.15
        "S2": Decimal("90.50"),  # 110 (cap) × 0.6 + 50 × 0.25 + 80 × 0.15
        "S3": Decimal("81.25"),  # 70 × 0.6 + 100 × 0.25 + 95 × 0.15
    }
    assert r["S1"]["awards"] == ["先进集体一等奖"] and r["S3"]["awards"] == ["先进集体二等奖"]
    assert r["S3"]["penalties"][0]["posts"] == ["股长"] and not r["S1"]["penalties"]
    # P5: 100 × 0.7 + 61.75 × 0.3 = 88.525 → 88.53 (half up; banker's rounding would give 88.52)
    assert r["P5"]["score"] == Decimal("88.53") and r["P5"]["rank"] == 2 and r["P1"]["rank"] == 3
    assert r["P2"]["status"] == "ineligible"  # 学习考核 55 < 60
    assert [r[k]["awards"] for k in ("P3", "P5", "P1", "P4", "P2")] == [
        ["先进个人"],
        ["先进个人"],
        ["先进个人"],
        ["岗位能手"],
        [],
    ]

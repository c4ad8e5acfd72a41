"""Issue 13: a derived quantity is computed and explained only for the groups that use it (or that its
`groups:` names), so a participant of another group never carries a "no value" line for it."""

from __future__ import annotations

import pytest

from yangguang.contests.engine.scheme import dump_yaml, parse_scheme
from yangguang.contests.engine.scheme.uses import derived_groups
from yangguang.contests.tests.test_engine_schemes import INSURER, SCHEMES, run
from yangguang.core.errors import DomainError

pytestmark = pytest.mark.django_db(databases=[])

BASE = {"code": "t", "name": "测试竞赛", "period": {"start": "2026-01-01", "end": "2026-03-31"}}
GROUPS = [{"code": "a", "name": "甲组"}, {"code": "b", "name": "乙组"}]
INDS = [
    {"code": "x", "name": "业绩", "weight": 100, "groups": ["a"]},
    {"code": "y", "name": "服务", "weight": 100, "groups": ["b"]},
]


def test_insurer_agents_carry_no_team_quantity():
    r = run("insurer_honours.yaml", INSURER, "2009")
    for agent in ("A1", "A2", "A3", "A4"):
        text = "\n".join(r[agent]["explanation"])
        assert "人均保费" not in text and "缺少" not in text, text
        assert r[agent]["errors"] == []
    for team in ("T1", "T2", "T3"):
        text = "\n".join(r[team]["explanation"])
        assert "保费增幅" not in text and "缺少" not in text, text
    # a team uses 人均保费: its line names the quantity and its figure (150 / 10 = 15)
    line = next(x for x in r["T1"]["explanation"] if "人均保费" in x)
    assert "15" in line and "得分 90.00" in line


def test_insurer_derived_groups_inferred():
    s = parse_scheme((SCHEMES / "insurer_honours.yaml").read_text(encoding="utf-8"))
    assert derived_groups(s) == {"per_head": ["team"], "new_high": ["agent"]}


def _scheme(derived, **kw):
    s = parse_scheme({**BASE, "groups": GROUPS, "indicators": INDS, "derived": derived, **kw})
    assert parse_scheme(dump_yaml(s)) == s
    return s


def test_through_another_derived_and_unused_everywhere():
    s = _scheme(
        [
            {"code": "d1", "name": "甲量", "expr": "业绩 * 2"},
            {"code": "d2", "name": "乙量", "expr": "甲量 + 1"},
            {"code": "d3", "name": "备注量", "expr": "1"},
        ],
        rules={"awards": [{"name": "甲奖", "groups": ["a"], "when": "乙量 > 10"}]},
    )
    # d1 only through d2; d3 is used by no rule: computed for every group (for the .xlsx)
    assert derived_groups(s) == {"d1": ["a"], "d2": ["a"], "d3": ["a", "b"]}


def test_explicit_groups():
    s = _scheme([{"code": "d1", "name": "甲量", "expr": "1", "groups": ["b"]}])
    assert derived_groups(s) == {"d1": ["b"]}


def test_unknown_group_refused_with_path():
    with pytest.raises(DomainError) as e:
        _scheme(
            [
                {"code": "d1", "name": "甲量", "expr": "1"},
                {"code": "d2", "name": "乙量", "expr": "1", "groups": ["c"]},
            ]
        )
    assert e.value.details["field"] == "derived[2].groups"
    assert "c" in str(e.value.message)


def test_use_outside_declared_groups_refused():
    with pytest.raises(DomainError) as e:
        _scheme(
            [{"code": "d1", "name": "甲量", "expr": "业绩 * 2", "groups": ["b"]}],
            rules={"awards": [{"name": "甲奖", "groups": ["a"], "when": "甲量 > 10"}]},
        )
    assert e.value.details["field"] == "derived[1].groups"
    assert "甲量" in str(e.value.message) and "a" in str(e.value.message)


def test_unknown_key_in_derived_still_refused():
    with pytest.raises(DomainError) as e:
        _scheme([{"code": "d1", "name": "甲量", "expr": "1", "group": ["a"]}])
    assert "derived[1].group" in str(e.value.message) and "groups" in str(e.value.message)

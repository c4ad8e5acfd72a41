"""The JSON writer (figures laid out in ranking order, repetitive columns as text) says what a
participant's own explanation says, with missing figures too."""

from __future__ import annotations

import json

import pytest

from yangguang.contests.engine.data import table_from_records
from yangguang.contests.engine.evaluate import evaluate
from yangguang.contests.engine.scheme import parse_scheme

pytestmark = pytest.mark.django_db(databases=[])


def test_writer_matches_explanations_with_missing_figures():
    s = parse_scheme(
        {
            "code": "t",
            "name": "测试竞赛",
            "period": {"start": "2026-01-01", "end": "2026-03-31"},
            "indicators": [
                {"code": "x", "name": "业绩", "method": "completion", "weight": 60},
                {"code": "y", "name": "服务", "weight": 40},
            ],
            "rules": {"awards": [{"name": "前三", "top": 3}]},
        }
    )
    recs = [
        {
            "id": f"P{i:02d}",
            "values": {
                "x": {"value": float(1 + i % 2), "plan": None if i % 7 == 0 else 2.0},
                "y": {"value": float(i % 3)},
            },
        }
        for i in range(40)
    ]
    res = evaluate(s, table_from_records(s, recs))
    before = {i: res.explanation(i) for i in range(len(res))}
    lines = [json.loads(x) for x in res.json_lines()]
    assert len(lines) == 40
    by_id = {r["id"]: r for r in lines}
    for i in range(len(res)):
        rec = by_id[res.table.ids[i]]
        assert [x.replace("nan", "—") for x in rec["explanation"]] == before[i]
        assert res.explanation(i) == before[i]  # the same once the writer's columns exist


def _scheme_with_everything():
    return parse_scheme(
        {
            "code": "t2",
            "name": "测试竞赛",
            "period": {"start": "2026-01-01", "end": "2026-03-31"},
            "groups": [{"code": "a", "name": "甲组"}, {"code": "b", "name": "乙组"}],
            "indicators": [
                {"code": "x", "name": "业绩", "method": "completion", "weight": 60},
                {"code": "y", "name": "服务", "weight": 40},
            ],
            "facts": [{"code": "inc", "name": "事故"}],
            "rules": {
                "disqualify": [{"name": "案件", "when": "事故 > 1"}],
                "ineligible": [{"name": "轻微", "when": "事故 == 1"}],
                "awards": [{"name": "前三", "top": 3}],
                "penalties": [{"name": "提示", "when": "服务 < 1", "card": "none"}],
            },
        }
    )


def test_every_record_says_what_its_dict_says():
    """Common records (one template over columns), records with awards, penalties and fired lines, and
    the rest (json.dumps of the record): each line is the record, in output order, in every group."""
    s = _scheme_with_everything()
    recs = [
        {
            "id": f"P{i:03d}",
            "name": f'单位"{i}"\\',
            "group": "ab"[i % 2],
            "values": {
                "x": {"value": float(i % 5), "plan": None if i % 11 == 0 else 4.0},
                "y": {"value": -0.0 if i == 17 else float(i % 3)},
            },
            "facts": {"inc": 2 if i % 13 == 0 else 1 if i % 9 == 0 else 0},
        }
        for i in range(120)
    ]
    res = evaluate(s, table_from_records(s, recs))
    lines = list(res.json_lines())
    assert [json.loads(x)["id"] for x in lines] == [res.table.ids[i] for i in res.order()]
    statuses = set()
    for i, line in zip(res.order(), lines, strict=True):
        got, want = json.loads(line), res.record(i)
        statuses.add(got["status"])
        assert got["score"] == (None if want["score"] is None else float(want["score"]))
        assert [x.replace("nan", "—") for x in got.pop("explanation")] == want.pop("explanation")
        assert {k: v for k, v in got.items() if k != "score"} == {
            k: v for k, v in want.items() if k != "score"
        }
    assert statuses == {"ranked", "ineligible", "disqualified"}
    assert any(json.loads(x)["penalties"] for x in lines) and any(json.loads(x)["awards"] for x in lines)


def test_negative_zero_reads_as_written():
    """−0.0 equals 0.0 as a key: a column of few distinct figures holding both is not shared as text."""
    s = _scheme_with_everything()
    recs = [
        {
            "id": f"P{i:03d}",
            "group": "a",
            "values": {"x": {"value": 1.0, "plan": 2.0}, "y": {"value": -0.0 if i == 7 else 0.0}},
        }
        for i in range(40)
    ]
    res = evaluate(s, table_from_records(s, recs))
    by_id = {json.loads(x)["id"]: json.loads(x) for x in res.json_lines()}
    assert any("值 -0 " in x for x in by_id["P007"]["explanation"])
    assert not any("值 -0 " in x for x in by_id["P008"]["explanation"])
    assert by_id["P007"]["explanation"] == res.explanation(7)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_second_process_writes_the_same_bytes(tmp_path, monkeypatch, lang):
    """The output shared with a forked process (small chunks, so there is a second half) is the output
    written alone; when no process can be forked, this one writes everything."""
    import io
    import os

    from yangguang.contests.engine.evaluate.writer import write_json

    s = _scheme_with_everything()
    recs = [
        {
            "id": f"P{i:03d}",
            "group": "ab"[i % 2],
            "values": {"x": {"value": float(i % 5), "plan": 4.0}, "y": {"value": float(i % 3)}},
            "facts": {"inc": 1 if i % 9 == 0 else 0},
        }
        for i in range(120)
    ]
    res = evaluate(s, table_from_records(s, recs))
    alone = io.BytesIO()
    write_json(res, alone, lang, parallel=False)
    assert [r["id"] for r in json.loads(alone.getvalue())] == [res.table.ids[i] for i in res.order()]
    with open(tmp_path / "shared.json", "wb") as fh:
        write_json(res, fh, lang, tmpdir=tmp_path, parallel=True, size=7)
    assert (tmp_path / "shared.json").read_bytes() == alone.getvalue()
    assert list(tmp_path.iterdir()) == [tmp_path / "shared.json"]  # the helper's file is gone
    in_memory = io.BytesIO()
    write_json(res, in_memory, lang, tmpdir=tmp_path, parallel=True, size=7)
    assert in_memory.getvalue() == alone.getvalue()

    def no_fork():
        raise OSError("no fork here")

    monkeypatch.setattr(os, "fork", no_fork)
    again = io.BytesIO()
    write_json(res, again, lang, tmpdir=tmp_path, parallel=True, size=7)
    assert again.getvalue() == alone.getvalue()

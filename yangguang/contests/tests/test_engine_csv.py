"""A plain .csv (no quotes, one cell count, no blank row) is read by splitting blocks of lines; whatever
the csv module would read from it, the table — or the list of bad cells — is the same."""

from __future__ import annotations

import random

import pytest

from yangguang.contests.engine import data as D
from yangguang.contests.engine import forked
from yangguang.contests.engine.scheme import parse_scheme
from yangguang.core.errors import ImportRejected

pytestmark = pytest.mark.django_db(databases=[])

SCHEME = parse_scheme(
    {
        "code": "t",
        "name": "测试竞赛",
        "period": {"start": "2026-01-01", "end": "2026-12-31"},
        "groups": [{"code": "a", "name": "甲组"}, {"code": "b", "name": "乙组"}],
        "indicators": [
            {"code": "x", "name": "业绩", "method": "completion", "weight": 60},
            {"code": "y", "name": "服务", "weight": 40, "nonnegative": True},
        ],
        "facts": [{"code": "inc", "name": "事故", "default": 0}],
    }
)
HEADER = "id,name,group,期间,业绩,业绩计划,服务,事故"


def _outcome(data: bytes, plain: bool, workers: int = 1):
    """The table (as plain values) or the bad cells, read by the plain path (half of it in a forked
    process with workers=2) or by the csv module."""
    header, rows = D.iter_rows(data, "d.csv")
    assert isinstance(rows, D.PlainCsv) == plain
    try:
        t = D.build_table(SCHEME, header, rows, period="2026-03", workers=workers)
    except ImportRejected as e:
        return [e.as_dict() for e in e.errors]
    return (
        t.ids,
        t.names,
        t.groups,
        list(t.rows),
        {k: [x if x == x else "nan" for x in v] for k, v in t.values.items()},
        {k: [x if x == x else "nan" for x in v] for k, v in t.facts.items()},
    )


def _cell(rng: random.Random, bad: float) -> str:
    r = rng.random()
    if r < bad:
        return rng.choice(["", "x", "-5", "nan", "inf", " 7 "])
    return f"{rng.uniform(0, 100):.{rng.randint(0, 2)}f}"


@pytest.mark.parametrize("seed", range(8))
def test_plain_reading_is_the_csv_modules_reading(monkeypatch, seed):
    rng = random.Random(seed)
    monkeypatch.setattr(D, "CHUNK", rng.choice([3, 7, 50]))  # many chunks, and the stop after 500 errors
    bad = rng.choice([0.0, 0.0, 0.02, 0.9])
    lines = [HEADER]
    for i in range(rng.choice([1, 40, 900])):
        ident = f"P{i}" if rng.random() > 0.01 else f"P{i - 1}"  # a duplicate now and then
        period = rng.choice(["2026-03", "2026-03", "", "2026-04"])
        lines.append(
            ",".join([ident, f"单位{i}", rng.choice("ab"), period, *(_cell(rng, bad) for _ in range(4))])
        )
    end = rng.choice(["\n", "\r\n"])
    text = end.join(lines) + rng.choice(["", end])
    plain = _outcome(text.encode(rng.choice(["utf-8", "utf-8-sig", "gb18030"])), True)
    monkeypatch.setattr(forked, "MIN_ROWS", 1)
    assert _outcome(text.encode(), True, workers=2) == plain
    monkeypatch.setattr(D, "plain_csv", lambda _text: None)  # the csv module, row by row
    assert plain == _outcome(text.encode("utf-8"), False)


@pytest.mark.parametrize(
    "text",
    [
        HEADER + '\nP1,"单位,1",a,2026-03,1,2,3,0\n',  # quotes
        HEADER + "\nP1,单位1,a,2026-03,1,2,3,0\n\nP2,单位2,b,2026-03,1,2,3,0\n",  # a blank line
        HEADER + "\nP1,单位1,a,2026-03,1,2,3,0\n,,,,,,,\n",  # a row of empty cells
        HEADER + "\nP1,单位1,a,2026-03,1,2,3\n",  # a cell short
        HEADER + "\rP1,单位1,a,2026-03,1,2,3,0\r",  # lone CR line ends
        HEADER + "\r\nP1,单位1,a,2026-03,1,2,3,0\n",  # mixed line ends
    ],
)
def test_other_files_are_read_by_the_csv_module(text):
    header, rows = D.iter_rows(text.encode(), "d.csv")
    assert not isinstance(rows, D.PlainCsv)


def test_a_duplicate_across_the_halves_read_apart_is_found(monkeypatch):
    monkeypatch.setattr(D, "CHUNK", 7)
    monkeypatch.setattr(forked, "MIN_ROWS", 1)
    lines = [HEADER] + [f"P{i if i != 80 else 10},单位{i},a,2026-03,1,2,3,0" for i in range(100)]
    data = "\n".join(lines).encode()
    alone = _outcome(data, True)
    assert [e["row"] for e in alone] == [82] and "P10" in alone[0]["message_en"]
    assert _outcome(data, True, workers=2) == alone

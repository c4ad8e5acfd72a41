"""The spreadsheet CLI: evaluates without the database (no django_db mark: any query would fail)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SEED = Path(__file__).resolve().parent.parent / "schemes" / "icbc_linyi.yaml"
HEADER = "id,name,group,存款,存款基数,存款计划,贷款,贷款计划,客户,客户基数,中间业务收入,中间业务收入计划,案件事故数\n"
ROWS = [
    "S01,兰山支行,sub_branch,1200,1000,1000,100,100,120,100,10,10,0",
    "S02,罗庄支行,sub_branch,1100,1000,1000,100,100,110,100,10,10,0",
    "S03,河东支行,sub_branch,1000,1000,1000,100,100,100,100,10,10,0",
    "S04,沂南支行,sub_branch,950,1000,1000,100,100,100,100,10,10,0",
    "S05,郯城支行,sub_branch,990,800,1000,100,100,100,100,10,10,0",
    "S06,沂水支行,sub_branch,1300,1000,1000,100,100,100,100,10,10,1",
]


def _files(tmp_path, rows=ROWS, xlsx=False):
    data = tmp_path / ("d.xlsx" if xlsx else "d.csv")
    if xlsx:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.append(HEADER.strip().split(","))
        for r in rows:
            ws.append([c if i < 3 else float(c) for i, c in enumerate(r.split(","))])
        wb.save(data)
    else:
        data.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return str(SEED), str(data)


@pytest.mark.parametrize("xlsx", [False, True])
def test_cli_json(tmp_path, xlsx):
    scheme, data = _files(tmp_path, xlsx=xlsx)
    out = tmp_path / "r.json"
    call_command("contest", "evaluate", scheme, "--data", data, "--period", "2026-03", "--out", str(out))
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {"id", "name", "score", "rank", "awards", "penalties", "disqualified", "explanation"} <= set(
        rows[0]
    )
    by = {r["id"]: r for r in rows}
    # S06 had a case incident: 取消评选资格 — still ranked (3rd), but no award although 3rd place wins
    assert by["S06"]["status"] == "ineligible" and by["S06"]["rank"] == 3 and by["S06"]["awards"] == []
    assert not by["S06"]["disqualified"] and by["S06"]["reasons"] == [
        "发生案件事故取消评选资格: 案件事故数 > 0"
    ]
    assert by["S01"]["rank"] == 1 and "优胜集体一等奖" in by["S01"]["awards"]
    # bottom three by deposit: S03, S05, S04; increments 0, 190, −50 vs mean share: S03 and S04 carded
    carded = {r["id"] for r in rows if r["penalties"]}
    assert carded == {"S03", "S04"}
    assert by["S04"]["penalties"][0] == {
        "name": "支行存款后三名黄牌警告",
        "card": "yellow",
        "pay_cut": 20,
        "posts": ["支行行长", "分管副行长"],
    }
    assert any("黄牌" in line for line in by["S04"]["explanation"])


def test_cli_stdout_and_office_formats(tmp_path, capsys):
    scheme, data = _files(tmp_path)
    buf = io.StringIO()
    import sys

    old = sys.stdout
    sys.stdout = buf
    try:
        call_command("contest", "evaluate", scheme, "--data", data, "--period", "2026-03")
    finally:
        sys.stdout = old
    assert len(json.loads(buf.getvalue())) == 6
    for fmt in ("xlsx", "docx"):
        out = tmp_path / f"r.{fmt}"
        call_command(
            "contest",
            "evaluate",
            scheme,
            "--data",
            data,
            "--period",
            "2026-03",
            "--format",
            fmt,
            "--out",
            str(out),
        )
        assert out.read_bytes()[:2] == b"PK"
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "r.docx")).paragraphs)
    assert "排名通报" in text and "附表" in text


def test_cli_bad_input_names_the_cell(tmp_path, capsys):
    scheme, data = _files(tmp_path, rows=[*ROWS, "S07,新支行,sub_branch,abc,1,1,1,1,1,1,1,1,0"])
    with pytest.raises(CommandError):
        call_command("contest", "evaluate", scheme, "--data", data, "--period", "2026-03")
    err = json.loads(capsys.readouterr().err)
    assert err["details"]["errors"][0] == {**err["details"]["errors"][0], "row": 8, "column": "存款"}
    scheme, data = _files(tmp_path)
    with pytest.raises(CommandError):
        call_command("contest", "evaluate", scheme, "--data", data, "--period", "2027-01")


def test_cli_english_explanations(tmp_path):
    scheme, data = _files(tmp_path)
    out = tmp_path / "r.json"
    call_command(
        "contest",
        "evaluate",
        scheme,
        "--data",
        data,
        "--period",
        "2026-03",
        "--lang",
        "en",
        "--out",
        str(out),
    )
    rows = json.loads(out.read_text(encoding="utf-8"))
    by = {r["id"]: r for r in rows}
    assert any(x.startswith("total = Σ score × weight / 100") for x in by["S02"]["explanation"])
    assert any("not eligible for awards" in x for x in by["S06"]["explanation"])
    assert any(x.startswith("penalty ") and "20% off" in x for x in by["S04"]["explanation"])

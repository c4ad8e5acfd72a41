"""Issue 13, item 12: an .xlsx and a .docx staff can file as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(databases=[])

SEED = Path(__file__).resolve().parents[1] / "schemes" / "icbc_linyi.yaml"
HEADER = "id,name,group,存款,存款基数,存款计划,贷款,贷款计划,客户,客户基数,中间业务收入,中间业务收入计划,案件事故数\n"
ROWS = [
    "S01,兰山支行,sub_branch,1200,1000,1000,100,100,120,100,10,10,0",
    "S02,罗庄支行,sub_branch,1100,1000,1000,100,100,110,100,10,10,0",
    "S03,河东支行,sub_branch,1000,1000,1000,100,100,100,100,10,10,0",
    "S04,沂南支行,sub_branch,950,1000,1000,100,100,100,100,10,10,0",
    "S05,郯城支行,sub_branch,990,800,1000,100,100,100,100,10,10,0",
    "S06,沂水支行,sub_branch,1300,1000,1000,100,100,100,100,10,10,1",
]


def _evaluate(tmp_path, fmt, *extra):
    data = tmp_path / "d.csv"
    data.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    out = tmp_path / f"r.{fmt}"
    call_command(
        "contest",
        "evaluate",
        str(SEED),
        "--data",
        str(data),
        "--period",
        "2026-03",
        "--format",
        fmt,
        "--out",
        str(out),
        *extra,
    )
    return out


def test_xlsx_can_be_filed(tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(_evaluate(tmp_path, "xlsx"))
    ws = wb["排名"]
    assert "旺季业务劳动竞赛" in ws["A1"].value and "2026-03" in ws["A1"].value
    assert ws["A2"].value == "期间: 2026-03"
    header = [c.value for c in ws[3]]
    for col in ("总分", "资格", "扣减绩效", "被处罚岗位(人员)", "存款值", "存款基数", "存款计划", "存款得分"):
        assert col in header, col
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=4)]
    by = {r["编号"]: r for r in rows}
    assert isinstance(by["S01"]["总分"], int | float) and isinstance(by["S01"]["存款值"], int | float)
    assert by["S01"]["存款值"] == 1200 and by["S01"]["存款计划"] == 1000 and by["S01"]["存款得分"] == 120
    assert by["S04"]["扣减绩效"] == "扣减当季绩效 20%" and "支行行长" in by["S04"]["被处罚岗位(人员)"]
    assert by["S06"]["资格"].startswith("取消评选资格")
    assert ws.column_dimensions["D"].width >= 12
    pen = [[c.value for c in r] for r in wb["处罚"].iter_rows(min_row=4)]
    assert {r[1] for r in pen} == {"S03", "S04"} and all(r[5] == "扣减当季绩效 20%" for r in pen)


def test_docx_options_and_penalties(tmp_path):
    from docx import Document

    out = _evaluate(
        tmp_path,
        "docx",
        "--to",
        "各支行",
        "--body",
        "现将三月份竞赛情况通报如下。",
        "--signer",
        "工行临沂分行",
        "--date",
        "2026-04-03",
    )
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "各支行:" in text and "现将三月份竞赛情况通报如下。" in text
    assert "工行临沂分行" in text and "2026年4月3日" in text
    assert "扣减当季绩效 20%" in text and "支行行长" in text
    cells = [c.text for row in doc.tables[0].rows[1:] for c in row.cells]
    assert any(x.endswith(".00") or x.count(".") == 1 and len(x.split(".")[1]) == 2 for x in cells[4::8])
    assert all(len(x.split(".")[1]) == 2 for x in cells[4::8])

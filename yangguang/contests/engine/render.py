"""Writing a ranking as JSON, .xlsx, or .docx in official-document layout (公文: 标题, 主送, 正文, 附表,
落款, 日期). Pure: takes plain records (dicts as `Result.record()` gives them)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from datetime import date

HEADER = ["组别", "排名", "编号", "名称", "总分", "资格", "奖项", "处罚", "说明"]
STATUS_ZH = {
    "ranked": "",
    "ineligible": "取消评选资格",
    "disqualified": "取消参赛资格",
    "not_eligible": "不符合参赛条件",
}


def penalty_cell(p: dict) -> str:
    """“支行存款后三名黄牌警告(黄牌警告, 扣减当季绩效 20%)”."""
    card = {"yellow": "黄牌警告", "red": "红牌警告"}.get(p.get("card", ""), "")
    parts = [x for x in (card, f"扣减当季绩效 {float(p['pay_cut']):g}%" if p.get("pay_cut") else "") if x]
    return p["name"] + (f"({', '.join(parts)})" if parts else "")


def status_cell(r: dict) -> str:
    status = r.get("status") or ("disqualified" if r.get("disqualified") else "ranked")
    text = STATUS_ZH.get(status, status)
    if text and r.get("reasons"):
        text += ": " + "; ".join(r["reasons"])
    return text


def _row(r: dict, group_names: dict[str, str]) -> list:
    return [
        group_names.get(r.get("group", ""), r.get("group", "")),
        r["rank"] if r["rank"] is not None else "—",
        r["id"],
        r["name"],
        r["score"],
        status_cell(r),
        "、".join(r["awards"]),
        "; ".join(penalty_cell(p) for p in r["penalties"]),
        " | ".join(r.get("explanation") or []),
    ]


def write_json(records: Iterable[dict], out) -> None:
    """Stream a JSON list, one participant a line (no whole-document string in memory)."""
    out.write("[\n")
    first = True
    dumps = json.JSONEncoder(ensure_ascii=False, default=lambda x: float(x)).encode  # Decimal scores
    for r in records:
        if not first:
            out.write(",\n")
        out.write(dumps(r))
        first = False
    out.write("\n]\n")


def write_json_lines(lines: Iterable[str], out) -> None:
    """Stream a JSON list from already-encoded records (Result.json_lines())."""
    out.write("[\n")
    batch: list[str] = []
    first = True
    for line in lines:
        batch.append(line)
        if len(batch) >= 2000:
            out.write(("" if first else ",\n") + ",\n".join(batch))
            batch, first = [], False
    if batch:
        out.write(("" if first else ",\n") + ",\n".join(batch))
    out.write("\n]\n")


def write_xlsx(records: Iterable[dict], title: str, group_names: dict[str, str] | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31] or "排名")
    ws.append(HEADER)
    gn = group_names or {}
    for r in records:
        ws.append(_row(r, gn))
    buf = io.BytesIO()
    wb.save(buf)
    _ = Font
    return buf.getvalue()


def write_docx(
    records: list[dict],
    *,
    title: str,
    addressees: str = "",
    body: str = "",
    signer: str = "",
    when: date | None = None,
    group_names: dict[str, str] | None = None,
    limit: int = 500,
) -> bytes:
    """A bulletin in 公文 layout: centred title, 主送, 正文, 附表 (the ranking), 落款 and date."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = t.add_run(title)
    run.bold = True
    run.font.size = Pt(22)
    run.font.name = "方正小标宋简体"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "方正小标宋简体")
    if addressees:
        doc.add_paragraph(f"{addressees}:")
    for para in (body or "").split("\n"):
        if para.strip():
            p = doc.add_paragraph(para.strip())
            p.paragraph_format.first_line_indent = Pt(28)
    doc.add_paragraph("附表:排名情况")
    gn = group_names or {}
    rows = records[:limit]
    table = doc.add_table(rows=1, cols=8)
    table.style = "Table Grid"
    for i, h in enumerate(HEADER[:8]):
        table.rows[0].cells[i].text = h
    for r in rows:
        cells = table.add_row().cells
        for i, v in enumerate(_row(r, gn)[:8]):
            if i == 4 and v is not None:
                v = f"{float(v):.2f}"  # scores padded to 2 decimals
            cells[i].text = "" if v is None else str(v)
    if len(records) > limit:
        doc.add_paragraph(f"(共 {len(records)} 个参赛对象,附表列出前 {limit} 个;完整名单见 .xlsx)")
    for text in (signer, (when or date.today()).strftime("%Y年%-m月%-d日")):
        if text:
            p = doc.add_paragraph(text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

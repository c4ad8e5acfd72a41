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


def _person(x) -> str:
    """A penalised person: a dict {name, …} from the platform, or a bulletin snapshot's plain name."""
    return x.get("name", "") if isinstance(x, dict) else str(x)


def pay_cut_cell(r: dict) -> str:
    cuts = [f"扣减当季绩效 {float(p['pay_cut']):g}%" for p in r["penalties"] if p.get("pay_cut")]
    return "; ".join(cuts)


def posts_cell(r: dict) -> str:
    """The penalised posts, and the people holding them when the platform knows them."""
    out = []
    for p in r["penalties"]:
        people = "、".join(_person(x) for x in p.get("people") or ())
        posts = "、".join(p.get("posts") or ())
        if people or posts:
            out.append(posts + (f"({people})" if people else ""))
    return "; ".join(out)


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


def write_json_chunks(chunks: Iterable[bytes], out) -> None:
    """Stream a JSON list to a binary file from UTF-8 chunks of records (Result.json_chunks())."""
    out.write(b"[\n")
    first = True
    for chunk in chunks:
        if not first:
            out.write(b",\n")
        out.write(chunk)
        first = False
    out.write(b"\n]\n")


def _number(x):
    """A figure as a number cell (Decimal scores stay exact; missing → empty)."""
    if x is None or (isinstance(x, float) and x != x):
        return None
    return x


def write_xlsx(
    records: Iterable[dict],
    title: str,
    group_names: dict[str, str] | None = None,
    *,
    period: str = "",
    indicators: list[tuple[str, str]] | None = None,
    derived: list[str] | None = None,
) -> bytes:
    """The ranking as a workbook staff can file: a title row, the period, one header row, numbers as
    numbers, status and reasons, penalties with "扣减当季绩效 N%" and the posts (and people) concerned,
    and — when `indicators` [(code, name)] are given — each indicator's value, base, plan and score
    from the record's `values` (and the derived quantities from its `derived`); a second sheet lists
    the penalties one per line."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    gn = group_names or {}
    inds = indicators or []
    dq = derived or []
    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    header = ["组别", "排名", "编号", "名称", "总分", "资格", "奖项", "处罚", "扣减绩效", "被处罚岗位(人员)"]
    for _code, name in inds:
        header += [f"{name}值", f"{name}基数", f"{name}计划", f"{name}得分"]
    header += dq + ["说明"]
    ws.append([title])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.append([f"期间: {period}" if period else ""])
    ws.append(header)
    for c in range(1, len(header) + 1):
        ws.cell(row=3, column=c).font = Font(bold=True)
    pen_rows = []
    for r in records:
        group = gn.get(r.get("group", ""), r.get("group", ""))
        row = [
            group,
            r["rank"],
            r["id"],
            r["name"],
            _number(r["score"]),
            status_cell(r),
            "、".join(r["awards"]),
            "; ".join(penalty_cell(p) for p in r["penalties"]),
            pay_cut_cell(r),
            posts_cell(r),
        ]
        vals = r.get("values") or {}
        for code, _name in inds:
            v = vals.get(code) or {}
            row += [_number(v.get(q)) for q in ("value", "base", "plan", "score")]
        dv = r.get("derived") or {}
        row += [_number(dv.get(n)) for n in dq]
        row.append(" | ".join(r.get("explanation") or []))
        ws.append(row)
        for p in r["penalties"]:
            pen_rows.append(
                [
                    group,
                    r["id"],
                    r["name"],
                    p["name"],
                    {"yellow": "黄牌警告", "red": "红牌警告"}.get(p.get("card", ""), ""),
                    f"扣减当季绩效 {float(p['pay_cut']):g}%" if p.get("pay_cut") else "",
                    "、".join(p.get("posts") or ()),
                    "、".join(_person(x) for x in p.get("people") or ()),
                ]
            )
    widths = {"组别": 10, "排名": 6, "编号": 16, "名称": 18, "总分": 9, "资格": 24, "奖项": 18, "处罚": 30}
    widths.update({"扣减绩效": 16, "被处罚岗位(人员)": 28, "说明": 80})
    for c, h in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(h, 12)
    ws.freeze_panes = "E4"
    ps = wb.create_sheet("处罚")
    ps.append([f"{title} 处罚情况"])
    ps.cell(row=1, column=1).font = Font(bold=True, size=14)
    ps.append([f"期间: {period}" if period else ""])
    ps.append(["组别", "编号", "名称", "处罚", "警告", "扣减绩效", "岗位", "人员"])
    for row in pen_rows:
        ps.append(row)
    for c, w in enumerate((10, 16, 18, 30, 10, 18, 28, 28), start=1):
        ps.column_dimensions[get_column_letter(c)].width = w
    buf = io.BytesIO()
    wb.save(buf)
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
    """A bulletin in 公文 layout: centred title, 主送, 正文, 附表 (the ranking, scores to 2 decimals, status),
    the penalties with the posts (and people) concerned, 落款 and date."""
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
    gn = group_names or {}
    penalised = [r for r in records if r["penalties"]]
    if penalised:
        doc.add_paragraph("处罚情况:")
        for r in penalised:
            for p in r["penalties"]:
                line = f"{gn.get(r.get('group', ''), r.get('group', ''))} {r['name']}: {penalty_cell(p)}"
                people = "、".join(_person(x) for x in p.get("people") or ())
                posts = "、".join(p.get("posts") or ())
                if posts or people:
                    line += f", 岗位 {posts}" + (f"({people})" if people else "")
                q = doc.add_paragraph(line)
                q.paragraph_format.first_line_indent = Pt(28)
    doc.add_paragraph("附表:排名情况")
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

"""The annual report as .xlsx and .docx, and the reply letter (答复告知书) as .docx."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from . import template as T

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _table_lines(report: dict) -> list[tuple[str, list[str], list[list]]]:
    """(title, header, rows) for every table of the report, in print order."""
    out = []
    out.append((report["table_2"]["title"], [], table2_rows(report)))
    t3 = report["table_3"]
    out.append(
        (
            t3["title"],
            ["项目"] + t3["columns"],
            [[r["name"]] + [r["cells"].get(c, "") for c in t3["columns"]] for r in t3["rows"]],
        )
    )
    t4 = report["table_4"]
    out.append(
        (
            t4["title"],
            ["类别"] + t4["columns"],
            [[r["name"]] + [r["cells"][c] for c in t4["columns"]] for r in t4["rows"]],
        )
    )
    ch = report["channels"]
    out.append(
        (
            ch["title"],
            ["渠道", "条数", "场次/期数"],
            [
                [r["name"], r["records"], "" if r["sessions_or_issues"] is None else r["sessions_or_issues"]]
                for r in ch["rows"]
            ]
            + [["合计（主动公开政府信息）", ch["total_records"], ""]],
        )
    )
    return out


def table2_rows(report: dict) -> list[list]:
    """Table 二 as the template prints it: per 第二十条 item a heading row, then 信息内容 and its
    column names, then one row per line with its figures as numbers (numeric cells in .xlsx)."""
    rows: list[list] = []
    section = None
    for r in report["table_2"]["rows"]:
        if r["section"] != section:
            section = r["section"]
            rows.append([section])
            rows.append(["信息内容", *r["cells"].keys()])
        rows.append([r["name"], *r["cells"].values()])
    return rows


def report_title(report: dict) -> str:
    return f"{report['unit']['name']}{report['year']}年政府信息公开工作年度报告"


def report_xlsx(report: dict) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for i, (title, header, rows) in enumerate(_table_lines(report)):
        ws = wb.create_sheet(re.sub(r"[\\/*?:\[\]]", "", title)[:31] or f"表{i + 2}")
        ws.append([report_title(report)])
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=14)
        ws["A2"].font = Font(bold=True)
        if header:
            ws.append(header)
        for row in rows:
            ws.append(row)
        ws.column_dimensions["A"].width = 48
        for col in "BCDEFGHIJ":
            ws.column_dimensions[col].width = 14
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center")
    ws = wb.create_sheet("校验")
    ws.append(["列", "本年新收+上年结转", "办理结果总计+结转下年", "一致"])
    for c in report["checks"]["table_3"]:
        ws.append(
            [c["column"], c["new_plus_carried_in"], c["handled_plus_carried_out"], "是" if c["ok"] else "否"]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _doc() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋_GB2312"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    return doc


def _heading(doc, text: str, size: int = 18) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    run.font.name = "方正小标宋简体"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "方正小标宋简体")


PART_TITLES = {
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}


def _part(doc, key: str, text: str) -> None:
    doc.add_paragraph().add_run(PART_TITLES[key]).bold = True
    for para in (text or "").splitlines() or [""]:
        if para.strip():
            doc.add_paragraph(para.strip())
    if not (text or "").strip():
        doc.add_paragraph("（本部分由政府信息公开工作机构撰写。）")


def _table(doc, header: list, rows: list[list]) -> None:
    width = max([len(header)] + [len(r) for r in rows])
    table = doc.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for row in ([header] if header else []) + rows:
        cells = table.add_row().cells
        for i, v in enumerate(row[:width]):
            cells[i].text = "" if v is None else str(v)


def report_docx(report: dict) -> bytes:
    """The whole report in the template's six parts: 一 and 五 and 六 as the office wrote them (六 with
    the fees collected), 二 三 四 computed."""
    doc = _doc()
    _heading(doc, report_title(report))
    doc.add_paragraph(
        "本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号格式要求编制，数据由系统据实统计。"
    )
    parts = report.get("parts", {})
    _part(doc, "overview", parts.get("overview", ""))
    for title, header, rows in _table_lines(report)[:3]:  # 二、三、四
        doc.add_paragraph().add_run(title).bold = True
        _table(doc, header, rows)
    _part(doc, "problems", parts.get("problems", ""))
    _part(doc, "other", parts.get("other", ""))
    fees = parts.get("fees") or {"requests": 0, "amount": "0.00"}
    doc.add_paragraph(
        f"本年度按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费"
        f"{fees['amount']}元（{fees['requests']}件申请）。"
    )
    title, header, rows = _table_lines(report)[3]
    doc.add_paragraph().add_run(title).bold = True
    _table(doc, header, rows)
    ok = report["checks"]["ok"]
    doc.add_paragraph(
        "表三校验："
        + ("本年新收与上年结转之和等于办理结果总计与结转下年之和。" if ok else "数据不平衡，请核查。")
    )
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def reply_docx(req) -> bytes:
    """政府信息公开申请答复告知书."""
    doc = _doc()
    _heading(doc, f"{req.unit.name}\n政府信息公开申请答复告知书")
    p = doc.add_paragraph(f"编号：{req.number}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(f"{req.applicant_name}：")
    doc.add_paragraph(
        f"本机关于{req.received_on:%Y年%m月%d日}收到您提出的政府信息公开申请，申请内容为：“{req.correction_text or req.content}”。"
    )
    if req.outcome:
        doc.add_paragraph(f"经审查，处理结果为：{T.OUTCOME_ROW.get(req.outcome, req.outcome)}。")
    if req.outcome_reason:
        doc.add_paragraph(f"理由及依据：{req.outcome_reason}")
    if req.reply:
        doc.add_paragraph(re.sub(r"<[^>]+>", "", req.reply))
    doc.add_paragraph(
        "如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。"
    )
    end = doc.add_paragraph(f"{req.unit.name}\n{(req.concluded_on or req.received_on):%Y年%m月%d日}")
    end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

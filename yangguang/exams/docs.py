"""Printable papers and answer sheets (.docx, python-docx) for paper-based sites.

The paper shows no candidate data; the answer sheet carries only the seal code, the version and the
seat, with the name strip to be folded and sealed (密封线) before grading.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .models import Candidate, Paper, Question

KIND_TITLES = {
    "single": "单项选择题",
    "multi": "多项选择题",
    "tf": "判断题",
    "fill": "填空题",
    "short": "简答题",
}
NUMERALS = "一二三四五六七八九十"


def _doc() -> Document:
    d = Document()
    style = d.styles["Normal"]
    style.font.name = "FangSong"
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    style.font.size = Pt(12)
    return d


def _title(d, text, size=18):
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text)
    r.bold = True
    r.font.size = Pt(size)
    r.font.name = "SimHei"
    r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")


def paper_docx(paper: Paper) -> bytes:
    d = _doc()
    _title(d, paper.exam.name)
    _title(d, f"预赛试卷（{paper.version}卷）", 14)
    d.add_paragraph(
        f"考试时间：{paper.exam.duration_minutes}分钟　　试卷编号：{paper.exam_id}-{paper.version}-{paper.seed}"
    )
    qs = {q.pk: q for q in Question.objects.filter(pk__in=[it["q"] for it in paper.items])}
    section, n = None, 0
    for it in paper.items:
        q = qs[it["q"]]
        if q.kind != section:
            section = q.kind
            same = [x for x in paper.items if x.get("k") == section]
            pts = sum(float(x["points"]) for x in same)
            idx = list(KIND_TITLES).index(section)
            h = d.add_paragraph()
            h.add_run(f"{NUMERALS[idx]}、{KIND_TITLES[section]}（共{len(same)}题，{pts:g}分）").bold = True
        n += 1
        d.add_paragraph(f"{n}. {q.stem}（{float(it['points']):g}分）")
        perm = it.get("perm") or list(range(len(q.options)))
        for i, orig in enumerate(perm):
            d.add_paragraph(f"    {chr(65 + i)}. {q.options[orig]}")
        if q.kind == "short":
            for _ in range(4):
                d.add_paragraph("")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def sheets_docx(candidates: list[Candidate]) -> bytes:
    """One answer sheet per candidate: seal code, version, seat, a box per question."""
    d = _doc()
    for k, c in enumerate(candidates):
        if k:
            d.add_page_break()
        _title(d, f"{c.exam.name} 答题卡", 14)
        p = d.add_paragraph(
            f"密封号：{c.seal_code}　　试卷：{c.paper.version if c.paper_id else '-'}卷　　座号：{c.seat or '-'}"
        )
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        d.add_paragraph("……………………密……………………封……………………线……………………")
        items = c.paper.items if c.paper_id else []
        objective = [i for i, it in enumerate(items, 1) if it.get("k") != "short"]
        d.add_paragraph("客观题答案（选择题填字母，判断题填“对/错”，填空题多个空用“|”分隔）：")
        for j in range(0, len(objective), 5):  # plain lines: a table per sheet is far too slow to build
            d.add_paragraph("　".join(f"{n:>3}.［　　　　］" for n in objective[j : j + 5]))
        for i, it in enumerate(items, 1):
            if it.get("k") == "short":
                d.add_paragraph(f"{i}. （简答题，{float(it['points']):g}分）")
                for _ in range(6):
                    d.add_paragraph("_" * 40)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()

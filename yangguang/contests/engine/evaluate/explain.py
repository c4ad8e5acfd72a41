"""Step 6: the explanation of a participant, as lines that read as sentences naming their figures.

For speed each group gets one %-template for its indicator lines and total line (filled per
participant by a generated picker); the JSON writer (writer.py) fills the same lines column by column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from json import encoder as _jenc

from .context import GroupContext

enc = _jenc.encode_basestring  # the C string encoder json uses (ensure_ascii=False)
Q_LABEL = {
    "value": "值",
    "base": "基数",
    "plan": "计划",
    "completion": "完成率",
    "growth": "增长率",
    "increment": "增量",
    "share": "占比",
    "increment_share": "增量占比",
}
STATUS_ZH = {
    "disqualify": "取消参赛资格",
    "eligibility": "不符合参赛条件",
    "ineligible": "取消评选资格（仍参加排名，处罚照常）",
}


@dataclass
class GroupResult:
    code: str
    idx: object  # global row indices, in table order
    field: object  # group positions of participants still in the field
    base: dict = field(default_factory=dict)  # code → {value, base, plan} columns (group positions)
    cols: dict = field(default_factory=dict)  # code → {"score": floats} (field positions)
    template: str = ""
    total_line: str = ""
    template_en: str = ""
    total_line_en: str = ""
    derived: dict = field(default_factory=dict)  # derived name → column (group positions)
    make: object = None  # () → the group's JSON writer (writer.py), built on first use
    pick: object = None  # (gp, k) → one participant's figures, picked from the columns as they are

    def filler(self, en: bool = False):
        """(picker, template) for one participant's indicator lines."""
        return self.pick, self.template_en if en else self.template

    def json_writer(self):
        built = self.__dict__.get("_writer")
        if built is None:
            built = self.__dict__["_writer"] = self.make()
        return built


STATUS_EN = {
    "disqualify": "disqualified (out of the field)",
    "eligibility": "not eligible to compete",
    "ineligible": "not eligible for awards (still ranked and penalised)",
}
WORDS = {
    "zh": {
        "value": "值",
        "base": "基数",
        "plan": "计划",
        "increment": "增量",
        "completion": "完成率",
        "growth": "增长率",
        "share": "占比",
        "increment_share": "增量占比",
        "cap": "，封顶 {cap}",
        "tail": " → 得分 %.2f（权重 {w}%%）",
        "tiers": "按档",
        "rank_points": "按名次得分",
        "sep": "；",
        "comma": "，",
        "head": "{name}（{unit}）〔{method}〕",
        # the scoring method by its name, never its code (glossary: 按计划完成率计分 …)
        "methods": {
            "raw": "按实际值计分",
            "completion": "按计划完成率计分",
            "growth": "按增量计分",
            "growth_rate": "按增长率计分",
            "share": "按占比计分",
            "increment_share": "按增量占比计分",
            "rank_points": "按名次得分",
            "tiers": "分档计分",
            "formula": "按公式计分",
        },
    },
    "en": {
        "value": "value",
        "base": "base",
        "plan": "plan",
        "increment": "increment",
        "completion": "completion",
        "growth": "growth",
        "share": "share",
        "increment_share": "increment share",
        "cap": ", capped at {cap}",
        "tail": " → score %.2f (weight {w}%%)",
        "tiers": "by tiers",
        "rank_points": "points by rank",
        "sep": "; ",
        "comma": ", ",
        "head": "{name} ({unit}) [{method}]",
    },
}


def quantity_name(scheme, q: str) -> str:
    """An indicator's name for its code (a tie-break quantity is shown as 营销存款, not deposit)."""
    ind = scheme.indicator(q)
    return ind.name if ind is not None else q


# A quantity missing inside an aggregate is named as the scheme's Chinese words name it (最高(值), not max(值)).
_AGG_ZH = {"max": "最高", "min": "最低", "mean": "平均", "sum": "合计", "count": "计数", "median": "中位数"}
_AGG_CALL = re.compile(r"\b(max|min|mean|sum|count|median)\(")


def error_line(e: dict, lang: str = "zh") -> str:
    """A participant's data error; the Chinese line says it in Chinese (the stored error is English)."""
    if lang == "en":
        return f"! {e['rule']}: {e['error']}"
    err = e["error"]
    if err == "no score":
        err = "无得分（缺少数据）"
    elif err.startswith("no value for "):
        names = _AGG_CALL.sub(lambda m: _AGG_ZH[m.group(1)] + "(", err[len("no value for ") :])
        err = "缺少" + names.replace(", ", "、") + "的数值"
    return f"! {e['rule']}：{err}"


def reason_line(d: dict, lang: str = "zh") -> str:
    if lang == "en":
        verb = "did not meet" if d["kind"] == "eligibility" else "met"
        return f"✗ {STATUS_EN[d['kind']]}: {d['rule']} — {verb} {d['expression']} ⇐ {d['inputs']}"
    verb = "未满足" if d["kind"] == "eligibility" else "满足"
    return f"✗ {STATUS_ZH[d['kind']]}：{d['rule']} — {verb} {d['expression']} ⇐ {d['inputs']}"


def fired_line(f: dict, lang: str = "zh") -> str:
    en = lang == "en"
    if f["kind"] == "award":
        inputs = str(f["inputs"])
        text = f.get("expression_en", f["expression"]) if en else f["expression"]
        return ("award " if en else "奖项 ") + text + (f" ⇐ {inputs}" if inputs else "")
    rule = f.get("rule_en", f["rule"]) if en else f["rule"]
    return ("penalty " if en else "处罚 ") + f"{rule}: {f['expression']} ⇐ {f['inputs']}"


def _indicator_line(ctx: GroupContext, ind, lang: str = "zh") -> tuple[str, list]:
    """(template, [(where, column)]) for one indicator; where: "g" group or "f" field position."""
    t = WORDS[lang]
    method = t.get("methods", {}).get(ind.method, ind.method)
    head = t["head"].format(name=ind.name, unit=ind.unit or "-", method=method).replace("%", "%%")
    tail = t["tail"].format(w=f"{ind.weight:g}")
    cap = t["cap"].format(cap=f"{ind.cap:g}") if ind.cap is not None else ""
    val = ctx.base(ind.code, "value").vals
    m = ind.method
    src = f"(= {ctx.scheme.derived_q(ind.derived).name})" if ind.source == "derived" else ""
    if m == "completion":
        of = ind.params.get("of", "value")
        num = (
            (t["increment"], ctx.base(ind.code, "increment").vals) if of == "increment" else (t["value"], val)
        )
        plan = (t["plan"], ctx.base(ind.code, "plan").vals)
        a, b = (num, plan) if ind.direction == "higher" else (plan, num)
        line = f"{head} {t['completion']} = {a[0]} %.10g / {b[0]} %.10g × 100{cap}"
        cols = [("g", a[1]), ("g", b[1])]
        if of == "increment":
            inc = f"{t['increment']} = {t['value']} %.10g − {t['base']} %.10g{t['sep']}"
            line = f"{head} {inc}" + line[len(head) + 1 :]
            cols = [("g", val), ("g", ctx.base(ind.code, "base").vals), *cols]
    elif m in ("growth", "growth_rate"):
        if m == "growth":
            what = f"{t['increment']} = {t['value']} %.10g − {t['base']} %.10g"
        else:
            what = f"{t['growth']} = ({t['value']} %.10g − {t['base']} %.10g)/|{t['base']}|×100"
        line = f"{head} {what}{cap}"
        cols = [("g", val), ("g", ctx.base(ind.code, "base").vals)]
    elif m in ("share", "increment_share"):
        key = "increment_share" if m == "increment_share" or ind.params.get("of") == "increment" else "share"
        line = f"{head} {t['value']}{src} %.10g{t['comma']}{t[key]} %.6g%%{cap}"
        cols = [("g", val), ("f", ctx.field(ind.code, key).vals)]
    elif m == "tiers":
        of = ind.params.get("of", "value")
        line = f"{head} {t[of]}{src} %.10g {t['tiers']}"
        cols = [("g", ctx.base(ind.code, of).vals)]
    elif m == "rank_points":
        line = f"{head} {t['value']}{src} %.10g{t['comma']}{t['rank_points']}"
        cols = [("g", val)]
    elif m == "formula":
        f = str(ind.params.get("formula")).replace("%", "%%")
        line = f"{head} {f}{t['comma']}{t['value']} %.10g{cap}"
        cols = [("g", val)]
    else:
        line = f"{head} {t['value']}{src} %.10g{cap}"
        cols = [("g", val)]
    return line + tail, [*cols, ("f", ctx.score_f[ind.code])]


SPEC = re.compile(r"%%|%\.\d+[gf]|%d")


def as_text(template: str, texts: set[int], start: int = 0) -> tuple[str, int]:
    """The template with the placeholders of the columns in `texts` (counted from `start`) as %s."""
    j = start

    def sub(m):
        nonlocal j
        if m.group(0) == "%%":
            return "%%"
        j += 1
        return "%s" if j - 1 in texts else m.group(0)

    return SPEC.sub(sub, template), j


def starts(lines: list[str]) -> list[int]:
    """The index of each line's first column (its placeholders counted over the lines before it)."""
    out, n = [], 0
    for x in lines:
        out.append(n)
        n += sum(1 for m in SPEC.findall(x) if m != "%%")
    return out


def build_templates(ctx: GroupContext) -> None:
    s = ctx.scheme
    gr = GroupResult(ctx.code, ctx.idx, ctx.fld)
    ctx.res.groups[ctx.code] = gr
    gr.base = {
        ind.code: {q: ctx.base(ind.code, q).vals for q in ("value", "base", "plan")} for ind in s.indicators
    }
    gr.cols = {code: {"score": col} for code, col in ctx.score_f.items()}
    gr.derived = {d.name: ctx.derived[d.code].vals for d in s.derived if d.code in ctx.derived}
    lines, cols = [], []
    for ind in ctx.inds:
        line, c = _indicator_line(ctx, ind)
        lines.append(line)
        cols += c
    lines_en = [_indicator_line(ctx, ind, "en")[0] for ind in ctx.inds]
    gr.template = "\n".join(lines)
    gr.template_en = "\n".join(lines_en)
    tb = f"；同分时依次比较 {'、'.join(quantity_name(s, q) for q in s.tie_break)}" if s.tie_break else ""
    total = f"总分 = Σ 得分×权重/100 = %.2f（四舍五入保留 2 位小数）→ 第 %d 名%s，共 {ctx.nf} 个参赛对象{tb.replace('%', '%%')}"
    res = ctx.res

    def make():
        from .writer import GroupWriter

        return GroupWriter(res, gr.code, cols, lines, total)

    gr.make = make
    env = {f"c{j}": col for j, (_w, col) in enumerate(cols)}
    picks = ", ".join(f"c{j}[{'gp' if where == 'g' else 'k'}]" for j, (where, _c) in enumerate(cols))
    gr.pick = eval(f"lambda gp, k: ({picks}{',' if picks else ''})", env)  # noqa: S307 - our own template
    gr.total_line = total
    tb_en = f"; ties broken by {', '.join(s.tie_break)}" if s.tie_break else ""
    gr.total_line_en = (
        "total = Σ score × weight / 100 = %.2f (rounded half up to 2 decimals) → rank %d%s of "
        f"{ctx.nf}{tb_en.replace('%', '%%')}"
    )

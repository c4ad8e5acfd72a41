"""Step 6: the explanation of a participant, as lines that read as sentences naming their figures.

For speed each group gets one %-template for its indicator lines and total line (filled per
participant by a generated picker) and a generated JSON writer for the common record (no award,
penalty, error or rule fired): 400,000 records are 400,000 formatting calls."""

from __future__ import annotations

import re
from array import array
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
    make: object = None  # () → (args picker, JSON writer), built on first use
    pick: object = None  # (gp, k) → one participant's figures, picked from the columns as they are

    def filler(self, en: bool = False):
        """(picker, template) for one participant's indicator lines: from the columns laid out in
        output order once the writer exists (writing everyone), else from the evaluation's own columns
        (a preview shows 200 of 16,000). The two always go together (text columns take %s)."""
        built = self.__dict__.get("_fns")
        if built is not None:
            return built[0], built[3 if en else 2]
        return self.pick, self.template_en if en else self.template

    @property
    def writer(self):
        return self._built()[1]

    def _built(self):
        built = self.__dict__.get("_fns")
        if built is None:
            built = self.__dict__["_fns"] = self.make()
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


_SPEC = re.compile(r"%%|%\.\d+[gf]|%d")


def _as_text(template: str, texts: set[int], start: int = 0) -> tuple[str, int]:
    """The template with the placeholders of the columns in `texts` (counted from `start`) as %s."""
    j = start

    def sub(m):
        nonlocal j
        if m.group(0) == "%%":
            return "%%"
        j += 1
        return "%s" if j - 1 in texts else m.group(0)

    return _SPEC.sub(sub, template), j


def _text_column(col, distinct: set, spec: str) -> list[str]:
    """A column of few distinct figures as text, each distinct figure formatted once (NaN: "nan", as
    the float placeholder prints it)."""
    cache = {x: spec % x for x in distinct if x == x}
    if len(cache) < len(distinct):  # missing figures: NaN is never found again by value
        get = cache.get
        return [get(x) or "nan" for x in col]
    return list(map(cache.__getitem__, col))


def _generate(res, code: str, cols: list, lines: list[str], lines_en: list[str], total: str):
    """The args picker and the JSON writer of a group (generated from our own template, no input).

    The figures are copied into output order (by rank) as flat arrays of doubles, so writing the
    records in that order reads memory front to back instead of chasing 25 scattered float objects per
    record (on 400,000 participants: seconds). `O[k]` is a field position's place in that order. A
    column of few distinct figures (counts, capped scores, one-decimal amounts: most of them on 400,000
    participants) is formatted once per distinct figure into text instead of once per record.
    Returns (args picker, JSON writer, Chinese template, English template) — the templates take %s
    where a column is text."""
    fpos, gpos, tg = res.fpos, res.gpos, res.table.groups
    one = len(res.groups) == 1
    seq = [i for i in res.order() if fpos[i] >= 0 and (one or tg[i] == code)]
    ks = [fpos[i] for i in seq]
    gps = [gpos[i] for i in seq]
    place = [0] * (max(ks) + 1 if ks else 0)
    for o, k in enumerate(ks):
        place[k] = o
    env: dict = {"O": place}
    specs = [m for line in lines for m in _SPEC.findall(line) if m != "%%"]
    texts: set[int] = set()
    for j, (where, col) in enumerate(cols):
        if not isinstance(col, array):  # a list of float objects: flat first, then gathered
            col = array("d", col)
        c = array("d", map(col.__getitem__, gps if where == "g" else ks))
        distinct = set(c)
        if 4 * len(distinct) <= len(c):
            c = _text_column(c, distinct, specs[j])
            texts.add(j)
        env[f"c{j}"] = c
    lines = [_as_text(x, texts, n)[0] for x, n in zip(lines, _starts(lines), strict=True)]
    lines_en = [_as_text(x, texts, n)[0] for x, n in zip(lines_en, _starts(lines_en), strict=True)]
    json_template = ", ".join(enc(x) for x in [*lines, total])
    picks = ", ".join(f"c{j}[{'(o := O[k])' if j == 0 else 'o'}]" for j in range(len(cols)))
    args = eval(f"lambda gp, k: ({picks}{',' if picks else ''})", env)  # noqa: S307
    head = (
        '{"id": %s, "name": %s, "group": ' + enc(code).replace("%", "%%") + ', "score": %.2f, "rank": %d, '
        '"rank_from_bottom": %d, "status": "ranked", "awards": [%s], "penalties": [%s], "disqualified": false, '
        '"ineligible": false, "reasons": [], "errors": [%s], "explanation": ['
    )
    env["TPL"] = head + json_template + "%s]}"
    env["enc"] = enc
    src = (
        "lambda i, gp, k, sc, rk, bt, tie, aw, pe, er, extra, ids, names: TPL % (enc(ids[i]), enc(names[i]), sc, rk, bt, "
        f"aw, pe, er, {picks}{', ' if picks else ''}sc, rk, tie, extra)"
    )
    writer = eval(src, env)  # noqa: S307 - generated from our own template, no user input
    return args, writer, "\n".join(lines), "\n".join(lines_en)


def _starts(lines: list[str]) -> list[int]:
    """The index of each line's first column (its placeholders counted over the lines before it)."""
    out, n = [], 0
    for x in lines:
        out.append(n)
        n += sum(1 for m in _SPEC.findall(x) if m != "%%")
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
    gr.make = lambda: _generate(res, gr.code, cols, lines, lines_en, total)
    env = {f"c{j}": col for j, (_w, col) in enumerate(cols)}
    picks = ", ".join(f"c{j}[{'gp' if where == 'g' else 'k'}]" for j, (where, _c) in enumerate(cols))
    gr.pick = eval(f"lambda gp, k: ({picks}{',' if picks else ''})", env)  # noqa: S307 - our own template
    gr.total_line = total
    tb_en = f"; ties broken by {', '.join(s.tie_break)}" if s.tie_break else ""
    gr.total_line_en = (
        "total = Σ score × weight / 100 = %.2f (rounded half up to 2 decimals) → rank %d%s of "
        f"{ctx.nf}{tb_en.replace('%', '%%')}"
    )

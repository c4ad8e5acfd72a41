"""Evaluating one period: quantities → disqualification → scores → ranks → awards → penalties.

Works column by column over a `Table` (see data.py) so that 400,000 participants fit in seconds. Per
group (支行, 网点 …):

1. base quantities per indicator: value, base, plan, completion = value/plan×100, growth =
   (value−base)/|base|×100, increment = value−base; and the facts (案件事故数 …);
2. eligibility and disqualification rules on those; a disqualified participant leaves the field
   (no rank, no award, no penalty) and keeps the reason;
3. over the field: share = value/Σvalue×100, increment share = increment/Σincrement×100, the
   indicator's score by its method, the indicator's rank; total = Σ score × weight / 100 (2 decimals);
4. ranks: higher total first; equal totals share a rank (1, 2, 2, 4) unless the scheme's tie-break
   indicators separate them; rank from the bottom likewise;
5. awards in scheme order (top N, top N%, tiers, threshold; ties at the boundary all win; at most one
   award of an `exclusive` set per participant), then penalties.

A rule that fails for one participant (a missing value, a division by zero) marks that participant
with the error and counts as not met; evaluation never stops for it.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from .data import Table
from .expr import Compiled, aggregate, compile_rule
from .scheme import FORMULA_LOCALS, Indicator, Scheme

NAN = math.nan
Q_LABEL = {
    "value": "值",
    "base": "基数",
    "plan": "计划",
    "completion": "完成率",
    "growth": "增长率",
    "increment": "增量",
    "share": "占比",
    "increment_share": "增量占比",
    "score": "得分",
    "rank": "排名",
    "rank_from_bottom": "排名倒数",
}


def shared_ranks(keys: list) -> tuple[list[int], list[int], bytearray]:
    """Ranks for keys (higher is better): equal keys share a rank (1, 2, 2, 4).

    Returns (rank, rank from the bottom, tied flags)."""
    n = len(keys)
    order = sorted(range(n), key=keys.__getitem__, reverse=True)
    rank = [0] * n
    bottom = [0] * n
    tied = bytearray(n)
    i = 0
    while i < n:
        j = i
        k = keys[order[i]]
        while j + 1 < n and keys[order[j + 1]] == k:
            j += 1
        for p in range(i, j + 1):
            rank[order[p]] = i + 1
            bottom[order[p]] = n - j
            if j > i:
                tied[order[p]] = 1
        i = j + 1
    return rank, bottom, tied


def _r(x: float, nd: int = 2) -> str:
    if x != x:
        return "—"
    return f"{x:.{nd}f}".rstrip("0").rstrip(".") if nd else str(x)


@dataclass
class GroupResult:
    code: str
    idx: list[int]  # global row indices, in table order
    field: list[int]  # local positions of participants still in the field
    cols: dict[str, list] = field(default_factory=dict)  # name → column over the field
    ind: dict[str, dict[str, list]] = field(default_factory=dict)  # code → quantity → column over group


@dataclass
class Result:
    scheme: Scheme
    table: Table
    score: list
    rank: list
    bottom: list
    tied: bytearray
    disqualified: list  # None or [reasons]
    awards: list  # None or [dict]
    penalties: list  # None or [dict]
    errors: list  # None or [dict]
    fired: list  # None or [dict]: rule explanations
    groups: dict[str, GroupResult]
    field_count: dict[str, int]

    def __len__(self) -> int:
        return len(self.table)

    def explanation(self, i: int) -> list[str]:
        s, t = self.scheme, self.table
        g = self.groups[t.groups[i]]
        local = g.pos[i]  # type: ignore[attr-defined]
        lines: list[str] = []
        if self.disqualified[i]:
            for d in self.disqualified[i]:
                lines.append(f"✗ {d['rule']}: {d['expression']} ⇐ {d['inputs']}")
        for ind in s.indicators_of(g.code):
            q = g.ind[ind.code]
            v, b, p = q["value"][local], q["base"][local], q["plan"][local]
            sc = q["score"][local] if "score" in q else NAN
            inputs = f"值 {_r(v, 4)}"
            if b == b:
                inputs += f", 基数 {_r(b, 4)}"
            if p == p:
                inputs += f", 计划 {_r(p, 4)}"
            formula = q["formula"][local] if "formula" in q else ""
            pts = sc * ind.weight / 100 if sc == sc else NAN
            lines.append(
                f"{ind.name}({ind.unit or '-'}) [{ind.method}] {inputs}; {formula} → 得分 {_r(sc)} × 权重 {_r(ind.weight)}% = {_r(pts)}"
            )
        if not self.disqualified[i]:
            n = self.field_count[g.code]
            tie = "(并列)" if self.tied[i] else ""
            tb = f"; 同分比较: {', '.join(s.tie_break)}" if s.tie_break else ""
            lines.append(f"总分 Σ 得分×权重/100 = {_r(self.score[i])} → 第 {self.rank[i]} 名{tie} / {n}{tb}")
        for f in self.fired[i] or ():
            lines.append(f"{f['kind']}: {f['rule']} ⇐ {f['expression']} ⇐ {f['inputs']}")
        for e in self.errors[i] or ():
            lines.append(f"! {e['rule']}: {e['error']}")
        return lines

    def record(self, i: int) -> dict:
        t = self.table
        return {
            "id": t.ids[i],
            "name": t.names[i],
            "group": t.groups[i],
            "score": None if self.score[i] is None else round(self.score[i], 2),
            "rank": self.rank[i],
            "rank_from_bottom": self.bottom[i],
            "awards": [a["name"] for a in self.awards[i] or ()],
            "penalties": [
                {"name": p["name"], "card": p["card"], "pay_cut": p["pay_cut"], "posts": p["posts"]}
                for p in self.penalties[i] or ()
            ],
            "disqualified": bool(self.disqualified[i]),
            "errors": [f"{e['rule']}: {e['error']}" for e in self.errors[i] or ()],
            "explanation": self.explanation(i),
        }

    def records(self, order: str = "rank") -> Iterator[dict]:
        for i in self.order():
            yield self.record(i)

    def order(self) -> list[int]:
        """Groups in scheme order; ranked participants by rank, then the disqualified."""
        gorder = {g: n for n, g in enumerate(self.scheme.group_codes())}
        big = 10**12
        return sorted(
            range(len(self.table)),
            key=lambda i: (gorder.get(self.table.groups[i], 0), self.rank[i] or big, self.table.ids[i]),
        )

    def indicator_values(self, i: int) -> dict[str, dict]:
        g = self.groups[self.table.groups[i]]
        local = g.pos[i]  # type: ignore[attr-defined]
        out = {}
        for ind in self.scheme.indicators_of(g.code):
            q = g.ind[ind.code]
            out[ind.code] = {
                k: (None if q[k][local] != q[k][local] else q[k][local])
                for k in ("value", "base", "plan", "score")
                if k in q
            }
        return out


def _args_ok(args) -> bool:
    for a in args:
        if a is None or a != a:
            return False
    return True


def _run_rule(comp: Compiled, cols: dict[str, list], positions: list[int], aggs: list) -> tuple[list, list]:
    """Evaluate a compiled rule at the given local positions → (results, errors); results None on error."""
    colv = [cols[n] for n in comp.names]
    out: list = []
    errs: list = []
    names = comp.names
    fn = comp.fn
    for p in positions:
        args = [c[p] for c in colv]
        if not _args_ok(args):
            missing = [names[k] for k, a in enumerate(args) if a is None or a != a]
            out.append(None)
            errs.append((p, "no value for " + ", ".join(missing)))
            continue
        try:
            out.append(fn(*args, *aggs))
        except Exception as e:  # noqa: BLE001 - the participant is marked, evaluation goes on
            out.append(None)
            errs.append((p, f"{type(e).__name__}: {e}"))
    return out, errs


def _inputs(comp: Compiled, cols: dict[str, list], p: int, aggs: list) -> str:
    parts = [f"{n}={_fmt_in(cols[n][p])}" for n in comp.names]
    parts += [f"{k}({q})={_fmt_in(a)}" for (_param, k, q), a in zip(comp.aggregates, aggs, strict=False)]
    return ", ".join(parts)


def _fmt_in(x) -> str:
    if isinstance(x, float):
        return _r(x, 4)
    return str(x)


def evaluate(scheme: Scheme, table: Table) -> Result:
    n = len(table)
    res = Result(
        scheme=scheme,
        table=table,
        score=[None] * n,
        rank=[None] * n,
        bottom=[None] * n,
        tied=bytearray(n),
        disqualified=[None] * n,
        awards=[None] * n,
        penalties=[None] * n,
        errors=[None] * n,
        fired=[None] * n,
        groups={},
        field_count={},
    )
    base_names = scheme.base_names()
    all_names = scheme.all_names()
    compiled: dict[str, Compiled] = {}

    def comp(src: str, known, rule: str) -> Compiled:
        key = rule + "\0" + src
        if key not in compiled:
            compiled[key] = compile_rule(src, known, rule=rule)
        return compiled[key]

    by_group: dict[str, list[int]] = {}
    for i, g in enumerate(table.groups):
        by_group.setdefault(g, []).append(i)
    for gcode in scheme.group_codes():
        idx = by_group.get(gcode, [])
        _evaluate_group(scheme, table, res, gcode, idx, base_names, all_names, comp)
    return res


def _err(res: Result, i: int, rule: str, error: str) -> None:
    if res.errors[i] is None:
        res.errors[i] = []
    res.errors[i].append({"rule": rule, "error": error})


def _fire(res: Result, i: int, kind: str, rule: str, expression: str, inputs: str) -> None:
    if res.fired[i] is None:
        res.fired[i] = []
    res.fired[i].append({"kind": kind, "rule": rule, "expression": expression, "inputs": inputs})


def _evaluate_group(
    scheme, table: Table, res: Result, gcode: str, idx: list[int], base_names, all_names, comp
):
    gr = GroupResult(gcode, idx, [])
    gr.pos = {i: k for k, i in enumerate(idx)}  # type: ignore[attr-defined]
    res.groups[gcode] = gr
    m = len(idx)
    inds = scheme.indicators_of(gcode)
    ind_codes = {i.code for i in inds}
    # 1. base quantities over the whole group
    q: dict[str, dict[str, list]] = {}
    for ind in scheme.indicators:
        v = table.values.get((ind.code, "value"))
        b = table.values.get((ind.code, "base"))
        p = table.values.get((ind.code, "plan"))
        vv = [v[i] for i in idx] if v is not None else [NAN] * m
        bb = [b[i] for i in idx] if b is not None else [NAN] * m
        pp = [p[i] for i in idx] if p is not None else [NAN] * m
        q[ind.code] = {"value": vv, "base": bb, "plan": pp}
    gr.ind = q
    facts = {
        f.code: [table.facts[f.code][i] for i in idx] if f.code in table.facts else [NAN] * m
        for f in scheme.facts
    }

    lazy_cache: dict[tuple[str, str], list] = {}

    def base_col(code: str, qty: str) -> list:
        key = (code, qty)
        if key in lazy_cache:
            return lazy_cache[key]
        c = q[code]
        if qty in ("value", "base", "plan"):
            out = c[qty]
        elif qty == "completion":
            out = [
                v / p * 100 if p == p and p != 0 else NAN for v, p in zip(c["value"], c["plan"], strict=False)
            ]
        elif qty == "growth":
            out = [
                (v - b) / abs(b) * 100 if b == b and b != 0 else NAN
                for v, b in zip(c["value"], c["base"], strict=False)
            ]
        elif qty == "increment":
            out = [v - b for v, b in zip(c["value"], c["base"], strict=False)]
        else:
            raise KeyError(qty)
        lazy_cache[key] = out
        return out

    def names_cols(names, resolver) -> dict[str, list]:
        out = {}
        for n in names:
            out[n] = resolver(n)
        return out

    def base_resolver(name: str) -> list:
        code, qty = base_names[name]
        if code == "fact":
            return facts[qty]
        return base_col(code, qty)

    # 2. eligibility and disqualification
    out_of_field = [None] * m
    all_pos = list(range(m))
    for kind, rules in (("eligibility", scheme.eligibility), ("disqualify", scheme.disqualify)):
        for r in rules:
            if not scheme.applies(r.groups, gcode):
                continue
            c = comp(r.when, base_names, r.name)
            cols = names_cols(c.names, base_resolver)
            aggs = [aggregate(k, base_resolver(qq)) for _p, k, qq in c.aggregates]
            vals, errs = _run_rule(c, cols, all_pos, aggs)
            for p, e in errs:
                _err(res, idx[p], r.name, e)
            for p, val in enumerate(vals):
                if val is None:
                    continue
                hit = (not val) if kind == "eligibility" else bool(val)
                if hit:
                    if out_of_field[p] is None:
                        out_of_field[p] = []
                    out_of_field[p].append(
                        {
                            "rule": r.name,
                            "kind": kind,
                            "expression": r.when,
                            "inputs": _inputs(c, cols, p, aggs),
                        }
                    )
    fld = [p for p in range(m) if out_of_field[p] is None]
    for p in range(m):
        if out_of_field[p] is not None:
            res.disqualified[idx[p]] = out_of_field[p]
    gr.field = fld
    nf = len(fld)
    res.field_count[gcode] = nf

    # 3. field quantities and scores (columns over the group; NaN outside the field)
    def over_field(col: list) -> list:
        return [col[p] for p in fld]

    for ind in inds:
        c = q[ind.code]
        v = c["value"]
        fv = [v[p] for p in fld]
        sv = math.fsum(x for x in fv if x == x)
        share = [NAN] * m
        for p in fld:
            share[p] = v[p] / sv * 100 if sv else 0.0
        c["share"] = share
        if "base" in c:
            inc = base_col(ind.code, "increment")
            si = math.fsum(inc[p] for p in fld if inc[p] == inc[p])
            ish = [NAN] * m
            for p in fld:
                ish[p] = inc[p] / si * 100 if si and inc[p] == inc[p] else (0.0 if inc[p] == inc[p] else NAN)
            c["increment_share"] = ish
        score, formula = _score(ind, c, fld, m, base_col, facts, comp, res, idx)
        c["score"] = score
        c["formula"] = formula
    for ind in scheme.indicators:
        if ind.code not in ind_codes:
            q[ind.code]["score"] = [NAN] * m
            q[ind.code]["share"] = [NAN] * m
            q[ind.code]["increment_share"] = [NAN] * m

    ind_rank_cache: dict[str, tuple[list, list]] = {}

    def ind_rank(code: str) -> tuple[list, list]:
        if code not in ind_rank_cache:
            sc = q[code]["score"]
            keys = [round(sc[p], 6) if sc[p] == sc[p] else -math.inf for p in fld]
            rk, bt, _t = shared_ranks(keys)
            r_full, b_full = [NAN] * m, [NAN] * m
            for k, p in enumerate(fld):
                r_full[p], b_full[p] = rk[k], bt[k]
            ind_rank_cache[code] = (r_full, b_full)
        return ind_rank_cache[code]

    # 4. totals and ranks
    totals = [NAN] * m
    wsum = [(ind, q[ind.code]["score"]) for ind in inds]
    for p in fld:
        t = 0.0
        for ind, sc in wsum:
            s = sc[p]
            if s == s:
                t += s * ind.weight / 100
            else:
                _err(res, idx[p], ind.name, "no score")
        totals[p] = round(t, 2)
    tb = [scheme.indicator(x).code for x in scheme.tie_break]
    keys = []
    for p in fld:
        k = (totals[p],) + tuple(
            round(q[c]["score"][p], 6) if q[c]["score"][p] == q[c]["score"][p] else -math.inf for c in tb
        )
        keys.append(k)
    rk, bt, tied = shared_ranks(keys)
    rank_full, bottom_full = [NAN] * m, [NAN] * m
    for k, p in enumerate(fld):
        i = idx[p]
        res.score[i] = totals[p]
        res.rank[i] = rk[k]
        res.bottom[i] = bt[k]
        res.tied[i] = tied[k]
        rank_full[p], bottom_full[p] = rk[k], bt[k]
    for p in range(m):
        if out_of_field[p] is not None:
            # The disqualified keep their computed total for the record, without a rank.
            t = 0.0
            for ind, sc in wsum:
                if sc[p] == sc[p]:
                    t += sc[p] * ind.weight / 100
            res.score[idx[p]] = round(t, 2)

    def full_resolver(name: str) -> list:
        code, qty = all_names[name]
        if code == "fact":
            return facts[qty]
        if code == "":
            if qty == "total_score":
                return totals
            if qty == "rank":
                return rank_full
            if qty == "rank_from_bottom":
                return bottom_full
            if qty == "field_count":
                return [float(nf)] * m
        if qty in ("share", "increment_share", "score"):
            if qty not in q[code]:
                return [NAN] * m
            return q[code][qty]
        if qty == "rank":
            return ind_rank(code)[0]
        if qty == "rank_from_bottom":
            return ind_rank(code)[1]
        return base_col(code, qty)

    def run_full(src: str, rule: str):
        c = comp(src, all_names, rule)
        cols = names_cols(c.names, full_resolver)
        aggs = [aggregate(k, over_field(full_resolver(qq))) for _p, k, qq in c.aggregates]
        vals, errs = _run_rule(c, cols, fld, aggs)
        for p, e in errs:
            _err(res, idx[p], rule, e)
        return c, cols, aggs, dict(zip(fld, vals, strict=False))

    # 5. awards
    held_sets: dict[int, set[str]] = {}
    for a in scheme.awards:
        if not scheme.applies(a.groups, gcode):
            continue
        if a.by:
            code = scheme.indicator(a.by).code
            rank_of = ind_rank(code)[0]
        else:
            rank_of = rank_full
        cands = sorted(fld, key=lambda p: (rank_of[p], table.ids[idx[p]]))
        cond = None
        if a.when:
            c, cols, aggs, vals = run_full(a.when, a.name)
            cond = (c, cols, aggs, vals)
            cands = [p for p in cands if vals.get(p)]
        if a.exclusive:
            cands = [p for p in cands if a.exclusive not in held_sets.get(p, set())]
        winners: list[tuple[int, str, str]] = []  # (position, award name, basis)
        if a.tiers:
            pos = 0
            for tier in a.tiers:
                taken = _take(cands[pos:], rank_of, tier["count"])
                winners += [
                    (p, tier["name"], f"{tier['name']}: 第 {rank_of[p]} 名, 名额 {tier['count']}")
                    for p in taken
                ]
                pos += len(taken)
        elif a.top is not None or a.top_percent is not None:
            count = a.top if a.top is not None else max(1, math.ceil(a.top_percent * nf / 100 - 1e-9))
            label = f"前 {a.top} 名" if a.top is not None else f"前 {_r(a.top_percent)}% ({count} 名)"
            winners = [(p, a.name, f"第 {rank_of[p]} 名, {label}") for p in _take(cands, rank_of, count)]
        else:
            winners = [(p, a.name, "") for p in cands]
        for p, name, basis in winners:
            i = idx[p]
            if res.awards[i] is None:
                res.awards[i] = []
            res.awards[i].append({"name": name, "rule": a.name, "basis": basis})
            if a.exclusive:
                held_sets.setdefault(p, set()).add(a.exclusive)
            inputs = basis
            if cond is not None:
                c, cols, aggs, _v = cond
                inputs = (basis + "; " if basis else "") + _inputs(c, cols, p, aggs)
            _fire(res, i, "award", f"{name} ({a.name})", a.when or basis, inputs)
    # 6. penalties
    for pen in scheme.penalties:
        if not scheme.applies(pen.groups, gcode):
            continue
        c, cols, aggs, vals = run_full(pen.when, pen.name)
        for p in fld:
            if vals.get(p):
                i = idx[p]
                if res.penalties[i] is None:
                    res.penalties[i] = []
                res.penalties[i].append(
                    {"name": pen.name, "card": pen.card, "pay_cut": pen.pay_cut, "posts": list(pen.posts)}
                )
                _fire(res, i, "penalty", pen.name, pen.when, _inputs(c, cols, p, aggs))
    # Explanations of the disqualified.
    for p in range(m):
        if out_of_field[p] is not None:
            for d in out_of_field[p]:
                _fire(
                    res,
                    idx[p],
                    "disqualified" if d["kind"] == "disqualify" else "not eligible",
                    d["rule"],
                    d["expression"],
                    d["inputs"],
                )
    res.disqualified  # noqa: B018


def _take(cands: list[int], rank_of: list, count: int) -> list[int]:
    """The first `count` candidates in rank order, plus any tied with the last one taken."""
    out: list[int] = []
    for p in cands:
        if len(out) >= count and rank_of[p] != rank_of[out[-1]]:
            break
        out.append(p)
    return out


def _score(
    ind: Indicator, c: dict, fld: list[int], m: int, base_col, facts, comp, res: Result, idx: list[int]
):
    """The indicator's score column (NaN outside the field) and a formula text column."""
    score = [NAN] * m
    formula = [""] * m
    sign = 1.0 if ind.direction == "higher" else -1.0
    v = c["value"]
    cap = ind.cap
    meth = ind.method
    if meth == "raw":
        for p in fld:
            score[p] = sign * v[p]
            formula[p] = f"{'' if sign > 0 else '−'}值"
    elif meth == "completion":
        pl = c["plan"]
        for p in fld:
            if pl[p] != pl[p] or pl[p] == 0 or (sign < 0 and v[p] == 0):
                formula[p] = "无计划"
                _err(res, idx[p], ind.name, "no plan" if sign > 0 else "value is 0")
                continue
            x = v[p] / pl[p] * 100 if sign > 0 else pl[p] / v[p] * 100
            s = min(x, cap) if cap is not None else x
            score[p] = s
            op = f"{_r(v[p], 4)}/{_r(pl[p], 4)}" if sign > 0 else f"{_r(pl[p], 4)}/{_r(v[p], 4)}"
            formula[p] = f"完成率 {op}×100 = {_r(x)}" + (f", 封顶 {_r(cap)}" if cap is not None else "")
    elif meth in ("growth", "growth_rate"):
        col = base_col(ind.code, "increment" if meth == "growth" else "growth")
        label = "增量 值−基数" if meth == "growth" else "增长率 (值−基数)/|基数|×100"
        for p in fld:
            x = col[p]
            if x != x:
                _err(res, idx[p], ind.name, "no base")
                continue
            s = sign * x
            if cap is not None:
                s = min(s, cap)
            score[p] = s
            formula[p] = f"{label} = {_r(x, 4)}" + (f", 封顶 {_r(cap)}" if cap is not None else "")
    elif meth in ("share", "increment_share"):
        key = (
            "increment_share" if meth == "increment_share" or ind.params.get("of") == "increment" else "share"
        )
        col = c.get(key, [NAN] * m)
        for p in fld:
            x = col[p]
            if x != x:
                _err(res, idx[p], ind.name, "no base")
                continue
            score[p] = sign * x
            formula[p] = f"{Q_LABEL[key]} = {_r(x, 4)}%"
    elif meth == "rank_points":
        keys = [sign * v[p] for p in fld]
        rk, _b, _t = shared_ranks(keys)
        mx = float(ind.params.get("max", 100))
        step = float(ind.params.get("step", 1))
        floor = float(ind.params.get("min", 0))
        pts = ind.params.get("points")
        for k, p in enumerate(fld):
            r = rk[k]
            if isinstance(pts, list) and pts:
                s = float(pts[r - 1]) if r - 1 < len(pts) else floor
            else:
                s = max(mx - (r - 1) * step, floor)
            score[p] = s
            formula[p] = f"名次 {r} → {_r(s)} 分"
    elif meth == "tiers":
        of = ind.params.get("of", "value")
        col = base_col(ind.code, of)
        tiers = ind.params["tiers"]
        higher = [t for t in tiers if "min" in t]
        higher.sort(key=lambda t: -float(t["min"]))
        lower = [t for t in tiers if "max" in t and "min" not in t]
        lower.sort(key=lambda t: float(t["max"]))
        default = float(ind.params.get("default", 0))
        for p in fld:
            x = col[p]
            if x != x:
                _err(res, idx[p], ind.name, f"no {of}")
                continue
            s, why = default, "未达档"
            for t in higher:
                if x >= float(t["min"]):
                    s, why = float(t["points"]), f"≥ {t['min']}"
                    break
            else:
                for t in lower:
                    if x <= float(t["max"]):
                        s, why = float(t["points"]), f"≤ {t['max']}"
                        break
            score[p] = s
            formula[p] = f"{Q_LABEL[of]} {_r(x, 4)} {why} → {_r(s)} 分"
    elif meth == "formula":
        src = str(ind.params.get("formula"))
        known = set(FORMULA_LOCALS) | {f for f in facts} | {n for n in _fact_names(res.scheme)}
        cp = comp(src, known, f"{ind.name}.formula")
        cols = {}
        for n in cp.names:
            if n in FORMULA_LOCALS:
                cols[n] = base_col(ind.code, FORMULA_LOCALS[n])
            else:
                cols[n] = facts[_fact_code(res.scheme, n)]
        aggs = [
            aggregate(k, [cols_or(cols, qq, ind, base_col, facts, res.scheme)[p] for p in fld])
            for _p, k, qq in cp.aggregates
        ]
        vals, errs = _run_rule(cp, cols, fld, aggs)
        for p, e in errs:
            _err(res, idx[p], ind.name, e)
        for p, x in zip(fld, vals, strict=False):
            if x is None:
                continue
            try:
                score[p] = float(x)
            except (TypeError, ValueError):
                _err(res, idx[p], ind.name, f"not a number: {x}")
                continue
            formula[p] = f"{src} = {_r(score[p], 4)}"
    return score, formula


def _fact_names(scheme: Scheme) -> list[str]:
    return [f.name for f in scheme.facts]


def _fact_code(scheme: Scheme, name: str) -> str:
    for f in scheme.facts:
        if name in (f.name, f.code):
            return f.code
    raise KeyError(name)


def cols_or(cols, name, ind, base_col, facts, scheme):
    if name in cols:
        return cols[name]
    if name in FORMULA_LOCALS:
        return base_col(ind.code, FORMULA_LOCALS[name])
    return facts[_fact_code(scheme, name)]


def as_array(xs) -> array:
    return array("d", xs)

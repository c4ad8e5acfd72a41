"""Evaluating one period: quantities → disqualification → scores → ranks → awards → penalties.

Works column by column over a `Table` (see data.py) so that 400,000 participants take seconds. Per
group (支行, 网点 …):

1. base quantities per indicator: value, base, plan, completion = value/plan×100, growth =
   (value−base)/|base|×100, increment = value−base; and the facts (案件事故数 …);
2. eligibility and disqualification rules on those; a disqualified participant leaves the field
   (no score, no rank, no award, no penalty) and keeps the reason;
3. over the field: share = value/Σvalue×100, increment share = increment/Σincrement×100, the
   indicator's score by its method, the indicator's rank; total = Σ score × weight / 100 (2 decimals);
4. ranks: higher total first; equal totals share a rank (1, 2, 2, 4) unless the scheme's tie-break
   indicators separate them; rank from the bottom likewise;
5. awards in scheme order (top N, top N%, tiers, threshold; ties at the boundary all win; at most one
   award of an `exclusive` set per participant), then penalties.

A rule that fails for one participant (a missing value, a division by zero) marks that participant
with the error and counts as not met; evaluation never stops for it. Explanations are built only
when a participant's record is asked for.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from json import encoder as _jenc

from .data import Table
from .expr import Compiled, aggregate, compile_rule
from .scheme import FORMULA_LOCALS, Indicator, Scheme

NAN = math.nan
_enc = _jenc.encode_basestring  # the C string encoder json uses (ensure_ascii=False)
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


def shared_ranks(keys: list) -> tuple[list[int], list[int], bytearray]:
    """Ranks for keys (higher is better): equal keys share a rank (1, 2, 2, 4).

    Returns (rank, rank from the bottom, tied flags). Rank = 1 + how many are strictly better; from
    the bottom = 1 + how many are strictly worse."""
    n = len(keys)
    sk = sorted(keys, reverse=True)
    last = {k: p for p, k in enumerate(sk)}  # the last position of each key
    first = {k: p for p, k in reversed(list(enumerate(sk)))}  # the first position of each key
    rank = [first[k] + 1 for k in keys]
    bottom = [n - last[k] for k in keys]
    tied = bytearray(n) if len(first) == n else bytearray(first[k] != last[k] for k in keys)
    return rank, bottom, tied


def _g(x) -> str:
    if x != x:
        return "—"
    return "%.6g" % x  # noqa: UP031


@dataclass
class GroupResult:
    code: str
    idx: list[int]  # global row indices, in table order
    field: list[int]  # group positions of participants still in the field
    base: dict[str, dict[str, object]] = field(
        default_factory=dict
    )  # code → value/base/plan (group positions)
    cols: dict[str, dict[str, object]] = field(default_factory=dict)  # code → score … (field positions)
    template: str = ""
    template_cols: list = field(default_factory=list)
    args: object = None
    json_template: str = ""
    writer: object = None


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
    gpos: array  # global index → position in its group
    fpos: array  # global index → position in its group's field (−1: out of the field)
    groups: dict[str, GroupResult]
    field_count: dict[str, int]

    def __len__(self) -> int:
        return len(self.table)

    def explanation(self, i: int) -> list[str]:
        s = self.scheme
        g = self.groups[self.table.groups[i]]
        lines: list[str] = []
        k = self.fpos[i]
        if k < 0:
            for d in self.disqualified[i] or ():
                lines.append(f"✗ {d['rule']}: {d['expression']} ⇐ {d['inputs']}")
        else:
            gp = self.gpos[i]
            if g.template:
                lines.extend((g.template % g.args(gp, k)).split("\n"))
            n = self.field_count[g.code]
            tie = "(并列)" if self.tied[i] else ""
            tb = f"; 同分比较 {'、'.join(s.tie_break)}" if s.tie_break else ""
            lines.append(
                f"总分 = Σ 得分×权重/100 = {self.score[i]:.2f} → 第 {self.rank[i]} 名{tie} / {n}{tb}"
            )
        for f in self.fired[i] or ():
            lines.append(f"{f['kind']}: {f['rule']} ⇐ {f['expression']} ⇐ {f['inputs']}")
        for e in self.errors[i] or ():
            lines.append(f"! {e['rule']}: {e['error']}")
        return lines

    def record(self, i: int) -> dict:
        t = self.table
        sc = self.score[i]
        return {
            "id": t.ids[i],
            "name": t.names[i],
            "group": t.groups[i],
            "score": None if sc is None else round(sc, 2),
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

    def record_json(self, i: int) -> str:
        """The record as JSON text, written by hand for speed (same content as json.dumps(record(i)))."""
        t = self.table
        k = self.fpos[i]
        g = self.groups[t.groups[i]]
        aw, pe, er, fi = self.awards[i], self.penalties[i], self.errors[i], self.fired[i]
        if k >= 0:
            extra = ""
            if fi or er:
                lines = [f"{f['kind']}: {f['rule']} ⇐ {f['expression']} ⇐ {f['inputs']}" for f in fi or ()]
                lines += [f"! {e['rule']}: {e['error']}" for e in er or ()]
                extra = ", " + ", ".join(map(_enc, lines))
            return g.writer(
                i,
                self.gpos[i],
                k,
                self.score[i],
                self.rank[i],
                self.bottom[i],
                "(并列)" if self.tied[i] else "",
                ", ".join(_enc(a["name"]) for a in aw) if aw else "",
                _penalties_json(pe) if pe else "",
                ", ".join(_enc(f"{e['rule']}: {e['error']}") for e in er) if er else "",
                extra,
                t.ids,
                t.names,
            )
        sc = self.score[i]
        expl = [f"✗ {d['rule']}: {d['expression']} ⇐ {d['inputs']}" for d in self.disqualified[i] or ()]
        expl += [f"{f['kind']}: {f['rule']} ⇐ {f['expression']} ⇐ {f['inputs']}" for f in fi or ()]
        expl += [f"! {e['rule']}: {e['error']}" for e in er or ()]
        return (
            '{"id": %s, "name": %s, "group": %s, "score": %s, "rank": null, "rank_from_bottom": null, '  # noqa: UP031
            '"awards": [], "penalties": [], "disqualified": %s, "errors": [%s], "explanation": [%s]}'
            % (
                _enc(t.ids[i]),
                _enc(t.names[i]),
                _enc(t.groups[i]),
                "null" if sc is None else repr(sc),
                "true" if self.disqualified[i] else "false",
                ", ".join(_enc(f"{e['rule']}: {e['error']}") for e in er) if er else "",
                ", ".join(map(_enc, expl)),
            )
        )

    def order(self) -> list[int]:
        """Groups in scheme order; ranked participants by rank, then the disqualified."""
        big = 1 << 40
        keys = [big if r is None else r for r in self.rank]
        codes = self.scheme.group_codes()
        if len(codes) > 1:
            gorder = {g: n for n, g in enumerate(codes)}
            keys = [gorder.get(g, 0) * big * 2 + r for g, r in zip(self.table.groups, keys, strict=True)]
        return sorted(range(len(self.table)), key=keys.__getitem__)  # ties keep the file's order

    def records(self) -> Iterator[dict]:
        for i in self.order():
            yield self.record(i)

    def json_lines(self) -> Iterator[str]:
        """JSON text per record in output order; the common case (no award, penalty, error or fired rule)
        is one call of the group's generated writer."""
        t = self.table
        ids, names, tg = t.ids, t.names, t.groups
        fpos, gpos, score, rank, bottom, tied = (
            self.fpos,
            self.gpos,
            self.score,
            self.rank,
            self.bottom,
            self.tied,
        )
        awards, penalties, errors, fired = self.awards, self.penalties, self.errors, self.fired
        writers = {code: g.writer for code, g in self.groups.items()}
        single = next(iter(writers.values())) if len(writers) == 1 else None
        tie = ("", "(并列)")
        for i in self.order():
            k = fpos[i]
            if (
                k >= 0
                and fired[i] is None
                and errors[i] is None
                and awards[i] is None
                and penalties[i] is None
            ):
                w = single or writers[tg[i]]
                yield w(i, gpos[i], k, score[i], rank[i], bottom[i], tie[tied[i]], "", "", "", "", ids, names)
            else:
                yield self.record_json(i)

    def indicator_values(self, i: int) -> dict[str, dict]:
        g = self.groups[self.table.groups[i]]
        gp, k = self.gpos[i], self.fpos[i]
        out = {}
        for ind in self.scheme.indicators_of(g.code):
            b = g.base[ind.code]
            d = {q: (None if b[q][gp] != b[q][gp] else b[q][gp]) for q in ("value", "base", "plan")}
            if k >= 0:
                sc = g.cols[ind.code]["score"][k]
                d["score"] = None if sc != sc else sc
            out[ind.code] = d
        return out


def _penalties_json(pe: list) -> str:
    return ", ".join(
        '{"name": %s, "card": %s, "pay_cut": %s, "posts": [%s]}'  # noqa: UP031
        % (_enc(p["name"]), _enc(p["card"]), repr(p["pay_cut"]), ", ".join(map(_enc, p["posts"])))
        for p in pe
    )


def _has_nan(col) -> bool:
    for x in col:
        if x != x:
            return True
    return False


def _run_rule(comp: Compiled, cols: list, n: int, aggs: list) -> tuple[list, list]:
    """Evaluate a compiled rule over n positions → (results, errors); a result is None on error."""
    fn = comp.fn
    if not any(_has_nan(c) for c in cols):
        try:
            return list(map(fn, *cols, *[repeat(a, n) for a in aggs])), []
        except Exception:  # noqa: BLE001 - fall back to row by row to mark the failing participants
            pass
    out: list = []
    errs: list = []
    names = comp.names
    for p in range(n):
        args = [c[p] for c in cols]
        if any(a != a for a in args):
            out.append(None)
            errs.append((p, "no value for " + ", ".join(names[k] for k, a in enumerate(args) if a != a)))
            continue
        try:
            out.append(fn(*args, *aggs))
        except Exception as e:  # noqa: BLE001 - the participant is marked, evaluation goes on
            out.append(None)
            errs.append((p, f"{type(e).__name__}: {e}"))
    return out, errs


def _fmt_in(x) -> str:
    if isinstance(x, float):
        return _g(x)
    return str(x)


class LazyInputs:
    """The values a rule saw for one participant, formatted only when an explanation is written."""

    __slots__ = ("comp", "cols", "p", "aggs", "prefix")

    def __init__(self, comp, cols, p, aggs, prefix=""):
        self.comp, self.cols, self.p, self.aggs, self.prefix = comp, cols, p, aggs, prefix

    def __str__(self) -> str:
        cache = self.comp.__dict__.setdefault("_tmpl", {})
        tmpl = cache.get(id(self.aggs))  # per evaluation of the rule (its field aggregates)
        if tmpl is None:
            parts = [f"{n}=%.6g" for n in self.comp.names]
            parts += [
                f"{k}({q})={_fmt_in(a)}".replace("%", "%%")
                for (_p, k, q), a in zip(self.comp.aggregates, self.aggs, strict=True)
            ]
            tmpl = cache[id(self.aggs)] = ", ".join(parts)
        try:
            return self.prefix + tmpl % tuple(c[self.p] for c in self.cols)
        except TypeError:
            return self.prefix + _inputs(self.comp, self.cols, self.p, self.aggs)

    def __format__(self, spec) -> str:
        return format(str(self), spec)


def _inputs(comp: Compiled, cols: list, p: int, aggs: list) -> str:
    parts = [f"{n}={_fmt_in(c[p])}" for n, c in zip(comp.names, cols, strict=True)]
    parts += [f"{k}({q})={_fmt_in(a)}" for (_param, k, q), a in zip(comp.aggregates, aggs, strict=True)]
    return ", ".join(parts)


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
        gpos=array("l", bytes(8 * n)) if array("l").itemsize == 8 else array("l", [0] * n),
        fpos=array("l", [-1]) * n,
        groups={},
        field_count={},
    )
    compiled: dict[str, Compiled] = {}

    def comp(src: str, known, rule: str) -> Compiled:
        key = rule + "\0" + src
        if key not in compiled:
            compiled[key] = compile_rule(src, known, rule=rule)
        return compiled[key]

    codes = scheme.group_codes()
    if len(codes) == 1:
        by_group = {codes[0]: None}  # everyone: no index lists needed
    else:
        by_group = {c: [] for c in codes}
        for i, g in enumerate(table.groups):
            by_group.setdefault(g, []).append(i)
    for gcode in codes:
        idx = by_group.get(gcode, [])
        _evaluate_group(scheme, table, res, gcode, idx, scheme.base_names(), scheme.all_names(), comp)
    return res


def _err(res: Result, i: int, rule: str, error: str) -> None:
    if res.errors[i] is None:
        res.errors[i] = []
    res.errors[i].append({"rule": rule, "error": error})


def _fire(res: Result, i: int, kind: str, rule: str, expression: str, inputs: str) -> None:
    if res.fired[i] is None:
        res.fired[i] = []
    res.fired[i].append({"kind": kind, "rule": rule, "expression": expression, "inputs": inputs})


def _evaluate_group(scheme: Scheme, table: Table, res: Result, gcode: str, idx, base_names, all_names, comp):
    whole = idx is None
    if whole:
        idx = range(len(table))
    m = len(idx)
    gr = GroupResult(gcode, list(idx) if not whole else idx, [])
    res.groups[gcode] = gr
    gpos = res.gpos
    if not whole:
        for k, i in enumerate(idx):
            gpos[i] = k
    else:
        for i in idx:
            gpos[i] = i
    inds = scheme.indicators_of(gcode)

    def sub(arr):
        if arr is None:
            return [NAN] * m
        return arr if whole else [arr[i] for i in idx]

    # 1. base quantities over the whole group (group positions)
    base: dict[str, dict] = {}
    for ind in scheme.indicators:
        base[ind.code] = {q: sub(table.values.get((ind.code, q))) for q in ("value", "base", "plan")}
    gr.base = base
    facts = {f.code: sub(table.facts.get(f.code)) for f in scheme.facts}
    cache: dict[tuple[str, str], list] = {}

    def base_col(code: str, qty: str):
        key = (code, qty)
        if key in cache:
            return cache[key]
        c = base[code]
        if qty in ("value", "base", "plan"):
            out = c[qty]
        elif qty == "completion":
            out = [v / p * 100 if p else NAN for v, p in zip(c["value"], c["plan"], strict=True)]
        elif qty == "growth":
            out = [(v - b) / abs(b) * 100 if b else NAN for v, b in zip(c["value"], c["base"], strict=True)]
        elif qty == "increment":
            out = [v - b for v, b in zip(c["value"], c["base"], strict=True)]
        else:
            raise KeyError(qty)
        cache[key] = out
        return out

    def base_resolver(name: str):
        code, qty = base_names[name]
        return facts[qty] if code == "fact" else base_col(code, qty)

    # 2. eligibility and disqualification
    out_of_field: dict[int, list] = {}
    for kind, rules in (("eligibility", scheme.eligibility), ("disqualify", scheme.disqualify)):
        for r in rules:
            if not scheme.applies(r.groups, gcode):
                continue
            c = comp(r.when, base_names, r.name)
            cols = [base_resolver(nm) for nm in c.names]
            aggs = [aggregate(k, base_resolver(qq)) for _p, k, qq in c.aggregates]
            vals, errs = _run_rule(c, cols, m, aggs)
            for p, e in errs:
                _err(res, idx[p], r.name, e)
            for p, val in enumerate(vals):
                if val is None:
                    continue
                if (not val) if kind == "eligibility" else bool(val):
                    out_of_field.setdefault(p, []).append(
                        {
                            "rule": r.name,
                            "kind": kind,
                            "expression": r.when,
                            "inputs": _inputs(c, cols, p, aggs),
                        }
                    )
    if out_of_field:
        fld = [p for p in range(m) if p not in out_of_field]
        for p, reasons in out_of_field.items():
            res.disqualified[idx[p]] = reasons
            for d in reasons:
                _fire(
                    res,
                    idx[p],
                    "disqualified" if d["kind"] == "disqualify" else "not eligible",
                    d["rule"],
                    d["expression"],
                    d["inputs"],
                )
    else:
        fld = range(m)
    full = not out_of_field
    nf = len(fld)
    gr.field = fld
    res.field_count[gcode] = nf
    fidx = idx if full else [idx[p] for p in fld]  # global index of each field position
    fpos = res.fpos
    for k, i in enumerate(fidx):
        fpos[i] = k

    def F(col):
        return col if full else [col[p] for p in fld]

    # 3. field quantities and scores (field positions)
    fcols: dict[str, dict] = {}
    fcache: dict[tuple[str, str], list] = {}

    def field_col(code: str, qty: str):
        key = (code, qty)
        if key in fcache:
            return fcache[key]
        if qty == "share":
            v = F(base_col(code, "value"))
            sv = math.fsum(x for x in v if x == x)
            out = [x / sv * 100 for x in v] if sv else [0.0] * nf
        elif qty == "increment_share":
            inc = F(base_col(code, "increment"))
            si = math.fsum(x for x in inc if x == x)
            out = [x / si * 100 for x in inc] if si else [0.0 if x == x else NAN for x in inc]
        elif qty in ("score",):
            out = fcols[code]["score"]
        else:
            out = F(base_col(code, qty))
        fcache[key] = out
        return out

    for ind in inds:
        fcols[ind.code] = {"score": _score(ind, field_col, nf, facts, F, comp, res, fidx)}
    for ind in scheme.indicators:
        if ind.code not in fcols:
            fcols[ind.code] = {"score": [NAN] * nf}
    gr.cols = fcols

    rank_cache: dict[str, tuple[list, list]] = {}

    def ind_rank(code: str):
        if code not in rank_cache:
            sc = fcols[code]["score"]
            keys = [round(x, 6) if x == x else -math.inf for x in sc]
            rk, bt, _t = shared_ranks(keys)
            rank_cache[code] = (rk, bt)
        return rank_cache[code]

    # 4. totals and ranks
    totals = [0.0] * nf
    for ind in inds:
        sc = fcols[ind.code]["score"]
        w = ind.weight / 100
        if _has_nan(sc):
            for k, x in enumerate(sc):
                if x != x:
                    _err(res, fidx[k], ind.name, "no score")
            totals = [t + s * w if s == s else t for t, s in zip(totals, sc, strict=True)]
        else:
            totals = [t + s * w for t, s in zip(totals, sc, strict=True)]
    totals = [round(t, 2) for t in totals]
    tb = [scheme.indicator(x).code for x in scheme.tie_break]
    if tb:
        tbcols = [[round(x, 6) if x == x else -math.inf for x in fcols[c]["score"]] for c in tb]
        keys = list(zip(totals, *tbcols, strict=True))
    else:
        keys = totals
    rk, bt, tied = shared_ranks(keys)
    score, rank, bottom, rtied = res.score, res.rank, res.bottom, res.tied
    for k, i in enumerate(fidx):
        score[i] = totals[k]
        rank[i] = rk[k]
        bottom[i] = bt[k]
        rtied[i] = tied[k]

    def full_resolver(name: str):
        code, qty = all_names[name]
        if code == "fact":
            return F(facts[qty])
        if code == "":
            if qty == "total_score":
                return totals
            if qty == "rank":
                return rk
            if qty == "rank_from_bottom":
                return bt
            return [float(nf)] * nf
        if qty == "rank":
            return ind_rank(code)[0]
        if qty == "rank_from_bottom":
            return ind_rank(code)[1]
        return field_col(code, qty)

    def run_full(src: str, rule: str):
        c = comp(src, all_names, rule)
        cols = [full_resolver(nm) for nm in c.names]
        aggs = [aggregate(k, full_resolver(qq)) for _p, k, qq in c.aggregates]
        vals, errs = _run_rule(c, cols, nf, aggs)
        for k, e in errs:
            _err(res, fidx[k], rule, e)
        return c, cols, aggs, vals

    # 5. awards
    held: dict[int, set[str]] = {}
    ids = table.ids
    for a in scheme.awards:
        if not scheme.applies(a.groups, gcode):
            continue
        rank_of = ind_rank(scheme.indicator(a.by).code)[0] if a.by else rk
        cond = None
        if a.when:
            cond = run_full(a.when, a.name)
            cands = [k for k, v in enumerate(cond[3]) if v]
        else:
            cands = range(nf)
        if a.exclusive:
            cands = [k for k in cands if a.exclusive not in held.get(k, ())]
        need = None
        if a.tiers:
            need = sum(t["count"] for t in a.tiers)
        elif a.top is not None:
            need = a.top
        elif a.top_percent is not None:
            need = max(1, math.ceil(a.top_percent * nf / 100 - 1e-9))
        if need is not None:
            import heapq

            # only the best few matter: partial sort, then extend with ties at the boundary
            best = heapq.nsmallest(need, cands, key=lambda k: (rank_of[k], ids[fidx[k]]))
            if best:
                last = rank_of[best[-1]]
                chosen = set(best)
                best += sorted(
                    (k for k in cands if rank_of[k] == last and k not in chosen), key=lambda k: ids[fidx[k]]
                )
            cands = best
        winners: list[tuple[int, str, str]] = []
        if a.tiers:
            pos = 0
            for tier in a.tiers:
                taken = _take(cands[pos:], rank_of, tier["count"])
                winners += [
                    (k, tier["name"], f"{tier['name']}: 第 {rank_of[k]} 名, 名额 {tier['count']}")
                    for k in taken
                ]
                pos += len(taken)
        elif need is not None:
            label = f"前 {a.top} 名" if a.top is not None else f"前 {a.top_percent:g}% ({need} 名)"
            winners = [(k, a.name, f"第 {rank_of[k]} 名, {label}") for k in _take(cands, rank_of, need)]
        else:
            winners = [(k, a.name, "") for k in cands]
        for k, name, basis in winners:
            i = fidx[k]
            if res.awards[i] is None:
                res.awards[i] = []
            res.awards[i].append({"name": name, "rule": a.name, "basis": basis})
            if a.exclusive:
                held.setdefault(k, set()).add(a.exclusive)
            inputs = basis
            if cond is not None:
                inputs = LazyInputs(cond[0], cond[1], k, cond[2], (basis + "; " if basis else ""))
            _fire(res, i, "award", f"{name} ({a.name})", a.when or basis, inputs)
    # 6. penalties
    for pen in scheme.penalties:
        if not scheme.applies(pen.groups, gcode):
            continue
        c, cols, aggs, vals = run_full(pen.when, pen.name)
        for k, v in enumerate(vals):
            if v:
                i = fidx[k]
                if res.penalties[i] is None:
                    res.penalties[i] = []
                res.penalties[i].append(
                    {"name": pen.name, "card": pen.card, "pay_cut": pen.pay_cut, "posts": list(pen.posts)}
                )
                _fire(res, i, "penalty", pen.name, pen.when, LazyInputs(c, cols, k, aggs))
    _templates(scheme, gr, inds, base, fcols, base_col, field_col)


def _templates(
    scheme: Scheme, gr: GroupResult, inds: list[Indicator], base, fcols, base_col, field_col
) -> None:
    """One %-template per group for the indicator lines of an explanation (filled per participant)."""
    lines, cols = [], []
    for ind in inds:
        w = ind.weight
        head = f"{ind.name}({ind.unit or '-'}) [{ind.method}]".replace("%", "%%")
        tail = f" → 得分 %.2f (权重 {w:g}%%)"
        b = base[ind.code]
        sc = fcols[ind.code]["score"]
        cap = f", 封顶 {ind.cap:g}" if ind.cap is not None else ""
        m = ind.method
        if m == "completion":
            op = "值 %.6g / 计划 %.6g × 100" if ind.direction == "higher" else "计划 %.6g / 值 %.6g × 100"
            lines.append(f"{head} 完成率 = {op}{cap}{tail}")
            cols += (
                [("g", b["value"]), ("g", b["plan"])]
                if ind.direction == "higher"
                else [("g", b["plan"]), ("g", b["value"])]
            )
        elif m in ("growth", "growth_rate"):
            what = (
                "增量 = 值 %.6g − 基数 %.6g" if m == "growth" else "增长率 = (值 %.6g − 基数 %.6g)/|基数|×100"
            )
            lines.append(f"{head} {what}{cap}{tail}")
            cols += [("g", b["value"]), ("g", b["base"])]
        elif m in ("share", "increment_share"):
            key = (
                "increment_share"
                if m == "increment_share" or ind.params.get("of") == "increment"
                else "share"
            )
            lines.append(f"{head} 值 %.6g, {Q_LABEL[key]} %.4g%%{tail}")
            cols += [("g", b["value"]), ("f", field_col(ind.code, key))]
        elif m == "tiers":
            of = ind.params.get("of", "value")
            lines.append(f"{head} {Q_LABEL[of]} %.6g 按档{tail}")
            cols += [("g", base_col(ind.code, of))]
        elif m == "rank_points":
            lines.append(f"{head} 值 %.6g, 名次得分{tail}")
            cols += [("g", b["value"])]
        elif m == "formula":
            f = str(ind.params.get("formula")).replace("%", "%%")
            lines.append(f"{head} {f}, 值 %.6g{tail}")
            cols += [("g", b["value"])]
        else:
            lines.append(f"{head} 值 %.6g{tail}")
            cols += [("g", b["value"])]
        cols += [("f", sc)]
    gr.template = "\n".join(lines)
    gr.template_cols = cols
    n = len(gr.field)
    tb = f"; 同分比较 {'、'.join(scheme.tie_break)}" if scheme.tie_break else ""
    total = f"总分 = Σ 得分×权重/100 = %.2f → 第 %d 名%s / {n}{tb.replace('%', '%%')}"
    gr.json_template = ", ".join(_enc(x) for x in [*lines, total])
    # A tiny generated function picks a participant's numbers for the template (our own code, no input).
    env = {f"c{j}": col for j, (_w, col) in enumerate(cols)}
    body = ", ".join(f"c{j}[{'gp' if where == 'g' else 'k'}]" for j, (where, _c) in enumerate(cols))
    gr.args = eval(f"lambda gp, k: ({body},)", env)  # noqa: S307
    head = (
        '{"id": %s, "name": %s, "group": ' + _enc(gr.code).replace("%", "%%") + ', "score": %r, "rank": %d, '
        '"rank_from_bottom": %d, "awards": [%s], "penalties": [%s], "disqualified": false, "errors": [%s], '
        '"explanation": ['
    )
    env["TPL"] = head + gr.json_template + "%s]}"
    env["enc"] = _enc
    picks = ", ".join(f"c{j}[{'gp' if where == 'g' else 'k'}]" for j, (where, _c) in enumerate(cols))
    src = (
        "lambda i, gp, k, sc, rk, bt, tie, aw, pe, er, extra, ids, names: TPL % (enc(ids[i]), enc(names[i]), sc, rk, bt, "
        f"aw, pe, er, {picks}{', ' if picks else ''}sc, rk, tie, extra)"
    )
    gr.writer = eval(src, env)  # noqa: S307 - generated from our own template, no user input


def _take(cands: list[int], rank_of: list, count: int) -> list[int]:
    """The first `count` candidates in rank order, plus any tied with the last one taken."""
    out: list[int] = []
    for k in cands:
        if len(out) >= count and rank_of[k] != rank_of[out[-1]]:
            break
        out.append(k)
    return out


def _score(ind: Indicator, field_col, nf: int, facts, F, comp, res: Result, fidx) -> list:
    """The indicator's score per field position (NaN where it cannot be computed, with an error)."""
    higher = ind.direction == "higher"
    cap = ind.cap
    m = ind.method
    v = field_col(ind.code, "value")
    if m == "raw":
        out = list(v) if higher else [-x for x in v]
    elif m == "completion":
        p = field_col(ind.code, "plan")
        if higher:
            out = [x / y * 100 if y else NAN for x, y in zip(v, p, strict=True)]
        else:
            out = [y / x * 100 if x and y == y else NAN for x, y in zip(v, p, strict=True)]
        if cap is not None:
            out = [min(x, cap) if x == x else x for x in out]
    elif m in ("growth", "growth_rate"):
        col = field_col(ind.code, "increment" if m == "growth" else "growth")
        out = list(col) if higher else [-x for x in col]
        if cap is not None:
            out = [min(x, cap) if x == x else x for x in out]
    elif m in ("share", "increment_share"):
        key = "increment_share" if m == "increment_share" or ind.params.get("of") == "increment" else "share"
        col = field_col(ind.code, key)
        out = list(col) if higher else [-x for x in col]
    elif m == "rank_points":
        keys = [x if higher else -x for x in v]
        rk, _b, _t = shared_ranks(keys)
        mx = float(ind.params.get("max", 100))
        step = float(ind.params.get("step", 1))
        floor = float(ind.params.get("min", 0))
        pts = ind.params.get("points")
        if isinstance(pts, list) and pts:
            table = [float(x) for x in pts]
            out = [table[r - 1] if r - 1 < len(table) else floor for r in rk]
        else:
            out = [max(mx - (r - 1) * step, floor) for r in rk]
    elif m == "tiers":
        of = ind.params.get("of", "value")
        col = field_col(ind.code, of)
        tiers = ind.params["tiers"]
        higher_t = sorted((t for t in tiers if "min" in t), key=lambda t: -float(t["min"]))
        lower_t = sorted((t for t in tiers if "max" in t and "min" not in t), key=lambda t: float(t["max"]))
        hs = [(float(t["min"]), float(t["points"])) for t in higher_t]
        ls = [(float(t["max"]), float(t["points"])) for t in lower_t]
        default = float(ind.params.get("default", 0))

        def tier(x):
            if x != x:
                return NAN
            for lim, pts in hs:
                if x >= lim:
                    return pts
            for lim, pts in ls:
                if x <= lim:
                    return pts
            return default

        out = [tier(x) for x in col]
    elif m == "formula":
        src = str(ind.params.get("formula"))
        known = set(FORMULA_LOCALS) | {f.code for f in res.scheme.facts} | {f.name for f in res.scheme.facts}
        cp = comp(src, known, f"{ind.name}.formula")

        def col_of(name):
            if name in FORMULA_LOCALS:
                return field_col(ind.code, FORMULA_LOCALS[name])
            code = next(f.code for f in res.scheme.facts if name in (f.code, f.name))
            return F(facts[code])

        cols = [col_of(n) for n in cp.names]
        aggs = [aggregate(k, col_of(q)) for _p, k, q in cp.aggregates]
        vals, errs = _run_rule(cp, cols, nf, aggs)
        for k, e in errs:
            _err(res, fidx[k], ind.name, e)
        out = []
        for k, x in enumerate(vals):
            try:
                out.append(NAN if x is None else float(x))
            except (TypeError, ValueError):
                _err(res, fidx[k], ind.name, f"not a number: {x}")
                out.append(NAN)
    else:  # pragma: no cover - the scheme validator refuses other methods
        raise ValueError(m)
    return out

"""Step 1, before ranking: who is in the field.

`eligibility` rules not met and `disqualify` rules met remove a participant from the field: no score,
rank, award or penalty; the reasons are kept (once) for its explanation."""

from __future__ import annotations

from .context import GroupContext
from .numbers import scatter
from .rules import agg_values, aggregates, inputs_text, run_rule


def decide_field(ctx: GroupContext) -> None:
    s = ctx.scheme
    out: dict[int, list] = {}
    for kind, rules in (("eligibility", s.eligibility), ("disqualify", s.disqualify)):
        for r in rules:
            if not s.applies(r.groups, ctx.code):
                continue
            c = ctx.compile(r.when, ctx.base_names, r.name)
            qs = [ctx.base_q(nm) for nm in c.names]
            aggs = aggregates(c, ctx.base_q, ctx.m)
            vals, errs, _b = run_rule(c, qs, ctx.m, aggs)
            cols, aggs = [q.vals for q in qs], agg_values(aggs)
            for p, e in errs:
                ctx.err(ctx.idx[p], r.name, e)
            if kind == "eligibility":
                hits = [p for p, val in enumerate(vals) if val is not None and not val]
            else:
                hits = [p for p, val in enumerate(vals) if val]
            for p in hits:
                out.setdefault(p, []).append(
                    {
                        "rule": r.name,
                        "kind": kind,
                        "expression": r.when,
                        "inputs": inputs_text(c, cols, p, aggs),
                    }
                )
    res = ctx.res
    if out:
        ctx.fld = [p for p in range(ctx.m) if p not in out]
        for p, reasons in out.items():
            res.disqualified[ctx.idx[p]] = reasons
        ctx.fidx = [ctx.idx[p] for p in ctx.fld]
    ctx.nf = len(ctx.fld)
    res.field_count[ctx.code] = ctx.nf
    scatter(res.fpos, ctx.fidx, range(ctx.nf))

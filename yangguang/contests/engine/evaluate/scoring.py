"""Step 2: each indicator's score over the field, by its method, capped, rounded half up to cents."""

from __future__ import annotations

import math
from bisect import bisect_left
from decimal import Decimal

from .. import forked
from ..exact import SAFETY, U, frac
from ..scheme import FORMULA_LOCALS, Indicator
from .columns import Q, cap_q, computed_q, neg_q, ratio_q
from .context import GroupContext
from .numbers import NAN, cents_of, dec, half_up_cents
from .rules import aggregates, run_rule


def score_indicators(ctx: GroupContext) -> None:
    shared = _score_shared(ctx)
    for ind in ctx.inds:
        if shared is None:
            cents = _score(ctx, ind)
        else:
            cents, errors = shared[ind.code]
            for e in errors:
                ctx.err(*e)
        ctx.cents[ind.code] = cents
        ctx.score_f[ind.code] = [NAN if c is None else c / 100 for c in cents]
    for ind in ctx.scheme.indicators:
        if ind.code not in ctx.cents:
            ctx.cents[ind.code] = [None] * ctx.nf
            ctx.score_f[ind.code] = [NAN] * ctx.nf


# a method's rough cost, to share the indicators evenly between two processes
COST = {"growth_rate": 5, "formula": 4, "growth": 3, "rank_points": 3, "increment_share": 3, "raw": 1}


def _score_shared(ctx: GroupContext) -> dict | None:
    """Where the caller allows it (the offline CLI) and the field is large: the indicators scored half
    here, half in a forked process (forked.py) → code → (cents, errors in the order they arose), the
    errors to be marked in scheme order as scoring one by one marks them. None: score them one by one."""
    if not ctx.workers > 1 or ctx.nf < forked.MIN_ROWS or len(ctx.inds) < 2:
        return None
    bins: tuple[list, list] = ([], [])
    load = [0, 0]
    for ind in sorted(ctx.inds, key=lambda i: -COST.get(i.method, 2)):
        j = 0 if load[0] <= load[1] else 1
        bins[j].append(ind)
        load[j] += COST.get(ind.method, 2)

    def run(inds):
        return {ind.code: _collected(ctx, ind) for ind in inds}

    here, there = forked.shared(lambda: run(bins[0]), lambda: run(bins[1]))
    return {**here, **there}


def _collected(ctx: GroupContext, ind: Indicator) -> tuple[list, list]:
    """An indicator's score cents and the errors marked on the way, (index, rule, error) each."""
    with ctx.errors_kept() as errors:
        return _score(ctx, ind), errors


def _points_cents(points) -> list:
    cache: dict = {}
    out = []
    for p in points:
        if p is None:
            out.append(None)
            continue
        c = cache.get(p)
        if c is None:
            c = cache[p] = half_up_cents(Decimal(str(p)))
        out.append(c)
    return out


def _score(ctx: GroupContext, ind: Indicator) -> list:
    """Score cents per field position (None where it cannot be computed, with an error)."""
    higher = ind.direction == "higher"
    m = ind.method
    code = ind.code
    if m in ("raw", "growth", "growth_rate", "share", "increment_share"):
        qty = {"raw": "value", "growth": "increment", "growth_rate": "growth"}.get(m)
        if qty is None:
            of_inc = m == "increment_share" or ind.params.get("of") == "increment"
            qty = "increment_share" if of_inc else "share"
        q = ctx.field(code, qty)
        q = cap_q(q if higher else neg_q(q), ind.cap)
    elif m == "completion":
        of = ind.params.get("of", "value")
        v = ctx.field(code, "increment" if of == "increment" else "value")
        p = ctx.field(code, "plan")
        q = cap_q(ratio_q(v, p) if higher else ratio_q(p, v), ind.cap)
    elif m == "rank_points":
        return _rank_points(ctx, ind, higher)
    elif m == "tiers":
        return _tiers(ctx, ind)
    elif m == "formula":
        q = cap_q(_formula(ctx, ind), ind.cap)
    else:  # pragma: no cover - the scheme validator refuses other methods
        raise ValueError(m)
    cents = cents_of(q.vals, q.ex, q)
    _no_score(ctx, ind, cents)
    return cents


def _no_score(ctx: GroupContext, ind: Indicator, scores: list) -> None:
    """Mark the participants without a score (a missing figure, a division by zero)."""
    if None in scores:
        for k in [k for k, c in enumerate(scores) if c is None]:
            ctx.err(ctx.fidx[k], ind.name, "no score")


def _rank_points(ctx: GroupContext, ind: Indicator, higher: bool) -> list:
    from .ranking import shared_ranks

    v = ctx.field(ind.code, "value").vals
    keys = [(x if higher else -x) if x == x else -float("inf") for x in v]
    rk, _b, _t = shared_ranks(keys)
    pr = ind.params
    pts = pr.get("points")
    floor = Decimal(str(pr.get("min", 0)))
    if isinstance(pts, list) and pts:
        table = [Decimal(str(x)) for x in pts]
        out = [table[r - 1] if r - 1 < len(table) else floor for r in rk]
    else:
        mx, step = Decimal(str(pr.get("max", 100))), Decimal(str(pr.get("step", 1)))
        # from rank `low` on the points are at the floor (one rank to spare, should the quotient be
        # rounded): no Decimal arithmetic for those ranks
        low = 2 + math.ceil((mx - floor) / step) if step > 0 else len(rk) + 1
        out = [floor if r >= low else max(mx - (r - 1) * step, floor) for r in rk]
    out = [None if x != x else p for x, p in zip(v, out, strict=True)]
    return _points_cents(out)


def _tiers(ctx: GroupContext, ind: Indicator) -> list:
    of = ind.params.get("of", "value")
    q = ctx.field(ind.code, of)
    tiers = ind.params["tiers"]
    hs = sorted(((frac(dec(float(t["min"]))), t["points"]) for t in tiers if "min" in t), key=lambda t: -t[0])
    ls = sorted(
        ((frac(dec(float(t["max"]))), t["points"]) for t in tiers if "max" in t and "min" not in t),
        key=lambda t: t[0],
    )
    default = ind.params.get("default", 0)

    hf = [(float(lim), pts) for lim, pts in hs]
    lf = [(float(lim), pts) for lim, pts in ls]
    lims = sorted({lim for lim, _p in (*hf, *lf)})

    def exact_tier(e):
        for lim, pts in hs:
            if e >= lim:
                return pts
        for lim, pts in ls:
            if e <= lim:
                return pts
        return default

    rel = q.rel
    errs = q.errs if rel is None else None

    def tier(k, x):
        if x != x:
            return None
        # where the float's bound reaches a threshold it may fall on the wrong side: decide exactly
        j = bisect_left(lims, x)
        tol = SAFETY * (rel * abs(x) if errs is None else errs[k]) + U * abs(x)
        if (j < len(lims) and lims[j] - x <= tol) or (j and x - lims[j - 1] <= tol):
            e = q.ex(k)
            if e is not None:
                return exact_tier(frac(e))
        for lim, pts in hf:
            if x >= lim:
                return pts
        for lim, pts in lf:
            if x <= lim:
                return pts
        return default

    pts = [tier(k, x) for k, x in enumerate(q.vals)]
    _no_score(ctx, ind, pts)
    return _points_cents(pts)


def _formula(ctx: GroupContext, ind: Indicator) -> Q:
    s = ctx.scheme
    known = set(FORMULA_LOCALS) | {n for x in (*s.facts, *s.derived) for n in (x.code, x.name)}
    cp = ctx.compile(str(ind.params.get("formula")), known, f"{ind.name}.formula")

    def col_of(name):
        if name in FORMULA_LOCALS:
            return ctx.field(ind.code, FORMULA_LOCALS[name])
        return ctx.field_named(name)

    aggs = aggregates(cp, col_of, ctx.nf)
    return computed_q(
        cp,
        [col_of(n) for n in cp.names],
        ctx.nf,
        run_rule,
        lambda k, e: ctx.err(ctx.fidx[k], ind.name, e),
        aggs,
    )

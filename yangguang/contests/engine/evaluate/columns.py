"""Quantity columns: each a list of floats (fast) and a way to get one position's exact Decimal.

Base quantities live at group positions (everyone of a group, before eligibility); field quantities
(shares, scores, ranks) at field positions (those still competing)."""

from __future__ import annotations

import math
from decimal import Decimal

from .numbers import HUNDRED, NAN, dec


class Q:
    """A quantity column: `vals[p]` (float, NaN when missing) and `ex(p)` → Decimal | None."""

    __slots__ = ("vals", "ex")

    def __init__(self, vals, ex):
        self.vals, self.ex = vals, ex


def table_q(arr) -> Q:
    return Q(arr, lambda p: dec(arr[p]))


def restrict(q: Q, positions) -> Q:
    """The column at a subset of positions (the field), exact values looked up through the map."""
    vals = q.vals
    ex = q.ex
    return Q([vals[p] for p in positions], lambda k: ex(positions[k]))


def _none(*xs) -> bool:
    return any(x is None for x in xs)


def ratio_q(num: Q, den: Q) -> Q:
    """num / den × 100 (NaN where den is 0 or missing)."""
    out = [n / d * 100 if d else NAN for n, d in zip(num.vals, den.vals, strict=True)]

    def ex(p):
        n, d = num.ex(p), den.ex(p)
        if _none(n, d) or not d:
            return None
        return n / d * HUNDRED

    return Q(out, ex)


def growth_q(v: Q, b: Q) -> Q:
    out = [(x - y) / abs(y) * 100 if y else NAN for x, y in zip(v.vals, b.vals, strict=True)]

    def ex(p):
        x, y = v.ex(p), b.ex(p)
        if _none(x, y) or not y:
            return None
        return (x - y) / abs(y) * HUNDRED

    return Q(out, ex)


def increment_q(v: Q, b: Q) -> Q:
    out = [x - y for x, y in zip(v.vals, b.vals, strict=True)]

    def ex(p):
        x, y = v.ex(p), b.ex(p)
        return None if _none(x, y) else x - y

    return Q(out, ex)


def share_q(q: Q) -> Q:
    """q / Σ q over the positions × 100 (the sum exact on demand)."""
    vals = q.vals
    total = math.fsum(x for x in vals if x == x)
    out = [x / total * 100 for x in vals] if total else [0.0 if x == x else NAN for x in vals]
    cache: list = []

    def exact_total() -> Decimal:
        if not cache:
            cache.append(sum((q.ex(k) or Decimal(0) for k in range(len(vals))), Decimal(0)))
        return cache[0]

    def ex(k):
        x = q.ex(k)
        if x is None:
            return None
        t = exact_total()
        return x / t * HUNDRED if t else Decimal(0)

    return Q(out, ex)


def neg_q(q: Q) -> Q:
    ex = q.ex
    return Q([-x for x in q.vals], lambda p: None if (e := ex(p)) is None else -e)


def cap_q(q: Q, cap: float | None) -> Q:
    if cap is None:
        return q
    c = dec(cap)
    ex = q.ex
    return Q(
        [min(x, cap) if x == x else x for x in q.vals], lambda p: None if (e := ex(p)) is None else min(e, c)
    )


def computed_q(comp, inputs: list[Q], n: int, run_rule, on_error, aggs=()) -> Q:
    """A per-participant expression (derived quantity, formula) over input columns."""
    aggs = list(aggs)
    vals, errs = run_rule(comp, [q.vals for q in inputs], n, aggs)
    exact_aggs = [None if a is None else dec(a) for a in aggs]
    for p, e in errs:
        on_error(p, e)
    out = []
    for p, x in enumerate(vals):
        try:
            out.append(NAN if x is None else float(x))
        except (TypeError, ValueError):
            on_error(p, f"not a number: {x}")
            out.append(NAN)
    fn = comp.fn_exact

    def ex(p):
        if out[p] != out[p]:
            return None
        args = [q.ex(p) for q in inputs]
        if _none(*args, *exact_aggs):
            return None
        r = fn(*args, *exact_aggs)
        return r if isinstance(r, Decimal) else Decimal(r)

    return Q(out, ex)

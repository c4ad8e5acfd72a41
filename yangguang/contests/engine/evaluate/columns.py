"""Quantity columns: each a list of floats (fast), a bound per position on the float's distance from the
exact value (built when a rule or score first needs it), and a way to get one position's exact value.

Base quantities live at group positions (everyone of a group, before eligibility); field quantities
(shares, scores, ranks) at field positions (those still competing). Exact values are Fractions (or
Decimals/ints, which convert exactly): a completion, growth or share is the exact quotient."""

from __future__ import annotations

import math
from array import array
from fractions import Fraction

from ..exact import U, frac, input_errors
from .numbers import NAN, dec

INF = math.inf


class Q:
    """A quantity column: `vals[p]` (float, NaN when missing), `errs[p]` (the bound) and `ex(p)` → the
    exact value or None. `rel`, when known, is a relative bound for the whole column (|error| ≤ rel·|x|):
    scores check their rounding against it without building `errs`."""

    __slots__ = ("vals", "ex", "_err", "rel", "errfn")

    def __init__(self, vals, ex, err=None, rel=None, errfn=None):
        self.vals, self.ex, self._err, self.rel, self.errfn = vals, ex, err, rel, errfn

    @property
    def errs(self) -> list:
        e = self._err
        if callable(e):  # kept as flat doubles: a third of the memory of a list of floats
            e = self._err = array("d", e())
        elif e is None:  # no bound known: every decision on it is taken exactly
            e = self._err = [INF] * len(self.vals)
        return e


def table_q(arr) -> Q:
    return Q(arr, lambda p: dec(arr[p]), lambda: input_errors(arr), U, input_errors)


def exact_q(vals, ex) -> Q:
    """A column whose floats are the exact values up to their own rounding (scores, totals: cents / 100)."""
    return Q(vals, ex, lambda: _rounding_errors(vals), U, _rounding_errors)


def _rounding_errors(vals) -> list:
    return [U * abs(x) if x == x else x for x in vals]


def restrict(q: Q, positions) -> Q:
    """The column at a subset of positions (the field), exact values looked up through the map."""
    vals = q.vals
    ex = q.ex

    sub = [vals[p] for p in positions]
    if q.errfn is not None:  # bounds that follow from the figures themselves: no need to gather
        return Q(sub, lambda k: ex(positions[k]), lambda: q.errfn(sub), q.rel, q.errfn)

    def err():
        e = q.errs
        return [e[p] for p in positions]

    return Q(sub, lambda k: ex(positions[k]), err, q.rel)


def _none(*xs) -> bool:
    return any(x is None for x in xs)


def _div_errs(num, nerr, den, derr, scale=100.0) -> list:
    """Bounds of num / den × scale from the operands' bounds (infinite where den may be 0)."""
    f = scale * (1 + 2 * U)
    return [
        ((abs(n) * de + ad * ne) / (ad * (ad - de)) + U * abs(n) / ad) * f
        if (ad := abs(d)) > de
        else (INF if ad == ad and ad else NAN)
        for n, ne, d, de in zip(num, nerr, den, derr, strict=True)
    ]


def ratio_q(num: Q, den: Q) -> Q:
    """num / den × 100 (NaN where den is 0 or missing)."""
    out = [n / d * 100 if d else NAN for n, d in zip(num.vals, den.vals, strict=True)]

    def ex(p):
        n, d = num.ex(p), den.ex(p)
        if _none(n, d) or not d:
            return None
        return frac(n) / frac(d) * 100

    rel = None if num.rel is None or den.rel is None else 2 * (num.rel + den.rel) + 4 * U
    return Q(out, ex, lambda: _div_errs(num.vals, num.errs, den.vals, den.errs), rel)


def growth_q(v: Q, b: Q) -> Q:
    out = [(x - y) / abs(y) * 100 if y else NAN for x, y in zip(v.vals, b.vals, strict=True)]

    def ex(p):
        x, y = v.ex(p), b.ex(p)
        if _none(x, y) or not y:
            return None
        return (frac(x) - frac(y)) / abs(frac(y)) * 100

    def err():
        diff = [x - y for x, y in zip(v.vals, b.vals, strict=True)]
        derr = [a + c + U * abs(d) for a, c, d in zip(v.errs, b.errs, diff, strict=True)]
        return _div_errs(diff, derr, b.vals, b.errs)

    return Q(out, ex, err)


def increment_q(v: Q, b: Q) -> Q:
    out = [x - y for x, y in zip(v.vals, b.vals, strict=True)]

    def ex(p):
        x, y = v.ex(p), b.ex(p)
        return None if _none(x, y) else frac(x) - frac(y)

    return Q(out, ex, lambda: [a + c + U * abs(d) for a, c, d in zip(v.errs, b.errs, out, strict=True)])


def share_q(q: Q) -> Q:
    """q / Σ q over the positions × 100 (the sum exact on demand)."""
    vals = q.vals
    total = math.fsum(x for x in vals if x == x)
    out = [x / total * 100 for x in vals] if total else [0.0 if x == x else NAN for x in vals]
    cache: list = []

    def exact_total() -> Fraction:
        if not cache:
            cache.append(sum((frac(e) for k in range(len(vals)) if (e := q.ex(k)) is not None), Fraction(0)))
        return cache[0]

    def ex(k):
        x = q.ex(k)
        if x is None:
            return None
        t = exact_total()
        return frac(x) / t * 100 if t else Fraction(0)

    def err():
        if not total:  # Σ may be exactly 0 or not: decide exactly
            return [INF if x == x else NAN for x in vals]
        terr = math.fsum(e for e in q.errs if e == e) + U * abs(total)
        n = len(vals)
        return _div_errs(vals, q.errs, [total] * n, [terr] * n)

    rel = None
    if total and q.rel is not None:
        rt = (q.rel * math.fsum(abs(x) for x in vals if x == x) + U * abs(total)) / abs(total)
        rel = 2 * (q.rel + rt) + 4 * U
    return Q(out, ex, err, rel)


def neg_q(q: Q) -> Q:
    ex = q.ex
    return Q(
        [-x for x in q.vals], lambda p: None if (e := ex(p)) is None else -frac(e), lambda: q.errs, q.rel
    )


def cap_q(q: Q, cap: float | None) -> Q:
    if cap is None:
        return q
    c = frac(dec(cap))
    ex = q.ex
    return Q(
        [min(x, cap) if x == x else x for x in q.vals],
        lambda p: None if (e := ex(p)) is None else min(frac(e), c),
        lambda: [e + U * abs(cap) for e in q.errs],
        None if q.rel is None else 2 * q.rel + U,  # at the cap: within the figure's bound of it
    )


def computed_q(comp, inputs: list[Q], n: int, run_rule, on_error, aggs=()) -> Q:
    """A per-participant expression (derived quantity, formula) over input columns."""
    aggs = list(aggs)
    vals, errs, bounds = run_rule(comp, inputs, n, aggs, decide=False)
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
        if _none(*args):
            return None
        return frac(fn(*map(frac, args), *[a.exact() for a in aggs]))

    return Q(out, ex, bounds)

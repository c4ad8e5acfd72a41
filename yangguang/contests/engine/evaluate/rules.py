"""Running a compiled rule over a column of participants (failures mark the participant, never stop)."""

from __future__ import annotations

import math
import statistics
from fractions import Fraction
from itertools import repeat

from ..exact import UNSURE, U, frac
from ..expr import Compiled
from .numbers import NAN, g


def has_nan(col) -> bool:
    for x in col:
        if x != x:
            return True
    return False


def run_rule(comp: Compiled, qs: list, n: int, aggs: list, decide: bool = True) -> tuple[list, list, list]:
    """Evaluate a compiled expression over n positions of the columns `qs` → (results, errors, bounds).

    Each position is evaluated by the guarded float function; where it cannot vouch for the exact
    result (exact.py) — or, for a decision (`decide`), where the result may be zero — the position is
    evaluated exactly in fractions. A result is None on error (a missing figure, a division by zero)."""
    guard = comp.guard_decide if decide else comp.guard
    cols = [q.vals for q in qs]
    bounds: list = [NAN] * n
    errs: list = []
    if any(a is None for a in aggs):  # an aggregate over no figures at all
        empty = [agg_label(k, q) for (_p, k, q), a in zip(comp.aggregates, aggs, strict=True) if a is None]
        return [None] * n, [(p, "no value for " + ", ".join(empty)) for p in range(n)], bounds
    missing = any(has_nan(c) for c in cols)
    tail = (*[a.v for a in aggs], *[a.e for a in aggs])
    res = None
    if guard is not None and not missing:
        # everyone in one pass (C-level map); only the positions the guard cannot decide go exact
        try:
            res = list(map(guard, *cols, *[q.errs for q in qs], *[repeat(a, n) for a in tail]))
        except Exception:  # noqa: BLE001, S110 - an unusual value somewhere: position by position below
            res = None
    if res is not None:
        redo = [p for p, r in enumerate(res) if r is UNSURE]
        if decide:
            out = res
        else:
            out = [None if r is UNSURE else r[0] for r in res]
            bounds = [NAN if r is UNSURE else r[1] for r in res]
        for p in redo:
            out[p] = None
            _exact(comp, qs, aggs, p, out, bounds, errs)
        return out, errs, bounds
    out: list = [None] * n
    ecols = [q.errs for q in qs] if guard is not None else []
    for p in range(n):
        row = [c[p] for c in cols]
        if missing and any(a != a for a in row):
            errs.append((p, "no value for " + ", ".join(names_of(comp, row))))
            continue
        if guard is not None:
            try:
                r = guard(*row, *[e[p] for e in ecols], *tail)
            except Exception:  # noqa: BLE001 - unusual: the exact evaluation decides (or names the error)
                r = UNSURE
            if r is not UNSURE:
                if decide:
                    out[p] = r
                else:
                    out[p], bounds[p] = r
                continue
        _exact(comp, qs, aggs, p, out, bounds, errs)
    return out, errs, bounds


def names_of(comp: Compiled, row) -> list[str]:
    return [comp.names[j] for j, a in enumerate(row) if a != a]


def _exact(comp: Compiled, qs: list, aggs: list, p: int, out: list, bounds: list, errs: list) -> None:
    """Position p in exact fractions (the figures as written)."""
    try:
        args = [q.ex(p) for q in qs]
        if any(a is None for a in args):
            names = [nm for nm, a in zip(comp.names, args, strict=True) if a is None]
            errs.append((p, "no value for " + ", ".join(names)))
            return
        r = comp.fn_exact(*map(frac, args), *[a.exact() for a in aggs])
    except ZeroDivisionError:
        errs.append((p, "ZeroDivisionError: division by zero"))
        return
    except Exception as e:  # noqa: BLE001 - the participant is marked, evaluation goes on
        errs.append((p, f"{type(e).__name__}: {e}"))
        return
    if isinstance(r, Fraction):
        out[p] = f = float(r)
        bounds[p] = U * abs(f)
    else:
        out[p], bounds[p] = r, 0.0


class Agg:
    """A field aggregate: its float value `v`, a bound `e` and the exact value on demand."""

    __slots__ = ("v", "e", "_exact", "_cache")

    def __init__(self, v, e, exact):
        self.v, self.e, self._exact, self._cache = v, e, exact, None

    def exact(self):
        if self._cache is None:
            self._cache = self._exact()
        return self._cache


def _aggregate(kind: str, vals: list, errs: list, exact_at) -> Agg | None:
    ks = [k for k, v in enumerate(vals) if v is not None and v == v]
    if kind == "count":
        return Agg(float(len(ks)), 0.0, lambda: Fraction(len(ks)))
    if not ks:
        return None
    xs = [vals[k] for k in ks]
    es = [errs[k] for k in ks]

    def exacts():
        return [frac(exact_at(k)) for k in ks]

    if kind == "mean":
        v = math.fsum(xs) / len(xs)
        return Agg(v, math.fsum(es) / len(es) + 2 * U * abs(v), lambda: sum(exacts(), Fraction(0)) / len(ks))
    if kind == "sum":
        v = math.fsum(xs)
        return Agg(v, math.fsum(es) + U * abs(v), lambda: sum(exacts(), Fraction(0)))
    if kind == "median":
        v = float(statistics.median(xs))
        return Agg(v, max(es) + U * abs(v), lambda: statistics.median(exacts()))
    if kind == "max":
        return Agg(max(xs), max(es), lambda: max(exacts()))
    if kind == "min":
        return Agg(min(xs), max(es), lambda: min(exacts()))
    raise ValueError(kind)


def aggregates(comp: Compiled, resolve, n: int) -> list:
    """The field aggregates a rule uses (`resolve(name)` → its column Q); an aggregate may be over an
    expression (computed per position first)."""
    out = []
    for _p, kind, q in comp.aggregates:
        if isinstance(q, Compiled):
            qs = [resolve(x) for x in q.names]
            vals, _errs, bounds = run_rule(q, qs, n, [], decide=False)

            def exact_at(k, q=q, qs=qs):
                return q.fn_exact(*[frac(c.ex(k)) for c in qs])

            out.append(_aggregate(kind, vals, bounds, exact_at))
        else:
            col = resolve(q)
            out.append(_aggregate(kind, col.vals, col.errs, col.ex))
    return out


def agg_values(aggs: list) -> list:
    """The aggregates' figures, for explanations."""
    return [None if a is None else a.v for a in aggs]


def agg_label(kind_name: str, q) -> str:
    return f"{kind_name}({q.source if isinstance(q, Compiled) else q})"


class LazyInputs:
    """The values a rule saw for one participant, formatted only when an explanation is written."""

    __slots__ = ("comp", "cols", "p", "aggs", "prefix")

    def __init__(self, comp, cols, p, aggs, prefix=""):
        self.comp, self.cols, self.p, self.aggs, self.prefix = comp, cols, p, aggs, prefix

    def __str__(self) -> str:
        # one %-template per evaluation of the rule (its field aggregates fixed), filled per participant
        cache = self.comp.__dict__.setdefault("_tmpl", {})
        hit = cache.get(id(self.aggs))
        if hit is None or hit[0] is not self.aggs:
            parts = [f"{n}=%.10g" for n in self.comp.names]
            parts += [
                f"{agg_label(_KIND_ZH.get(k, k), q)}={g(a)}".replace("%", "%%")
                for (_p, k, q), a in zip(self.comp.aggregates, self.aggs, strict=True)
            ]
            hit = cache[id(self.aggs)] = (self.aggs, ", ".join(parts))
        try:
            return self.prefix + hit[1] % tuple(c[self.p] for c in self.cols)
        except TypeError:
            return self.prefix + inputs_text(self.comp, self.cols, self.p, self.aggs)

    def __format__(self, spec) -> str:
        return format(str(self), spec)


_KIND_ZH = {"mean": "平均", "median": "中位数", "count": "计数", "sum": "合计", "max": "最高", "min": "最低"}


def inputs_text(comp: Compiled, cols: list, p: int, aggs: list) -> str:
    parts = [f"{n}={g(c[p])}" for n, c in zip(comp.names, cols, strict=True)]
    parts += [
        f"{agg_label(_KIND_ZH.get(k, k), q)}={g(a)}"
        for (_param, k, q), a in zip(comp.aggregates, aggs, strict=True)
    ]
    return ", ".join(parts)

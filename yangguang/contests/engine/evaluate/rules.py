"""Running a compiled rule over a column of participants (failures mark the participant, never stop)."""

from __future__ import annotations

from itertools import repeat

from ..expr import Compiled, aggregate
from .numbers import g


def has_nan(col) -> bool:
    for x in col:
        if x != x:
            return True
    return False


def run_rule(comp: Compiled, cols: list, n: int, aggs: list) -> tuple[list, list]:
    """Evaluate a compiled rule over n positions → (results, errors); a result is None on error."""
    fn = comp.fn
    if not any(has_nan(c) for c in cols):
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


def aggregates(comp: Compiled, resolve, n: int) -> list:
    """The field aggregates a rule uses; an aggregate may be over an expression (computed per position)."""
    out = []
    for _p, kind, q in comp.aggregates:
        if isinstance(q, Compiled):
            vals, _errs = run_rule(q, [resolve(x) for x in q.names], n, [])
            out.append(aggregate(kind, [v for v in vals if v is not None]))
        else:
            out.append(aggregate(kind, resolve(q)))
    return out


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

"""The evaluation state of one group (支行, 网点 …): its participants, their quantities, the field."""

from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction

from ..expr import compile_rule
from ..scheme import Scheme
from ..scheme.uses import derived_groups
from .columns import Q, computed_q, exact_q, growth_q, increment_q, ratio_q, restrict, share_q, table_q
from .numbers import NAN
from .rules import agg_values, aggregates, run_rule


class GroupContext:
    def __init__(self, scheme: Scheme, table, res, gcode: str, idx, compiled: dict):
        self.scheme, self.table, self.res, self.code = scheme, table, res, gcode
        self.whole = idx is None
        self.idx = range(len(table)) if self.whole else idx
        self.m = len(self.idx)
        self.inds = scheme.indicators_of(gcode)
        self.base_names = scheme.base_names()
        self.all_names = scheme.all_names()
        self._compiled = compiled
        self._base: dict[tuple[str, str], Q] = {}
        self._field: dict[tuple[str, str], Q] = {}
        self.facts = {f.code: table_q(self.sub(table.facts.get(f.code))) for f in scheme.facts}
        self.derived: dict[str, Q] = {}
        # only the derived quantities this group uses (scheme/uses.py): no "no value" lines elsewhere
        mine = derived_used(scheme, compiled, gcode)
        for d in scheme.derived:  # in dependency order (validated)
            if d.code not in mine:
                continue
            c = self.compile(d.expr, self.base_names, d.name)
            self.derived[d.code] = computed_q(
                c,
                [self.base_q(n) for n in c.names],
                self.m,
                run_rule,
                lambda p, e, name=d.name: self.err(self.idx[p], name, e),
            )
        # set by the steps
        self.workers = 1  # 2: independent steps may be shared with a forked process (forked.py)
        self.penalties_found = None  # penalties.penalty_hits, when worked out apart
        self.fld = range(self.m)
        self.fidx = self.idx
        self.nf = self.m
        self.cents: dict[str, list] = {}  # indicator → score cents per field position
        self.score_f: dict[str, list] = {}  # the same as floats (for rules and templates)
        self.totals: list = []
        self.rank: list = []
        self.bottom: list = []
        self._ind_rank: dict[str, tuple[list, list]] = {}

    # ---- helpers -----------------------------------------------------------------------------------
    def sub(self, arr):
        if arr is None:
            return [NAN] * self.m
        return arr if self.whole else [arr[i] for i in self.idx]

    def compile(self, src: str, known, rule: str):
        key = rule + "\0" + src
        if key not in self._compiled:
            self._compiled[key] = compile_rule(src, known, rule=rule)
        return self._compiled[key]

    def err(self, i: int, rule: str, error: str) -> None:
        errors = self.res.errors
        if errors[i] is None:
            errors[i] = []
        errors[i].append({"rule": rule, "error": error})

    @contextmanager
    def errors_kept(self):
        """Errors marked meanwhile go to the yielded list, (index, rule, error) each, instead of the
        result (to be marked later, in the order they would have been)."""
        kept: list = []
        self.err = lambda i, rule, error: kept.append((i, rule, error))  # shadows the method meanwhile
        try:
            yield kept
        finally:
            del self.err

    def fire(self, i: int, kind: str, rule: str, expression: str, inputs) -> None:
        fired = self.res.fired
        if fired[i] is None:
            fired[i] = []
        fired[i].append({"kind": kind, "rule": rule, "expression": expression, "inputs": inputs})

    # ---- base quantities (group positions) ---------------------------------------------------------
    def base(self, code: str, qty: str) -> Q:
        key = (code, qty)
        q = self._base.get(key)
        if q is not None:
            return q
        ind = self.scheme.indicator(code)
        if qty == "value" and ind is not None and ind.source == "derived":
            q = self.derived.get(self.scheme.derived_q(ind.derived).code)
            if q is None:  # an indicator of another group: no figures here
                q = table_q(self.sub(None))
        elif qty in ("value", "base", "plan"):
            q = table_q(self.sub(self.table.values.get((code, qty))))
        elif qty == "completion":
            of = ind.params.get("of", "value") if ind is not None and ind.method == "completion" else "value"
            q = ratio_q(
                self.base(code, "increment" if of == "increment" else "value"), self.base(code, "plan")
            )
        elif qty == "growth":
            q = growth_q(self.base(code, "value"), self.base(code, "base"))
        elif qty == "increment":
            q = increment_q(self.base(code, "value"), self.base(code, "base"))
        else:
            raise KeyError(qty)
        self._base[key] = q
        return q

    def base_q(self, name: str) -> Q:
        code, qty = self.base_names[name]
        if code == "fact":
            return self.facts[qty]
        if code == "derived":
            return self.derived[qty]
        return self.base(code, qty)

    # ---- field quantities (field positions) --------------------------------------------------------
    def F(self, q: Q) -> Q:
        return q if isinstance(self.fld, range) else restrict(q, self.fld)

    def field(self, code: str, qty: str) -> Q:
        key = (code, qty)
        q = self._field.get(key)
        if q is not None:
            return q
        if qty == "share":
            q = share_q(self.field(code, "value"))
        elif qty == "increment_share":
            q = share_q(self.field(code, "increment"))
        elif qty == "score":
            cents = self.cents[code]
            q = exact_q(self.score_f[code], lambda k: None if cents[k] is None else Fraction(cents[k], 100))
        else:
            q = self.F(self.base(code, qty))
        self._field[key] = q
        return q

    def field_named(self, name: str) -> Q:
        code, qty = self.base_names[name]
        if code in ("fact", "derived"):
            key = (code, qty)
            q = self._field.get(key)
            if q is None:
                q = self._field[key] = self.F((self.facts if code == "fact" else self.derived)[qty])
            return q
        return self.field(code, qty)

    def ind_rank(self, code: str) -> tuple[list, list]:
        from .ranking import shared_ranks

        if code not in self._ind_rank:
            keys = [-(1 << 62) if c is None else c for c in self.cents[code]]
            rk, bt, _t = shared_ranks(keys)
            self._ind_rank[code] = (rk, bt)
        return self._ind_rank[code]

    def full_q(self, name: str) -> Q:
        """A quantity by name after ranking (field positions)."""
        code, qty = self.all_names[name]
        if code in ("fact", "derived"):
            return self.field_named(name)
        key = (code, "#" + qty)
        q = self._field.get(key)
        if q is not None:
            return q
        if code == "":
            if qty == "total_score":
                tot = self.totals
                q = exact_q([t / 100 for t in tot], lambda k: Fraction(tot[k], 100))
            elif qty == "field_count":
                q = whole_q([self.nf] * self.nf)
            else:
                q = whole_q(self.rank if qty == "rank" else self.bottom)
        elif qty in ("rank", "rank_from_bottom"):
            q = whole_q(self.ind_rank(code)[0 if qty == "rank" else 1])
        else:
            q = self.field(code, qty)
        self._field[key] = q
        return q

    def run_full(self, src: str, rule: str):
        """A rule after ranking over the field → (compiled, columns, aggregate figures, results)."""
        c = self.compile(src, self.all_names, rule)
        qs = [self.full_q(nm) for nm in c.names]
        aggs = aggregates(c, self.full_q, self.nf)
        vals, errs, _b = run_rule(c, qs, self.nf, aggs)
        for k, e in errs:
            self.err(self.fidx[k], rule, e)
        return c, [q.vals for q in qs], agg_values(aggs), vals


def whole_q(vals) -> Q:
    """Whole numbers (ranks, counts): exact as they are."""
    return Q(vals, vals.__getitem__, lambda: [0.0] * len(vals))


def derived_used(scheme: Scheme, compiled: dict, gcode: str) -> set[str]:
    """The derived codes computed for group `gcode` (worked out once per evaluation)."""
    by_code = compiled.get("\0derived_groups")
    if by_code is None:
        by_code = compiled["\0derived_groups"] = derived_groups(scheme)
    return {code for code, gs in by_code.items() if gcode in gs}

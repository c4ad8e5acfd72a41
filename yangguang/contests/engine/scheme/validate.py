"""Checking a parsed scheme as a whole: names, groups, weights, caps, rules compiled against the names
they may use, derived quantities ordered by dependency (cycles refused)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..expr import AGGREGATES, FUNCTION_NAMES, called, compile_rule, fmt, referenced
from .model import CAPPABLE, CODE_RE, FORMULA_LOCALS, GLOBAL_QUANTITIES, Derived, Scheme, bad
from .parse_helpers import _num
from .uses import derived_used_by


def validate(s: Scheme) -> None:
    if s.start > s.end:
        raise bad(_("period: the start is after the end"), field="period")
    for i, p in enumerate(s.phases):
        if p.start > p.end or p.start < s.start or p.end > s.end:
            raise bad(
                fmt(_("phase %(name)s: its dates must lie inside the period, start before end"), name=p.name),
                field=f"phases[{i + 1}]",
            )
    gcodes = [g.code for g in s.groups]
    if len(set(gcodes)) != len(gcodes):
        raise bad(_("groups: two groups have the same code"), field="groups")
    known_groups = set(gcodes) or {"all"}

    def check_groups(gs: list[str], where: str):
        for g in gs:
            if g not in known_groups:
                raise bad(fmt(_("%(where)s: unknown group %(group)s"), where=where, group=g), field=where)

    reserved = (
        FUNCTION_NAMES | {zh for _q, zh, _e in GLOBAL_QUANTITIES} | {e for _q, _z, e in GLOBAL_QUANTITIES}
    )
    seen: set[str] = set()
    for i, ind in enumerate(s.indicators):
        w = f"indicators[{i + 1}]"
        if not CODE_RE.match(ind.code):
            raise bad(
                fmt(
                    _("%(where)s: code %(code)s must be letters, digits and _ starting with a letter"),
                    where=w,
                    code=ind.code,
                ),
                field=w,
            )
        if not ind.name.isidentifier():
            raise bad(
                fmt(
                    _("%(where)s: name %(name)s must be one word (no spaces or symbols) so rules can use it"),
                    where=w,
                    name=ind.name,
                ),
                field=w,
            )
        for n in (ind.code, ind.name):
            if n in seen or n in reserved:
                raise bad(fmt(_("%(where)s: the name %(name)s is already taken"), where=w, name=n), field=w)
            seen.add(n)
        check_groups(ind.groups, w)
        if ind.source == "metric" and not ind.metric:
            raise bad(fmt(_("%(where)s: a metric indicator names its metric"), where=w), field=w)
        if ind.source == "event" and not ind.event:
            raise bad(fmt(_("%(where)s: an event indicator names its judged event"), where=w), field=w)
        if ind.weight < 0:
            raise bad(fmt(_("%(where)s: the weight may not be negative"), where=w), field=w)
        if Decimal(repr(ind.weight)).as_tuple().exponent < -4:
            raise bad(fmt(_("%(where)s: a weight has at most 4 decimals"), where=w), field=f"{w}.weight")
        if ind.source == "derived" and s.derived_q(ind.derived) is None:
            raise bad(
                fmt(_("%(where)s: a derived indicator names a derived quantity (derived: …)"), where=w),
                field=f"{w}.derived",
            )
        if ind.cap is not None:
            if ind.method not in CAPPABLE:
                raise bad(
                    fmt(
                        _(
                            "%(where)s: cap does not apply to method %(method)s (its points are given by params)"
                        ),
                        where=w,
                        method=ind.method,
                    ),
                    field=f"{w}.cap",
                )
            if ind.direction == "lower" and ind.method not in ("completion", "formula"):
                raise bad(
                    fmt(
                        _(
                            "%(where)s: cap does not apply to a lower-is-better %(method)s (its score is minus the figure)"
                        ),
                        where=w,
                        method=ind.method,
                    ),
                    field=f"{w}.cap",
                )
        if ind.method == "tiers":
            tiers = ind.params.get("tiers")
            if not isinstance(tiers, list) or not tiers:
                raise bad(fmt(_("%(where)s: tiers need params.tiers: [{min, points}, …]"), where=w), field=w)
            for t in tiers:
                if not isinstance(t, dict) or "points" not in t or ("min" not in t and "max" not in t):
                    raise bad(fmt(_("%(where)s: each tier has min (or max) and points"), where=w), field=w)
                _num(t.get("points"), f"{w}.params.tiers.points", allow_none=False)
            if ind.params.get("of", "value") not in ("value", "completion", "growth", "increment"):
                raise bad(
                    fmt(_("%(where)s: params.of is value, completion, growth or increment"), where=w), field=w
                )
        if ind.method == "formula":
            src = ind.params.get("formula")
            known = set(FORMULA_LOCALS) | {n for x in (*s.facts, *s.derived) for n in (x.code, x.name)}
            compile_rule(str(src or ""), known, rule=f"{ind.name}.formula")
        if ind.method in ("share", "completion") and ind.params.get("of", "value") not in (
            "value",
            "increment",
        ):
            raise bad(fmt(_("%(where)s: params.of is value or increment"), where=w), field=w)
    for i, f in enumerate(s.facts):
        w = f"facts[{i + 1}]"
        if not f.name.isidentifier() or not CODE_RE.match(f.code):
            raise bad(fmt(_("%(where)s: code and name must be single words"), where=w), field=w)
        check_groups(f.groups, w)
        for n in {f.code, f.name}:
            if n in seen or n in reserved:
                raise bad(fmt(_("%(where)s: the name %(name)s is already taken"), where=w, name=n), field=w)
            seen.add(n)
    for i, dq in enumerate(s.derived):
        w = f"derived[{i + 1}]"
        if not dq.name.isidentifier() or not CODE_RE.match(dq.code):
            raise bad(fmt(_("%(where)s: code and name must be single words"), where=w), field=w)
        for n in {dq.code, dq.name}:
            if n in seen or n in reserved:
                raise bad(fmt(_("%(where)s: the name %(name)s is already taken"), where=w, name=n), field=w)
            seen.add(n)
    _check_derived_groups(s, check_groups)  # before ordering: the paths count as written
    s.derived = derived_order(s)
    if s.weights_total is not None:
        for g in s.group_codes():
            total = sum(i.weight for i in s.indicators_of(g))
            if abs(total - s.weights_total) > 1e-6:
                raise bad(
                    fmt(
                        _("weights of group %(group)s add up to %(total)s, the scheme requires %(need)s"),
                        group=g,
                        total=round(total, 4),
                        need=s.weights_total,
                    ),
                    field="weights_total",
                    group=g,
                )
    for t in s.tie_break:
        if s.indicator(t) is None and s.derived_q(t) is None:
            raise bad(fmt(_("tie_break: unknown indicator %(name)s"), name=t), field="tie_break")
    base = s.base_names()
    full = s.all_names()
    for kind in ("eligibility", "disqualify", "ineligible"):
        for i, r in enumerate(getattr(s, kind)):
            check_groups(r.groups, f"rules.{kind}[{i + 1}]")
            if kind == "ineligible":  # runs after ranking: it keeps the participant ranked
                compile_rule(r.when, full, rule=r.name)
                continue
            # Before ranking: only values, bases, plans, rates, facts and derived quantities.
            late = sorted(n for n in referenced(r.when) if n in full and n not in base)
            if late:
                raise bad(
                    fmt(
                        _(
                            "Rule “%(rule)s”: %(name)s is not available before ranking (%(kind)s rules "
                            "decide the field that is ranked); use it in ineligible, awards or penalties"
                        ),
                        rule=r.name,
                        name=late[0],
                        kind=kind,
                    ),
                    field=f"rules.{kind}[{i + 1}]",
                    rule=r.name,
                )
            compile_rule(r.when, base, rule=r.name)
    for i, a in enumerate(s.awards):
        w = f"rules.awards[{i + 1}]"
        check_groups(a.groups, w)
        ways = sum(x for x in (a.top is not None, a.top_percent is not None, bool(a.tiers)))
        if ways > 1 or (ways == 0 and not a.when):
            raise bad(
                fmt(_("award %(name)s: give one of top, top_percent, tiers, or only when"), name=a.name),
                field=w,
            )
        if a.top_percent is not None and not (0 < a.top_percent <= 100):
            raise bad(fmt(_("award %(name)s: top_percent is between 0 and 100"), name=a.name), field=w)
        if a.by and s.indicator(a.by) is None and s.derived_q(a.by) is None:
            raise bad(fmt(_("award %(name)s: unknown indicator %(by)s"), name=a.name, by=a.by), field=w)
        for t in a.tie_break:
            if s.indicator(t) is None and s.derived_q(t) is None:
                raise bad(
                    fmt(_("award %(name)s: unknown indicator %(by)s"), name=a.name, by=t),
                    field=f"{w}.tie_break",
                )
        if a.tie_break and a.tie != "break":
            raise bad(
                fmt(_("award %(name)s: tie_break needs tie: break"), name=a.name), field=f"{w}.tie_break"
            )
        if a.when:
            compile_rule(a.when, full, rule=a.name)
    for i, p in enumerate(s.penalties):
        w = f"rules.penalties[{i + 1}]"
        check_groups(p.groups, w)
        if not (0 <= p.pay_cut <= 100):
            raise bad(fmt(_("penalty %(name)s: pay_cut is a percentage 0–100"), name=p.name), field=w)
        compile_rule(p.when, full, rule=p.name)
    codes = [p.code for p in s.participants]
    if len(set(codes)) != len(codes):
        raise bad(_("participants: a code appears twice"), field="participants")
    for p in s.participants:
        if p.group:
            check_groups([p.group], f"participants.{p.code}")


def _check_derived_groups(s: Scheme, check_groups) -> None:
    """`derived[i].groups`: known groups, and every group that uses the quantity among them."""
    for i, dq in enumerate(s.derived):
        if not dq.groups:
            continue
        w = f"derived[{i + 1}].groups"
        check_groups(dq.groups, w)
        for g in s.group_codes():
            if g not in dq.groups and dq.code in derived_used_by(s, g):
                raise bad(
                    fmt(
                        _("%(where)s: %(name)s is used by group %(group)s but not computed there"),
                        where=w,
                        name=dq.name,
                        group=g,
                    ),
                    field=w,
                    group=g,
                )


def derived_order(s: Scheme) -> list[Derived]:
    """The derived quantities in dependency order; each compiled against the names before ranking.

    Aggregates are refused here: a derived quantity is per participant (aggregate it in a rule)."""
    base = s.base_names()
    by_code = {d.code: d for d in s.derived}
    deps: dict[str, set[str]] = {}
    for d in s.derived:
        refs = referenced(d.expr)
        if called(d.expr) & set(AGGREGATES):
            raise bad(
                fmt(
                    _("derived %(name)s: a derived quantity is per participant; use aggregates in rules"),
                    name=d.name,
                ),
                field="derived",
            )
        compile_rule(d.expr, base, rule=d.name)
        deps[d.code] = {base[n][1] for n in refs if n in base and base[n][0] == "derived"} - {None}
    out: list[Derived] = []
    state: dict[str, int] = {}

    def visit(code: str, chain: list[str]) -> None:
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            names = [by_code[c].name for c in chain[chain.index(code) :]] + [by_code[code].name]
            raise bad(
                fmt(
                    _("derived quantities refer to each other in a cycle: %(cycle)s"), cycle=" → ".join(names)
                ),
                field="derived",
            )
        state[code] = 1
        for dep in sorted(deps[code]):
            visit(dep, [*chain, code])
        state[code] = 2
        out.append(by_code[code])

    for d in s.derived:
        visit(d.code, [])
    return out

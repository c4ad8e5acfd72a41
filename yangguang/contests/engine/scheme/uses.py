"""Which groups use a derived quantity: it is computed (and explained) only there.

A group uses a derived quantity when one of its indicators (`source: derived`, a formula), one of the
rules that apply to it (eligibility, disqualify, ineligible, penalties, an award's `when`, `by` or
`tie_break`) or the scheme's `tie_break` names it — directly or through another derived quantity. Why:
a 人均保费 of teams computed for agents could only ever say "no value" in an agent's explanation.
A derived quantity no rule uses (kept for the .xlsx) is computed for every group; `groups:` on a derived
quantity states its groups explicitly (a use outside them is refused when the scheme is checked)."""

from __future__ import annotations

from ..expr import referenced
from .model import Scheme


def _names_used(s: Scheme, group: str) -> set[str]:
    """Every quantity name the indicators and rules of `group` mention."""
    out: set[str] = set(s.tie_break)
    for ind in s.indicators_of(group):
        if ind.source == "derived":
            out.add(ind.derived)
        if ind.method == "formula":
            out |= referenced(str(ind.params.get("formula") or ""))
    for r in (*s.eligibility, *s.disqualify, *s.ineligible, *s.penalties):
        if s.applies(r.groups, group):
            out |= referenced(r.when)
    for a in s.awards:
        if s.applies(a.groups, group):
            out |= referenced(a.when) if a.when else set()
            out |= {a.by} if a.by else set()
            out |= set(a.tie_break)
    return out


def derived_used_by(s: Scheme, group: str) -> set[str]:
    """The codes of the derived quantities `group` uses, through other derived quantities too."""
    todo = [d.code for n in _names_used(s, group) if (d := s.derived_q(n)) is not None]
    seen: set[str] = set()
    while todo:
        code = todo.pop()
        if code in seen:
            continue
        seen.add(code)
        d = s.derived_q(code)
        todo += [x.code for n in referenced(d.expr) if (x := s.derived_q(n)) is not None]
    return seen


def derived_groups(s: Scheme) -> dict[str, list[str]]:
    """Derived code → the groups it is computed for (in scheme order)."""
    groups = s.group_codes()
    used = {g: derived_used_by(s, g) for g in groups}
    out: dict[str, list[str]] = {}
    for d in s.derived:
        if d.groups:
            out[d.code] = [g for g in groups if g in d.groups]
        else:
            out[d.code] = [g for g in groups if d.code in used[g]] or list(groups)
    return out

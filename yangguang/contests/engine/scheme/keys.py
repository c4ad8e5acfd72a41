"""The fields the scheme format knows, level by level: anything else is refused with its path and the
nearest known field (a typo such as `caps: 120` must never be ignored)."""

from __future__ import annotations

import difflib

from django.utils.translation import gettext_lazy as _

from ..expr import fmt
from .model import bad

TOP = (
    "version code name organiser description public period start end cycle phases committee groups "
    "participants indicators facts derived weights_total tie_break rules"
).split()
PERIOD = ["start", "end"]
PHASE = ["name", "start", "end"]
MEMBER = ["role", "person", "name", "may"]
GROUP = ["code", "name", "kind", "unit_kinds", "under", "roles", "titles", "members"]
PARTICIPANT = ["code", "name", "group"]
INDICATOR = (
    "code name unit direction source metric event derived method weight cap groups params nonnegative"
).split()
PARAMS = {
    "raw": [],
    "completion": ["of"],
    "growth": [],
    "growth_rate": [],
    "share": ["of"],
    "increment_share": [],
    "rank_points": ["max", "step", "min", "points"],
    "tiers": ["of", "tiers", "default"],
    "formula": ["formula"],
}
TIER = ["min", "max", "points"]
FACT = ["code", "name", "unit", "groups", "default"]
DERIVED = ["code", "name", "expr", "unit", "groups"]
RULES = ["eligibility", "disqualify", "ineligible", "awards", "penalties"]
RULE = ["name", "when", "groups"]
AWARD = ["name", "groups", "top", "top_percent", "when", "tiers", "by", "exclusive", "tie", "tie_break"]
AWARD_TIER = ["name", "count"]
PENALTY = ["name", "when", "groups", "card", "pay_cut", "posts"]


def check_keys(d: object, known: list[str], where: str) -> None:
    """Refuse the first key of mapping `d` that is not in `known`, naming its path and a suggestion."""
    if not isinstance(d, dict):
        raise bad(fmt(_("%(where)s must be a mapping of fields"), where=where), field=where)
    for k in d:
        if k in known:
            continue
        path = f"{where}.{k}" if where else str(k)
        near = difflib.get_close_matches(str(k), known, n=1, cutoff=0.5)
        if near:
            msg = fmt(_("%(path)s: unknown field; did you mean %(hint)s?"), path=path, hint=near[0])
        else:
            msg = fmt(
                _("%(path)s: unknown field (known here: %(known)s)"),
                path=path,
                known=", ".join(known) or "—",
            )
        raise bad(msg, field=path, suggestion=near[0] if near else None)

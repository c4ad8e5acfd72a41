"""Unit results and advancement. Stated rules:

- a unit's result is the mean (or, when configured, the sum) of its candidates' totals; a candidate
  who did not submit counts as 0;
- units are ranked by result, higher first; ties are broken by the unit's best individual score;
  units still equal share a rank (1, 2, 2, 4);
- the top N advance, and every unit sharing the Nth rank advances too;
- a unit without candidates has no result and does not advance.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CENT = Decimal("0.01")
RULES = {"mean": gettext_lazy("unit mean score"), "sum": gettext_lazy("unit total score")}


@dataclass(frozen=True)
class UnitScores:
    unit_id: int
    scores: tuple  # Decimal or None (did not submit) per candidate


@dataclass(frozen=True)
class Ranked:
    unit_id: int
    value: Decimal | None
    best: Decimal | None
    rank: int | None
    advanced: bool
    rule: str


def unit_value(scores, rule: str = "mean") -> Decimal | None:
    vals = [Decimal(str(s)) if s is not None else Decimal(0) for s in scores]
    if not vals:
        return None
    total = sum(vals, Decimal(0))
    if rule == "sum":
        return total.quantize(CENT)
    return (total / len(vals)).quantize(CENT, rounding=ROUND_HALF_UP)


def rank_units(units: list[UnitScores], advance: int, rule: str = "mean") -> list[Ranked]:
    rows = []
    for u in units:
        v = unit_value(u.scores, rule)
        best = max((Decimal(str(s)) for s in u.scores if s is not None), default=None)
        rows.append((u.unit_id, v, best))
    scored = sorted([r for r in rows if r[1] is not None], key=lambda r: (-r[1], -(r[2] or Decimal(0)), r[0]))
    out = []
    prev = None
    rank = 0
    for i, (uid, v, best) in enumerate(scored):
        key = (v, best)
        if key != prev:
            rank = i + 1
            prev = key
        out.append(
            Ranked(
                uid,
                v,
                best,
                rank,
                rank <= advance,
                _("%(rule)s %(v)s; tie-break: best individual score %(best)s")
                % {"rule": RULES.get(rule, rule), "v": v, "best": best},
            )
        )
    for uid, v, _best in rows:
        if v is None:
            out.append(Ranked(uid, None, None, None, False, "no candidates"))
    return out

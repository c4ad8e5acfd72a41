"""On-stage final scoring. Stated rules (points configurable per final):

- 必答 (compulsory, "bida"): correct = +points, wrong = 0; no fouls;
- 抢答 (buzzer, "qiangda"): correct = +points, wrong = −points, a buzz before the start is a foul:
  −foul points;
- 风险 (risk, "fengxian"): the team picks a value from the allowed stakes; correct = +value,
  wrong = −value.
The scoreboard sums a team's events (rulings included). Ranking: total, then more correct answers,
then fewer fouls; teams still equal share a rank.
Arbitration: the eligible jurors (those not from the disputed team's unit) vote; a strict majority of
the eligible panel decides; when every eligible juror has voted and there is no majority to
overturn, the original decision stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError

DEFAULT_RULES = {"bida": 10, "qiangda": 20, "foul": 10, "fengxian": [10, 20, 30]}


def event_delta(kind: str, outcome: str, rules: dict | None = None, value: int | None = None):
    r = {**DEFAULT_RULES, **(rules or {})}
    if kind == "bida":
        if outcome == "foul":
            raise DomainError("no_foul", _("A compulsory round has no fouls."))
        pts = Decimal(r["bida"])
        return (
            (pts, _("compulsory: correct +%(p)s") % {"p": pts})
            if outcome == "correct"
            else (Decimal(0), str(_("compulsory: wrong 0")))
        )
    if kind == "qiangda":
        pts = Decimal(r["qiangda"])
        if outcome == "correct":
            return pts, _("buzzer: correct +%(p)s") % {"p": pts}
        if outcome == "wrong":
            return -pts, _("buzzer: wrong −%(p)s") % {"p": pts}
        foul = Decimal(r["foul"])
        return -foul, _("buzzer: early buzz (foul) −%(p)s") % {"p": foul}
    if kind == "fengxian":
        allowed = [int(x) for x in r["fengxian"]]
        if value is None or int(value) not in allowed:
            raise DomainError(
                "bad_stake",
                _("A risk question's value must be one of %(allowed)s.") % {"allowed": allowed},
                {"allowed": allowed, "value": value},
            )
        if outcome == "foul":
            raise DomainError("no_foul", _("A risk round has no fouls."))
        v = Decimal(int(value))
        if outcome == "correct":
            return v, _("risk: correct +%(p)s") % {"p": v}
        return -v, _("risk: wrong −%(p)s") % {"p": v}
    raise DomainError("bad_round", _("Unknown round type: %(k)s") % {"k": kind})


def overturned(outcome: str) -> str:
    """What an overturned decision becomes: correct ↔ wrong; a foul is withdrawn (no event)."""
    return {"correct": "wrong", "wrong": "correct"}.get(outcome, "none")


@dataclass(frozen=True)
class Standing:
    team_id: int
    total: Decimal
    correct: int
    fouls: int
    rank: int


def standings(team_ids: list[int], events: list[tuple[int, str, Decimal]]) -> list[Standing]:
    """events: (team id, outcome, delta)."""
    tot = {t: Decimal(0) for t in team_ids}
    cor = dict.fromkeys(team_ids, 0)
    fou = dict.fromkeys(team_ids, 0)
    for team, outcome, delta in events:
        tot[team] += Decimal(delta)
        if outcome == "correct":
            cor[team] += 1
        elif outcome == "foul":
            fou[team] += 1
    order = sorted(team_ids, key=lambda t: (-tot[t], -cor[t], fou[t], t))
    out, prev, rank = [], None, 0
    for i, t in enumerate(order):
        key = (tot[t], cor[t], fou[t])
        if key != prev:
            rank, prev = i + 1, key
        out.append(Standing(t, tot[t], cor[t], fou[t], rank))
    return out


def tally(overturn: int, uphold: int, eligible: int) -> str | None:
    """'overturned', 'upheld' or None (not yet decided)."""
    if eligible <= 0:
        raise DomainError("no_panel", _("No eligible jurors to rule on this dispute."))
    if overturn * 2 > eligible:
        return "overturned"
    if uphold * 2 >= eligible or overturn + uphold >= eligible:
        return "upheld"
    return None

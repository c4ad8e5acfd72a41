"""Pure supervision rules (no ORM): lights, percentages, decision procedure, periods, ranking."""

from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

# -- lights ---------------------------------------------------------------------------------
YELLOW_DAYS = 3


def light(deadline: date, today: date, done: bool, yellow_days: int = YELLOW_DAYS) -> str:
    """Green on track, yellow within `yellow_days` of the deadline, red once past it (done: green)."""
    if done:
        return "green"
    if today > deadline:
        return "red"
    if (deadline - today).days <= yellow_days:
        return "yellow"
    return "green"


# -- percentages ----------------------------------------------------------------------------
def percent(part: int | float, whole: int | float, places: int = 2) -> Decimal | None:
    """part/whole as a percentage rounded half up (1/12 → 8.33, 21/110 → 19.09); None for 0/0."""
    if not whole:
        return None
    q = Decimal(1).scaleb(-places)
    return (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(q, rounding=ROUND_HALF_UP)


# -- major decisions ------------------------------------------------------------------------
STEPS = ["participation", "expert", "risk", "legality", "collective"]


def missing_steps(done: set[str], required: list[str] | None = None) -> list[str]:
    return [s for s in (required or STEPS) if s not in done]


# -- periods --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    code: str
    cadence: str
    start: date
    end: date


def parse_period(code: str) -> Period:
    """'2026-01' (a month), '2026Q1' (a quarter) or '2026' (a year) → the dates it covers."""
    code = (code or "").strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", code):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise ValueError(code)
        return Period(f"{y}-{mo:02d}", "month", date(y, mo, 1), date(y, mo, _cal.monthrange(y, mo)[1]))
    if m := re.fullmatch(r"(\d{4})Q([1-4])", code):
        y, q = int(m[1]), int(m[2])
        start = date(y, 3 * q - 2, 1)
        end_month = 3 * q
        return Period(f"{y}Q{q}", "quarter", start, date(y, end_month, _cal.monthrange(y, end_month)[1]))
    if m := re.fullmatch(r"(\d{4})", code):
        y = int(m[1])
        return Period(str(y), "year", date(y, 1, 1), date(y, 12, 31))
    raise ValueError(code)


def months_of(period: Period) -> list[Period]:
    out, d = [], period.start
    while d <= period.end:
        out.append(parse_period(f"{d.year}-{d.month:02d}"))
        d = (date(d.year, d.month, 28) + timedelta(days=4)).replace(day=1)
    return out


# -- ranking --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Indicator:
    metric: str
    weight: float
    higher_is_better: bool = True
    label: str = ""


@dataclass
class Row:
    subject: int
    inputs: dict[str, float | None]
    scores: dict[str, float | None] = field(default_factory=dict)
    total: float = 0.0
    rank: int = 0
    adjust: float = 0.0
    link: str = ""


def indicator_scores(values: dict[int, float | None], higher_is_better: bool) -> dict[int, float | None]:
    """Min-max scaled to 0..100 (best 100, worst 0; all equal: 100); a missing value stays None."""
    known = [v for v in values.values() if v is not None]
    out: dict[int, float | None] = {}
    lo, hi = (min(known), max(known)) if known else (0.0, 0.0)
    for k, v in values.items():
        if v is None:
            out[k] = None
        elif hi == lo:
            out[k] = 100.0
        else:
            frac = (v - lo) / (hi - lo)
            out[k] = round(100.0 * (frac if higher_is_better else 1 - frac), 4)
    return out


def rank_rows(subjects: list[int], indicators: list[Indicator], values: dict[str, dict[int, float | None]]):
    """Total = Σ score × weight / Σ weight; a missing value (no cases, no tasks due) has no score and
    adds nothing — the same rule as the competition engine. Competition ranking (1, 2, 2, 4) on the
    total rounded to 2 places; ties listed by subject id."""
    rows = {s: Row(s, {i.metric: values.get(i.metric, {}).get(s) for i in indicators}) for s in subjects}
    for ind in indicators:
        sc = indicator_scores({s: rows[s].inputs[ind.metric] for s in subjects}, ind.higher_is_better)
        for s in subjects:
            rows[s].scores[ind.metric] = sc[s]
    weight = sum(i.weight for i in indicators) or 1.0
    for r in rows.values():
        got = [i for i in indicators if r.scores[i.metric] is not None]
        r.total = round(sum(r.scores[i.metric] * i.weight for i in got) / weight, 2)
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.subject))
    prev, prev_rank = None, 0
    for pos, r in enumerate(ordered, start=1):
        if r.total != prev:
            prev_rank, prev = pos, r.total
        r.rank = prev_rank
    return ordered


def apply_links(rows: list[Row], links: list[dict]) -> list[Row]:
    """季考核挂钩: each link {"top": n | "last": n, "adjust": ±percent, "label"} applies by rank.

    "last": n covers the units whose rank is among the n worst ranks; the first link that matches wins.
    """
    n = len(rows)
    for r in rows:
        for link in links:
            if "top" in link and r.rank <= int(link["top"]):
                hit = True
            elif "last" in link and r.rank > n - int(link["last"]):
                hit = True
            else:
                hit = False
            if hit:
                r.adjust = float(link.get("adjust", 0))
                r.link = str(link.get("label", ""))
                break
    return rows


# -- cross-unit inspection teams (like cross invigilation) ----------------------------------
def related(a: str, b: str) -> bool:
    """Two tree paths on one line of descent (the same unit, an ancestor or a descendant)."""
    return a.startswith(b) or b.startswith(a)


def cross_assign(
    targets: list[tuple[int, str]], pool: list[tuple[int, str]], per_target: int
) -> dict[int, list[int]]:
    """A team of `per_target` inspectors for every unit inspected, drawn from the pool so that

    - nobody inspects their own unit, a unit above it or below it;
    - a team's members come from different units (混合交叉);
    - the load is spread: the busiest inspector has at most one visit more than the least busy.

    Greedy in a fixed order (deterministic): each slot takes the least-loaded eligible person, ties by
    the pool order. Raises ValueError naming the first target that cannot be staffed.
    """
    load = {pid: 0 for pid, _p in pool}
    order = {pid: i for i, (pid, _p) in enumerate(pool)}
    paths = dict(pool)
    out: dict[int, list[int]] = {}
    for tid, tpath in targets:
        team: list[int] = []
        for _slot in range(per_target):
            cands = [
                pid
                for pid, ppath in pool
                if pid not in team and not related(ppath, tpath) and all(paths[m] != ppath for m in team)
            ]
            if not cands:
                raise ValueError(tid)
            pick = min(cands, key=lambda pid: (load[pid], order[pid]))
            team.append(pick)
            load[pick] += 1
        out[tid] = team
    return out

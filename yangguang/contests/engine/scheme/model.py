"""The scheme's data model: dataclasses and the names rules may use (no parsing here)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from yangguang.core.errors import DomainError

CYCLES = ("monthly", "quarterly", "half-yearly", "yearly", "once")
DIRECTIONS = ("higher", "lower")
SOURCES = ("import", "manual", "metric", "event", "derived")
METHODS = (
    "raw",
    "completion",
    "growth",
    "growth_rate",
    "share",
    "increment_share",
    "rank_points",
    "tiers",
    "formula",
)
CARDS = ("yellow", "red", "none")
TIES = ("shared", "break")
# Methods whose score a `cap` may bound; rank_points and tiers give their points explicitly.
CAPPABLE = ("raw", "completion", "growth", "growth_rate", "share", "increment_share", "formula")
PERMISSIONS = ("define", "import", "evaluate", "publish", "judge")
CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")

# (quantity, Chinese suffix, English suffix). The bare indicator name or code is the value.
BASE_QUANTITIES = [
    ("value", "", ""),
    ("base", "基数", "_base"),
    ("plan", "计划", "_plan"),
    ("completion", "完成率", "_completion"),
    ("growth", "增长率", "_growth"),
    ("increment", "增量", "_increment"),
]
FIELD_QUANTITIES = [
    ("share", "占比", "_share"),
    ("increment_share", "增量占比", "_increment_share"),
    ("score", "得分", "_score"),
    ("rank", "排名", "_rank"),
    ("rank_from_bottom", "排名倒数", "_rank_from_bottom"),
]
GLOBAL_QUANTITIES = [
    ("total_score", "总分", "total_score"),
    ("rank", "排名", "rank"),
    ("rank_from_bottom", "排名倒数", "rank_from_bottom"),
    ("field_count", "参赛数", "field_count"),
]
# Names a `formula` indicator may use for its own quantities.
FORMULA_LOCALS = {
    "值": "value",
    "value": "value",
    "基数": "base",
    "base": "base",
    "计划": "plan",
    "plan": "plan",
    "完成率": "completion",
    "completion": "completion",
    "增长率": "growth",
    "growth": "growth",
    "增量": "increment",
    "increment": "increment",
}


def bad(message, **details) -> DomainError:
    return DomainError("bad_scheme", message, details)


@dataclass
class Phase:
    name: str
    start: date
    end: date


@dataclass
class Member:
    role: str  # 组长, 副组长, 成员, 办公室 …
    person: str = ""  # staff number (orgs.Person.code)
    name: str = ""
    may: list[str] = field(default_factory=list)


@dataclass
class Group:
    code: str
    name: str
    kind: str = "unit"  # unit | person
    unit_kinds: list[str] = field(default_factory=list)
    under: str = ""  # unit code of the subtree (default: the organiser)
    roles: list[str] = field(default_factory=list)  # for people: post roles
    titles: list[str] = field(default_factory=list)  # for people: job titles
    members: list[str] = field(default_factory=list)  # explicit codes (units or people)


@dataclass
class Indicator:
    code: str
    name: str
    unit: str = ""
    direction: str = "higher"
    source: str = "import"
    metric: str = ""
    event: str = ""
    derived: str = ""  # source: derived — the derived quantity that is this indicator's value
    method: str = "raw"
    weight: float = 0.0
    cap: float | None = None
    groups: list[str] = field(default_factory=list)
    params: dict = field(default_factory=dict)
    nonnegative: bool = True


@dataclass
class Fact:
    code: str
    name: str
    unit: str = ""
    groups: list[str] = field(default_factory=list)  # default: every group
    default: float | None = None  # a blank cell: this value; None: a blank cell is an import error


@dataclass
class Derived:
    """A named per-participant quantity: an expression over values, bases, plans, facts, other derived."""

    code: str
    name: str
    expr: str
    unit: str = ""
    groups: list[str] = field(default_factory=list)  # default: the groups that use it (scheme/uses.py)


@dataclass
class Rule:
    name: str
    when: str
    groups: list[str] = field(default_factory=list)


@dataclass
class Award:
    name: str
    groups: list[str] = field(default_factory=list)
    top: int | None = None
    top_percent: float | None = None
    when: str = ""
    tiers: list[dict] = field(default_factory=list)  # [{name, count}]
    by: str = ""  # rank by this indicator (its score) or derived quantity instead of the total
    exclusive: str = ""  # at most one award of this set per participant
    tie: str = "shared"  # at the boundary: shared (all tied win) | break (by tie_break, then shared)
    tie_break: list[str] = field(default_factory=list)  # indicators or derived quantities, in order


@dataclass
class Penalty:
    name: str
    when: str
    groups: list[str] = field(default_factory=list)
    card: str = "yellow"
    pay_cut: float = 0.0  # percent of the period's performance pay
    posts: list[str] = field(default_factory=list)  # job titles or role codes of the unit's people


@dataclass
class ParticipantSpec:
    code: str
    name: str
    group: str = ""


@dataclass
class Scheme:
    code: str
    name: str
    start: date
    end: date
    organiser: str = ""
    description: str = ""
    public: bool = False
    cycle: str = "monthly"
    phases: list[Phase] = field(default_factory=list)
    committee: list[Member] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    participants: list[ParticipantSpec] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    derived: list[Derived] = field(default_factory=list)
    weights_total: float | None = 100.0
    tie_break: list[str] = field(default_factory=list)
    eligibility: list[Rule] = field(default_factory=list)
    disqualify: list[Rule] = field(default_factory=list)
    ineligible: list[Rule] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)
    version: int = 1

    # ---- derived -------------------------------------------------------------------------------------
    def group_codes(self) -> list[str]:
        return [g.code for g in self.groups] or ["all"]

    def indicators_of(self, group: str) -> list[Indicator]:
        return [i for i in self.indicators if not i.groups or group in i.groups]

    def applies(self, groups: list[str], group: str) -> bool:
        return not groups or group in groups

    def indicator(self, code_or_name: str) -> Indicator | None:
        return next((i for i in self.indicators if code_or_name in (i.code, i.name)), None)

    def derived_q(self, code_or_name: str) -> Derived | None:
        return next((d for d in self.derived if code_or_name in (d.code, d.name)), None)

    def fact(self, code_or_name: str) -> Fact | None:
        return next((f for f in self.facts if code_or_name in (f.code, f.name)), None)

    def base_names(self) -> dict[str, tuple[str, str]]:
        """name → (indicator code | "fact", quantity | fact code): what a participant has before ranking."""
        out: dict[str, tuple[str, str]] = {}
        for ind in self.indicators:
            for q, zh, en in BASE_QUANTITIES:
                out[ind.name + zh] = (ind.code, q)
                out[ind.code + en] = (ind.code, q)
        for f in self.facts:
            out[f.name] = ("fact", f.code)
            out[f.code] = ("fact", f.code)
        for d in self.derived:
            out[d.name] = ("derived", d.code)
            out[d.code] = ("derived", d.code)
        return out

    def all_names(self) -> dict[str, tuple[str, str]]:
        out = self.base_names()
        for ind in self.indicators:
            for q, zh, en in FIELD_QUANTITIES:
                out[ind.name + zh] = (ind.code, q)
                out[ind.code + en] = (ind.code, q)
        for q, zh, en in GLOBAL_QUANTITIES:
            out[zh] = ("", q)
            out[en] = ("", q)
        return out

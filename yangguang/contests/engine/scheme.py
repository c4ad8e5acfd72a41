"""The scheme format: a competition written down as YAML (or a dict), validated, and exported back.

`load_scheme(text_or_dict) -> Scheme` parses and validates (every rule compiled against the names
it may use); `scheme_to_dict(scheme)` gives the canonical dict and `dump_yaml(scheme)` the YAML text, so
that export → import gives the same `Scheme` (tested with hypothesis). See docs/contests.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError

from .expr import FUNCTION_NAMES, compile_rule, fmt

CYCLES = ("monthly", "quarterly", "half-yearly", "yearly", "once")
DIRECTIONS = ("higher", "lower")
SOURCES = ("import", "manual", "metric", "event")
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
    by: str = ""  # rank by this indicator instead of the total
    exclusive: str = ""  # at most one award of this set per participant


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
    weights_total: float | None = 100.0
    tie_break: list[str] = field(default_factory=list)
    eligibility: list[Rule] = field(default_factory=list)
    disqualify: list[Rule] = field(default_factory=list)
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


# ---- parsing --------------------------------------------------------------------------------------------


def _date(v: Any, where: str) -> date:
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v).strip())
    except (TypeError, ValueError):
        raise bad(
            fmt(_("%(where)s: %(value)s is not a date (YYYY-MM-DD)"), where=where, value=v), field=where
        )


def _str(d: dict, key: str, where: str, default: str | None = None) -> str:
    v = d.get(key, default)
    if v is None:
        raise bad(fmt(_("%(where)s: %(key)s is required"), where=where, key=key), field=f"{where}.{key}")
    return str(v).strip()


def _list(d: dict, key: str, where: str) -> list:
    v = d.get(key) or []
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list):
        raise bad(fmt(_("%(where)s: %(key)s must be a list"), where=where, key=key), field=f"{where}.{key}")
    return v


def _num(v: Any, where: str, *, allow_none: bool = True) -> float | None:
    if v is None or v == "":
        if allow_none:
            return None
        raise bad(fmt(_("%(where)s is required"), where=where), field=where)
    if isinstance(v, bool):
        raise bad(fmt(_("%(where)s: %(value)s is not a number"), where=where, value=v), field=where)
    try:
        return float(v)
    except (TypeError, ValueError):
        raise bad(fmt(_("%(where)s: %(value)s is not a number"), where=where, value=v), field=where)


def _int(v: Any, where: str) -> int | None:
    n = _num(v, where)
    if n is None:
        return None
    if n != int(n) or n < 1:
        raise bad(
            fmt(_("%(where)s: %(value)s is not a positive whole number"), where=where, value=v), field=where
        )
    return int(n)


def _choice(v: str, choices: tuple, where: str) -> str:
    if v not in choices:
        raise bad(
            fmt(
                _("%(where)s: %(value)s is not one of %(choices)s"),
                where=where,
                value=v,
                choices=", ".join(choices),
            ),
            field=where,
        )
    return v


def _strs(v: list) -> list[str]:
    return [str(x).strip() for x in v]


def _plain_params(v: Any, where: str) -> dict:
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise bad(fmt(_("%(where)s must be a mapping"), where=where), field=where)
    return v


def parse_scheme(data: str | dict) -> Scheme:
    """YAML text or a dict → a validated Scheme (DomainError naming the field or rule otherwise)."""
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    if isinstance(data, str):
        try:
            data = yaml.safe_load(data)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = mark.line + 1 if mark else None
            raise bad(fmt(_("The scheme is not valid YAML (line %(line)s)."), line=line or "?"), line=line)
    if not isinstance(data, dict):
        raise bad(_("The scheme must be a mapping of fields."))
    d = data
    s = Scheme(
        code=_str(d, "code", "scheme"),
        name=_str(d, "name", "scheme"),
        start=_date(
            (d.get("period") or {}).get("start") if isinstance(d.get("period"), dict) else d.get("start"),
            "period.start",
        ),
        end=_date(
            (d.get("period") or {}).get("end") if isinstance(d.get("period"), dict) else d.get("end"),
            "period.end",
        ),
        organiser=str(d.get("organiser") or "").strip(),
        description=str(d.get("description") or "").strip(),
        public=bool(d.get("public", False)),
        cycle=_choice(str(d.get("cycle") or "monthly"), CYCLES, "cycle"),
        version=int(d.get("version") or 1),
    )
    if not CODE_RE.match(s.code.replace("-", "_")):
        raise bad(
            fmt(_("code %(code)s: use letters, digits, - and _ (at most 40)"), code=s.code), field="code"
        )
    for i, p in enumerate(_list(d, "phases", "scheme")):
        w = f"phases[{i + 1}]"
        s.phases.append(
            Phase(_str(p, "name", w), _date(p.get("start"), f"{w}.start"), _date(p.get("end"), f"{w}.end"))
        )
    for i, m in enumerate(_list(d, "committee", "scheme")):
        w = f"committee[{i + 1}]"
        may = _strs(_list(m, "may", w))
        for x in may:
            _choice(x, PERMISSIONS, f"{w}.may")
        s.committee.append(
            Member(_str(m, "role", w), str(m.get("person") or ""), str(m.get("name") or ""), may)
        )
    for i, g in enumerate(_list(d, "groups", "scheme")):
        w = f"groups[{i + 1}]"
        s.groups.append(
            Group(
                code=_str(g, "code", w),
                name=_str(g, "name", w),
                kind=_choice(str(g.get("kind") or "unit"), ("unit", "person"), f"{w}.kind"),
                unit_kinds=_strs(_list(g, "unit_kinds", w)),
                under=str(g.get("under") or ""),
                roles=_strs(_list(g, "roles", w)),
                titles=_strs(_list(g, "titles", w)),
                members=_strs(_list(g, "members", w)),
            )
        )
    for i, p in enumerate(_list(d, "participants", "scheme")):
        w = f"participants[{i + 1}]"
        s.participants.append(
            ParticipantSpec(_str(p, "code", w), _str(p, "name", w), str(p.get("group") or ""))
        )
    for i, x in enumerate(_list(d, "indicators", "scheme")):
        w = f"indicators[{i + 1}]"
        s.indicators.append(
            Indicator(
                code=_str(x, "code", w),
                name=_str(x, "name", w),
                unit=str(x.get("unit") or ""),
                direction=_choice(str(x.get("direction") or "higher"), DIRECTIONS, f"{w}.direction"),
                source=_choice(str(x.get("source") or "import"), SOURCES, f"{w}.source"),
                metric=str(x.get("metric") or ""),
                event=str(x.get("event") or ""),
                method=_choice(str(x.get("method") or "raw"), METHODS, f"{w}.method"),
                weight=_num(x.get("weight", 0), f"{w}.weight") or 0.0,
                cap=_num(x.get("cap"), f"{w}.cap"),
                groups=_strs(_list(x, "groups", w)),
                params=_plain_params(x.get("params"), f"{w}.params"),
                nonnegative=bool(x.get("nonnegative", True)),
            )
        )
    for i, f in enumerate(_list(d, "facts", "scheme")):
        w = f"facts[{i + 1}]"
        s.facts.append(Fact(_str(f, "code", w), _str(f, "name", w), str(f.get("unit") or "")))
    wt = d.get("weights_total", 100)
    s.weights_total = _num(wt, "weights_total")
    s.tie_break = _strs(_list(d, "tie_break", "scheme"))
    rules = d.get("rules") or {}
    if not isinstance(rules, dict):
        raise bad(_("rules must be a mapping (eligibility, disqualify, awards, penalties)"), field="rules")
    for kind in ("eligibility", "disqualify"):
        for i, r in enumerate(_list(rules, kind, "rules")):
            w = f"rules.{kind}[{i + 1}]"
            getattr(s, kind).append(
                Rule(_str(r, "name", w), _str(r, "when", w), _strs(_list(r, "groups", w)))
            )
    for i, a in enumerate(_list(rules, "awards", "rules")):
        w = f"rules.awards[{i + 1}]"
        tiers = []
        for j, t in enumerate(_list(a, "tiers", w)):
            tiers.append(
                {
                    "name": _str(t, "name", f"{w}.tiers[{j + 1}]"),
                    "count": _int(t.get("count"), f"{w}.tiers[{j + 1}].count"),
                }
            )
        s.awards.append(
            Award(
                name=_str(a, "name", w),
                groups=_strs(_list(a, "groups", w)),
                top=_int(a.get("top"), f"{w}.top"),
                top_percent=_num(a.get("top_percent"), f"{w}.top_percent"),
                when=str(a.get("when") or "").strip(),
                tiers=tiers,
                by=str(a.get("by") or ""),
                exclusive=str(a.get("exclusive") or ""),
            )
        )
    for i, p in enumerate(_list(rules, "penalties", "rules")):
        w = f"rules.penalties[{i + 1}]"
        s.penalties.append(
            Penalty(
                name=_str(p, "name", w),
                when=_str(p, "when", w),
                groups=_strs(_list(p, "groups", w)),
                card=_choice(str(p.get("card") or "yellow"), CARDS, f"{w}.card"),
                pay_cut=_num(p.get("pay_cut", 0), f"{w}.pay_cut") or 0.0,
                posts=_strs(_list(p, "posts", w)),
            )
        )
    validate(s)
    return s


load_scheme = parse_scheme


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
            known = set(FORMULA_LOCALS) | {f.name for f in s.facts} | {f.code for f in s.facts}
            compile_rule(str(src or ""), known, rule=f"{ind.name}.formula")
        if ind.method in ("share",) and ind.params.get("of", "value") not in ("value", "increment"):
            raise bad(fmt(_("%(where)s: params.of is value or increment"), where=w), field=w)
    for i, f in enumerate(s.facts):
        w = f"facts[{i + 1}]"
        if not f.name.isidentifier() or not CODE_RE.match(f.code):
            raise bad(fmt(_("%(where)s: code and name must be single words"), where=w), field=w)
        for n in {f.code, f.name}:
            if n in seen or n in reserved:
                raise bad(fmt(_("%(where)s: the name %(name)s is already taken"), where=w, name=n), field=w)
            seen.add(n)
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
        if s.indicator(t) is None:
            raise bad(fmt(_("tie_break: unknown indicator %(name)s"), name=t), field="tie_break")
    base = s.base_names()
    full = s.all_names()
    for kind in ("eligibility", "disqualify"):
        for i, r in enumerate(getattr(s, kind)):
            check_groups(r.groups, f"rules.{kind}[{i + 1}]")
            # Before ranking: only values, bases, plans, rates and facts.
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
        if a.by and s.indicator(a.by) is None:
            raise bad(fmt(_("award %(name)s: unknown indicator %(by)s"), name=a.name, by=a.by), field=w)
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


# ---- export ---------------------------------------------------------------------------------------------


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def _n(x: float | None):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def scheme_to_dict(s: Scheme) -> dict:
    """The canonical, JSON- and YAML-safe dict of a scheme (defaults omitted)."""
    out: dict[str, Any] = {
        "version": s.version,
        "code": s.code,
        "name": s.name,
        "organiser": s.organiser,
        "description": s.description,
        "public": s.public,
        "period": {"start": s.start.isoformat(), "end": s.end.isoformat()},
        "cycle": s.cycle,
        "phases": [
            {"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat()} for p in s.phases
        ],
        "committee": [
            _clean({"role": m.role, "person": m.person, "name": m.name, "may": m.may}) for m in s.committee
        ],
        "groups": [
            _clean(
                {
                    "code": g.code,
                    "name": g.name,
                    "kind": g.kind,
                    "unit_kinds": g.unit_kinds,
                    "under": g.under,
                    "roles": g.roles,
                    "titles": g.titles,
                    "members": g.members,
                }
            )
            for g in s.groups
        ],
        "participants": [_clean({"code": p.code, "name": p.name, "group": p.group}) for p in s.participants],
        "indicators": [
            _clean(
                {
                    "code": i.code,
                    "name": i.name,
                    "unit": i.unit,
                    "direction": i.direction,
                    "source": i.source,
                    "metric": i.metric,
                    "event": i.event,
                    "method": i.method,
                    "weight": _n(i.weight),
                    "cap": _n(i.cap),
                    "groups": i.groups,
                    "params": i.params,
                    "nonnegative": None if i.nonnegative else False,
                }
            )
            for i in s.indicators
        ],
        "facts": [_clean({"code": f.code, "name": f.name, "unit": f.unit}) for f in s.facts],
        "weights_total": _n(s.weights_total) if s.weights_total is not None else "none",
        "tie_break": s.tie_break,
        "rules": _clean(
            {
                "eligibility": [
                    _clean({"name": r.name, "when": r.when, "groups": r.groups}) for r in s.eligibility
                ],
                "disqualify": [
                    _clean({"name": r.name, "when": r.when, "groups": r.groups}) for r in s.disqualify
                ],
                "awards": [
                    _clean(
                        {
                            "name": a.name,
                            "groups": a.groups,
                            "top": a.top,
                            "top_percent": _n(a.top_percent),
                            "when": a.when,
                            "tiers": a.tiers,
                            "by": a.by,
                            "exclusive": a.exclusive,
                        }
                    )
                    for a in s.awards
                ],
                "penalties": [
                    _clean(
                        {
                            "name": p.name,
                            "groups": p.groups,
                            "when": p.when,
                            "card": p.card,
                            "pay_cut": _n(p.pay_cut),
                            "posts": p.posts,
                        }
                    )
                    for p in s.penalties
                ],
            }
        ),
    }
    out = _clean(out)
    out["public"] = s.public
    if out.get("weights_total") == "none":
        out["weights_total"] = None
    return out


def dump_yaml(s: Scheme) -> str:
    return yaml.safe_dump(scheme_to_dict(s), allow_unicode=True, sort_keys=False, width=110)

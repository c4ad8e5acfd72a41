"""Reading a scheme: YAML text or a dict → `Scheme`, every field checked (unknown fields refused)."""

from __future__ import annotations

import yaml
from django.utils.translation import gettext_lazy as _

from ..expr import fmt
from . import keys as K
from .keys import check_keys
from .model import (
    CARDS,
    CODE_RE,
    CYCLES,
    DIRECTIONS,
    METHODS,
    PERMISSIONS,
    SOURCES,
    TIES,
    Award,
    Derived,
    Fact,
    Group,
    Indicator,
    Member,
    ParticipantSpec,
    Penalty,
    Phase,
    Rule,
    Scheme,
    bad,
)
from .parse_helpers import _choice, _date, _int, _list, _num, _plain_params, _str, _strs  # noqa: E402
from .validate import validate


def _items(d: dict, key: str, where: str, known: list[str]) -> list[tuple[str, dict]]:
    """The list under `key`, each item a mapping with only known fields, with its path."""
    out = []
    for i, x in enumerate(_list(d, key, where)):
        w = f"{key}[{i + 1}]" if where == "" else f"{where}.{key}[{i + 1}]"
        check_keys(x, known, w)
        out.append((w, x))
    return out


def _params(x: dict, method: str, w: str) -> dict:
    params = _plain_params(x.get("params"), f"{w}.params")
    check_keys(params, K.PARAMS.get(method, []), f"{w}.params")
    if method == "tiers" and isinstance(params.get("tiers"), list):
        for j, t in enumerate(params["tiers"]):
            check_keys(t, K.TIER, f"{w}.params.tiers[{j + 1}]")
    return params


def _rule(w: str, r: dict) -> Rule:
    return Rule(_str(r, "name", w), _str(r, "when", w), _strs(_list(r, "groups", w)))


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
    check_keys(d, K.TOP, "")
    period = d.get("period")
    if period is not None:
        check_keys(period, K.PERIOD, "period")
    pd = period if isinstance(period, dict) else d
    s = Scheme(
        code=_str(d, "code", "scheme"),
        name=_str(d, "name", "scheme"),
        start=_date(pd.get("start"), "period.start"),
        end=_date(pd.get("end"), "period.end"),
        organiser=str(d.get("organiser") or "").strip(),
        description=str(d.get("description") or "").strip(),
        public=bool(d.get("public", False)),
        cycle=_choice(str(d.get("cycle") or "monthly"), CYCLES, "cycle"),
        version=_int(d.get("version"), "version") or 1,
    )
    if not CODE_RE.match(s.code.replace("-", "_")):
        raise bad(
            fmt(_("code %(code)s: use letters, digits, - and _ (at most 40)"), code=s.code), field="code"
        )
    for w, p in _items(d, "phases", "", K.PHASE):
        s.phases.append(
            Phase(_str(p, "name", w), _date(p.get("start"), f"{w}.start"), _date(p.get("end"), f"{w}.end"))
        )
    for w, m in _items(d, "committee", "", K.MEMBER):
        may = _strs(_list(m, "may", w))
        for x in may:
            _choice(x, PERMISSIONS, f"{w}.may")
        s.committee.append(
            Member(_str(m, "role", w), str(m.get("person") or ""), str(m.get("name") or ""), may)
        )
    for w, g in _items(d, "groups", "", K.GROUP):
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
    for w, p in _items(d, "participants", "", K.PARTICIPANT):
        s.participants.append(
            ParticipantSpec(_str(p, "code", w), _str(p, "name", w), str(p.get("group") or ""))
        )
    for w, x in _items(d, "indicators", "", K.INDICATOR):
        method = _choice(str(x.get("method") or "raw"), METHODS, f"{w}.method")
        s.indicators.append(
            Indicator(
                code=_str(x, "code", w),
                name=_str(x, "name", w),
                unit=str(x.get("unit") or ""),
                direction=_choice(str(x.get("direction") or "higher"), DIRECTIONS, f"{w}.direction"),
                source=_choice(str(x.get("source") or "import"), SOURCES, f"{w}.source"),
                metric=str(x.get("metric") or ""),
                event=str(x.get("event") or ""),
                derived=str(x.get("derived") or ""),
                method=method,
                weight=_num(x.get("weight", 0), f"{w}.weight") or 0.0,
                cap=_num(x.get("cap"), f"{w}.cap"),
                groups=_strs(_list(x, "groups", w)),
                params=_params(x, method, w),
                nonnegative=bool(x.get("nonnegative", True)),
            )
        )
    for w, f in _items(d, "facts", "", K.FACT):
        s.facts.append(
            Fact(
                _str(f, "code", w),
                _str(f, "name", w),
                str(f.get("unit") or ""),
                _strs(_list(f, "groups", w)),
                _num(f.get("default"), f"{w}.default"),
            )
        )
    for w, x in _items(d, "derived", "", K.DERIVED):
        s.derived.append(
            Derived(
                _str(x, "code", w),
                _str(x, "name", w),
                _str(x, "expr", w),
                str(x.get("unit") or ""),
                _strs(_list(x, "groups", w)),
            )
        )
    wt = d.get("weights_total", 100)
    s.weights_total = _num(wt, "weights_total")
    s.tie_break = _strs(_list(d, "tie_break", "scheme"))
    rules = d.get("rules") or {}
    check_keys(rules, K.RULES, "rules")
    for kind in ("eligibility", "disqualify", "ineligible"):
        for w, r in _items(rules, kind, "rules", K.RULE):
            getattr(s, kind).append(_rule(w, r))
    for w, a in _items(rules, "awards", "rules", K.AWARD):
        tiers = []
        for wt_, t in _items(a, "tiers", w, K.AWARD_TIER):
            tiers.append({"name": _str(t, "name", wt_), "count": _int(t.get("count"), f"{wt_}.count")})
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
                tie=_choice(str(a.get("tie") or "shared"), TIES, f"{w}.tie"),
                tie_break=_strs(_list(a, "tie_break", w)),
            )
        )
    for w, p in _items(rules, "penalties", "rules", K.PENALTY):
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

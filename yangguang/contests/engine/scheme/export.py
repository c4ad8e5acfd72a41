"""Exporting a scheme: the canonical dict (defaults omitted) and its YAML text; export → import is the
identity (tested with hypothesis)."""

from __future__ import annotations

from typing import Any

import yaml

from .model import Scheme

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
                    "derived": i.derived,
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
        "facts": [
            _clean(
                {"code": f.code, "name": f.name, "unit": f.unit, "groups": f.groups, "default": _n(f.default)}
            )
            for f in s.facts
        ],
        "derived": [
            _clean({"code": d.code, "name": d.name, "expr": d.expr, "unit": d.unit, "groups": d.groups})
            for d in s.derived
        ],
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
                "ineligible": [
                    _clean({"name": r.name, "when": r.when, "groups": r.groups}) for r in s.ineligible
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
                            "tie": None if a.tie == "shared" else a.tie,
                            "tie_break": a.tie_break,
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

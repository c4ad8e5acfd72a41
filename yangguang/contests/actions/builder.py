"""The scheme builder: a scheme as plain form fields (one row of inputs per group, indicator, fact, derived
quantity and rule), a live preview on the latest period's figures, and saving.

The form state is the flat POST data itself — `to_form(scheme_dict)` gives it, `from_form(data)` reads it
back — so the page needs no script beyond htmx. A row's fields the form has no input for travel in its
`extra` field as one line of YAML (`{tiers: [...], exclusive: 会员}`), so export → builder → YAML is the
identity (tested). Preview evaluates the current and the edited scheme on the same figures: the
differences are the rules changed and the participants whose results would change."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

import yaml
from django.db import connection, transaction
from django.utils.translation import gettext as _

from yangguang.core import safeyaml
from yangguang.core.errors import DomainError, Forbidden

from ..engine.data import table_from_records
from ..engine.evaluate import evaluate, gc_paused
from ..engine.expr import fmt
from ..engine.periods import parse_period
from ..engine.scheme import parse_scheme, scheme_to_dict
from ..models import Competition, Entry, Evaluation
from ._common import may
from .competitions import competition_import_scheme
from .evaluations import build_inputs

RULE_KINDS = ("eligibility", "disqualify", "ineligible", "awards", "penalties")
# section prefix → (the scheme's list, the fields with an input of their own, which of them are lists /
# numbers / YAML mappings); anything else of a row goes in its `extra`
SECTIONS = {
    "g": ("groups", ["code", "name", "kind", "unit_kinds", "under", "roles", "titles"]),
    "i": (
        "indicators",
        ["code", "name", "unit", "direction", "source", "method", "weight", "cap", "groups", "params"],
    ),
    "f": ("facts", ["code", "name", "unit", "groups", "default"]),
    "d": ("derived", ["code", "name", "expr", "unit", "groups"]),
    "r": ("rules", ["kind", "name", "when", "groups", "top", "by", "card", "pay_cut", "posts"]),
}
LISTS = {"unit_kinds", "roles", "titles", "groups", "posts", "tie_break"}
NUMBERS = {"weight", "cap", "default", "top", "pay_cut"}
MAPPINGS = {"params"}
TOP = ["code", "name", "organiser", "description", "start", "end", "cycle", "weights_total", "tie_break"]
_SPLIT = re.compile(r"[,，、]")  # not spaces: a post may be "vice president"


# ---- form ⇄ scheme ---------------------------------------------------------------------------------------


def _flow(x) -> str:
    if x in (None, {}, []):
        return ""
    return yaml.safe_dump(
        x, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10_000
    ).strip()


def _text(field: str, v) -> str:
    if v is None:
        return ""
    if field in LISTS:
        return ", ".join(str(x) for x in v)
    if field in MAPPINGS:
        return _flow(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def to_form(d: dict) -> dict[str, str]:
    """The builder's form fields of a canonical scheme dict."""
    out: dict[str, str] = {}
    rest = dict(d)
    for f in TOP:
        if f in ("start", "end"):
            out[f] = (d.get("period") or {}).get(f, "")
        elif f == "weights_total" and "weights_total" in d:
            out[f] = "none" if d["weights_total"] is None else _text(f, d["weights_total"])
        else:
            out[f] = _text(f, d.get(f))
        rest.pop(f, None)
    out["public"] = "on" if d.get("public") else ""
    for k in ("period", "public", *[s[0] for s in SECTIONS.values()]):
        rest.pop(k, None)
    out["extra"] = _flow(rest)
    for p, (section, fields) in SECTIONS.items():
        if section == "rules":
            rows = [{"kind": k, **r} for k in RULE_KINDS for r in (d.get("rules") or {}).get(k, [])]
        else:
            rows = d.get(section) or []
        for n, row in enumerate(rows):
            for f in fields:
                out[f"{p}-{n}-{f}"] = _text(f, row.get(f))
            out[f"{p}-{n}-extra"] = _flow({k: v for k, v in row.items() if k not in fields})
    return out


def _number(field: str, text: str, where: str):
    try:
        x = Decimal(text.strip())
    except InvalidOperation:
        raise DomainError(
            "bad_scheme",
            fmt(_("%(field)s: %(text)s is not a number"), field=where, text=text),
            {"field": where},
        ) from None
    if not x.is_finite() or abs(x) >= 10**15:  # weights, caps and points are far smaller
        raise DomainError(
            "bad_scheme",
            fmt(_("%(field)s: %(text)s is out of range"), field=where, text=text),
            {"field": where},
        )
    return int(x) if x == x.to_integral_value() else float(x)


def _mapping(text: str, where: str) -> dict:
    if not text.strip():
        return {}
    try:
        x = safeyaml.load(text)
    except DomainError as e:
        raise DomainError("bad_scheme", f"{where}: {e.message}", {"field": where}) from None
    except (ValueError, TypeError, yaml.YAMLError) as e:  # e.g. a date 2026-02-30 the YAML reader builds
        raise DomainError("bad_scheme", f"{where}: {e}", {"field": where}) from None
    if not isinstance(x, dict):
        raise DomainError(
            "bad_scheme",
            fmt(_("%(field)s: write the fields as a YAML mapping"), field=where),
            {"field": where},
        )
    return x


def _value(field: str, text: str, where: str):
    text = (text or "").strip()
    if not text:
        return None
    if field in LISTS:
        return [x.strip() for x in _SPLIT.split(text) if x.strip()]
    if field in NUMBERS:
        return _number(field, text, where)
    if field in MAPPINGS:
        return _mapping(text, where) or None
    return text


def _rows(data, p: str) -> list[int]:
    ns = {int(m.group(1)) for k in data for m in [re.match(rf"^{p}-(\d+)-", k)] if m}
    return sorted(n for n in ns if n < 2000)


def from_form(data) -> dict:
    """The scheme dict of the builder's form fields (blank and deleted rows left out). Raises DomainError
    naming the field for a number or mapping that cannot be read; the scheme itself is checked by
    parse_scheme."""
    d: dict = _mapping(data.get("extra", ""), "extra")
    for f in ("code", "name", "organiser", "description", "cycle", "tie_break"):
        v = _value(f, data.get(f, ""), f)
        if v is not None:
            d[f] = v
    d["public"] = data.get("public") in ("on", "true", "1")
    if data.get("start") or data.get("end"):
        d["period"] = {"start": data.get("start", "").strip(), "end": data.get("end", "").strip()}
    wt = (data.get("weights_total") or "").strip()
    if wt:
        d["weights_total"] = None if wt.lower() == "none" else _number("weights_total", wt, "weights_total")
    rules: dict[str, list] = {}
    for p, (section, fields) in SECTIONS.items():
        rows = []
        for n in _rows(data, p):
            if data.get(f"{p}-{n}-delete"):
                continue
            row = {}
            for f in fields:
                v = _value(f, data.get(f"{p}-{n}-{f}", ""), f"{section}[{n}].{f}")
                if v is not None:
                    row[f] = v
            row.update(_mapping(data.get(f"{p}-{n}-extra", ""), f"{section}[{n}].extra"))
            if not any(v for k, v in row.items() if k != "kind"):
                continue  # the blank row for adding one
            rows.append(row)
        if section == "rules":
            for row in rows:
                kind = row.pop("kind", "")
                if kind not in RULE_KINDS:
                    raise DomainError(
                        "bad_scheme",
                        fmt(_("rule %(name)s: choose its kind"), name=row.get("name", "")),
                        {"field": "rules"},
                    )
                rules.setdefault(kind, []).append(row)
        elif rows:
            d[section] = rows
    if rules:
        d["rules"] = rules
    return d


def check_expression(data, field: str) -> str:
    """Check the scheme of the form with only the rule or derived quantity in `field` ("r-3-when",
    "d-0-expr"): '' when it compiles, else the message (naming the unknown quantity and its nearest
    known name). Other rules are left out so that their errors are not this field's."""
    m = re.match(r"^([rd])-(\d+)-(when|expr)$", field or "")
    if not m:
        return _("Unknown field.")
    data = {k: v for k, v in data.items()}
    p, n = m.group(1), m.group(2)
    if p == "r":
        for k in [k for k in data if k.startswith("r-") and not k.startswith(f"r-{n}-")]:
            del data[k]
    try:
        parse_scheme(from_form(data))
    except DomainError as e:
        return e.message
    return ""


# ---- preview, differences, saving ------------------------------------------------------------------------


def latest_period(comp: Competition) -> str | None:
    ev = Evaluation.objects.filter(competition=comp, current=True).order_by("-period").first()
    if ev is not None:
        return ev.period
    e = Entry.objects.filter(competition=comp).order_by("-period").first()
    return e.period if e else None


def _outcomes(res) -> dict[str, tuple]:
    """Per participant code what a result decides (rank, exact total, status, awards, penalties), read
    from the result's columns without building explanations (16,000 participants in the preview)."""
    t = res.table
    out = {}
    for i in range(len(res)):
        aw, pe = res.awards[i], res.penalties[i]
        out[t.ids[i]] = (
            res.rank[i],
            res.cents[i],
            res.status(i),
            tuple(sorted(a["name"] for a in aw)) if aw else (),
            tuple(sorted(p["name"] for p in pe)) if pe else (),
        )
    return out


def _inputs(comp, s, period) -> list[dict]:
    """The period's records as `build_inputs` gives them; without platform figures or judged events they
    are read as plain rows (no model instances: 16,000 entries in a fraction of the time)."""
    p = parse_period(period)
    if _platform_sourced(s):
        return build_inputs(comp, s, p)[1]
    keys = [p.key] + list(reversed(p.months())) if p.kind != "month" else [p.key]
    entries: dict = {}
    for k in keys:  # as _entries_for: a quarter/half/year without its own figures uses its latest month
        entries = _entry_figures(comp, k)
        if entries:
            break
    needs = {g: any(i.source in ("import", "manual") for i in s.indicators_of(g)) for g in s.group_codes()}
    out = []
    for pid, code, name, group in comp.participants.values_list("pk", "code", "name", "group"):
        e = entries.get(pid)
        if e is None and needs.get(group, False):
            continue
        out.append(
            {
                "id": code,
                "name": name,
                "group": group,
                "values": dict(e[0]) if e else {},
                "facts": dict(e[1]) if e else {},
            }
        )
    return out


def _entry_figures(comp, period: str) -> dict:
    """participant id → (values, facts) of a period. On PostgreSQL the rows come as one JSON array
    decoded in one call (16,000 entries: a JSON decode per field through the ORM costs ~0.5 s)."""
    if connection.vendor == "postgresql":
        q = connection.ops.quote_name
        sql = (
            f"SELECT COALESCE(json_agg(json_build_array({q('participant_id')}, {q('values')}, {q('facts')})), "
            f"'[]')::text FROM {q(Entry._meta.db_table)} WHERE {q('competition_id')} = %s AND {q('period')} = %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [comp.pk, period])
            return {pid: (v, f) for pid, v, f in json.loads(cur.fetchone()[0])}
    return {
        pid: (v, f)
        for pid, v, f in Entry.objects.filter(competition=comp, period=period).values_list(
            "participant_id", "values", "facts"
        )
    }


def _platform_sourced(s) -> set[tuple[str, str]]:
    return {(i.source, i.metric or i.event or "") for i in s.indicators if i.source in ("metric", "event")}


def _by_key(items: list[dict], key: str) -> dict:
    return {str(x.get(key) or x.get("name")): x for x in items}


def scheme_changes(old: dict, new: dict) -> list[dict]:
    """What the edited scheme changes: groups, indicators, facts, derived quantities and rules added,
    removed or changed (by code or name), and the scheme's own fields."""
    out = []
    for section, key in (("groups", "code"), ("indicators", "code"), ("facts", "code"), ("derived", "code")):
        a, b = _by_key(old.get(section) or [], key), _by_key(new.get(section) or [], key)
        out += _compare(section, a, b)
    for kind in RULE_KINDS:
        a = _by_key((old.get("rules") or {}).get(kind, []), "name")
        b = _by_key((new.get("rules") or {}).get(kind, []), "name")
        out += _compare(f"rules.{kind}", a, b)
    for f in ("name", "period", "cycle", "weights_total", "tie_break", "public", "phases", "committee"):
        if old.get(f) != new.get(f):
            out.append(
                {"section": f, "name": f, "change": "changed", "before": old.get(f), "after": new.get(f)}
            )
    return out


def _compare(section, a, b) -> list[dict]:
    out = []
    for k in a.keys() | b.keys():
        if k not in b:
            out.append(
                {"section": section, "name": k, "change": "removed", "before": _flow(a[k]), "after": ""}
            )
        elif k not in a:
            out.append({"section": section, "name": k, "change": "added", "before": "", "after": _flow(b[k])})
        elif a[k] != b[k]:
            out.append(
                {
                    "section": section,
                    "name": k,
                    "change": "changed",
                    "before": _flow(a[k]),
                    "after": _flow(b[k]),
                }
            )
    return sorted(out, key=lambda x: (x["section"], x["name"]))


def result_changes(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    """Codes of the participants whose rank, total, status, awards or penalties differ between two runs."""
    return sorted(c for c in before.keys() | after.keys() if before.get(c) != after.get(c))


def builder_preview(
    *, actor, competition: Competition, scheme: dict, period: str | None = None, limit: int = 200
) -> dict:
    """Evaluate the edited scheme on the latest period's figures (nothing is stored): its ranking with
    awards, penalties and explanations, the changes against the current scheme, and the participants
    whose results would change."""
    if not may(actor, competition, "define"):
        raise Forbidden(_("Only those who may define this competition may use its builder."))
    s = parse_scheme(scheme)
    new = scheme_to_dict(s)
    out = {"scheme": new, "changes": scheme_changes(competition.scheme, new), "period": None}
    period = period or latest_period(competition)
    if not period:
        return out
    out["period"] = period
    with gc_paused():  # 16,000 records and two evaluations: no collector passes over them (see there)
        return _preview(competition, s, period, out, limit)


def _preview(competition, s, period, out, limit):
    """The preview proper: the figures read once, both schemes evaluated on them."""
    records = _inputs(competition, s, period)
    if not records:
        return out
    table = table_from_records(s, records)
    after = evaluate(s, table)
    current = parse_scheme(competition.scheme)
    # the figures are read once: the current scheme sees the same entries unless it ranks on a platform
    # figure or judged event the edited one does not (and the same table when it reads the same columns)
    if not _platform_sourced(current) <= _platform_sourced(s):
        records = _inputs(competition, current, period)
    elif _table_shape(current) == _table_shape(s):
        before = evaluate(current, table)
        out.update(preview_of(after, before, limit=limit))
        return out
    before = evaluate(current, table_from_records(current, records)) if records else None
    out.update(preview_of(after, before, limit=limit))
    return out


def _table_shape(s) -> tuple:
    """What `table_from_records` reads for a scheme: two schemes of one shape share the table."""
    return (
        tuple(i.code for i in s.indicators),
        tuple((f.code, f.default) for f in s.facts),
        s.group_codes()[0],
    )


def preview_of(after, before, *, limit: int = 200) -> dict:
    """The preview's records (explanations built only for the rows shown: the first `limit` in ranking
    order and up to `limit` whose results change) and the changes against `before`."""
    changed = result_changes(_outcomes(before) if before is not None else {}, _outcomes(after))
    order = after.order()
    pos = {after.table.ids[i]: i for i in order}
    shown = order[:limit]
    before_rec = {}
    if before is not None:
        bpos = {before.table.ids[i]: i for i in range(len(before))}
        before_rec = {c: before.record(bpos[c]) for c in changed[:limit] if c in bpos}
    return {
        "results": [after.record(i) for i in shown],
        "total": len(order),
        "changed_count": len(changed),
        "result_changes": [
            {
                "id": c,
                "before": before_rec.get(c),
                "after": after.record(pos[c]) if c in pos else None,
            }
            for c in changed[:limit]
        ],
    }


@transaction.atomic
def builder_save(*, actor, competition: Competition, scheme: dict) -> Competition:
    """Save the builder's scheme as the competition's new scheme (same code: never a new competition);
    the audit trail keeps the version before."""
    if not may(actor, competition, "define"):
        raise Forbidden(_("Only those who may define this competition may use its builder."))
    scheme = {**scheme, "code": competition.code}
    return competition_import_scheme(actor=actor, scheme=scheme, organiser=competition.organiser)

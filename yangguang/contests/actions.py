"""Every write of the contests domain: one transaction each, validated, audited.

Stable entry points other domains (supervision) build on — see docs/contests.md:

    competition_import_scheme(*, actor, scheme: str | dict, organiser=None) -> Competition
    data_import(*, actor, competition, period, data: bytes, filename) -> DataSheet
    evaluation_run(*, actor, competition, period: str, note="") -> Evaluation
    bulletin_publish(*, actor, evaluation, title="", addressees="", body="", signer="",
                     issued_on=None, public=None) -> Bulletin
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from datetime import date

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, record_update, snapshot
from yangguang.core import metrics
from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.core.review import resolve_2p1p1
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import has_role, person_of

from . import ledger
from .engine.data import build_table, read_columns, table_from_records
from .engine.evaluate import evaluate
from .engine.expr import fmt
from .engine.periods import parse_period
from .engine.scheme import Group as SchemeGroup
from .engine.scheme import Scheme, parse_scheme, scheme_to_dict
from .models import (
    Bulletin,
    Competition,
    DataSheet,
    Entrant,
    Entry,
    Evaluation,
    Event,
    Judge,
    Mark,
    Participant,
    Result,
)

# ---- permissions ----------------------------------------------------------------------------------------


def may(actor, competition: Competition, permission: str) -> bool:
    """Administrators of the organiser's unit, or committee members granted `permission` in the scheme."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_superuser or has_role(actor, "admin", competition.organiser):
        return True
    me = person_of(actor)
    if me is None:
        return False
    for m in (competition.scheme or {}).get("committee", []):
        if m.get("person") == me.code and permission in (m.get("may") or []):
            return True
    return False


def require(actor, competition: Competition, permission: str) -> None:
    if not may(actor, competition, permission):
        raise Forbidden(_("Only the organiser's administrators or the committee may do this."))


def scheme_of(competition: Competition) -> Scheme:
    return parse_scheme(competition.scheme)


def _hash(obj) -> str:
    return hashlib.sha256(
        json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


# ---- competitions ---------------------------------------------------------------------------------------


def _resolve_participants(scheme: Scheme, organiser: Unit) -> list[dict]:
    """The participants a scheme's groups select from the organisation tree."""
    out: list[dict] = []
    seen: set[str] = set()
    explicit = {p.code: p for p in scheme.participants}
    # A scheme without groups ranks the organiser's direct children as one field ("all").
    groups = scheme.groups or [SchemeGroup(code="all", name="", kind="unit")]
    for g in groups:
        under = organiser
        if g.under:
            under = Unit.objects.filter(code=g.under).first()
            if under is None or not under.path.startswith(organiser.path):
                raise DomainError(
                    "bad_scheme",
                    fmt(
                        _("group %(group)s: unit %(code)s is not under the organiser"),
                        group=g.code,
                        code=g.under,
                    ),
                    {"group": g.code},
                )
        if g.kind == "unit":
            qs = Unit.objects.filter(path__startswith=under.path, active=True)
            if g.members:
                qs = qs.filter(code__in=g.members)
            elif g.unit_kinds:
                qs = qs.filter(kind__code__in=g.unit_kinds)
            else:
                qs = qs.filter(depth=under.depth + 1)
            for u in qs.order_by("path"):
                if u.code not in seen:
                    seen.add(u.code)
                    out.append({"code": u.code, "name": u.name, "group": g.code, "unit": u, "person": None})
        else:
            qs = Person.objects.filter(unit__path__startswith=under.path, active=True).select_related("unit")
            if g.members:
                qs = qs.filter(code__in=g.members)
            else:
                q = Q(pk__in=[])
                if g.titles:
                    q |= Q(title__in=g.titles)
                if g.roles:
                    q |= Q(posts__role__in=g.roles)
                qs = qs.filter(q).distinct()
            for p in qs.order_by("id"):
                if p.code not in seen:
                    seen.add(p.code)
                    out.append({"code": p.code, "name": p.name, "group": g.code, "unit": p.unit, "person": p})
    default = scheme.group_codes()[0]
    for code, spec in explicit.items():
        if code in seen:
            continue
        unit = Unit.objects.filter(code=code).first()
        person = None if unit else Person.objects.filter(code=code).select_related("unit").first()
        out.append(
            {
                "code": code,
                "name": spec.name,
                "group": spec.group or default,
                "unit": unit or (person.unit if person else None),
                "person": person,
            }
        )
        seen.add(code)
    return out


@transaction.atomic
def competition_import_scheme(*, actor, scheme: str | dict, organiser: Unit | None = None) -> Competition:
    """Create (or, for the same code, update) a competition from a scheme; participants from the tree."""
    s = parse_scheme(scheme)
    if organiser is None:
        if not s.organiser:
            raise DomainError("bad_scheme", _("The scheme names no organiser unit."), {"field": "organiser"})
        organiser = Unit.objects.filter(code=s.organiser).first()
        if organiser is None:
            raise DomainError(
                "bad_scheme",
                fmt(_("Unknown organiser unit %(code)s."), code=s.organiser),
                {"field": "organiser"},
            )
    if not (getattr(actor, "is_superuser", False) or has_role(actor, "admin", organiser)):
        raise Forbidden(_("Only administrators of the organiser unit may define its competitions."))
    s.organiser = organiser.code
    for ind in s.indicators:
        if ind.source == "metric":
            metrics.get(ind.metric)  # DomainError naming an unknown metric
        if ind.source == "event" and not Event.objects.filter(code=ind.event).exists():
            raise DomainError(
                "bad_scheme",
                fmt(_("indicator %(name)s: unknown judged event %(event)s"), name=ind.name, event=ind.event),
                {"indicator": ind.code},
            )
    canonical = scheme_to_dict(s)
    comp = Competition.objects.select_for_update().filter(code=s.code).first()
    fields = dict(
        name=s.name,
        organiser=organiser,
        scheme=canonical,
        public=s.public,
        start=s.start,
        end=s.end,
        cycle=s.cycle,
    )
    if comp is None:
        comp = Competition.objects.create(
            code=s.code, created_by=actor if getattr(actor, "pk", None) else None, **fields
        )
        record_create(actor=actor, instance=comp)
    else:
        if not may(actor, comp, "define"):
            raise Forbidden()
        before = snapshot(comp)
        for k, v in fields.items():
            setattr(comp, k, v)
        comp.save()
        record_update(actor=actor, instance=comp, before=before)
    _sync_participants(comp, s, organiser)
    return comp


def _sync_participants(comp: Competition, s: Scheme, organiser: Unit) -> None:
    wanted = _resolve_participants(s, organiser)
    existing = {p.code: p for p in comp.participants.all()}
    new, changed = [], []
    for w in wanted:
        p = existing.pop(w["code"], None)
        if p is None:
            new.append(
                Participant(
                    competition=comp,
                    code=w["code"],
                    name=w["name"],
                    group=w["group"],
                    unit=w["unit"],
                    person=w["person"],
                )
            )
        elif (p.name, p.group) != (w["name"], w["group"]):
            p.name, p.group = w["name"], w["group"]
            changed.append(p)
    Participant.objects.bulk_create(new, batch_size=2000)
    if changed:
        Participant.objects.bulk_update(changed, ["name", "group"], batch_size=2000)
    gone = [p.pk for p in existing.values()]
    if gone:
        # Participants with results stay (history); others leave with their entries.
        Participant.objects.filter(pk__in=gone, results__isnull=True).delete()


def _period_in(comp: Competition, key: str):
    p = parse_period(key)
    if p.end < comp.start or p.start > comp.end:
        raise DomainError(
            "period_outside",
            fmt(
                _("Period %(period)s is outside the competition (%(start)s – %(end)s)."),
                period=p.key,
                start=comp.start,
                end=comp.end,
            ),
            {"period": p.key},
        )
    return p


# ---- data -----------------------------------------------------------------------------------------------


@transaction.atomic
def data_import(*, actor, competition: Competition, period: str, data: bytes, filename: str) -> DataSheet:
    """Import a period's figures from .xlsx/.csv: all or nothing, every bad cell named."""
    require(actor, competition, "import")
    p = _period_in(competition, period)
    s = scheme_of(competition)
    parts = {x.code: x for x in competition.participants.all()}
    known = {c: (x.name, x.group) for c, x in parts.items()}
    sourced = {i.code for i in s.indicators if i.source in ("import", "manual")}
    header, rownos, rows = read_columns(data, filename)
    table = build_table(s, header, rownos, rows, period=p.key, known=known, sourced=sourced)
    sheet = DataSheet.objects.create(
        competition=competition,
        period=p.key,
        source="import",
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        rows=len(table),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _write_entries(competition, p.key, table, parts, s, sheet, sourced)
    record(
        actor=actor,
        action="import",
        instance=sheet,
        unit=competition.organiser,
        after={"period": p.key, "rows": len(table), "file": filename, "sha256": sheet.sha256},
        note=f"{competition.code} {p.key}",
    )
    return sheet


def _write_entries(comp, period, table, parts, s: Scheme, sheet, sourced) -> None:
    existing = {e.participant_id: e for e in Entry.objects.filter(competition=comp, period=period)}
    new, upd = [], []
    for i, code in enumerate(table.ids):
        part = parts[code]
        vals = {}
        for ind in s.indicators:
            if ind.code not in sourced:
                continue
            cell = {}
            for q in ("value", "base", "plan"):
                arr = table.values.get((ind.code, q))
                if arr is not None and arr[i] == arr[i]:
                    cell[q] = arr[i]
            if cell:
                vals[ind.code] = cell
        facts = {f: table.facts[f][i] for f in table.facts}
        e = existing.get(part.pk)
        if e is None:
            new.append(
                Entry(
                    competition=comp, period=period, participant=part, values=vals, facts=facts, sheet=sheet
                )
            )
        else:
            e.values, e.facts, e.sheet = {**e.values, **vals}, {**e.facts, **facts}, sheet
            upd.append(e)
    Entry.objects.bulk_create(new, batch_size=2000)
    if upd:
        Entry.objects.bulk_update(upd, ["values", "facts", "sheet"], batch_size=2000)


@transaction.atomic
def entry_set(
    *,
    actor,
    competition: Competition,
    period: str,
    participant: Participant,
    values: dict,
    facts: dict | None = None,
) -> Entry:
    """Hand entry of one participant's figures ({indicator code: {value, base, plan}})."""
    require(actor, competition, "import")
    p = _period_in(competition, period)
    if participant.competition_id != competition.pk:
        raise NotFound()
    s = scheme_of(competition)
    clean: dict = {}
    for code, cell in (values or {}).items():
        ind = s.indicator(code)
        if ind is None:
            raise DomainError(
                "bad_input", fmt(_("Unknown indicator %(name)s."), name=code), {"indicator": code}
            )
        out = {}
        for q, x in (cell or {}).items():
            if q not in ("value", "base", "plan"):
                raise DomainError("bad_input", fmt(_("Unknown quantity %(q)s."), q=q), {"indicator": code})
            if x in (None, ""):
                continue
            try:
                x = float(x)
            except (TypeError, ValueError):
                raise DomainError(
                    "bad_input",
                    fmt(_("%(name)s: %(value)s is not a number."), name=ind.name, value=x),
                    {"indicator": code, "quantity": q},
                )
            if ind.nonnegative and x < 0:
                raise DomainError(
                    "bad_input",
                    fmt(_("%(name)s: %(value)s may not be negative."), name=ind.name, value=x),
                    {"indicator": code, "quantity": q},
                )
            out[q] = x
        clean[ind.code] = out
    fclean = {}
    for code, x in (facts or {}).items():
        f = next((f for f in s.facts if code in (f.code, f.name)), None)
        if f is None:
            raise DomainError("bad_input", fmt(_("Unknown fact %(name)s."), name=code), {"fact": code})
        try:
            fclean[f.code] = float(x or 0)
        except (TypeError, ValueError):
            raise DomainError(
                "bad_input",
                fmt(_("%(name)s: %(value)s is not a number."), name=f.name, value=x),
                {"fact": code},
            )
    e, created = Entry.objects.get_or_create(competition=competition, period=p.key, participant=participant)
    before = snapshot(e)
    e.values = {**e.values, **clean}
    e.facts = {**e.facts, **fclean}
    e.sheet = None
    e.save()
    record(
        actor=actor,
        action="create" if created else "update",
        instance=e,
        unit=participant.unit or competition.organiser,
        before=None if created else before,
        after=snapshot(e),
        note=f"{competition.code} {p.key} {participant.code}",
    )
    return e


# ---- evaluation -----------------------------------------------------------------------------------------


def _entries_for(comp: Competition, period) -> tuple[str | None, dict[int, Entry]]:
    """The entries of the period; for a quarter/half/year without its own, the latest month inside it."""
    keys = [period.key] + list(reversed(period.months())) if period.kind != "month" else [period.key]
    for k in keys:
        rows = {e.participant_id: e for e in Entry.objects.filter(competition=comp, period=k)}
        if rows:
            return k, rows
    return None, {}


def _event_values(event_code: str, parts: list[Participant]) -> dict[int, float | None]:
    from .queries import event_outcomes

    ev = Event.objects.filter(code=event_code).first()
    if ev is None:
        return {}
    if ev.kind == "blind" and ev.status != "released":
        raise DomainError(
            "sealed",
            fmt(
                _("The blind review %(name)s is still sealed: release the identities before ranking on it."),
                name=ev.name,
            ),
            {"event": ev.code},
            status=409,
        )
    outs = event_outcomes(ev)
    by_person: dict[int, float] = {}
    by_unit: dict[str, list[float]] = {}
    for o in outs:
        if o["result"] is None:
            continue
        if o["person_id"]:
            by_person[o["person_id"]] = float(o["result"])
        by_unit.setdefault(o["unit_path"], []).append(float(o["result"]))
    out: dict[int, float | None] = {}
    for p in parts:
        if p.person_id:
            out[p.pk] = by_person.get(p.person_id)
        elif p.unit_id:
            vals = [v for path, vs in by_unit.items() if path.startswith(p.unit.path) for v in vs]
            out[p.pk] = sum(vals) / len(vals) if vals else None
    return out


def build_inputs(comp: Competition, s: Scheme, period) -> tuple[list[Participant], list[dict], str | None]:
    parts = list(comp.participants.select_related("unit", "person"))
    data_period, entries = _entries_for(comp, period)
    needs_data = {
        g: any(i.source in ("import", "manual") for i in s.indicators_of(g)) for g in s.group_codes()
    }
    chosen = [p for p in parts if p.pk in entries or not needs_data.get(p.group, False)]
    records = []
    for p in chosen:
        e = entries.get(p.pk)
        records.append(
            {
                "id": p.code,
                "name": p.name,
                "group": p.group,
                "values": dict(e.values) if e else {},
                "facts": dict(e.facts) if e else {},
            }
        )
    pos = {p.pk: k for k, p in enumerate(chosen)}
    for ind in s.indicators:
        if ind.source == "metric":
            m = metrics.get(ind.metric)
            subject = getattr(m, "subject", "unit")
            ids = [(p.person_id if subject == "person" else p.unit_id) for p in chosen]
            vals = metrics.read(ind.metric, [i for i in ids if i is not None], period.start, period.end)
            for p, sid in zip(chosen, ids, strict=False):
                v = vals.get(sid) if sid is not None else None
                records[pos[p.pk]]["values"].setdefault(ind.code, {})["value"] = (
                    None if v is None else float(v)
                )
        elif ind.source == "event":
            vals = _event_values(ind.event, chosen)
            for p in chosen:
                v = vals.get(p.pk)
                records[pos[p.pk]]["values"].setdefault(ind.code, {})["value"] = v
    return chosen, records, data_period


def _people_lookup(needs: list[tuple[Participant, list[str]]]):
    """The people holding the named posts in each penalised unit, fetched in one query."""
    unit_ids = {p.unit_id for p, posts in needs if p.unit_id and not p.person_id and posts}
    all_posts = sorted({x for _p, posts in needs for x in posts})
    found: dict[int, list[tuple[Person, set[str]]]] = {}
    if unit_ids and all_posts:
        q = Q(title__in=all_posts) | Q(posts__title__in=all_posts) | Q(posts__role__in=all_posts)
        people = Person.objects.filter(unit_id__in=unit_ids).filter(q).distinct().order_by("id")
        for person in people.prefetch_related("posts"):
            labels = {person.title} | {
                x
                for post in person.posts.all()
                if post.unit_id == person.unit_id
                for x in (post.title, post.role)
            }
            found.setdefault(person.unit_id, []).append((person, labels))

    def people_for(part: Participant, posts: list[str]) -> list[dict]:
        if part.person_id:
            return [{"id": part.person_id, "code": part.person.code, "name": part.person.name}]
        wanted = set(posts)
        return [
            {"id": x.pk, "code": x.code, "name": x.name, "title": x.title}
            for x, labels in found.get(part.unit_id, [])
            if labels & wanted
        ]

    return people_for


@transaction.atomic
def evaluation_run(*, actor, competition: Competition, period: str, note: str = "") -> Evaluation:
    """Evaluate a period ("2026-03", "2026-Q1", "2026") into a new current version; earlier versions stay."""
    require(actor, competition, "evaluate")
    p = _period_in(competition, period)
    s = scheme_of(competition)
    comp = Competition.objects.select_for_update().get(pk=competition.pk)
    chosen, records, data_period = build_inputs(comp, s, p)
    if not records:
        raise DomainError(
            "no_data",
            fmt(_("No figures for %(period)s: import the period's data first."), period=p.key),
            {"period": p.key},
        )
    table = table_from_records(s, records)
    res = evaluate(s, table)
    last = Evaluation.objects.filter(competition=comp, period=p.key).aggregate(m=Max("version"))["m"] or 0
    Evaluation.objects.filter(competition=comp, period=p.key, current=True).update(current=False)
    ev = Evaluation.objects.create(
        competition=comp,
        period=p.key,
        version=last + 1,
        current=True,
        scheme_hash=_hash(comp.scheme),
        inputs_hash=_hash(records),
        note=note[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
        summary={},
    )
    by_code = {x.code: x for x in chosen}
    people_for = _people_lookup(
        [(by_code[table.ids[i]], pen["posts"]) for i in range(len(res)) for pen in res.penalties[i] or ()]
    )
    rows = []
    n_err = n_disq = n_pen = n_award = 0
    for i in range(len(res)):
        r = res.record(i)
        part = by_code[r["id"]]
        pens = []
        for pen in res.penalties[i] or ():
            pens.append(
                {
                    **{k: pen[k] for k in ("name", "card", "pay_cut", "posts")},
                    "people": people_for(part, pen["posts"]),
                }
            )
        n_err += bool(r["errors"])
        n_disq += r["disqualified"]
        n_pen += bool(pens)
        n_award += bool(r["awards"])
        rows.append(
            Result(
                evaluation=ev,
                participant=part,
                group=r["group"],
                score=r["score"],
                rank=r["rank"],
                rank_from_bottom=r["rank_from_bottom"],
                disqualified=r["disqualified"],
                awards=res.awards[i] or [],
                penalties=pens,
                errors=r["errors"],
                values=_clean_values(res.indicator_values(i)),
                explanation=r["explanation"],
            )
        )
    _store_results(rows)
    ev.summary = {
        "participants": len(rows),
        "errors": n_err,
        "disqualified": n_disq,
        "penalised": n_pen,
        "awarded": n_award,
        "data_period": data_period,
        "without_data": len(comp.participants.all()) - len(rows),
    }
    ev.save(update_fields=["summary"])
    record(
        actor=actor,
        action="evaluate",
        instance=ev,
        unit=comp.organiser,
        after={"period": p.key, "version": ev.version, **ev.summary},
        note=note[:200],
    )
    return ev


RESULT_COLUMNS = [
    "evaluation_id",
    "participant_id",
    "group",
    "score",
    "rank",
    "rank_from_bottom",
    "disqualified",
    "awards",
    "penalties",
    "errors",
    "values",
    "explanation",
]


def _store_results(rows: list[Result]) -> None:
    """Write the results: COPY on PostgreSQL (16,000 rows of JSON in a second or two), bulk INSERT elsewhere."""
    if connection.vendor != "postgresql" or not rows:
        Result.objects.bulk_create(rows, batch_size=2000)
        return
    table = Result._meta.db_table
    cols = ", ".join(f'"{c}"' for c in RESULT_COLUMNS)
    dumps = json.JSONEncoder(ensure_ascii=False, default=str).encode
    with connection.cursor() as cur:
        with cur.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
            for r in rows:
                copy.write_row(
                    (
                        r.evaluation_id,
                        r.participant_id,
                        r.group,
                        r.score,
                        r.rank,
                        r.rank_from_bottom,
                        r.disqualified,
                        dumps(r.awards),
                        dumps(r.penalties),
                        dumps(r.errors),
                        dumps(r.values),
                        dumps(r.explanation),
                    )
                )


def _clean_values(v: dict) -> dict:
    return {
        k: {
            q: (None if x is None or (isinstance(x, float) and math.isnan(x)) else round(x, 6))
            for q, x in d.items()
        }
        for k, d in v.items()
    }


@transaction.atomic
def evaluation_make_current(*, actor, evaluation: Evaluation) -> Evaluation:
    require(actor, evaluation.competition, "evaluate")
    before = snapshot(evaluation)
    Evaluation.objects.filter(
        competition=evaluation.competition, period=evaluation.period, current=True
    ).update(current=False)
    evaluation.current = True
    evaluation.save(update_fields=["current"])
    record_update(actor=actor, instance=evaluation, before=before, unit=evaluation.competition.organiser)
    return evaluation


# ---- bulletins ------------------------------------------------------------------------------------------


def _previous_period(comp: Competition, key: str) -> Evaluation | None:
    """The current evaluation of the previous period of the same kind (month before month …)."""
    kind = parse_period(key).kind
    for ev in Evaluation.objects.filter(competition=comp, current=True, period__lt=key).order_by("-period"):
        if parse_period(ev.period).kind == kind:
            return ev
    return None


def snapshot_rows(evaluation: Evaluation) -> dict:
    comp = evaluation.competition
    s = scheme_of(comp)
    prev = _previous_period(comp, evaluation.period)
    prev_rank = {}
    if prev is not None:
        prev_rank = dict(prev.results.values_list("participant_id", "rank"))
    gnames = {g.code: g.name for g in s.groups} or {"all": ""}
    rows = []
    for r in evaluation.results.select_related("participant").order_by("group", "rank", "participant__code"):
        before = prev_rank.get(r.participant_id)
        move = (before - r.rank) if (before and r.rank) else None
        rows.append(
            {
                "group": r.group,
                "group_name": gnames.get(r.group, r.group),
                "rank": r.rank,
                "code": r.participant.code,
                "name": r.participant.name,
                "score": None if r.score is None else float(r.score),
                "awards": [a["name"] for a in r.awards],
                "penalties": [
                    {
                        "name": p["name"],
                        "card": p["card"],
                        "pay_cut": p["pay_cut"],
                        "people": [x["name"] for x in p.get("people", [])],
                    }
                    for p in r.penalties
                ],
                "disqualified": r.disqualified,
                "previous_rank": before,
                "movement": move,
            }
        )
    return {
        "period": evaluation.period,
        "version": evaluation.version,
        "previous_period": prev.period if prev else None,
        "groups": [{"code": c, "name": n} for c, n in gnames.items()],
        "rows": rows,
    }


@transaction.atomic
def bulletin_publish(
    *,
    actor,
    evaluation: Evaluation,
    title: str = "",
    addressees: str = "",
    body: str = "",
    signer: str = "",
    issued_on: date | None = None,
    public: bool | None = None,
) -> Bulletin:
    """Publish a bulletin of an evaluation: snapshot, number, ledger seal. Only the current version."""
    evaluation = Evaluation.objects.select_related("competition__organiser").get(pk=evaluation.pk)
    comp = evaluation.competition
    require(actor, comp, "publish")
    if not evaluation.current:
        raise DomainError(
            "not_current", _("Only the current version of an evaluation can be published."), status=409
        )
    comp = Competition.objects.select_for_update().get(pk=comp.pk)
    number = (comp.bulletins.aggregate(m=Max("number"))["m"] or 0) + 1
    snap = snapshot_rows(evaluation)
    b = Bulletin.objects.create(
        competition=comp,
        evaluation=evaluation,
        number=number,
        title=(title or f"{comp.name} {evaluation.period} 排名通报")[:200],
        addressees=addressees[:300] or "各支行、网点,市行各部室",
        body=body,
        signer=signer[:200] or comp.organiser.name,
        issued_on=issued_on or timezone.localdate(),
        status="published",
        public=comp.public if public is None else public,
        snapshot=snap,
        published_at=timezone.now(),
        published_by=actor if getattr(actor, "pk", None) else None,
    )
    entry = ledger.append(
        kind="bulletin",
        ref=f"bulletin:{b.pk}",
        competition=comp,
        payload={
            "competition": comp.code,
            "number": b.number,
            "title": b.title,
            "period": evaluation.period,
            "version": evaluation.version,
            "issued_on": b.issued_on.isoformat(),
            "snapshot_sha256": _hash(snap),
        },
    )
    b.ledger_hash = entry.hash
    b.save(update_fields=["ledger_hash"])
    record_create(actor=actor, instance=b, unit=comp.organiser)
    return b


# ---- judged events --------------------------------------------------------------------------------------


def _event_admin(actor, event_or_unit) -> None:
    unit = getattr(event_or_unit, "organiser", event_or_unit)
    if not (getattr(actor, "is_superuser", False) or has_role(actor, "admin", unit)):
        raise Forbidden(_("Only administrators of the organiser unit may manage this event."))


def _criteria(criteria) -> list[dict]:
    out = []
    if not isinstance(criteria, list) or not criteria:
        raise DomainError(
            "bad_input",
            _("A rubric needs at least one criterion with its maximum points."),
            {"field": "criteria"},
        )
    for i, c in enumerate(criteria, start=1):
        try:
            name, mx = str(c["name"]).strip(), float(c["max"])
        except (KeyError, TypeError, ValueError):
            raise DomainError(
                "bad_input", fmt(_("Criterion %(n)s needs a name and a maximum."), n=i), {"criterion": i}
            )
        if not name or mx <= 0:
            raise DomainError(
                "bad_input",
                fmt(_("Criterion %(n)s needs a name and a positive maximum."), n=i),
                {"criterion": i},
            )
        out.append({"name": name, "max": mx})
    return out


@transaction.atomic
def event_create(
    *,
    actor,
    organiser: Unit,
    code: str,
    name: str,
    kind: str,
    criteria: list,
    competition: Competition | None = None,
    trim_min_judges: int = 5,
    tolerance: float = 5,
    judges: list[tuple[Person, str]] = (),
) -> Event:
    _event_admin(actor, organiser)
    if kind not in dict(Event.KINDS):
        raise DomainError("bad_input", fmt(_("Unknown event kind %(kind)s."), kind=kind), {"field": "kind"})
    if Event.objects.filter(code=code).exists():
        raise DomainError(
            "duplicate",
            fmt(_("An event with code %(code)s exists."), code=code),
            {"field": "code"},
            status=409,
        )
    ev = Event.objects.create(
        code=code,
        name=name,
        kind=kind,
        organiser=organiser,
        competition=competition,
        criteria=_criteria(criteria),
        trim_min_judges=trim_min_judges,
        tolerance=tolerance,
    )
    for person, role in judges:
        Judge.objects.get_or_create(event=ev, person=person, role=role)
    record_create(actor=actor, instance=ev)
    return ev


@transaction.atomic
def judge_add(*, actor, event: Event, person: Person, role: str = "judge") -> Judge:
    _event_admin(actor, event)
    if role not in dict(Judge.ROLES):
        raise DomainError("bad_input", fmt(_("Unknown role %(role)s."), role=role))
    j, created = Judge.objects.get_or_create(event=event, person=person, role=role)
    if created:
        record(
            actor=actor,
            action="create",
            instance=event,
            after={"judge": person.code, "role": role},
            note="judge added",
        )
    return j


def _seal(event: Event) -> str:
    rng = random.SystemRandom()
    while True:
        code = f"{rng.randint(0, 999999):06d}"
        if not Entrant.objects.filter(event=event, seal_code=code).exists():
            return code


@transaction.atomic
def entrant_add(
    *,
    actor,
    event: Event,
    person: Person | None = None,
    unit: Unit | None = None,
    title: str = "",
    text: str = "",
    document=None,
) -> Entrant:
    """Add a performer, a sealed document (blind review: names replaced by the seal code) or a case file."""
    _event_admin(actor, event)
    if event.status != "open":
        raise DomainError("closed", _("The event is closed."), status=409)
    if person is None and unit is None:
        raise DomainError("bad_input", _("An entrant is a person or a unit."))
    unit = unit or person.unit
    if not unit.path.startswith(event.organiser.path):
        raise NotFound()
    seal = _seal(event)
    if event.kind == "blind" and person is not None:
        text = text.replace(person.name, f"[{seal}]")
        title = title.replace(person.name, f"[{seal}]")
    e = Entrant.objects.create(
        event=event, person=person, unit=unit, title=title[:200], seal_code=seal, text=text
    )
    if document is not None:
        e.document.save(
            f"{event.code}-{seal}.{(getattr(document, 'name', 'doc') or 'doc').rsplit('.', 1)[-1][:8]}",
            document,
            save=True,
        )
    if event.kind == "blind":
        _assign_blind(event, e, ["1", "2"])
    record_create(actor=actor, instance=e, unit=unit)
    return e


def _assign_blind(event: Event, e: Entrant, slots: list[str]) -> None:
    taken = set(e.marks.values_list("judge__person_id", flat=True))
    role = "leader" if slots == ["4"] else "grader"
    pool = [
        j
        for j in event.judges.filter(role=role).select_related("person__unit").order_by("id")
        if j.person_id not in taken and j.person.unit_id != e.unit_id
    ]
    if len(pool) < len(slots):
        raise DomainError(
            "no_grader", _("Not enough graders from other units to assign this document."), status=409
        )
    load = {j.pk: Mark.objects.filter(judge=j).count() for j in pool}
    pool.sort(key=lambda j: (load[j.pk], j.pk))
    for slot, j in zip(slots, pool, strict=False):
        Mark.objects.create(event=event, entrant=e, judge=j, slot=slot)


def _judge_of(actor, event: Event, roles: tuple[str, ...]) -> list[Judge]:
    me = person_of(actor)
    if me is None:
        raise NotFound()
    js = list(event.judges.filter(person=me, role__in=roles).select_related("person__unit"))
    if not js:
        raise NotFound()
    return js


def _points(event: Event, points: dict) -> tuple[dict, float]:
    out, total = {}, 0.0
    for c in event.criteria:
        x = (points or {}).get(c["name"])
        try:
            x = float(x)
        except (TypeError, ValueError):
            raise DomainError(
                "bad_input",
                fmt(_("%(name)s: a score is required."), name=c["name"]),
                {"criterion": c["name"]},
            )
        if not (0 <= x <= float(c["max"])):
            raise DomainError(
                "bad_input",
                fmt(_("%(name)s: the score must be between 0 and %(max)s."), name=c["name"], max=c["max"]),
                {"criterion": c["name"]},
            )
        out[c["name"]] = x
        total += x
    return out, round(total, 2)


def _lock(mark: Mark, actor) -> None:
    mark.submitted_at = timezone.now()
    entry = ledger.append(
        kind="score",
        ref=f"mark:{mark.pk}",
        competition=mark.event.competition,
        payload={
            "event": mark.event.code,
            "seal": mark.entrant.seal_code,
            "slot": mark.slot,
            "judge": mark.judge.person.code,
            "points": mark.points,
            "total": str(mark.total),
        },
    )
    mark.ledger_hash = entry.hash
    mark.save()
    record(
        actor=actor,
        action="submit",
        instance=mark.event,
        after={"mark": mark.pk, "seal": mark.entrant.seal_code, "slot": mark.slot, "total": str(mark.total)},
        note="score locked",
    )


@transaction.atomic
def mark_submit(
    *, actor, event: Event, entrant: Entrant, points: dict, findings: str = "", stage: str = ""
) -> Mark:
    """A judge/grader/checker submits a score; it locks at once (no second submission)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if entrant.event_id != event.pk:
        raise NotFound()
    if event.status != "open":
        raise DomainError("closed", _("Grading is closed."), status=409)
    pts, total = _points(event, points)
    if event.kind == "panel":
        judge = _judge_of(actor, event, ("judge",))[0]
        if (
            judge.person.unit_id == entrant.unit_id
            or entrant.unit.path.startswith(judge.person.unit.path)
            and judge.person.unit.depth > event.organiser.depth
        ):
            raise DomainError(
                "own_unit", _("A judge from the participant's own unit does not score them."), status=403
            )
        mark, created = Mark.objects.get_or_create(event=event, entrant=entrant, judge=judge, slot="")
    elif event.kind == "blind":
        judges = _judge_of(actor, event, ("grader", "leader"))
        mark = (
            Mark.objects.filter(entrant=entrant, judge__in=judges)
            .order_by("slot")
            .filter(submitted_at__isnull=True)
            .first()
        )
        if mark is None:
            if Mark.objects.filter(entrant=entrant, judge__in=judges, submitted_at__isnull=False).exists():
                raise DomainError("locked", _("This score is submitted and locked."), status=409)
            raise NotFound()
    else:
        if stage not in ("self", "cross", "central"):
            raise DomainError("bad_input", _("The stage is self, cross or central."), {"field": "stage"})
        judges = _judge_of(actor, event, ("checker", "leader", "judge"))
        judge = judges[0]
        own = judge.person.unit_id == entrant.unit_id
        if stage == "self" and not own:
            raise DomainError(
                "stage_rule", _("A self-check is done by the tribunal that owns the case file."), status=403
            )
        if stage == "cross" and own:
            raise DomainError("stage_rule", _("A cross-check is done by another tribunal."), status=403)
        if stage == "central" and not any(j.role == "leader" for j in judges):
            raise DomainError(
                "stage_rule", _("The central review is done by the review group's leaders."), status=403
            )
        if stage == "central":
            judge = next(j for j in judges if j.role == "leader")
        mark, created = Mark.objects.get_or_create(event=event, entrant=entrant, judge=judge, slot=stage)
    if mark.submitted_at is not None:
        raise DomainError("locked", _("This score is submitted and locked."), status=409)
    mark.points, mark.total, mark.findings = pts, total, findings[:4000]
    _lock(mark, actor)
    if event.kind == "blind":
        _advance_blind(event, entrant)
    return mark


def blind_state(event: Event, entrant: Entrant):
    """Where a sealed document stands under the 2+1+1 rule (core.review.resolve_2p1p1)."""
    marks = {m.slot: m.total for m in entrant.marks.all() if m.submitted_at is not None}
    seq = []
    for slot in ("1", "2", "3"):
        if slot not in marks:
            break
        seq.append(marks[slot])
    return resolve_2p1p1(seq, event.tolerance, leader=marks.get("4"))


def _advance_blind(event: Event, entrant: Entrant) -> None:
    state = blind_state(event, entrant)
    slots = set(entrant.marks.values_list("slot", flat=True))
    if state.needs == "third" and "3" not in slots:
        _assign_blind(event, entrant, ["3"])
    elif state.needs == "leader" and "4" not in slots:
        _assign_blind(event, entrant, ["4"])


@transaction.atomic
def mark_record(
    *, actor, event: Event, entrant: Entrant, judge: Judge, points: dict, findings: str = "", stage: str = ""
) -> Mark:
    """The organiser's office enters a judge's paper score sheet (live scoring on paper); locked and
    sealed like a judge's own submission. The own-unit and stage rules still hold."""
    _event_admin(actor, event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != "open":
        raise DomainError("closed", _("Grading is closed."), status=409)
    if entrant.event_id != event.pk or judge.event_id != event.pk:
        raise NotFound()
    pts, total = _points(event, points)
    own = judge.person.unit_id == entrant.unit_id
    if event.kind == "panel":
        if own:
            raise DomainError(
                "own_unit", _("A judge from the participant's own unit does not score them."), status=403
            )
        mark, _c = Mark.objects.get_or_create(event=event, entrant=entrant, judge=judge, slot="")
    elif event.kind == "blind":
        mark = (
            Mark.objects.filter(entrant=entrant, judge=judge, submitted_at__isnull=True)
            .order_by("slot")
            .first()
        )
        if mark is None:
            raise NotFound()
    else:
        allowed = {"self": own, "cross": not own, "central": judge.role == "leader"}
        if not allowed.get(stage, False):
            raise DomainError(
                "stage_rule", _("This checker may not do this stage for this case file."), status=403
            )
        mark, _c = Mark.objects.get_or_create(event=event, entrant=entrant, judge=judge, slot=stage)
    if mark.submitted_at is not None:
        raise DomainError("locked", _("This score is submitted and locked."), status=409)
    mark.points, mark.total, mark.findings = pts, total, findings[:4000]
    _lock(mark, actor)
    if event.kind == "blind":
        _advance_blind(event, entrant)
    return mark


@transaction.atomic
def event_close(*, actor, event: Event) -> Event:
    _event_admin(actor, event)
    if event.status != "open":
        raise DomainError("bad_state", _("The event is not open."), status=409)
    before = snapshot(event)
    event.status = "closed"
    event.save(update_fields=["status", "updated_at"])
    record_update(actor=actor, instance=event, before=before)
    return event


@transaction.atomic
def event_release(*, actor, event: Event) -> Event:
    """Reveal the identities behind the seal codes: one audited step, only after grading closes."""
    _event_admin(actor, event)
    if event.status != "closed":
        raise DomainError("bad_state", _("Identities are revealed only after grading closes."), status=409)
    before = snapshot(event)
    event.status = "released"
    event.released_at = timezone.now()
    event.save(update_fields=["status", "released_at", "updated_at"])
    mapping = {
        e.seal_code: (e.person.code if e.person_id else e.unit.code)
        for e in event.entrants.select_related("person", "unit")
    }
    record(
        actor=actor,
        action="reveal",
        instance=event,
        before=before,
        after={**snapshot(event), "identities": mapping},
        note="identities revealed",
    )
    return event

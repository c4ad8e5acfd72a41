"""Competitions and schemes: define a competition from its scheme (participants drawn from the
organisation tree), and the figures it ranks on — a period's data sheet imported all or nothing, or one
participant's figures entered by hand."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, record_update, snapshot
from yangguang.core import metrics, safeyaml
from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import has_role, scope_paths

from ..engine.data import build_table, read_columns
from ..engine.expr import fmt
from ..engine.scheme import Group as SchemeGroup
from ..engine.scheme import Scheme, parse_scheme, scheme_to_dict
from ..models import Competition, DataSheet, Entry, Event, Participant, SchemeVersion
from ._common import content_hash, may, period_in, require, scheme_of

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
    # Who may define competitions at all is settled before a byte of the scheme is read: a scheme is
    # parsed (bounded, core.safeyaml) only for an administrator; the organiser unit is checked below.
    may_define = getattr(actor, "is_superuser", False) or (
        has_role(actor, "admin", organiser) if organiser is not None else bool(scope_paths(actor, ("admin",)))
    )
    if not may_define:
        raise Forbidden(_("Only administrators of the organiser unit may define its competitions."))
    if isinstance(scheme, (str, bytes)):
        scheme = safeyaml.load(scheme)
    if not isinstance(scheme, dict):  # never text again: parse_scheme would read it as YAML, unbounded
        raise DomainError("bad_scheme", _("The scheme must be a mapping of fields."))
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
    _new_version(comp, canonical, actor)
    return comp


def _new_version(comp: Competition, canonical: dict, actor) -> None:
    """Each saved scheme that differs from the last is a new numbered version (the builder compares)."""
    h = content_hash(canonical)
    last = comp.scheme_versions.order_by("-number").first()
    if last is not None and last.scheme_hash == h:
        return
    SchemeVersion.objects.create(
        competition=comp,
        number=(last.number + 1) if last else 1,
        scheme=canonical,
        scheme_hash=h,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


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


# ---- data -----------------------------------------------------------------------------------------------


@transaction.atomic
def data_import(
    *, actor, competition: Competition, period: str, data: bytes, filename: str, progress=None
) -> DataSheet:
    """Import a period's figures from .xlsx/.csv: all or nothing, every bad cell named. `progress(done,
    total)`, when given (a background job), hears of every row as its entry is made, then of the writes."""
    require(actor, competition, "import")
    p = period_in(competition, period)
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
    _write_entries(competition, p.key, table, parts, s, sheet, sourced, progress)
    record(
        actor=actor,
        action="import",
        instance=sheet,
        unit=competition.organiser,
        after={"period": p.key, "rows": len(table), "file": filename, "sha256": sheet.sha256},
        note=f"{competition.code} {p.key}",
    )
    return sheet


def _write_entries(comp, period, table, parts, s: Scheme, sheet, sourced, progress=None) -> None:
    existing = {e.participant_id: e for e in Entry.objects.filter(competition=comp, period=period)}
    new, upd = [], []
    n = len(table.ids)
    for i, code in enumerate(table.ids):
        if progress:  # making the entries is the first half of the work, writing them the second
            progress(i, 2 * n)
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
        # a fact that does not apply to the participant's group is NaN in the table: not stored (JSON has
        # no NaN)
        facts = {f: table.facts[f][i] for f in table.facts if table.facts[f][i] == table.facts[f][i]}
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
    step = 2000
    for k in range(0, len(new), step):
        Entry.objects.bulk_create(new[k : k + step], batch_size=step)
        if progress:
            progress(n + min(len(new), k + step), 2 * n)
    for k in range(0, len(upd), step):
        Entry.objects.bulk_update(upd[k : k + step], ["values", "facts", "sheet"], batch_size=step)
        if progress:
            progress(n + len(new) + min(len(upd), k + step), 2 * n)


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
    p = period_in(competition, period)
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

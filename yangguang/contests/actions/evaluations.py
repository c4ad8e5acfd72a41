"""Evaluations and bulletins: evaluate a period into a new current version (figures, metrics and judged
events in; ranks, awards, penalties and explanations out), choose the current version, publish a bulletin
of it sealed in the results ledger."""

from __future__ import annotations

import json
import math
from datetime import date

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, record_update, snapshot
from yangguang.core import metrics
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Person

from .. import ledger
from ..engine.data import table_from_records
from ..engine.evaluate import evaluate
from ..engine.expr import fmt
from ..engine.periods import parse_period
from ..engine.scheme import Scheme
from ..models import Bulletin, Competition, Entry, Evaluation, Event, Participant, Result
from ..queries import event_outcomes
from ._common import content_hash, period_in, require, scheme_of

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
    unit_entrants: dict[str, list[float]] = {}
    for o in outs:
        if o["result"] is None:
            continue
        if o["person_id"]:
            by_person[o["person_id"]] = float(o["result"])
        else:
            unit_entrants.setdefault(o["unit_path"], []).append(float(o["result"]))
        by_unit.setdefault(o["unit_path"], []).append(float(o["result"]))
    out: dict[int, float | None] = {}
    for p in parts:
        if p.person_id:
            v = by_person.get(p.person_id)
            if v is None and p.unit_id and p.unit.path in unit_entrants:
                # a review of the unit's records (案卷评查) counts for each of its people
                vals = unit_entrants[p.unit.path]
                v = sum(vals) / len(vals)
            out[p.pk] = v
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
def evaluation_run(
    *, actor, competition: Competition, period: str, note: str = "", progress=None
) -> Evaluation:
    """Evaluate a period ("2026-03", "2026-Q1", "2026") into a new current version; earlier versions stay.
    `progress(done, total)`, when given (a background job), hears of every participant's result as it
    is made, then of the writes."""
    require(actor, competition, "evaluate")
    p = period_in(competition, period)
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
        scheme_hash=content_hash(comp.scheme),
        inputs_hash=content_hash(records),
        note=note[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
        summary={},
    )
    by_code = {x.code: x for x in chosen}
    people_for = _people_lookup(
        [(by_code[table.ids[i]], pen["posts"]) for i in range(len(res)) for pen in res.penalties[i] or ()]
    )
    rows = []
    n_err = n_disq = n_inel = n_pen = n_award = 0
    n = len(res)
    for i in range(n):
        if progress:  # making the results is the first half of the work, storing them the second
            progress(i, 2 * n)
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
        n_inel += r["status"] == "ineligible"
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
                status=r["status"],
                reasons=r["reasons"],
                awards=res.awards[i] or [],
                penalties=pens,
                errors=r["errors"],
                values=_clean_values(res.indicator_values(i)),
                explanation=r["explanation"],
            )
        )
    _store_results(rows, progress)
    ev.summary = {
        "participants": len(rows),
        "errors": n_err,
        "disqualified": n_disq,
        "ineligible": n_inel,
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
    "status",
    "reasons",
    "awards",
    "penalties",
    "errors",
    "values",
    "explanation",
]


def _store_results(rows: list[Result], progress=None) -> None:
    """Write the results: COPY on PostgreSQL (16,000 rows of JSON in a second or two), bulk INSERT elsewhere."""
    n = len(rows)
    if connection.vendor != "postgresql" or not rows:
        for k in range(0, n, 2000):
            Result.objects.bulk_create(rows[k : k + 2000], batch_size=2000)
            if progress:
                progress(n + min(n, k + 2000), 2 * n)
        return
    table = Result._meta.db_table
    cols = ", ".join(f'"{c}"' for c in RESULT_COLUMNS)
    dumps = json.JSONEncoder(ensure_ascii=False, default=str).encode
    # A COPY holds the connection until it ends: progress (a query on the same connection) is reported
    # between chunks, each chunk a COPY of its own, never inside one (it would wait on itself).
    with connection.cursor() as cur:
        for k in range(0, n, COPY_CHUNK):
            with cur.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for r in rows[k : k + COPY_CHUNK]:
                    copy.write_row(
                        (
                            r.evaluation_id,
                            r.participant_id,
                            r.group,
                            r.score,
                            r.rank,
                            r.rank_from_bottom,
                            r.disqualified,
                            r.status,
                            dumps(r.reasons),
                            dumps(r.awards),
                            dumps(r.penalties),
                            dumps(r.errors),
                            dumps(r.values),
                            dumps(r.explanation),
                        )
                    )
            if progress:
                progress(n + min(n, k + COPY_CHUNK), 2 * n)


COPY_CHUNK = 2000


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
                "status": r.status,
                "reasons": r.reasons,
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
        addressees=addressees[:300] or "各支行、网点，市行各部室",
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
            "snapshot_sha256": content_hash(snap),
        },
    )
    b.ledger_hash = entry.hash
    b.save(update_fields=["ledger_hash"])
    record_create(actor=actor, instance=b, unit=comp.organiser)
    return b

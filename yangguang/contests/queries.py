"""Reads of the contests domain, scoped to the actor (another unit's object is NotFound like a missing one).

Stable entry points (docs/contests.md):

    competition_get(*, actor, competition_id=None, code=None) -> Competition
    evaluation_current(*, actor, competition, period) -> Evaluation | None
    evaluation_results(*, actor, evaluation, group=None) -> QuerySet[Result]   (rank, score, explanation …)
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from yangguang.core.errors import NotFound
from yangguang.core.labels import label
from yangguang.core.review import resolve_2p1p1
from yangguang.orgs.queries import has_role, person_of, scope_paths

from .engine.judging import panel_result
from .engine.scheme import dump_yaml, parse_scheme
from .models import Bulletin, Competition, Entrant, Evaluation, Event, Mark, Result


def _visible_q(actor, field: str = "organiser__path") -> Q:
    """Competitions organised in the actor's subtree, or above it (a branch's competition is seen by
    every sub-branch it ranks)."""
    paths = scope_paths(actor)
    if paths is None:
        return Q()
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
        ancestors = [p[: 4 * i] for i in range(1, len(p) // 4)]
        if ancestors:
            q |= Q(**{f"{field}__in": ancestors})
    return q


def competition_list(*, actor, q: str = "") -> QuerySet:
    qs = Competition.objects.filter(_visible_q(actor)).select_related("organiser")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return qs.order_by("-start", "code")


def competition_get(*, actor, competition_id: int | None = None, code: str | None = None) -> Competition:
    qs = Competition.objects.filter(_visible_q(actor)).select_related("organiser")
    try:
        return qs.get(pk=competition_id) if competition_id is not None else qs.get(code=code)
    except (Competition.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def competition_export_yaml(*, actor, competition: Competition) -> str:
    competition_get(actor=actor, competition_id=competition.pk)
    return dump_yaml(parse_scheme(competition.scheme))


def evaluation_list(*, actor, competition: Competition, period: str | None = None) -> QuerySet:
    competition_get(actor=actor, competition_id=competition.pk)
    qs = Evaluation.objects.filter(competition=competition)
    if period:
        qs = qs.filter(period=period)
    return qs.order_by("-period", "-version")


def evaluation_get(*, actor, evaluation_id: int) -> Evaluation:
    try:
        ev = Evaluation.objects.select_related("competition__organiser").get(pk=evaluation_id)
    except (Evaluation.DoesNotExist, ValueError, TypeError):
        raise NotFound()
    competition_get(actor=actor, competition_id=ev.competition_id)
    return ev


def evaluation_current(*, actor, competition: Competition, period: str) -> Evaluation | None:
    """The current version of a period's evaluation, or None when the period was never evaluated."""
    from .engine.periods import parse_period

    competition_get(actor=actor, competition_id=competition.pk)
    key = parse_period(period).key
    return Evaluation.objects.filter(competition=competition, period=key, current=True).first()


def evaluation_results(*, actor, evaluation: Evaluation, group: str | None = None) -> QuerySet:
    """Results with participant, score, rank, awards, penalties, disqualified, values, explanation."""
    evaluation_get(actor=actor, evaluation_id=evaluation.pk)
    qs = Result.objects.filter(evaluation=evaluation).select_related("participant")
    if group:
        qs = qs.filter(group=group)
    return qs.order_by("group", "rank", "participant__code")


results_of = evaluation_results


def evaluation_compare(*, actor, a: Evaluation, b: Evaluation) -> list[dict]:
    """Participants whose score, rank, awards or penalties differ between two versions."""
    ra = {r.participant_id: r for r in evaluation_results(actor=actor, evaluation=a)}
    out = []
    for r in evaluation_results(actor=actor, evaluation=b):
        o = ra.pop(r.participant_id, None)
        old = (
            (o.score, o.rank, [x["name"] for x in o.awards], [x["name"] for x in o.penalties], o.disqualified)
            if o
            else None
        )
        new = (
            r.score,
            r.rank,
            [x["name"] for x in r.awards],
            [x["name"] for x in r.penalties],
            r.disqualified,
        )
        if old != new:
            out.append({"code": r.participant.code, "name": r.participant.name, "before": old, "after": new})
    for o in ra.values():
        out.append(
            {
                "code": o.participant.code,
                "name": o.participant.name,
                "before": (o.score, o.rank),
                "after": None,
            }
        )
    return out


def rank_history(*, actor, competition: Competition, group: str | None = None, limit: int = 12) -> dict:
    """Ranks over the monthly periods (current versions), for charts: {periods, series: [{name, ranks}]}."""
    competition_get(actor=actor, competition_id=competition.pk)
    evs = list(
        Evaluation.objects.filter(competition=competition, current=True)
        .exclude(period__contains="Q")
        .order_by("period")
    )
    evs = [e for e in evs if len(e.period) == 7]
    periods = [e.period for e in evs]
    series: dict[str, dict] = {}
    for k, e in enumerate(evs):
        qs = e.results.select_related("participant")
        if group:
            qs = qs.filter(group=group)
        for r in qs.order_by("rank")[: limit * 4]:
            s = series.setdefault(
                r.participant.code, {"name": r.participant.name, "ranks": [None] * len(evs)}
            )
            s["ranks"][k] = r.rank
    items = sorted(series.values(), key=lambda s: (s["ranks"][-1] is None, s["ranks"][-1] or 0))[:limit]
    return {"periods": periods, "series": items}


def bulletin_list(*, actor, competition: Competition | None = None) -> QuerySet:
    qs = Bulletin.objects.filter(_visible_q(actor, "competition__organiser__path")).select_related(
        "competition", "evaluation"
    )
    if competition is not None:
        qs = qs.filter(competition=competition)
    return qs.order_by("-issued_on", "-number")


def bulletin_get(*, actor, bulletin_id: int) -> Bulletin:
    try:
        return bulletin_list(actor=actor).get(pk=bulletin_id)
    except (Bulletin.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def public_bulletins() -> QuerySet:
    return (
        Bulletin.objects.filter(status="published", public=True, competition__public=True)
        .select_related("competition")
        .order_by("-issued_on", "-number")
    )


def public_bulletin_get(bulletin_id: int) -> Bulletin:
    try:
        return public_bulletins().get(pk=bulletin_id)
    except (Bulletin.DoesNotExist, ValueError, TypeError):
        raise NotFound()


# ---- judged events --------------------------------------------------------------------------------------


def event_list(*, actor) -> QuerySet:
    me = person_of(actor)
    q = _visible_q(actor)
    if me is not None:
        q |= Q(judges__person=me)
    return (
        Event.objects.filter(q).distinct().select_related("organiser", "competition").order_by("-created_at")
    )


def event_get(*, actor, event_id: int) -> Event:
    try:
        return event_list(actor=actor).get(pk=event_id)
    except (Event.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def can_manage_event(actor, event: Event) -> bool:
    return bool(getattr(actor, "is_superuser", False) or has_role(actor, "admin", event.organiser))


def names_visible(actor, event: Event) -> bool:
    """Blind review: names appear only after release, and never to the event's graders before it."""
    if event.kind != "blind":
        return True
    return event.status == "released"


def my_tasks(*, actor, event: Event) -> list[dict]:
    """What this judge may score now. Blind review: seal codes only, never names or units."""
    me = person_of(actor)
    if me is None:
        return []
    if event.kind == "blind":
        marks = (
            Mark.objects.filter(event=event, judge__person=me)
            .select_related("entrant")
            .order_by("entrant__seal_code", "slot")
        )
        return [
            {
                "mark_id": m.pk,
                "entrant_id": m.entrant_id,
                "seal_code": m.entrant.seal_code,
                "slot": m.slot,
                "title": m.entrant.title,
                "text": m.entrant.text,
                "submitted": m.submitted_at is not None,
                "total": m.total,
            }
            for m in marks
        ]
    judges = list(event.judges.filter(person=me).select_related("person__unit"))
    if not judges:
        return []
    done = {(m.entrant_id, m.slot): m for m in Mark.objects.filter(event=event, judge__person=me)}
    out = []
    for e in event.entrants.select_related("person", "unit"):
        own = e.unit_id == me.unit_id or (
            e.unit.path.startswith(me.unit.path) and me.unit.depth > event.organiser.depth
        )
        if event.kind == "panel":
            if own:
                continue  # a judge never scores their own unit's performer
            m = done.get((e.pk, ""))
            out.append(
                {
                    "entrant_id": e.pk,
                    "seal_code": e.seal_code,
                    "name": e.person.name if e.person_id else e.unit.name,
                    "unit": e.unit.name,
                    "title": e.title,
                    "submitted": m is not None and m.submitted_at is not None,
                    "total": m.total if m else None,
                }
            )
        else:
            stages = []
            if own:
                stages.append("self")
            else:
                stages.append("cross")
            if any(j.role == "leader" for j in judges):
                stages.append("central")
            for st in stages:
                m = done.get((e.pk, st))
                out.append(
                    {
                        "entrant_id": e.pk,
                        "seal_code": e.seal_code,
                        "name": e.title or e.unit.name,
                        "unit": e.unit.name,
                        "title": e.title,
                        "stage": st,
                        "submitted": m is not None and m.submitted_at is not None,
                        "total": m.total if m else None,
                    }
                )
    return out


def blind_state(event: Event, entrant: Entrant):
    """Where a sealed document stands under the 2+1+1 rule (core.review.resolve_2p1p1)."""
    marks = {m.slot: m.total for m in entrant.marks.all() if m.submitted_at is not None}
    seq = []
    for slot in ("1", "2", "3"):
        if slot not in marks:
            break
        seq.append(marks[slot])
    return resolve_2p1p1(seq, event.tolerance, leader=marks.get("4"))


def event_outcomes(event: Event) -> list[dict]:
    """Each entrant's result and how it came about (panel: trimmed mean; blind: 2+1+1; record: stages)."""
    out = []
    entrants = list(event.entrants.select_related("person", "unit"))
    marks: dict[int, list[Mark]] = {}
    for m in Mark.objects.filter(event=event, submitted_at__isnull=False).select_related(
        "judge__person__unit"
    ):
        marks.setdefault(m.entrant_id, []).append(m)
    for e in entrants:
        ms = marks.get(e.pk, [])
        if event.kind == "panel":
            totals = [m.total for m in ms if m.judge.person.unit_id != e.unit_id]
            result, rule = panel_result(totals, event.trim_min_judges)
            detail = [str(t) for t in totals]
        elif event.kind == "blind":
            st = blind_state(event, e)
            result, rule = st.result, st.rule
            detail = [f"{m.slot}:{m.total}" for m in sorted(ms, key=lambda m: m.slot)]
        else:
            by = {m.slot: m for m in ms}
            pick = next((by[s] for s in ("central", "cross", "self") if s in by), None)
            result = pick.total if pick else None
            stage = label(pick.slot, "contests.review_stage") if pick else ""
            rule = _("as the %(stage)s found") % {"stage": stage} if pick else _("not yet checked")
            detail = [
                f"{label(m.slot, 'contests.review_stage')}{_(': ')}{m.total} {m.findings}".strip() for m in ms
            ]
        out.append(
            {
                "entrant_id": e.pk,
                "seal_code": e.seal_code,
                "person_id": e.person_id,
                "name": (e.person.name if e.person_id else e.unit.name),
                "unit": e.unit.name,
                "unit_path": e.unit.path,
                "title": e.title,
                "result": result,
                "rule": rule,
                "marks": detail,
            }
        )
    return out


def event_results(*, actor, event: Event) -> list[dict]:
    """Outcomes as this actor may see them: sealed (no name, no unit) until the event is released."""
    event_get(actor=actor, event_id=event.pk)
    rows = event_outcomes(event)
    if not names_visible(actor, event):
        for r in rows:
            r["name"] = r["unit"] = ""
            r["person_id"] = None
            r["unit_path"] = ""
    if not can_manage_event(actor, event):
        if event.kind == "blind" and event.status != "released":
            return []
    return rows


def entrant_get(*, actor, event: Event, entrant_id: int) -> Entrant:
    try:
        return event.entrants.get(pk=entrant_id)
    except (Entrant.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def workbench_counts(actor, today) -> list[dict]:
    """Rows {key, label, count, light, url: (url name, args, query)} for the staff workbench: the open
    judged events this person organises, then one row per open event where they still have score
    sheets to submit. Reads only; `today` is unused (events have no clock) but kept so every domain
    answers the same call."""
    from django.utils.translation import gettext as _

    out = []
    # events this person organises (admin of the organiser's unit) that are still being scored
    organising = Event.objects.filter(status="open").filter(
        Q() if actor.is_superuser else _admin_of_organiser_q(actor)
    )
    out.append(
        {
            "key": "contests.events_open",
            "label": _("Judged events you organise, still being scored"),
            "count": organising.count(),
            "light": "",
            "url": ("contests:home", (), ""),
        }
    )
    me = person_of(actor)
    if me is None:
        return out
    events = Event.objects.filter(status="open", judges__person=me).distinct().select_related("organiser")
    for event in events.order_by("pk"):
        n = sum(1 for t in my_tasks(actor=actor, event=event) if not t["submitted"])
        out.append(
            {
                "key": f"contests.sheets.{event.pk}",
                "label": _("Score sheets to submit: %(event)s") % {"event": event.name},
                "count": n,
                "light": "",
                "url": ("contests:event", (event.pk,), ""),
            }
        )
    return out


def _admin_of_organiser_q(actor) -> Q:
    paths = scope_paths(actor, ("admin",)) or []
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(organiser__path__startswith=p)
    return q

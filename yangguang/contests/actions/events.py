"""Judged events (庭审驾驭 panels, blind reviews, record reviews): create an event with its rubric and
judges, add entrants under a seal code, take scores — a judge's own or a paper sheet the office enters —
each locked at once and sealed in the results ledger, close grading. What differs by kind lives beside:
blind_review (sealed documents, 2+1+1, release) and record_review (self, cross and central checks)."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, record_update, snapshot
from yangguang.core.errors import DomainError, NotFound
from yangguang.core.uploads import DOCUMENT_MAX_BYTES, check_upload
from yangguang.orgs.models import Person, Unit

from .. import ledger
from ..engine.expr import fmt
from ..models import Competition, Entrant, Event, Judge, Mark
from . import blind_review, record_review
from ._common import event_admin, judge_of


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
    event_admin(actor, organiser)
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
    event_admin(actor, event)
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


# A sealed document or case file (issue 16 item 5): documents only, through the one upload check.
DOCUMENT_EXTENSIONS = {".pdf", ".ofd", ".doc", ".docx", ".wps", ".txt"}


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
    event_admin(actor, event)
    if event.status != "open":
        raise DomainError("closed", _("The event is closed."), status=409)
    if person is None and unit is None:
        raise DomainError("bad_input", _("An entrant is a person or a unit."))
    unit = unit or person.unit
    if not unit.path.startswith(event.organiser.path):
        raise NotFound()
    if document is not None:
        check_upload(document, DOCUMENT_EXTENSIONS, DOCUMENT_MAX_BYTES, empty_ok=False)
    seal = _seal(event)
    if event.kind == "blind" and person is not None:
        title, text = blind_review.sealed(title, person, seal), blind_review.sealed(text, person, seal)
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
        blind_review.assign_graders(event, e, ["1", "2"])
    record_create(actor=actor, instance=e, unit=unit)
    return e


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
        judge = judge_of(actor, event, ("judge",))[0]
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
        mark = blind_review.grader_mark(actor, event, entrant)
    else:
        mark = record_review.checker_mark(actor, event, entrant, stage)
    if mark.submitted_at is not None:
        raise DomainError("locked", _("This score is submitted and locked."), status=409)
    mark.points, mark.total, mark.findings = pts, total, findings[:4000]
    _lock(mark, actor)
    if event.kind == "blind":
        blind_review.advance(event, entrant)
    return mark


@transaction.atomic
def mark_record(
    *, actor, event: Event, entrant: Entrant, judge: Judge, points: dict, findings: str = "", stage: str = ""
) -> Mark:
    """The organiser's office enters a judge's paper score sheet (live scoring on paper); locked and
    sealed like a judge's own submission. The own-unit and stage rules still hold."""
    event_admin(actor, event)
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
        mark = blind_review.sheet_mark(entrant, judge)
    else:
        mark = record_review.sheet_mark(event, entrant, judge, own, stage)
    if mark.submitted_at is not None:
        raise DomainError("locked", _("This score is submitted and locked."), status=409)
    mark.points, mark.total, mark.findings = pts, total, findings[:4000]
    _lock(mark, actor)
    if event.kind == "blind":
        blind_review.advance(event, entrant)
    return mark


@transaction.atomic
def event_close(*, actor, event: Event) -> Event:
    event_admin(actor, event)
    if event.status != "open":
        raise DomainError("bad_state", _("The event is not open."), status=409)
    before = snapshot(event)
    event.status = "closed"
    event.save(update_fields=["status", "updated_at"])
    record_update(actor=actor, instance=event, before=before)
    return event

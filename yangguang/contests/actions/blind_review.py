"""Blind review (裁判文书 double-blind marking): names sealed in the document, two graders from other units
assigned, a third and then the group leader when the 2+1+1 rule (queries.blind_state) calls for them,
identities revealed in one audited step after grading closes. events.py takes the scores."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, snapshot
from yangguang.core.errors import DomainError, NotFound
from yangguang.orgs.models import Person

from ..models import Entrant, Event, Judge, Mark
from ..queries import blind_state
from ._common import event_admin, judge_of


def sealed(text: str, person: Person, seal: str) -> str:
    """The entrant's name replaced by the seal code, so a grader never reads it."""
    return text.replace(person.name, f"[{seal}]")


def assign_graders(event: Event, e: Entrant, slots: list[str]) -> None:
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


def grader_mark(actor, event: Event, entrant: Entrant) -> Mark:
    """The actor's open slot on this document; once submitted, it is locked."""
    judges = judge_of(actor, event, ("grader", "leader"))
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
    return mark


def sheet_mark(entrant: Entrant, judge: Judge) -> Mark:
    """The judge's first open slot on this document, for a paper sheet the office enters."""
    mark = (
        Mark.objects.filter(entrant=entrant, judge=judge, submitted_at__isnull=True).order_by("slot").first()
    )
    if mark is None:
        raise NotFound()
    return mark


def advance(event: Event, entrant: Entrant) -> None:
    state = blind_state(event, entrant)
    slots = set(entrant.marks.values_list("slot", flat=True))
    if state.needs == "third" and "3" not in slots:
        assign_graders(event, entrant, ["3"])
    elif state.needs == "leader" and "4" not in slots:
        assign_graders(event, entrant, ["4"])


@transaction.atomic
def event_release(*, actor, event: Event) -> Event:
    """Reveal the identities behind the seal codes: one audited step, only after grading closes."""
    event_admin(actor, event)
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

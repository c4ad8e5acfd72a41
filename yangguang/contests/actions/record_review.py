"""Record review (案卷评查): a case file is checked in stages — the owning tribunal's self-check, a
cross-check by another tribunal, the review group leaders' central review — and each stage may be done
only by whom the rule names. events.py takes the scores; queries.event_outcomes keeps the latest stage."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError

from ..models import Entrant, Event, Judge, Mark
from ._common import judge_of


def checker_mark(actor, event: Event, entrant: Entrant, stage: str) -> Mark:
    """The mark the actor submits for this stage, once the stage rule allows them."""
    if stage not in ("self", "cross", "central"):
        raise DomainError("bad_input", _("The stage is self, cross or central."), {"field": "stage"})
    judges = judge_of(actor, event, ("checker", "leader", "judge"))
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
    mark, _created = Mark.objects.get_or_create(event=event, entrant=entrant, judge=judge, slot=stage)
    return mark


def sheet_mark(event: Event, entrant: Entrant, judge: Judge, own: bool, stage: str) -> Mark:
    """The mark for a checker's paper sheet the office enters, under the same stage rule."""
    allowed = {"self": own, "cross": not own, "central": judge.role == "leader"}
    if not allowed.get(stage, False):
        raise DomainError(
            "stage_rule", _("This checker may not do this stage for this case file."), status=403
        )
    mark, _created = Mark.objects.get_or_create(event=event, entrant=entrant, judge=judge, slot=stage)
    return mark

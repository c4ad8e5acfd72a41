"""Reads of major decisions (重大行政决策) and their procedure steps."""

from __future__ import annotations

from django.db.models import QuerySet

from yangguang.orgs.queries import scope_q

from .. import rules
from ..models import MajorDecision
from ._common import _get


def decision_list(*, actor, flagged: bool | None = None) -> QuerySet:
    qs = MajorDecision.objects.filter(scope_q(actor, "unit__path")).select_related("unit")
    if flagged is not None:
        qs = qs.filter(flagged=flagged)
    return qs


def decision_get(*, actor, decision_id: int) -> MajorDecision:
    return _get(decision_list(actor=actor), decision_id)


def decision_steps(decision: MajorDecision) -> list[dict]:
    from ..labels import STEP_LABELS

    done = {s.step: s for s in decision.steps.all()}
    return [
        {
            "step": code,
            "label": STEP_LABELS[code],
            "done_on": getattr(done.get(code), "done_on", None),
            "evidence": getattr(done.get(code), "evidence", ""),
            "done": code in done and done[code].done_on is not None,
        }
        for code in rules.STEPS
    ]


def published_decisions() -> QuerySet:
    """Major decisions as the public sees them: published (or corrected after publication)."""
    return (
        MajorDecision.objects.filter(published_on__isnull=False)
        .select_related("unit")
        .prefetch_related("steps", "events")
        .order_by("-published_on", "-id")
    )

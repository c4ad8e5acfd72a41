"""Background jobs (core.jobs): evaluating a large field (thousands of participants) off the request."""

from __future__ import annotations

from django.urls import reverse

from . import actions, queries

# Fields at least this large are evaluated in a job; smaller ones answer within a second inline.
INLINE_MAX = 2000


def evaluate(*, actor, params: dict, progress) -> dict:
    progress(0, 1)
    comp = queries.competition_get(actor=actor, competition_id=int(params["competition"]))
    ev = actions.evaluation_run(
        actor=actor, competition=comp, period=params.get("period", ""), note=params.get("note", "")
    )
    progress(1, 1)
    return {"link": reverse("contests:evaluation", args=[ev.pk]), "message": f"v{ev.version}"}


KINDS = {"contests.evaluate": evaluate}

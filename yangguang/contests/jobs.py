"""Background jobs (core.jobs): evaluating a large field (thousands of participants) off the request."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core import jobs

from . import actions, queries

# Fields at least this large are evaluated in a job; smaller ones answer within a second inline.
INLINE_MAX = 2000
IMPORT_INLINE_MAX = 512 * 1024  # bytes of a KPI sheet imported inline


def evaluate(*, actor, params: dict, progress) -> dict:
    progress(0, 1)
    comp = queries.competition_get(actor=actor, competition_id=int(params["competition"]))
    ev = actions.evaluation_run(
        actor=actor,
        competition=comp,
        period=params.get("period", ""),
        note=params.get("note", ""),
        progress=progress,  # every participant's result, then the writes
    )
    return {
        "link": reverse("contests:evaluation", args=[ev.pk]),
        "message": jobs.said(_("Evaluation version %(v)d."), v=ev.version),
    }


def data_import(*, actor, params: dict, progress) -> dict:
    """A large KPI sheet for one period (actions.data_import, all or nothing); the upload is removed after."""
    name = params["stored"]
    progress(0, 1)
    try:
        with default_storage.open(name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:  # a re-delivery after the first run finished and removed it
        return {"message": ""}
    try:
        comp = queries.competition_get(actor=actor, competition_id=int(params["competition"]))
        sheet = actions.data_import(
            actor=actor,
            competition=comp,
            period=params["period"],
            data=data,
            filename=params["filename"],
            progress=progress,  # every row's entry, then the writes
        )
    finally:
        default_storage.delete(name)
    return {
        "link": reverse("contests:competition", args=[comp.pk]),
        "message": jobs.said(_("%(n)d rows for %(period)s."), n=sheet.rows, period=sheet.period),
    }


KINDS = {"contests.evaluate": evaluate, "contests.data_import": data_import}


# What a person sees for each kind (the job pages, core.labels kind "core.job.kind"), never the code.
LABELS = {
    "contests.evaluate": pgettext_lazy("job", "Competition evaluation"),
    "contests.data_import": pgettext_lazy("job", "Competition data import"),
}

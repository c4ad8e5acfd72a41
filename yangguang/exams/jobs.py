"""Background jobs (core.jobs): giving every candidate of a large exam their paper, off the request."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core import jobs

from . import actions, queries

# Exams with at least this many candidates generate their papers in a job; smaller ones inline.
INLINE_MAX = 2000


def papers_assign(*, actor, params: dict, progress) -> dict:
    exam = queries.exam_get(actor=actor, exam_id=int(params["exam"]), roles=queries.VIEW + queries.SET)
    progress(0, 1)
    # one transaction, all or nothing; it reports every candidate (core.jobs writes about 1 in 100)
    n = actions.candidate_papers_generate(actor=actor, exam=exam, progress=progress)
    return {
        "link": reverse("exams:exam", kwargs={"exam_id": exam.pk}),
        "message": jobs.said(_("%(n)d papers given out."), n=n),
    }


KINDS = {"exams.papers_assign": papers_assign}


# What a person sees for each kind (the job pages, core.labels kind "core.job.kind"), never the code.
LABELS = {
    "exams.papers_assign": pgettext_lazy("job", "Paper generation"),
}

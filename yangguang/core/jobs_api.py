"""GET /api/v1/jobs/{id}: a background job's state and progress (its owner's or a superuser's)."""

from datetime import datetime

from django.urls import reverse
from ninja import Router, Schema

from . import jobs

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: int
    kind: str
    kind_label: str
    state: str
    done: int
    total: int
    percent: int
    message: str
    result_url: str | None
    result_link: str | None
    error_zh: str
    error_en: str
    created_at: datetime
    finished_at: datetime | None


@router.get("/{int:job_id}", response=JobOut, operation_id="job_get")
def job_get(request, job_id: int):
    job = jobs.job_get(actor=request.user, job_id=job_id)
    done = job.state == job.State.DONE
    return {
        "id": job.pk,
        "kind": job.kind,
        "kind_label": job.kind_label,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "result_url": reverse("jobs:download", args=[job.pk]) if done and job.result_file else None,
        "result_link": job.result_link or None,
        "error_zh": job.error_zh,
        "error_en": job.error_en,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }

"""The progress page of a background job (polled by htmx), its result download, and "my jobs"."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from . import jobs
from .errors import NotFound


@require_safe
@login_required
def job_list(request):
    return render(request, "core/jobs/list.html", {"jobs": jobs.job_list(actor=request.user)})


@require_safe
@login_required
def job_detail(request, job_id: int):
    job = jobs.job_get(actor=request.user, job_id=job_id)
    return render(request, "core/jobs/detail.html", {"job": job, "error": jobs.error_text(job)})


@require_safe
@login_required
def job_progress(request, job_id: int):
    """The fragment htmx swaps in every second until the job has finished (then it stops polling)."""
    job = jobs.job_get(actor=request.user, job_id=job_id)
    return render(request, "core/jobs/_progress.html", {"job": job, "error": jobs.error_text(job)})


@require_safe
@login_required
def job_download(request, job_id: int):
    job = jobs.job_get(actor=request.user, job_id=job_id)
    if job.state != job.State.DONE or not job.result_file:
        raise NotFound()
    try:
        fh = job.result_file.open("rb")
    except FileNotFoundError:
        raise NotFound()
    resp = FileResponse(fh)
    resp["Content-Disposition"] = content_disposition_header(True, job.result_name or "result")
    return resp

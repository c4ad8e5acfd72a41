"""The bulk case import: POST a sheet, get the background job (follow it at /api/v1/jobs/{id})."""

from django.urls import reverse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from yangguang.core import jobs

router = Router()


class CaseImportJob(Schema):
    job_id: int
    state: str
    status_url: str
    page_url: str


@router.post("/cases/import", response={202: CaseImportJob})
def case_import(request, file: File[UploadedFile]):
    """All-or-nothing case import (.xlsx/.csv) as a background job: 202 with the job; its state,
    progress and bad rows are at `status_url`, the sheet of numbers and query codes when done."""
    stored = jobs.keep_upload(file)
    job = jobs.start("services.case_import", request.user, {"stored": stored, "filename": file.name})
    return Status(
        202,
        {
            "job_id": job.pk,
            "state": job.state,
            "status_url": f"/api/v1/jobs/{job.pk}",
            "page_url": reverse("jobs:detail", args=[job.pk]),
        },
    )

"""The evaluation and the KPI import record progress while they work: every participant's entry or
result, then the writes (not only the start and the end)."""

import pytest

from yangguang.contests import actions
from yangguang.contests import jobs as contest_jobs
from yangguang.core import jobs
from yangguang.core.models import Job

from .test_actions import _csv, comp  # noqa: F401 (the fixture)


@pytest.fixture
def big(monkeypatch, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.JOBS_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(contest_jobs, "INLINE_MAX", 1)
    monkeypatch.setattr(contest_jobs, "IMPORT_INLINE_MAX", 10)


@pytest.fixture
def reported(monkeypatch):
    seen = []
    real = jobs.report

    def spy(job, done, total=None, message=""):
        seen.append((done, total if total is not None else job.total))
        real(job, done, total, message)

    monkeypatch.setattr(jobs, "report", spy)
    return seen


def _middle(seen, total):
    return [d for d, t in seen if t == total and 0 < d < t]


def test_the_kpi_import_reports_rows_then_writes(
    cast,
    comp,  # noqa: F811
    client_of,
    big,
    reported,
    django_capture_on_commit_callbacks,
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        client_of(cast.admin).post(
            f"/contests/{comp.pk}/import/", {"period": "2026-01", "file": SimpleUploadedFile("d.csv", _csv())}
        )
    assert Job.objects.get().state == "done"
    assert _middle(reported, 4) == [1]  # two participants: 2×2 steps, the entry of the second one
    assert reported[-1] == (4, 4)


def test_the_evaluation_reports_results_then_writes(
    cast,
    comp,  # noqa: F811
    client_of,
    big,
    reported,
    django_capture_on_commit_callbacks,
):
    actions.data_import(actor=cast.admin, competition=comp, period="2026-01", data=_csv(), filename="d.csv")
    with django_capture_on_commit_callbacks(execute=True):
        client_of(cast.admin).post(f"/contests/{comp.pk}/evaluate/", {"period": "2026-01"})
    assert Job.objects.get().state == "done"
    assert _middle(reported, 4) == [1]
    assert reported[-1] == (4, 4)

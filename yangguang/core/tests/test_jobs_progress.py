"""Progress while the work goes on: a bounded number of writes however many rows, and figures reported
inside a long transaction reach the progress page before it commits."""

import pytest
from django.db import transaction
from django.urls import reverse

from yangguang.core import jobs
from yangguang.core.errors import ImportRejected, RowError
from yangguang.core.models import Job


@pytest.fixture
def inline(settings, django_capture_on_commit_callbacks, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.JOBS_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


def test_a_job_reporting_every_row_writes_about_once_a_percent(cast, inline, monkeypatch):
    writes = []
    real = jobs.report
    monkeypatch.setattr(
        jobs,
        "report",
        lambda job, done, total=None, message="": (writes.append(done), real(job, done, total, message)),
    )

    def rows(*, actor, params, progress):
        for i in range(100_000):
            progress(i + 1, 100_000)
        return {"message": "ok"}

    monkeypatch.setattr(jobs, "_kinds", {"t.rows": rows})
    with inline(execute=True):
        job = jobs.start("t.rows", cast.clerk_a)
    job.refresh_from_db()
    assert job.state == "done" and job.done == job.total == 100_000
    assert 50 <= len(writes) <= 101 and writes == sorted(writes) and writes[-1] == 100_000


def test_progress_inside_an_uncommitted_transaction_reaches_the_page(cast, client_of, settings):
    # a cache of this test's own: the suite's other worker flushes a shared Redis between tests
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    job = Job.objects.create(kind="t.rows", owner=cast.clerk_a, state="running", total=200)

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        jobs.report(job, 50, 200)  # what another connection cannot see until the work commits
        raise Rollback
    assert Job.objects.get(pk=job.pk).done == 0
    c = client_of(cast.clerk_a)
    assert c.get(f"/api/v1/jobs/{job.pk}").json()["percent"] == 25
    assert "50 / 200" in c.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    Job.objects.filter(pk=job.pk).update(state="failed")  # finished: the database is the truth again
    assert c.get(f"/api/v1/jobs/{job.pk}").json()["done"] == 0


def test_a_rejected_import_lists_its_rows_in_both_languages(cast, inline, monkeypatch, client_of):
    from django.utils.translation import gettext_lazy as _

    def refuse(*, actor, params, progress):
        raise ImportRejected(
            [RowError(4, "事项名称", _("Not found.")), RowError(None, "编码", _("Not found."))]
        )

    monkeypatch.setattr(jobs, "_kinds", {"t.import": refuse})
    with inline(execute=True):
        job = jobs.start("t.import", cast.clerk_a)
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.error_zh.splitlines()[1:] == ["第 4 行，事项名称：未找到。", "编码：未找到。"]
    assert job.error_en.splitlines()[1:] == ["Row 4, 事项名称: Not found.", "编码: Not found."]
    c = client_of(cast.clerk_a)
    page = c.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "第 4 行，事项名称：未找到。<br>编码：未找到。" in page
    c.cookies["django_language"] = "en"
    page = c.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Row 4, 事项名称: Not found.<br>编码: Not found." in page
    body = c.get(f"/api/v1/jobs/{job.pk}").json()
    assert "第 4 行" in body["error_zh"] and "Row 4" in body["error_en"]


def test_many_bad_rows_are_cut_short_with_a_count(cast, inline, monkeypatch):
    def refuse(*, actor, params, progress):
        raise ImportRejected([RowError(i, "A", "x") for i in range(2, 80)])

    monkeypatch.setattr(jobs, "_kinds", {"t.import": refuse})
    with inline(execute=True):
        job = jobs.start("t.import", cast.clerk_a)
    job.refresh_from_db()
    lines = job.error_en.splitlines()
    assert len(lines) == 1 + jobs.ROWS_SHOWN + 1 and lines[-1] == "… and 28 more."

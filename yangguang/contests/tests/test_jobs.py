"""A large field is evaluated in a background job (core.jobs): the page redirects to the job's progress
page, the job makes the new current version and links to it; refusals stay on the page."""

import pytest

from yangguang.contests import actions
from yangguang.contests import jobs as contest_jobs
from yangguang.contests.models import Evaluation
from yangguang.core.models import Job

from .test_actions import _csv, comp  # noqa: F401 (the fixture)


@pytest.fixture
def big(monkeypatch, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.JOBS_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(contest_jobs, "INLINE_MAX", 1)  # every field counts as large


def test_evaluate_a_large_field_in_a_job(cast, comp, client_of, big, django_capture_on_commit_callbacks):  # noqa: F811
    actions.data_import(actor=cast.admin, competition=comp, period="2026-01", data=_csv(), filename="d.csv")
    c = client_of(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(f"/contests/{comp.pk}/evaluate/", {"period": "2026-01"})
    job = Job.objects.get(kind="contests.evaluate")
    assert r.status_code == 302 and r["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    ev = Evaluation.objects.get(competition=comp, current=True, period="2026-01")
    assert job.state == "done" and job.result_link == f"/contests/evaluations/{ev.pk}/"
    assert job.message == f"评比结果第 {ev.version} 版。 / Evaluation version {ev.version}."
    assert f'href="/contests/evaluations/{ev.pk}/"' in c.get(f"/jobs/{job.pk}/").content.decode()


def test_a_refused_evaluation_starts_no_job(cast, comp, client_of, big):  # noqa: F811
    r = client_of(cast.clerk_b).post(f"/contests/{comp.pk}/evaluate/", {"period": "2026-01"})
    assert r.status_code in (403, 404) and not Job.objects.exists()


def test_a_large_kpi_sheet_imports_in_a_job(
    cast,
    comp,  # noqa: F811 (the fixture imported above)
    client_of,
    big,
    monkeypatch,
    django_capture_on_commit_callbacks,
    tmp_path,  # noqa: F811
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yangguang.contests.models import DataSheet

    monkeypatch.setattr(contest_jobs, "IMPORT_INLINE_MAX", 10)
    c = client_of(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            f"/contests/{comp.pk}/import/", {"period": "2026-01", "file": SimpleUploadedFile("d.csv", _csv())}
        )
    job = Job.objects.get(kind="contests.data_import")
    assert r.status_code == 302 and r["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.state == "done", job.error_en
    sheet = DataSheet.objects.get(competition=comp, period="2026-01")
    assert job.message == f"已导入 2026-01 数据 {sheet.rows} 行。 / {sheet.rows} rows for 2026-01."
    assert not list((tmp_path / "jobs" / "in").iterdir())
    # someone who may not import: refused on the page, no job, nothing stored
    r = client_of(cast.clerk_a).post(
        f"/contests/{comp.pk}/import/", {"period": "2026-02", "file": SimpleUploadedFile("d.csv", _csv())}
    )
    assert r.status_code in (403, 404) and Job.objects.count() == 1
    assert not list((tmp_path / "jobs" / "in").iterdir())

"""Giving thousands of candidates their papers runs in a background job (core.jobs): the page
redirects to the job's progress page and the job links back to the exam."""

import pytest

from yangguang.core.models import Job
from yangguang.exams import jobs as exam_jobs
from yangguang.exams.models import Candidate


@pytest.fixture
def big(monkeypatch, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.JOBS_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(exam_jobs, "INLINE_MAX", 1)  # every exam counts as large


def test_papers_for_a_large_exam_in_a_job(world, client_of, big, django_capture_on_commit_callbacks):
    ex = world.exam
    Candidate.objects.filter(exam=ex).update(paper=None)
    with django_capture_on_commit_callbacks(execute=True):
        r = client_of(world.setter).post(f"/exams/{ex.pk}/do/papers_assign/")
    job = Job.objects.get(kind="exams.papers_assign")
    assert r.status_code == 302 and r["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.state == "done", (job.error_en, job.state)
    assert job.result_link == f"/exams/{ex.pk}/" and job.unit_path == ex.unit.path
    active = Candidate.objects.filter(exam=ex, active=True)
    assert active.exists() and not active.filter(paper__isnull=True).exists()
    n = int(job.message.split(" / ")[1].split()[0])
    assert n > 0 and job.message == f"已生成试卷 {n} 份。 / {n} papers given out."


def test_someone_who_may_not_generate_starts_no_job(world, cast, client_of, big):
    client_of(cast.supervisor).post(f"/exams/{world.exam.pk}/do/papers_assign/")
    assert not Job.objects.exists()

"""Giving candidates their papers records progress while it works: every candidate's layout, then the
write (not only the start and the end)."""

import pytest

from yangguang.core import jobs
from yangguang.core.models import Job
from yangguang.exams import jobs as exam_jobs
from yangguang.exams.models import Candidate


@pytest.fixture
def big(monkeypatch, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.JOBS_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(exam_jobs, "INLINE_MAX", 1)


@pytest.fixture
def reported(monkeypatch):
    seen = []
    real = jobs.report

    def spy(job, done, total=None, message=""):
        seen.append((done, total if total is not None else job.total))
        real(job, done, total, message)

    monkeypatch.setattr(jobs, "report", spy)
    return seen


def test_papers_assign_reports_every_candidate(
    world, client_of, big, reported, django_capture_on_commit_callbacks
):
    ex = world.exam
    Candidate.objects.filter(exam=ex).update(paper=None)
    n = Candidate.objects.filter(exam=ex, active=True).count()
    assert n >= 2
    with django_capture_on_commit_callbacks(execute=True):
        client_of(world.setter).post(f"/exams/{ex.pk}/do/papers_assign/")
    job = Job.objects.get()
    assert job.state == "done", job.error_en
    middle = [d for d, t in reported if t == 2 * n and 0 < d < t]
    assert set(range(1, n)) <= set(middle)  # each candidate's layout moves the bar
    job.refresh_from_db()
    assert job.done == job.total == 2 * n

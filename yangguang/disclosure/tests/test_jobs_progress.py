"""The annual report's export: started by a POST only (CSRF-protected, one job per report as shown), with
its progress recorded along the way and its failure shown in both languages."""

import pytest
from django.test import Client
from django.urls import reverse

from yangguang.core import jobs
from yangguang.core.models import Job


@pytest.fixture
def inline(settings, django_capture_on_commit_callbacks, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.JOBS_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


@pytest.fixture
def reported(monkeypatch):
    """Every progress write a job makes, as (done, total)."""
    seen = []
    real = jobs.report

    def spy(job, done, total=None, message=""):
        seen.append((done, total if total is not None else job.total))
        real(job, done, total, message)

    monkeypatch.setattr(jobs, "report", spy)
    return seen


URL = "/disclosure/report/?unit=TA&year=2025"


def test_get_never_starts_a_job_and_the_page_offers_post_buttons(cast, client_of):
    c = client_of(cast.admin_a)
    for fmt in ("xlsx", "docx"):
        assert c.get(f"{URL}&format={fmt}").status_code == 200
    assert not Job.objects.exists()
    html = c.get(URL).content.decode()
    assert 'method="post"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="format" value="xlsx"' in html and 'name="format" value="docx"' in html
    assert "下载表格（.xlsx）" in html and "下载文档（.docx）" in html and "下载数据（JSON）" in html
    assert ">.xlsx<" not in html and ">JSON<" not in html
    c.cookies["django_language"] = "en"
    en = c.get(URL).content.decode()
    assert "Download spreadsheet (.xlsx)" in en and "Download document (.docx)" in en


def test_a_post_without_the_csrf_token_is_refused(cast):
    c = Client(enforce_csrf_checks=True)
    c.force_login(cast.admin_a, backend="django.contrib.auth.backends.ModelBackend")
    assert c.post(URL, {"format": "xlsx", "version": "0" * 16}).status_code == 403
    assert not Job.objects.exists()


def test_a_double_click_is_one_job_and_a_changed_report_a_new_one(cast, inline, client_of):
    c = client_of(cast.admin_a)
    version = c.get(URL).context["version"]
    with inline(execute=True):
        first = c.post(URL, {"format": "xlsx", "version": version})
        again = c.post(URL, {"format": "xlsx", "version": version})
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert Job.objects.count() == 1 and Job.objects.get().state == "done"
    with inline(execute=True):
        c.post(URL, {"format": "docx", "version": version})  # another format: another job
    assert Job.objects.count() == 2
    c.post(URL, {"overview": "本年度公开工作概述。", "problems": "", "other": ""})  # the office edits 一
    changed = c.get(URL).context["version"]
    assert changed != version
    with inline(execute=True):
        c.post(URL, {"format": "xlsx", "version": changed})
    assert Job.objects.count() == 3


@pytest.mark.parametrize("body", [{"format": "pdf", "version": "0" * 16}, {"format": "xlsx"}])
def test_a_bad_export_request_changes_nothing(cast, client_of, body):
    c = client_of(cast.admin_a)
    c.cookies["django_language"] = "en"
    resp = c.post(URL, body)
    assert resp.status_code == 400 and "Reload the report" in resp.content.decode()
    assert not Job.objects.exists()


def test_the_export_reports_its_steps(cast, inline, client_of, reported):
    c = client_of(cast.admin_a)
    version = c.get(URL).context["version"]
    with inline(execute=True):
        c.post(URL, {"format": "docx", "version": version})
    assert Job.objects.get().state == "done"
    assert reported == [(0, 3), (1, 3), (2, 3)]  # the end (3/3) is written by run() with the file


def test_a_failed_export_can_be_asked_for_again(cast, inline, client_of, monkeypatch):
    from yangguang.disclosure import exports

    c = client_of(cast.admin_a)
    version = c.get(URL).context["version"]

    def broken(data):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "report_xlsx", broken)
    with inline(execute=True):
        c.post(URL, {"format": "xlsx", "version": version})
    failed = Job.objects.get()
    assert failed.state == "failed" and failed.error_zh and failed.error_en
    c.cookies["django_language"] = "en"
    page = c.get(reverse("jobs:detail", args=[failed.pk])).content.decode()
    assert "The work failed on our side" in page and "disk full" not in page
    c.cookies["django_language"] = "zh-hans"
    monkeypatch.undo()
    with inline(execute=True):
        resp = c.post(URL, {"format": "xlsx", "version": version})
    retried = Job.objects.exclude(pk=failed.pk).get()
    assert retried.state == "done" and resp["Location"] == reverse("jobs:detail", args=[retried.pk])

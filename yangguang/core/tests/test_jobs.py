"""Background jobs: start → run → progress → result, idempotent starts, the owner-only pages and API,
failures in both languages, and the thread of the embedded mode."""

import time

import pytest
from django.urls import reverse

from yangguang.core import jobs
from yangguang.core.errors import DomainError
from yangguang.core.models import Job


@pytest.fixture
def inline(settings, django_capture_on_commit_callbacks, tmp_path):
    """Jobs run at commit, in the test's thread."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.JOBS_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


@pytest.fixture
def fake_kinds(monkeypatch):
    seen = []

    def count(*, actor, params, progress):
        n = params.get("n", 3)
        for i in range(n):
            progress(i + 1, n)
            seen.append(i)
        return {"file": ("out.txt", b"x" * n), "message": "ok"}

    def refuse(*, actor, params, progress):
        raise DomainError("nope", "Nothing to export.")

    def crash(*, actor, params, progress):
        raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "_kinds", {"t.count": count, "t.refuse": refuse, "t.crash": crash})
    return seen


def test_start_runs_reports_progress_and_stores_the_result(cast, inline, fake_kinds):
    with inline(execute=True):
        job = jobs.start("t.count", cast.clerk_a, {"n": 4})
    job.refresh_from_db()
    assert job.state == "done" and job.done == 4 and job.total == 4 and job.percent == 100
    assert job.result_file.read() == b"xxxx" and job.result_name == "out.txt"
    assert job.attempts == 1 and job.finished_at and job.message == "ok"


def test_same_key_is_the_same_job_and_a_finished_job_is_not_run_again(cast, inline, fake_kinds):
    with inline(execute=True):
        a = jobs.start("t.count", cast.clerk_a, {"n": 2}, key="k1")
        b = jobs.start("t.count", cast.clerk_a, {"n": 2}, key="k1")
    assert a.pk == b.pk and Job.objects.count() == 1 and fake_kinds == [0, 1]
    assert jobs.run(a.pk) == "skipped"  # a re-delivered message for a finished job
    assert fake_kinds == [0, 1]
    with inline(execute=True):
        other = jobs.start("t.count", cast.clerk_b, {"n": 2}, key="k1")  # keys are per owner
    assert other.pk != a.pk


def test_a_running_job_redelivered_runs_again(cast, inline, fake_kinds):
    job = Job.objects.create(kind="t.count", owner=cast.clerk_a, params={"n": 1}, state="running")
    assert jobs.run(job.pk) == "done"
    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 1


def test_unknown_kind_is_refused(cast, fake_kinds):
    with pytest.raises(DomainError):
        jobs.start("t.nothing", cast.clerk_a)


def test_failures_keep_their_message_in_both_languages(cast, inline, fake_kinds, client_of):
    with inline(execute=True):
        refused = jobs.start("t.refuse", cast.clerk_a)
        crashed = jobs.start("t.crash", cast.clerk_a)
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert refused.state == "failed" and refused.error_en == "Nothing to export."
    assert refused.error_zh
    assert crashed.state == "failed" and "boom" not in crashed.error_en and crashed.error_zh
    page = client_of(cast.clerk_a).get(reverse("jobs:detail", args=[refused.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
    assert "hx-get" not in page.content.decode()  # finished: no more polling


def test_pages_and_api_are_the_owners_and_a_superusers_only(cast, inline, fake_kinds, client_of):
    with inline(execute=True):
        job = jobs.start("t.count", cast.clerk_a, {"n": 2})
    job.refresh_from_db()
    urls = [
        reverse("jobs:detail", args=[job.pk]),
        reverse("jobs:progress", args=[job.pk]),
        reverse("jobs:download", args=[job.pk]),
        f"/api/v1/jobs/{job.pk}",
    ]
    for user in (cast.clerk_a, cast.admin):
        c = client_of(user)
        assert [c.get(u).status_code for u in urls] == [200, 200, 200, 200]
    c = client_of(cast.clerk_b)
    assert [c.get(u).status_code for u in urls] == [404, 404, 404, 404]
    missing = [u.replace(f"/{job.pk}", f"/{job.pk + 999}") for u in urls]
    assert [client_of(cast.clerk_a).get(u).status_code for u in missing] == [404, 404, 404, 404]
    body = client_of(cast.clerk_a).get(f"/api/v1/jobs/{job.pk}").json()
    assert body["state"] == "done" and body["percent"] == 100
    assert body["result_url"] == reverse("jobs:download", args=[job.pk])
    dl = client_of(cast.clerk_a).get(body["result_url"])
    assert b"".join(dl.streaming_content) == b"xx" and "out.txt" in dl["Content-Disposition"]
    # the stored file is guarded under /media/ as well
    assert client_of(cast.clerk_b).get("/media/" + job.result_file.name).status_code == 404
    assert client_of(cast.clerk_a).get("/media/" + job.result_file.name).status_code == 200
    listing = client_of(cast.clerk_b).get(reverse("jobs:list")).content.decode()
    assert f'href="{reverse("jobs:detail", args=[job.pk])}"' not in listing


def test_progress_fragment_polls_while_running(cast, client_of):
    job = Job.objects.create(kind="t.count", owner=cast.clerk_a, state="running", done=3, total=12)
    html = client_of(cast.clerk_a).get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert f'hx-get="/jobs/{job.pk}/progress"' in html and 'hx-trigger="every 1s"' in html
    assert f'<progress id="job-bar-{job.pk}" max="100" value="25">25%</progress>' in html
    assert "3 / 12" in html


@pytest.mark.django_db(transaction=True)
def test_embedded_mode_runs_in_a_thread_so_the_request_returns(settings, tmp_path, monkeypatch):
    from django.contrib.auth import get_user_model

    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.JOBS_IN_THREAD = True
    settings.MEDIA_ROOT = tmp_path
    release = []

    def slow(*, actor, params, progress):
        for _ in range(200):
            if release:
                break
            time.sleep(0.01)
        return {"message": "late"}

    monkeypatch.setattr(jobs, "_kinds", {"t.slow": slow})
    user = get_user_model().objects.create(username="u1")
    job = jobs.start("t.slow", user)  # autocommit: dispatched at once
    assert Job.objects.get(pk=job.pk).state in ("queued", "running")  # start() did not wait
    release.append(1)
    for _ in range(300):
        if Job.objects.get(pk=job.pk).state == "done":
            break
        time.sleep(0.01)
    assert Job.objects.get(pk=job.pk).message == "late"


def test_disclosure_report_export_is_a_job(cast, inline, client_of):
    c = client_of(cast.admin_a)
    url = f"/disclosure/report/?unit={cast.county_a.code}&year=2025"
    page = c.get(url + "&format=xlsx")  # a link never starts work (p15c: POST only)
    assert page.status_code == 200 and not Job.objects.exists()
    version = page.context["version"]
    with inline(execute=True):
        resp = c.post(url, {"format": "xlsx", "version": version})
    job = Job.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.state == "done" and job.kind == "disclosure.report_export"
    assert job.unit_path == cast.county_a.path
    data = b"".join(c.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    assert data[:2] == b"PK" and job.result_name == f"{cast.county_a.code}-2025.xlsx"
    # out of scope: the same 404 as before, and no job
    other = f"/disclosure/report/?unit={cast.county_b.code}&year=2025"
    assert c.post(other, {"format": "docx", "version": version}).status_code == 404
    assert Job.objects.count() == 1


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("big.csv", b"", "file_required"),  # empty
        ("page.html", b"<html><script>alert(1)</script></html>", "bad_file_type"),
        ("noext", b"a,b\n1,2\n", "bad_file_type"),
        ("sheet.csv", b"<svg onload=alert(1)>", "bad_file_content"),  # markup behind a sheet's name
        ("sheet.xlsx", b"a,b\n1,2\n", "bad_file_content"),  # not a zip: no .xlsx
        ("sheet.csv", b"a\x00b\xff\xfe" * 10, "bad_file_content"),  # binary
    ],
)
def test_keep_upload_checks_the_file_first_and_stores_nothing_it_refuses(
    settings, tmp_path, name, data, code
):
    from yangguang.core.errors import both

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(DomainError) as e:
        jobs.keep_upload(_upload(name, data))
    assert e.value.code == code
    msg = both(e.value.message)
    assert msg["zh-hans"] and msg["en"] and msg["zh-hans"] != msg["en"]  # the usual bilingual refusal
    assert not (tmp_path / "jobs" / "in").exists() or not list((tmp_path / "jobs" / "in").iterdir())


def test_keep_upload_holds_the_fields_size_limit_and_stores_a_good_sheet(settings, tmp_path):
    from yangguang.core.tabular import write_table

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(DomainError) as e:
        jobs.keep_upload(_upload("big.csv", b"a,b\n" + b"1,2\n" * 100), max_bytes=100)
    assert e.value.code == "file_too_large"
    with pytest.raises(DomainError):
        jobs.keep_upload(_upload("d.pdf", b"%PDF-1.4"))  # a sheet's rule unless the caller names another
    assert jobs.keep_upload(_upload("d.pdf", b"%PDF-1.4"), extensions={".pdf"}).endswith(".pdf")
    xlsx = write_table(["a"], [[1]], "xlsx")
    stored = jobs.keep_upload(_upload("Sheet.XLSX", xlsx))
    assert stored.startswith("jobs/in/") and stored.endswith(".xlsx")
    assert (tmp_path / stored).read_bytes() == xlsx  # stored whole, from its first byte
    assert jobs.keep_upload(_upload("d.csv", "编码,名称\n1,甲\n".encode())).endswith(".csv")


def test_a_page_refuses_a_bad_large_upload_before_any_job(cast, client_of, inline, monkeypatch, tmp_path):
    from yangguang.services.views import items as item_views

    monkeypatch.setattr(item_views, "IMPORT_INLINE_MAX", 10)  # every sheet counts as large
    r = client_of(cast.admin_a).post(
        "/services/items/import/",
        {"file": _upload("c.csv", b"<html><body>" + b"x" * 100 + b"</body></html>")},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert r.status_code == 400 and not Job.objects.exists()
    assert "文件" in r.content.decode()
    assert not (tmp_path / "jobs" / "in").exists() or not list((tmp_path / "jobs" / "in").iterdir())

"""Both services jobs record progress while they work (not only at the start and the end), and a
catalogue import with a bad row fails with that row, its column and the reason, in both languages."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yangguang.core import jobs
from yangguang.core.models import Job
from yangguang.core.tabular import write_table
from yangguang.services import actions
from yangguang.services.views import items as item_views

TZ = ZoneInfo("Asia/Shanghai")
HEADER = ["事项编码", "事项名称", "实施单位编码", "承诺时限", "法定时限", "办理方式", "申请材料"]


@pytest.fixture
def inline(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.JOBS_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


@pytest.fixture
def reported(monkeypatch):
    seen = []
    real = jobs.report

    def spy(job, done, total=None, message=""):
        seen.append((done, total if total is not None else job.total))
        real(job, done, total, message)

    monkeypatch.setattr(jobs, "report", spy)
    return seen


def _middle(seen):
    return [(d, t) for d, t in seen if t and 0 < d < t]


def test_the_year_of_cases_reports_as_it_goes(cast, svc, client_of, inline, reported):
    for i in range(6):
        actions.case_submit(
            actor=cast.clerk_a,
            item_id=svc.item.pk,
            applicant_name=f"甲{i}",
            applicant_phone="13800000000",
            at=datetime(2025, 3, 3 + i, 9, tzinfo=TZ),
        )
    with inline(execute=True):
        client_of(cast.clerk_a).post("/services/cases/export/", {"year": "2025"})
    assert Job.objects.get().state == "done"
    assert len(_middle(reported)) >= 4 and reported[-1] == (6, 6)


def _sheet(rows):
    return SimpleUploadedFile("c.xlsx", write_table(HEADER, rows, "xlsx"))


ROWS = [[f"IMP-{i}", f"事项{i}", "TA", 5, 10, "承诺办", "申请书"] for i in range(8)]


def test_the_catalogue_import_reports_every_row_checked_and_written(
    cast, svc, client_of, inline, reported, monkeypatch
):
    monkeypatch.setattr(item_views, "IMPORT_INLINE_MAX", 10)  # every sheet counts as large
    with inline(execute=True):
        client_of(cast.admin_a).post("/services/items/import/", {"file": _sheet(ROWS)})
    job = Job.objects.get()
    assert job.state == "done", job.error_en
    middle = _middle(reported)
    assert any(d < 8 for d, _t in middle) and any(d > 8 for d, _t in middle)  # checking, then writing
    assert all(t == 16 for _d, t in middle)


def test_a_bad_row_fails_the_job_with_its_row_and_column(cast, svc, client_of, inline, monkeypatch):
    monkeypatch.setattr(item_views, "IMPORT_INLINE_MAX", 10)
    c = client_of(cast.admin_a)
    bad = ROWS[:2] + [["IMP-X", "", "TA", 1, 5, "直接办", ""]]  # the sheet's row 4 has no name
    with inline(execute=True):
        c.post("/services/items/import/", {"file": _sheet(bad)})
    job = Job.objects.get()
    assert job.state == "failed"
    page = c.get(f"/jobs/{job.pk}/").content.decode()
    assert "第 4 行，事项名称：" in page and 'role="alert"' in page
    c.cookies["django_language"] = "en"
    page = c.get(f"/jobs/{job.pk}/").content.decode()
    assert "Row 4, 事项名称: An item needs a name." in page
    body = c.get(f"/api/v1/jobs/{job.pk}").json()
    assert (
        "第 4 行，事项名称：" in body["error_zh"]
        and "Row 4, 事项名称: An item needs a name." in body["error_en"]
    )

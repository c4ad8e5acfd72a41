"""A year of cases to .xlsx runs as a background job, scoped to the person who started it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from yangguang.core.models import Job
from yangguang.core.tabular import read_table
from yangguang.services import actions

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def inline(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.JOBS_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


def _export(client, year, inline):
    with inline(execute=True):
        r = client.post("/services/cases/export/", {"year": str(year)})
    job = Job.objects.order_by("-id").first()
    assert r.status_code == 302 and r["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.state == "done", job.error_en
    body = b"".join(client.get(f"/jobs/{job.pk}/download").streaming_content)
    return job, read_table(body, "x.xlsx")


def test_a_year_of_cases_is_a_job_scoped_to_the_actor(cast, svc, client_of, inline, monkeypatch):
    for i, d in enumerate([date(2025, 3, 3), date(2025, 11, 3), date(2025, 12, 31), date(2024, 12, 31)]):
        actions.case_submit(
            actor=cast.clerk_a,
            item_id=svc.item.pk,
            applicant_name=f"甲{i}",
            applicant_phone="13800000000",
            at=datetime(d.year, d.month, d.day, 9, tzinfo=TZ),
        )
    job, table = _export(client_of(cast.clerk_a), 2025, inline)
    assert [r["申请人"] for _n, r in table.rows] == ["甲0", "甲1", "甲2"]
    assert job.done == job.total == 3 and job.result_name == "cases-2025.xlsx"
    assert "13800000000" not in str(table.rows) and "申请人电话" not in table.header
    _job, other = _export(client_of(cast.clerk_b), 2025, inline)  # another county sees none of them
    assert other.rows == []


def test_a_bad_year_starts_no_job(cast, client_of):
    c = client_of(cast.clerk_a)
    for year in ("", "1999", "abc", "3000"):
        assert c.post("/services/cases/export/", {"year": year}).status_code == 400
    assert c.get("/services/cases/export/").status_code == 405
    assert not Job.objects.exists()


HEADER = ["事项编码", "事项名称", "实施单位编码", "承诺时限", "法定时限", "办理方式", "申请材料"]


def _sheet(rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yangguang.core.tabular import write_table

    return SimpleUploadedFile("c.xlsx", write_table(HEADER, rows, "xlsx"))


def test_a_large_catalogue_imports_in_a_job_all_or_nothing(
    cast, svc, client_of, inline, monkeypatch, tmp_path
):
    from yangguang.services.models import ServiceItem
    from yangguang.services.views import items as item_views

    monkeypatch.setattr(item_views, "IMPORT_INLINE_MAX", 10)  # every sheet counts as large
    c = client_of(cast.admin_a)
    good = [
        ["IMP-1", "渔业捕捞许可", "TA", 10, 20, "承诺办", "申请书;身份证"],
        ["IMP-2", "结婚登记", "TA", 0, 0, "直接办", ""],
    ]
    with inline(execute=True):
        r = c.post(
            "/services/items/import/", {"file": _sheet(good + [["IMP-3", "", "TA", 1, 5, "直接办", ""]])}
        )
    bad = Job.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/jobs/{bad.pk}/"
    bad.refresh_from_db()
    assert (
        bad.state == "failed"
        and bad.error_zh
        and not ServiceItem.objects.filter(code__startswith="IMP-").exists()
    )
    with inline(execute=True):
        c.post("/services/items/import/", {"file": _sheet(good)})
    ok = Job.objects.exclude(pk=bad.pk).get()
    assert ok.state == "done"
    assert ok.result_link == "/services/items/"
    assert ok.message == "导入完成：新增 2 条，更新 0 条。 / Imported: 2 created, 0 updated."
    assert set(ServiceItem.objects.filter(code__startswith="IMP-").values_list("code", flat=True)) == {
        "IMP-1",
        "IMP-2",
    }
    assert not list((tmp_path / "jobs" / "in").iterdir())  # the stored uploads are gone

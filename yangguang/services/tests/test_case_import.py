"""The bulk case import (办件批量导入): all or nothing, the live actions' clocks and timing, the read
models (the public lookup, the daily counters behind the dashboard), the job, the page and the API."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yangguang.core import jobs
from yangguang.core.errors import ImportRejected, NotFound
from yangguang.core.models import Job
from yangguang.core.tabular import read_table, write_table
from yangguang.services import actions, queries, rollup
from yangguang.services.models import Case, CaseDay, CaseEvent, PublicCase
from yangguang.services.queries import figures

TZ = ZoneInfo("Asia/Shanghai")
HEADER = [
    "办件编号",
    "事项编码",
    "申请人",
    "渠道",
    "提交时间",
    "受理日期",
    "状态",
    "办结日期",
    "结果",
    "文号",
]


def _row(
    number="",
    item="TA-0001",
    at="2025-03-03 09:30",
    accepted="2025-03-03",
    status="已办结",
    done="2025-03-07",
):
    result, doc = ("准予", "甲审〔2025〕1号") if status == "已办结" else ("", "")
    return [number, item, "张三", "窗口", at, accepted, status, done, result, doc]


def _xlsx(rows, header=HEADER):
    return write_table(header, rows, "xlsx")


def _import(actor, rows, header=HEADER, **kw):
    return actions.case_import(actor=actor, data=_xlsx(rows, header), filename="cases.xlsx", **kw)


def _errors(e):
    return e.value.details["errors"]


def _nothing_written():
    return not (Case.objects.exists() or CaseEvent.objects.exists() or CaseDay.objects.exists()) and (
        not PublicCase.objects.exists()
    )


def test_a_bad_row_rejects_the_whole_sheet_naming_row_and_column(cast, svc):
    rows = [_row(), _row(), _row(status="搁置")]
    with pytest.raises(ImportRejected) as e:
        _import(cast.clerk_a, rows)
    [err] = _errors(e)
    assert err["row"] == 4 and err["column"] == "状态"
    assert "已收件" in err["message"] and err["message_en"].startswith("Unknown status")
    assert _nothing_written()


def test_every_bad_row_is_listed_and_a_completed_case_needs_its_date_and_result(cast, svc):
    rows = [_row(done=""), _row(at="next tuesday"), [*_row()[:8], "", ""]]
    with pytest.raises(ImportRejected) as e:
        _import(cast.clerk_a, rows)
    got = {(x["row"], x["column"]) for x in _errors(e)}
    assert {(2, "办结日期"), (3, "提交时间"), (4, "结果")} <= got
    assert _nothing_written()


def test_an_unknown_column_is_refused(cast, svc):
    with pytest.raises(ImportRejected) as e:
        _import(cast.clerk_a, [[*_row(), "x"]], header=[*HEADER, "备注"])
    assert [(x["row"], x["column"]) for x in _errors(e)] == [(1, "备注")]
    assert "Unknown column" in _errors(e)[0]["message_en"]
    assert _nothing_written()


def test_english_column_names_are_read_too(cast, svc):
    header = ["number", "item", "applicant_name", "channel", "submitted_at", "accepted_on", "status"]
    header += ["completed_on", "result", "document_no"]
    assert _import(cast.clerk_a, [_row()], header=header)["created"] == 1


def test_duplicate_numbers_are_refused_in_the_file_and_against_the_database(cast, svc):
    with pytest.raises(ImportRejected) as e:
        _import(cast.clerk_a, [_row("X-1"), _row("X-1")])
    assert [(x["row"], x["column"]) for x in _errors(e)] == [(3, "办件编号")]
    assert _nothing_written()
    live, _code = actions.case_submit(actor=cast.clerk_a, item_id=svc.item.pk, applicant_name="李四")
    with pytest.raises(ImportRejected) as e:
        _import(cast.clerk_a, [_row(live.number), _row("X-2")])
    assert [(x["row"], x["column"]) for x in _errors(e)] == [(2, "办件编号")]
    assert Case.objects.count() == 1


def test_another_units_item_is_refused_for_a_clerk(cast, svc):
    with pytest.raises(ImportRejected) as e:
        _import(cast.clerk_b, [_row()])
    [err] = _errors(e)
    assert err["column"] == "事项编码" and err["row"] == 2
    assert _nothing_written()
    # and an item nobody published is the same refusal
    with pytest.raises(ImportRejected) as e:
        _import(cast.clerk_a, [_row(item="NOPE")])
    assert _errors(e)[0]["message"] == err["message"]


def _live(cast, item, at: datetime, accepted: date, done: date | None = None):
    case, code = actions.case_submit(actor=cast.clerk_a, item_id=item.pk, applicant_name="李四", at=at)
    case = actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=accepted)
    if done:
        case = actions.case_complete(
            actor=cast.clerk_a, case_id=case.pk, result="approved", document_no="甲审〔2025〕9号", on=done
        )
    return case


# (item, submitted, accepted): plain weeks, the National Day holidays with their 调休, a late
# acceptance that counts as accepted on the day the materials arrived (art. 32(4)), an instant item
DATES = [
    ("item", datetime(2025, 3, 3, 9, 30, tzinfo=TZ), date(2025, 3, 3)),
    ("item", datetime(2025, 9, 29, 15, 0, tzinfo=TZ), date(2025, 9, 30)),
    ("item", datetime(2025, 3, 3, 9, 30, tzinfo=TZ), date(2025, 3, 20)),
    ("instant", datetime(2025, 4, 30, 16, 0, tzinfo=TZ), date(2025, 4, 30)),
]


def test_due_dates_are_those_of_the_live_submit_and_accept(cast, svc):
    rows, live = [], []
    for i, (which, at, accepted) in enumerate(DATES):
        item = getattr(svc, which)
        live.append(_live(cast, item, at, accepted))
        rows.append(_row(f"I-{i}", item.code, f"{at:%Y-%m-%d %H:%M}", accepted.isoformat(), "办理中", ""))
    _import(cast.clerk_a, rows)
    for i, want in enumerate(live):
        got = Case.objects.get(number=f"I-{i}")
        assert (got.accepted_on, got.deemed_accepted, got.due_on, got.due_verified, got.limit_days) == (
            want.accepted_on,
            want.deemed_accepted,
            want.due_on,
            want.due_verified,
            want.limit_days,
        )
        assert (got.status, got.unit, got.unit_path, got.handler) == (
            want.status,
            want.unit,
            want.unit_path,
            want.handler,
        )
    assert live[2].deemed_accepted  # the sample does exercise the art. 32(4) rule


def test_finished_cases_timing_is_that_of_case_complete(cast, svc):
    mon = datetime(2025, 3, 3, 9, 30, tzinfo=TZ)
    finishes = [date(2025, 3, 3), date(2025, 3, 6), date(2025, 3, 10), date(2025, 3, 14)]  # same day … late
    live = [_live(cast, svc.item, mon, mon.date(), done) for done in finishes]
    rows = [_row(f"F-{i}", done=d.isoformat()) for i, d in enumerate(finishes)]
    _import(cast.clerk_a, rows)
    for i, want in enumerate(live):
        got = Case.objects.get(number=f"F-{i}")
        fields = ("status", "completed_on", "due_on", "workdays_used", "on_time", "early", "same_day")
        assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields], finishes[i]
    assert {c.on_time for c in live} == {True, False}


def test_the_public_lookup_finds_an_imported_case_with_its_history(cast, svc):
    r = _import(cast.clerk_a, [_row("P-1"), _row("")])
    assert r["created"] == 2
    codes = dict(r["codes"])
    assert "P-1" in codes and all(len(c) == 6 for c in codes.values())
    generated = next(n for n in codes if n != "P-1")
    assert generated.startswith("20250303")  # numbered as case_submit numbers: the day, then six digits
    for number, code in codes.items():
        view = queries.case_public_lookup(number=number, query_code=code)
        assert view["number"] == number and view["status"] == "completed"
        assert [s["kind"] for s in view["steps"]] == ["submit", "accept", "complete"]
    assert PublicCase.objects.filter(number__in=codes).count() == 2  # the read model, not the fallback
    wrong = "000000" if codes["P-1"] != "000000" else "111111"
    with pytest.raises(NotFound):
        queries.case_public_lookup(number="P-1", query_code=wrong)


def test_the_daily_counters_and_the_dashboard_include_imported_cases(cast, svc):
    rows = [_row("D-1"), _row("D-2", done="2025-03-14"), _row("D-3", status="办理中", done="")]
    rows.append(_row("D-4", status="已退回", done="2025-03-05") + ["材料不全"])
    _import(cast.clerk_a, rows, header=[*HEADER, "退回理由"])

    def counters():
        cols = ("unit_id", "handler_id", "day", *rollup.COUNTERS)
        return sorted(CaseDay.objects.values_list(*cols))

    kept = counters()
    rollup.rebuild()
    assert counters() == kept  # what a full rebuild from the cases gives
    total = figures.dashboard(cast.county_a, date(2025, 3, 1), date(2025, 3, 31))["total"]
    assert (total["received"], total["accepted"], total["completed"], total["returned"]) == (4, 4, 2, 1)
    assert total["on_time_rate"] == 50.0


@pytest.fixture
def inline(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.JOBS_IN_THREAD = False
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


def _upload(rows):
    return SimpleUploadedFile("cases.xlsx", _xlsx(rows))


def test_the_page_starts_a_job_and_does_no_import_itself(cast, svc, client_of, inline):
    c = client_of(cast.clerk_a)
    assert c.get("/services/cases/import/").status_code == 200
    assert "/services/cases/import/" in c.get("/services/cases/").content.decode()
    with inline(execute=False) as callbacks:
        r = c.post("/services/cases/import/", {"file": _upload([_row()])})
    job = Job.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/jobs/{job.pk}/"
    assert job.kind == "services.case_import" and job.state == "queued" and len(callbacks) == 1
    assert not Case.objects.exists()
    assert jobs.kind_label("services.case_import") in ("办件导入", "Case import")


def test_the_job_imports_reporting_progress_and_leaves_the_query_codes(
    cast, svc, client_of, inline, monkeypatch
):
    seen = []
    real = jobs.report

    def spy(job, done, total=None, message=""):
        seen.append((done, total if total is not None else job.total))
        real(job, done, total, message)

    monkeypatch.setattr(jobs, "report", spy)
    rows = [
        _row(f"J-{i}", at=f"2025-03-0{3 + i % 5} 09:30", accepted="", status="已收件", done="")
        for i in range(8)
    ]
    with inline(execute=True):
        client_of(cast.clerk_a).post("/services/cases/import/", {"file": _upload(rows)})
    job = Job.objects.get()
    assert job.state == "done", job.error_en
    assert Case.objects.count() == 8 and job.result_link == "/services/cases/"
    assert job.message == "已导入 8 件办件。 / 8 cases imported."
    middle = [(d, t) for d, t in seen if t and 0 < d < t]
    assert any(d < 8 for d, _t in middle) and any(d > 8 for d, _t in middle)  # checked, then written
    sheet = read_table(job.result_file.read(), "x.xlsx")
    got = {r["办件编号"]: r["查询码"] for _n, r in sheet.rows}
    assert got == dict(Case.objects.values_list("number", "query_code"))


def test_a_bad_sheet_fails_the_job_with_row_and_column(cast, svc, client_of, inline):
    c = client_of(cast.clerk_a)
    with inline(execute=True):
        c.post("/services/cases/import/", {"file": _upload([_row(), _row(status="搁置")])})
    job = Job.objects.get()
    assert (
        job.state == "failed"
        and "第 3 行，状态：" in job.error_zh
        and "Row 3, 状态: Unknown status" in job.error_en
    )
    assert not Case.objects.exists()


def test_the_api_returns_the_job(cast, svc, client_of, inline):
    c = client_of(cast.clerk_a)
    with inline(execute=True):
        r = c.post("/api/v1/services/cases/import", {"file": _upload([_row("A-1")])})
    assert r.status_code == 202, r.content
    body = r.json()
    job = Job.objects.get()
    assert body["job_id"] == job.pk and body["status_url"] == f"/api/v1/jobs/{job.pk}"
    state = c.get(body["status_url"]).json()
    assert state["state"] == "done" and state["kind"] == "services.case_import"
    assert Case.objects.filter(number="A-1").exists()
    # another person does not see the job
    assert client_of(cast.clerk_b).get(body["status_url"]).status_code == 404


def test_the_template_has_the_header_row(cast, svc, client_of):
    r = client_of(cast.clerk_a).get("/services/cases/import/template.xlsx")
    assert r.status_code == 200
    table = read_table(r.content, "t.xlsx")
    assert table.header == [zh for _k, zh in actions.CASE_IMPORT_COLUMNS]
    # its example row names an item the importer handles: the sheet imports as it comes
    done = actions.case_import(actor=cast.clerk_a, data=r.content, filename="case-import-template.xlsx")
    case = Case.objects.get(applicant_name="张三")
    assert done and case.status == "completed" and case.item.unit.path.startswith(cast.county_a.path)


def test_dates_in_the_future_are_refused(cast, svc):
    later = (datetime.now(TZ) + timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    with pytest.raises(ImportRejected) as e:
        _import(cast.clerk_a, [_row(at=later, accepted="", status="已收件", done="")])
    assert _errors(e)[0]["column"] == "提交时间"


def test_a_gb18030_csv_with_online_refused_and_returned_cases(cast, svc):
    header = [
        "办件编号",
        "事项编码",
        "申请人",
        "渠道",
        "提交时间",
        "受理日期",
        "状态",
        "办结日期",
        "退回理由",
    ]
    lines = [
        ",".join(header),
        "C-1,TA-0001,王五,网上,2025/3/3 10:05,,不予受理,2025-03-04,不属于本机关职权范围",
        "C-2,TA-0001,赵六,网上,2025-03-03 10:10,2025-03-04,已退回,2025-03-05,申请人撤回",
        "C-3,TA-0002,孙七,窗口,2025年3月3日 11:00,,已收件,,",
    ]
    r = actions.case_import(
        actor=cast.clerk_a, data="\r\n".join(lines).encode("gb18030"), filename="cases.csv"
    )
    assert r["created"] == 3
    refused, returned, waiting = (Case.objects.get(number=n) for n in ("C-1", "C-2", "C-3"))
    assert (refused.status, refused.channel, refused.unit, refused.accepted_on) == (
        "refused",
        "online",
        cast.county_a,
        None,
    )
    assert refused.reason == "不属于本机关职权范围" and refused.completed_on == date(2025, 3, 4)
    assert (returned.status, returned.completed_on, returned.due_on) == (
        "returned",
        date(2025, 3, 5),
        date(2025, 3, 11),
    )
    assert waiting.status == "submitted" and waiting.due_on is None and waiting.handler.user == cast.clerk_a
    kinds = list(CaseEvent.objects.filter(case=refused).values_list("kind", flat=True))
    assert kinds == ["submit", "refuse"]
    assert list(CaseEvent.objects.filter(case=returned).values_list("kind", flat=True)) == [
        "submit",
        "accept",
        "return",
    ]
    # the live path's counters: a refusal counts as received only, a return as returned
    kept = sorted(CaseDay.objects.values_list("day", *rollup.COUNTERS))
    rollup.rebuild()
    assert sorted(CaseDay.objects.values_list("day", *rollup.COUNTERS)) == kept

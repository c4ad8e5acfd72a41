"""The annual report on a hand-built set: table 三 totals and cross-checks, tables 二 and 四, the CLI, metrics."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from yangguang.core import metrics
from yangguang.disclosure import queries
from yangguang.disclosure import template as T
from yangguang.disclosure.models import Appeal, Disclosure, Publication, Request


def req(unit, n, received, concluded=None, outcome="", kind="natural", org="", overdue=False, due=None):
    return Request.objects.create(
        unit=unit, number=f"T{n}", query_code="X", applicant_kind=kind, org_type=org, applicant_name="某",
        content="x", submitted_on=received, received_on=received, clock_start=received, due_on=due or received,
        status="concluded" if concluded else "open", concluded_on=concluded, outcome=outcome, overdue=overdue,
    )  # fmt: skip


def rec(unit, cat, formed, published=None, channel="website", issue="", late=False, **kw):
    d = Disclosure.objects.create(
        unit=unit, category=cat, title="t", formed_on=formed, due_on=formed, status="published" if published else "draft",
        published_on=published, late=late, **kw,
    )  # fmt: skip
    if published:
        Publication.objects.create(
            disclosure=d, unit=unit, channel=channel, issue=issue, published_on=published
        )
    return d


@pytest.fixture
def world(cast, cats):
    a, a1, b = cast.county_a, cast.town_a1, cast.county_b
    # requests of 甲县 (and its township) for 2025
    req(a, 1, date(2024, 12, 20), date(2025, 1, 10), "granted")  # carried in, handled
    req(
        a, 2, date(2024, 12, 28), None, kind="organisation", org="commercial"
    )  # carried in, still open: carried out
    req(a, 3, date(2024, 11, 1), date(2024, 11, 20), "granted")  # all in 2024: not in the 2025 report
    req(a, 4, date(2025, 3, 1), date(2025, 3, 20), "partial", kind="organisation", org="research")
    req(a1, 5, date(2025, 5, 1), date(2025, 5, 10), "withheld.third_party")
    req(
        a1,
        6,
        date(2025, 6, 1),
        date(2025, 6, 30),
        "other.no_correction",
        kind="organisation",
        org="legal_service",
    )
    req(
        a, 7, date(2025, 12, 20), date(2026, 1, 5), "granted", kind="organisation", org="social"
    )  # carried out
    req(a, 8, date(2025, 7, 1), date(2025, 7, 2), "declined.repeat", kind="organisation", org="other")
    req(b, 9, date(2025, 7, 1), date(2025, 7, 2), "granted")  # another county
    # records
    rec(a, cats["normative"], date(2025, 2, 1), date(2025, 2, 10))
    rec(
        a,
        cats["normative"],
        date(2024, 5, 1),
        date(2024, 5, 10),
        validity="repealed",
        validity_changed_on=date(2025, 4, 1),
    )
    rec(a, cats["rules"], date(2023, 5, 1), date(2023, 5, 10))
    rec(a, cats["licensing"], date(2025, 3, 1), date(2025, 3, 5))
    rec(a1, cats["penalty"], date(2025, 3, 1), date(2025, 3, 5), channel="notice_board")
    rec(a, cats["fees"], date(2025, 3, 1), date(2025, 3, 5), amount=Decimal("125000"))
    rec(
        a, cats["licensing"], date(2025, 3, 1), date(2025, 4, 20), channel="gazette", issue="第3期", late=True
    )
    rec(a, cats["plans"], date(2025, 5, 1), date(2025, 5, 5), channel="press", issue="第1场")
    rec(a, cats["plans"], date(2025, 5, 1), date(2025, 5, 5), channel="press", issue="第2场")
    rec(a, cats["licensing"], date(2025, 3, 1))  # never published: not counted
    rec(b, cats["licensing"], date(2025, 3, 1), date(2025, 3, 5))
    Appeal.objects.create(
        unit=a, kind="review", filed_on=date(2025, 4, 1), result="upheld", decided_on=date(2025, 5, 1)
    )
    Appeal.objects.create(
        unit=a, kind="review", filed_on=date(2025, 11, 1), result="corrected", decided_on=date(2026, 1, 10)
    )
    Appeal.objects.create(unit=a1, kind="litigation_after_review", filed_on=date(2025, 6, 1))
    return cast


def rows(report):
    return {r["name"]: r["cells"] for r in report["table_3"]["rows"]}


def test_table_3_totals_and_cross_checks(world):
    report = queries.annual_report(world.county_a, 2025)
    t3 = rows(report)
    assert t3[T.T3_ROW_NEW]["总计"] == 5  # 4, 5, 6, 7, 8
    assert t3[T.T3_ROW_NEW]["自然人"] == 1 and T.org_subtotal(t3[T.T3_ROW_NEW]) == 4
    assert T.T3_COLUMNS == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert t3[T.T3_ROW_CARRIED_IN]["总计"] == 2 and t3[T.T3_ROW_CARRIED_IN]["商业企业"] == 1
    assert t3["（一）予以公开"]["自然人"] == 1
    assert t3["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]["科研机构"] == 1
    assert t3["4.保护第三方合法权益"]["自然人"] == 1 and t3["（三）不予公开"]["总计"] == 1
    assert t3["（六）其他处理"]["法律服务机构"] == 1
    assert t3["（五）不予处理"]["其他"] == 1
    assert t3[T.T3_ROW_TOTAL]["总计"] == 5
    assert t3[T.T3_ROW_CARRIED_OUT]["总计"] == 2 and t3[T.T3_ROW_CARRIED_OUT]["社会公益组织"] == 1
    assert report["checks"]["ok"]
    assert all(c["new_plus_carried_in"] == c["handled_plus_carried_out"] for c in report["checks"]["table_3"])
    assert [r["name"] for r in report["table_3"]["rows"]] == T.t3_rows()
    assert report["table_3"]["columns"] == T.T3_COLUMNS


def test_cross_check_catches_an_imbalance():
    t3 = T.table3(
        T.Table3Input(new={"natural": 2}, carried_in={}, carried_out={}, outcomes={("granted", "natural"): 1})
    )
    checks = T.table3_checks(t3)
    assert not all(c["ok"] for c in checks)
    assert [c for c in checks if c["column"] == "自然人"][0]["new_plus_carried_in"] == 2


def test_tables_2_4_and_channels(world):
    report = queries.annual_report(world.county_a, 2025)
    t2 = {r["name"]: r["cells"] for r in report["table_2"]["rows"]}
    assert t2["行政规范性文件"] == {"本年制发件数": 1, "本年废止件数": 1, "现行有效件数": 1}
    assert t2["规章"]["现行有效件数"] == 1 and t2["规章"]["本年制发件数"] == 0
    assert t2["行政许可"]["本年处理决定数量"] == 2 and t2["行政处罚"]["本年处理决定数量"] == 1
    assert t2["行政事业性收费"]["本年收费金额（单位：万元）"] == 12.5
    t4 = {r["name"]: r["cells"] for r in report["table_4"]["rows"]}
    assert t4["行政复议"] == {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 1, "总计": 2}
    assert t4["行政诉讼·复议后起诉"]["尚未审结"] == 1
    ch = {r["channel"]: r for r in report["channels"]["rows"]}
    assert ch["press"]["records"] == 2 and ch["press"]["sessions_or_issues"] == 2
    assert ch["gazette"]["sessions_or_issues"] == 1 and ch["notice_board"]["records"] == 1
    assert report["channels"]["total_records"] == 7


def test_cli_json_xlsx_docx(world, tmp_path):
    out = io.StringIO()
    call_command("disclosure", "report", "--unit", "TA", "--year", "2025", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) >= {"table_2", "table_3", "table_4", "channels", "checks"}
    assert data["table_3"]["title"] == "三、收到和处理政府信息公开申请情况"
    x = tmp_path / "r.xlsx"
    call_command(
        "disclosure",
        "report",
        "--unit",
        "TA",
        "--year",
        "2025",
        "--format",
        "xlsx",
        "--out",
        str(x),
        stderr=io.StringIO(),
    )
    wb = load_workbook(x)
    assert any("收到和处理" in name for name in wb.sheetnames)
    d = tmp_path / "r.docx"
    call_command(
        "disclosure",
        "report",
        "--unit",
        "TA",
        "--year",
        "2025",
        "--format",
        "docx",
        "--out",
        str(d),
        stderr=io.StringIO(),
    )
    doc = Document(str(d))
    assert "甲县2025年政府信息公开工作年度报告" in doc.paragraphs[0].text
    assert len(doc.tables) == 4


def test_metrics_registered_and_scoped_to_subtrees(world):
    names = metrics.names()
    for n in ["disclosure.timeliness", "disclosure.request_on_time_rate", "disclosure.overdue_requests",
              "disclosure.records_published", "disclosure.stale_records"]:  # fmt: skip
        assert n in names
    assert not metrics.get("disclosure.overdue_requests").higher_is_better
    assert not metrics.get("disclosure.stale_records").higher_is_better
    assert metrics.get("disclosure.timeliness").subject == "unit"
    a, b, root = world.county_a.pk, world.county_b.pk, world.root.pk
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    pub = metrics.read("disclosure.records_published", [a, b, root], start, end)
    assert pub == {a: 7.0, b: 1.0, root: 8.0}  # the township's record counts for 甲县
    tl = metrics.read("disclosure.timeliness", [a, b], start, end)
    assert tl[a] == 85.71 and tl[b] == 100.0  # one of seven published late
    Request.objects.filter(number="T4").update(overdue=True)
    on_time = metrics.read("disclosure.request_on_time_rate", [a], start, end)
    assert on_time[a] == 80.0  # 1, 4(late), 5, 6, 8 concluded in 2025
    Request.objects.filter(number="T8").update(due_on=date(2025, 6, 30), overdue=True)
    assert metrics.read("disclosure.overdue_requests", [a, b], start, end) == {
        a: 2.0,
        b: 0.0,
    }  # T4 and T8 answered late


def test_stale_metric(world, cats):
    d = rec(
        world.county_a, cats["notice_board"], date(2025, 5, 1), date(2025, 5, 5), stale_after=date(2025, 6, 4)
    )
    assert (
        metrics.read("disclosure.stale_records", [world.county_a.pk], date(2025, 1, 1), date(2025, 12, 31))[
            world.county_a.pk
        ]
        == 1.0
    )
    assert (
        metrics.read("disclosure.stale_records", [world.county_a.pk], date(2025, 1, 1), date(2025, 5, 31))[
            world.county_a.pk
        ]
        == 0.0
    )
    d.superseded = True
    d.save()
    assert (
        metrics.read("disclosure.stale_records", [world.county_a.pk], date(2025, 1, 1), date(2025, 12, 31))[
            world.county_a.pk
        ]
        == 0.0
    )


def test_report_has_six_parts_fees_and_numeric_table_2(world, tmp_path):
    """Issue 14 items 9–12: narrative parts, the fees line, table 二 numeric, 废止 only when repealed."""
    from yangguang.disclosure import actions, exports

    admin = world.admin_a
    unit = world.county_a
    actions.report_narrative_save(
        actor=admin, unit=unit, year=2025, overview="全年主动公开信息7条。", problems="问题一", other="无"
    )
    report = queries.annual_report(unit, 2025)
    assert set(report["parts"]) == {"overview", "problems", "other", "fees"}
    rows2 = exports.table2_rows(report)
    assert rows2[0] == ["第二十条第（一）项"] and rows2[1] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert all(isinstance(v, int | float) for r in rows2 if r[0] in ("规章", "行政规范性文件") for v in r[1:])
    wb = load_workbook(io.BytesIO(exports.report_xlsx(report)))
    ws = wb[wb.sheetnames[0]]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(isinstance(v, str) and "：" in v and v.split("：")[-1].isdigit() for v in values)
    assert 1 in values  # 行政规范性文件 本年制发件数 as a number
    doc = Document(io.BytesIO(exports.report_docx(report)))
    text = "\n".join(p.text for p in doc.paragraphs)
    for title in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):  # fmt: skip
        assert title in text
    assert "国办函〔2020〕109号" in text
    assert "全年主动公开信息7条。" in text


def test_repealed_counts_expired_does_not(world):
    rep = queries.annual_report(world.county_a, 2025)
    before = {r["name"]: r["cells"]["本年废止件数"] for r in rep["table_2"]["rows"][:2]}
    d = Disclosure.objects.filter(unit=world.county_a, validity="repealed").first()
    Disclosure.objects.filter(pk=d.pk).update(validity="expired")
    rep = queries.annual_report(world.county_a, 2025)
    after = {r["name"]: r["cells"]["本年废止件数"] for r in rep["table_2"]["rows"][:2]}
    assert sum(after.values()) == sum(before.values()) - 1
    assert sum(rep["table_2_expired"].values()) == 1


def test_table_4_counts_a_case_in_the_year_it_is_decided_too(world):
    t4_2026 = {r["name"]: r["cells"] for r in queries.annual_report(world.county_a, 2026)["table_4"]["rows"]}
    # filed 2025-11-01, corrected 2026-01-10: pending in 2025's table, with its result in 2026's
    assert t4_2026["行政复议"]["结果纠正"] == 1 and t4_2026["行政复议"]["总计"] == 1

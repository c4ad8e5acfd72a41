import io
from datetime import date

import pytest
from openpyxl import Workbook

from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError, Forbidden, ImportRejected, NotFound

from .. import actions, queries
from ..models import PlanPart, ProgressReport, Task


def test_task_without_responsible_unit_is_refused(cast, world):
    n = Task.objects.count()
    with pytest.raises(DomainError) as e:
        actions.task_create(
            actor=cast.supervisor,
            plan=world.plan,
            part=world.part,
            title="x",
            unit=None,
            deadline=date(2026, 5, 1),
        )
    assert e.value.code == "no_responsible_unit"
    assert Task.objects.count() == n


def test_deadline_before_plan_start_is_refused(cast, world):
    with pytest.raises(DomainError) as e:
        actions.task_create(
            actor=cast.supervisor,
            plan=world.plan,
            part=world.part,
            title="x",
            unit=cast.county_a,
            deadline=date(2025, 12, 31),
        )
    assert e.value.code == "deadline_before_start"
    texts = e.value.as_dict()["details"]
    assert "before the plan starts (2026-01-01)" in texts["message_en"]
    assert "早于计划开始日期（2026-01-01）" in texts["message_zh"]
    assert not Task.objects.filter(title="x").exists()


def test_only_managers_of_the_organiser_create_tasks(cast, world):
    with pytest.raises(Forbidden):
        actions.task_create(
            actor=cast.admin_a,
            plan=world.plan,
            part=world.part,
            title="x",
            unit=cast.county_a,
            deadline=date(2026, 5, 1),
        )


def test_owner_defaults_to_the_unit_head(world):
    assert world.task_a.owner == world.head_a
    assert world.task_b.owner is None


def test_progress_report_updates_the_task_and_is_audited(cast, world):
    rep = actions.progress_report(actor=cast.clerk_a, task=world.task_a, percent=40, text="已起草听证办法")
    world.task_a.refresh_from_db()
    assert world.task_a.percent == 40 and rep.unit == cast.county_a
    assert AuditEntry.objects.filter(model="supervision.progressreport", object_id=str(rep.pk)).exists()


def test_a_co_unit_reports_without_moving_the_responsible_units_percent(cast, world):
    rep = actions.progress_report(actor=cast.clerk_b, task=world.task_a, percent=90, text="乙一镇配合完成")
    world.task_a.refresh_from_db()
    assert rep.unit == cast.town_b1 and world.task_a.percent == 0


def test_viewers_and_strangers_cannot_report(cast, world):
    with pytest.raises(Forbidden):
        actions.progress_report(actor=cast.viewer_a1, task=world.task_a, percent=10, text="x")
    with pytest.raises(Forbidden):
        actions.progress_report(actor=cast.clerk_a, task=world.task_b, percent=10, text="x")
    assert ProgressReport.objects.count() == 0


def test_bad_percent_is_refused(cast, world):
    with pytest.raises(DomainError) as e:
        actions.progress_report(actor=cast.clerk_a, task=world.task_a, percent=120, text="x")
    assert e.value.code == "bad_percent"


def test_accept_and_reopen(cast, world):
    with pytest.raises(Forbidden):
        actions.task_accept(actor=cast.clerk_a, task=world.task_a)
    actions.task_accept(actor=cast.supervisor, task=world.task_a, on=date(2026, 3, 20))
    world.task_a.refresh_from_db()
    assert world.task_a.status == Task.DONE and world.task_a.percent == 100
    with pytest.raises(DomainError):
        actions.progress_report(actor=cast.clerk_a, task=world.task_a, percent=10, text="x")
    actions.task_reopen(actor=cast.supervisor, task=world.task_a, reason="验收不合格")
    world.task_a.refresh_from_db()
    assert world.task_a.status == Task.OPEN and world.task_a.completed_on is None


def test_dashboard_counts(cast, world):
    actions.task_accept(actor=cast.supervisor, task=world.task_b)
    d = queries.plan_dashboard(actor=cast.supervisor, plan=world.plan, today=date(2026, 4, 15))
    assert (d["tasks"], d["done"], d["overdue"]) == (2, 1, 1)
    assert d["parts"][0]["completion"] == pytest.approx(50)
    assert d["behind"][0]["unit_id"] == cast.county_a.pk
    # the 甲县 clerk's dashboard only counts what 甲县 may see
    d = queries.plan_dashboard(actor=cast.clerk_a, plan=world.plan, today=date(2026, 4, 15))
    assert d["tasks"] == 1


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["部分", "序号", "任务", "责任单位编码", "协办单位编码", "责任人工号", "完成时限", "验收标准"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_import_a_task_table(cast, world):
    data = _xlsx(
        [
            [
                "加大行政审批公开力度",
                10,
                "公开审批事项目录",
                "TA",
                "TB、TB1",
                "HEAD-A",
                "2026-06-30",
                "目录上网",
            ],
            ["加大行政审批公开力度", None, "六公开服务", "TB", "", "", date(2026, 9, 30), ""],
            ["推行行政决策公开", 12, "决策听证", "TA1", "", "", "2026/10/1", ""],
        ]
    )
    r = actions.tasks_import(actor=cast.supervisor, plan=world.plan, data=data, filename="tasks.xlsx")
    assert r == {"created": 3, "parts_created": 1}
    t10 = Task.objects.get(plan=world.plan, number=10)
    assert t10.owner == world.head_a and {u.code for u in t10.co_units.all()} == {"TB", "TB1"}
    assert Task.objects.get(plan=world.plan, title="决策听证").part == world.part
    assert PlanPart.objects.filter(plan=world.plan).count() == 2


def test_import_is_all_or_nothing(cast, world):
    data = _xlsx(
        [
            ["加大行政审批公开力度", 10, "好的一行", "TA", "", "", "2026-06-30", ""],
            ["加大行政审批公开力度", 11, "没有责任单位", "", "", "", "2026-06-30", ""],
            ["加大行政审批公开力度", 12, "时限早于计划", "TB", "", "", "2025-06-30", ""],
            ["加大行政审批公开力度", 13, "未知单位", "NOPE", "", "", "2026-06-30", ""],
            ["加大行政审批公开力度", 1, "序号重复", "TB", "", "", "2026-06-30", ""],
        ]
    )
    n = Task.objects.count()
    with pytest.raises(ImportRejected) as e:
        actions.tasks_import(actor=cast.supervisor, plan=world.plan, data=data, filename="tasks.xlsx")
    rows = [(x.row, x.column) for x in e.value.errors]
    assert rows == [(3, "责任单位编码"), (4, "完成时限"), (5, "责任单位编码"), (6, "序号")]
    assert Task.objects.count() == n and PlanPart.objects.count() == 1


def test_import_outside_the_scope_is_refused(cast, world):
    with pytest.raises((Forbidden, NotFound)):
        actions.tasks_import(actor=cast.clerk_a, plan=world.plan, data=_xlsx([]), filename="t.xlsx")

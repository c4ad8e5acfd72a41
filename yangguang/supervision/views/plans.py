"""Staff pages for plans, parts and tasks: the plan dashboard, adding tasks, the task-table import and template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from yangguang.core.errors import DomainError, ImportRejected
from yangguang.core.tabular import CONTENT_TYPES, write_table

from .. import actions, queries
from ._common import _chart, _date, _form_error, _people, _today, _unit, _units


@login_required
def plan_new(request):
    if request.method == "POST":
        p = request.POST
        try:
            plan = actions.plan_create(
                actor=request.user,
                unit=_unit(request.user, p.get("unit"), "unit"),
                title=p.get("title", ""),
                code=p.get("code", ""),
                description=p.get("description", ""),
                start=_date(p.get("start"), "start"),
                end=_date(p.get("end"), "end", required=False),
                publish_inspections=bool(p.get("publish_inspections")),
            )
            return redirect("supervision:plan", plan.pk)
        except DomainError as e:
            _form_error(request, e)
    return render(request, "supervision/plan_new.html", {"f": request.POST})


@login_required
def plan_detail(request, plan_id):
    plan = queries.plan_get(actor=request.user, plan_id=plan_id)
    today = _today()
    dash = queries.plan_dashboard(actor=request.user, plan=plan, today=today)
    light = request.GET.get("light", "")
    part = request.GET.get("part", "")
    tasks = queries.task_list(actor=request.user, plan=plan, light=light).prefetch_related("co_units")
    if part:
        tasks = tasks.filter(part_id=part)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    chart = _chart(
        {
            "tooltip": {"trigger": "axis"},
            "legend": {},
            "xAxis": {"type": "category", "data": [f"{p['number']}" for p in dash["parts"]]},
            "yAxis": {"type": "value"},
            "series": [
                {"name": _("Done"), "type": "bar", "stack": "t", "data": [p["done"] for p in dash["parts"]]},
                {
                    "name": pgettext("supervision", "Open"),
                    "type": "bar",
                    "stack": "t",
                    "data": [p["tasks"] - p["done"] - p["overdue"] for p in dash["parts"]],
                },
                {
                    "name": _("Overdue"),
                    "type": "bar",
                    "stack": "t",
                    "data": [p["overdue"] for p in dash["parts"]],
                },
            ],
        }
    )
    return render(
        request,
        "supervision/plan.html",
        {
            "plan": plan,
            "dash": dash,
            "page": page,
            "chart": chart,
            "can_manage": queries.can_manage(request.user, plan.unit),
            "light": light,
            "part": part,
            "errors": None,
        },
    )


@login_required
@require_POST
def part_new(request, plan_id):
    plan = queries.plan_get(actor=request.user, plan_id=plan_id)
    try:
        actions.part_create(actor=request.user, plan=plan, title=request.POST.get("title", ""))
    except DomainError as e:
        _form_error(request, e)
    return redirect("supervision:plan", plan.pk)


@login_required
@require_POST
def task_new(request, plan_id):
    plan = queries.plan_get(actor=request.user, plan_id=plan_id)
    p = request.POST
    try:
        part = plan.parts.filter(pk=p.get("part") or 0).first()
        if part is None:
            raise DomainError("required", _("Choose a part."), {"field": "part"})
        owner = _people(request.user, p.get("owner", ""), "owner")
        task = actions.task_create(
            actor=request.user,
            plan=plan,
            part=part,
            title=p.get("title", ""),
            unit=_unit(request.user, p.get("unit"), "unit", required=False),
            co_units=_units(request.user, p.get("co_units", ""), "co_units"),
            owner=owner[0] if owner else None,
            deadline=_date(p.get("deadline"), "deadline", required=False),
            criteria=p.get("criteria", ""),
        )
        messages.success(request, _("Task %(n)s created.") % {"n": task.number})
    except DomainError as e:
        _form_error(request, e)
    return redirect("supervision:plan", plan.pk)


@login_required
def plan_import(request, plan_id):
    plan = queries.plan_get(actor=request.user, plan_id=plan_id)
    errors = None
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            messages.error(request, _("Choose a file to import."))
        else:
            try:
                r = actions.tasks_import(actor=request.user, plan=plan, data=f.read(), filename=f.name)
                messages.success(request, _("Imported %(n)d tasks.") % {"n": r["created"]})
                return redirect("supervision:plan", plan.pk)
            except ImportRejected as e:
                errors = e
            except DomainError as e:
                _form_error(request, e)
    return render(request, "supervision/plan_import.html", {"plan": plan, "errors": errors})


@login_required
def plan_template(request, plan_id):
    """The task table to fill in and import (.xlsx), with the plan's current tasks as examples."""
    plan = queries.plan_get(actor=request.user, plan_id=plan_id)
    rows = [
        [
            t.part.title,
            t.number,
            t.title,
            t.unit.code,
            "、".join(u.code for u in t.co_units.all()),
            t.owner.code if t.owner else "",
            t.deadline.isoformat(),
            t.criteria,
        ]
        for t in queries.task_list(actor=request.user, plan=plan).prefetch_related("co_units")[:500]
    ]
    header = ["部分", "序号", "任务", "责任单位编码", "协办单位编码", "责任人工号", "完成时限", "验收标准"]
    resp = HttpResponse(
        write_table(header, rows, "xlsx", title="任务分解"), content_type=CONTENT_TYPES["xlsx"]
    )
    resp["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-tasks.xlsx"'
    return resp


@login_required
def task_detail(request, task_id):
    task = queries.task_get(actor=request.user, task_id=task_id)
    if request.method == "POST":
        p = request.POST
        try:
            what = p.get("do")
            if what == "report":
                actions.progress_report(
                    actor=request.user,
                    task=task,
                    percent=p.get("percent"),
                    text=p.get("text", ""),
                    attachment=request.FILES.get("attachment"),
                )
                messages.success(request, _("Progress reported."))
            elif what == "accept":
                actions.task_accept(actor=request.user, task=task, note=p.get("note", ""))
                messages.success(request, _("Task accepted as done."))
            elif what == "reopen":
                actions.task_reopen(actor=request.user, task=task, reason=p.get("reason", ""))
            return redirect("supervision:task", task.pk)
        except DomainError as e:
            _form_error(request, e)
    reports = Paginator(queries.report_list(actor=request.user, task=task), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "supervision/task.html",
        {
            "task": task,
            "reports": reports,
            "co_units": task.co_units.all(),
            "findings": queries.finding_list(actor=request.user).filter(task=task),
            "can_manage": queries.can_manage(request.user, task.plan.unit),
            "can_report": queries.can_work(request.user, task.unit)
            or any(queries.can_work(request.user, u) for u in task.co_units.all()),
        },
    )

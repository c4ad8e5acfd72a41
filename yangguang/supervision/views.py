"""Staff pages: thin — parse, call one action or query, render."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from yangguang.core import metrics
from yangguang.core.errors import DomainError, ImportRejected
from yangguang.core.tabular import CONTENT_TYPES, write_table
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import has_role, person_list, unit_get

from . import actions, queries
from .labels import FACILITIES, STEP_LABELS
from .models import Accountability, ChecklistItem, DecisionEvent, Finding, Inspection, StudySession


# -- parsing helpers ------------------------------------------------------------------------
def _date(value, field: str, required: bool = True) -> date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise DomainError("required", _("%(field)s is required.") % {"field": field}, {"field": field})
        return None
    try:
        d = parse_date(value)
    except ValueError:
        d = None
    if d is None:
        raise DomainError("bad_date", _("%(field)s: not a date (YYYY-MM-DD).") % {"field": field})
    return d


def _codes(value: str) -> list[str]:
    return [c for c in re.split(r"[、,，;；\s]+", value or "") if c]


def _unit(actor, code: str, field: str, required: bool = True) -> Unit | None:
    code = (code or "").strip()
    if not code:
        if required:
            raise DomainError("required", _("%(field)s is required.") % {"field": field}, {"field": field})
        return None
    try:
        return unit_get(actor=actor, code=code)
    except DomainError:
        raise DomainError("unknown_unit", _("Unknown unit code %(code)s.") % {"code": code}, {"field": field})


def _units(actor, value: str, field: str) -> list[Unit]:
    return [_unit(actor, c, field) for c in _codes(value)]


def _people(actor, value: str, field: str) -> list[Person]:
    codes = _codes(value)
    found = {p.code: p for p in person_list(actor=actor).filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise DomainError(
            "unknown_person", _("Unknown staff number %(code)s.") % {"code": missing[0]}, {"field": field}
        )
    return [found[c] for c in codes]


def _today() -> date:
    return timezone.localdate()


def _chart(option: dict) -> str:
    return json.dumps(option, ensure_ascii=False, default=str)


def _form_error(request, e: DomainError) -> None:
    messages.error(request, str(e.message))


# -- home -----------------------------------------------------------------------------------
@login_required
def home(request):
    today = _today()
    counts = queries.home_counts(actor=request.user, today=today)
    plans = queries.plan_list(actor=request.user)[:20]
    red = queries.task_list(actor=request.user, light="red")[:15]
    rects = queries.rectification_list(actor=request.user).exclude(status="closed").order_by("deadline")[:15]
    return render(
        request,
        "supervision/home.html",
        {"counts": counts, "plans": plans, "red": red, "rects": rects, "today": today},
    )


# -- plans ----------------------------------------------------------------------------------
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
                    "name": _("Open"),
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


# -- inspections ----------------------------------------------------------------------------
@login_required
def inspection_list(request):
    if request.method == "POST":
        p = request.POST
        try:
            plan = queries.plan_get(actor=request.user, plan_id=p["plan"]) if p.get("plan") else None
            insp = actions.inspection_create(
                actor=request.user,
                unit=_unit(request.user, p.get("unit"), "unit"),
                title=p.get("title", ""),
                kind=p.get("kind", Inspection.PLANNED),
                plan=plan,
                targets=_units(request.user, p.get("targets", ""), "targets"),
                inspectors=_people(request.user, p.get("inspectors", ""), "inspectors"),
                cross_unit=bool(p.get("cross_unit")),
                start=_date(p.get("start"), "start"),
                end=_date(p.get("end"), "end", required=False),
                checklist=[line for line in p.get("checklist", "").splitlines() if line.strip()],
            )
            return redirect("supervision:inspection", insp.pk)
        except DomainError as e:
            _form_error(request, e)
    page = Paginator(queries.inspection_list(actor=request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/inspections.html",
        {
            "page": page,
            "plans": queries.plan_list(actor=request.user)[:50],
            "f": request.POST,
            "kinds": Inspection.KINDS,
        },
    )


@login_required
def inspection_detail(request, inspection_id):
    insp = queries.inspection_get(actor=request.user, inspection_id=inspection_id)
    if request.method == "POST":
        p = request.POST
        try:
            what = p.get("do")
            if what == "item":
                actions.checklist_add(actor=request.user, inspection=insp, text=p.get("text", ""))
            elif what == "mark":
                item = insp.items.filter(pk=p.get("item") or 0).first()
                if item is None:
                    raise DomainError("required", _("Choose a checklist item."))
                actions.checklist_mark(
                    actor=request.user, item=item, result=p.get("result", ""), note=p.get("note", "")
                )
            elif what == "finding":
                item = insp.items.filter(pk=p.get("item") or 0).first() if p.get("item") else None
                task = queries.task_get(actor=request.user, task_id=p["task"]) if p.get("task") else None
                f = actions.finding_create(
                    actor=request.user,
                    inspection=insp,
                    unit=_unit(request.user, p.get("unit"), "unit"),
                    description=p.get("description", ""),
                    severity=p.get("severity", Finding.MEDIUM),
                    item=item,
                    task=task,
                )
                messages.success(request, _("Finding recorded."))
                return redirect("supervision:finding", f.pk)
            elif what == "teams":
                actions.inspection_assign_cross(
                    actor=request.user,
                    inspection=insp,
                    pool=_people(request.user, p.get("pool", ""), "pool"),
                    per_target=int(p.get("per_target") or 2),
                )
                messages.success(request, _("Cross-unit teams drawn."))
            elif what == "publish":
                actions.inspection_publish(actor=request.user, inspection=insp, summary=p.get("summary", ""))
                messages.success(request, _("Published on the portal."))
            elif what == "close":
                actions.inspection_close(actor=request.user, inspection=insp)
            return redirect("supervision:inspection", insp.pk)
        except DomainError as e:
            _form_error(request, e)
    return render(
        request,
        "supervision/inspection.html",
        {
            "insp": insp,
            "items": insp.items.all(),
            "findings": queries.finding_list(actor=request.user, inspection=insp).select_related(
                "rectification"
            ),
            "targets": insp.targets.all(),
            "inspectors": insp.inspectors.select_related("unit"),
            "teams": insp.teams.select_related("target", "person__unit"),
            "can_inspect": queries.can_inspect(request.user, insp),
            "can_manage": queries.can_manage(request.user, insp.unit),
            "results": ChecklistItem.RESULTS,
            "severities": Finding.SEVERITIES,
        },
    )


@login_required
def finding_detail(request, finding_id):
    f = queries.finding_get(actor=request.user, finding_id=finding_id)
    rect = getattr(f, "rectification", None) if hasattr(f, "rectification") else None
    if request.method == "POST":
        p = request.POST
        try:
            what = p.get("do")
            if what == "issue":
                wd = (p.get("workdays") or "").strip()
                actions.rectification_issue(
                    actor=request.user,
                    finding=f,
                    requirement=p.get("requirement", ""),
                    deadline=_date(p.get("deadline"), "deadline", required=not wd),
                    workdays=int(wd) if wd.isdigit() else None,
                )
                messages.success(request, _("Rectification notice issued."))
            elif what == "account":
                actions.accountability_create(
                    actor=request.user,
                    unit=f.inspection.unit,
                    rule=p.get("rule", ""),
                    decision=p.get("decision", ""),
                    facts=p.get("facts", ""),
                    units=[f.unit],
                    people=_people(request.user, p.get("people", ""), "people"),
                    finding=f,
                )
                messages.success(request, _("Accountability recorded."))
            elif rect is None:
                raise DomainError("no_rectification", _("No rectification notice has been issued."))
            elif what == "submit":
                actions.rectification_submit(
                    actor=request.user,
                    rectification=rect,
                    report=p.get("report", ""),
                    attachment=request.FILES.get("attachment"),
                )
                messages.success(request, _("Rectification reported."))
            elif what == "reinspect":
                actions.rectification_reinspect(
                    actor=request.user,
                    rectification=rect,
                    passed=p.get("passed") == "1",
                    note=p.get("note", ""),
                )
                messages.success(request, _("Re-inspection recorded."))
            elif what == "close":
                actions.rectification_close(actor=request.user, rectification=rect)
                messages.success(request, _("Rectification accepted and closed."))
            return redirect("supervision:finding", f.pk)
        except DomainError as e:
            _form_error(request, e)
    insp = f.inspection
    return render(
        request,
        "supervision/finding.html",
        {
            "f": f,
            "rect": rect,
            "can_inspect": queries.can_inspect(request.user, insp),
            "can_manage": queries.can_manage(request.user, insp.unit)
            or has_role(request.user, queries.INSPECTOR_ROLES, insp.unit),
            "can_work": queries.can_work(request.user, f.unit),
            "rules": Accountability.RULES,
            "decisions": Accountability.DECISIONS,
        },
    )


@login_required
def rectification_list(request):
    status = request.GET.get("status", "")
    light = request.GET.get("light", "")
    qs = queries.rectification_list(actor=request.user, status=status, light=light)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "supervision/rectifications.html", {"page": page, "status": status, "light": light}
    )


# -- accountability -------------------------------------------------------------------------
@login_required
def accountability_list(request):
    if request.method == "POST":
        p = request.POST
        try:
            actions.accountability_create(
                actor=request.user,
                unit=_unit(request.user, p.get("unit"), "unit"),
                rule=p.get("rule", ""),
                decision=p.get("decision", ""),
                facts=p.get("facts", ""),
                units=_units(request.user, p.get("units", ""), "units"),
                people=_people(request.user, p.get("people", ""), "people"),
                decided_on=_date(p.get("decided_on"), "decided_on", required=False),
            )
            messages.success(request, _("Accountability recorded."))
            return redirect("supervision:accountability")
        except DomainError as e:
            _form_error(request, e)
    page = Paginator(queries.accountability_list(actor=request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/accountability.html",
        {
            "page": page,
            "rules": Accountability.RULES,
            "decisions": Accountability.DECISIONS,
            "f": request.POST,
        },
    )


# -- major decisions ------------------------------------------------------------------------
@login_required
def decision_list(request):
    if request.method == "POST":
        p = request.POST
        try:
            d = actions.decision_create(
                actor=request.user,
                unit=_unit(request.user, p.get("unit"), "unit"),
                title=p.get("title", ""),
                number=p.get("number", ""),
                summary=p.get("summary", ""),
            )
            return redirect("supervision:decision", d.pk)
        except DomainError as e:
            _form_error(request, e)
    flagged = request.GET.get("flagged")
    qs = queries.decision_list(actor=request.user, flagged=True if flagged else None)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request, "supervision/decisions.html", {"page": page, "flagged": flagged, "f": request.POST}
    )


@login_required
def decision_detail(request, decision_id):
    d = queries.decision_get(actor=request.user, decision_id=decision_id)
    if request.method == "POST":
        p = request.POST
        try:
            what = p.get("do")
            if what == "step":
                actions.decision_step_record(
                    actor=request.user,
                    decision=d,
                    step=p.get("step", ""),
                    done_on=_date(p.get("done_on"), "done_on"),
                    evidence=p.get("evidence", ""),
                    attachment=request.FILES.get("attachment"),
                )
            elif what == "adopt":
                actions.decision_adopt(actor=request.user, decision=d)
                messages.success(request, _("Decision adopted."))
            elif what == "publish":
                d = actions.decision_publish(actor=request.user, decision=d)
                if d.flagged:
                    messages.warning(
                        request, _("Published with a procedure step missing: flagged for supervision.")
                    )
            elif what == "correct":
                actions.decision_correct(
                    actor=request.user, decision=d, kind=p.get("kind", ""), reason=p.get("reason", "")
                )
            elif what == "check":
                actions.decision_check(
                    actor=request.user, decision=d, ok=p.get("ok") == "1", findings=p.get("findings", "")
                )
            return redirect("supervision:decision", d.pk)
        except DomainError as e:
            _form_error(request, e)
    return render(
        request,
        "supervision/decision.html",
        {
            "d": d,
            "steps": queries.decision_steps(d),
            "events": d.events.all(),
            "step_labels": STEP_LABELS,
            "missing_labels": [STEP_LABELS.get(s, s) for s in d.missing_steps],
            "corrections": [(k, v) for k, v in DecisionEvent.KINDS if k != DecisionEvent.CHECK],
        },
    )


# -- coverage -------------------------------------------------------------------------------
@login_required
def coverage(request):
    if request.method == "POST":
        p = request.POST
        try:
            actions.construction_set(
                actor=request.user,
                unit=_unit(request.user, p.get("unit"), "unit"),
                kind=p.get("kind", "service_centre"),
                planned=p.get("planned", "1") == "1",
                built_on=_date(p.get("built_on"), "built_on", required=False),
            )
            messages.success(request, _("Saved."))
            return redirect("supervision:coverage")
        except DomainError as e:
            _form_error(request, e)
    try:
        as_of = _date(request.GET.get("as_of"), "as_of", required=False)
    except DomainError:
        as_of = None
    rows = queries.coverage(actor=request.user, kind=request.GET.get("kind", ""), as_of=as_of)
    chart = _chart(
        {
            "tooltip": {"trigger": "axis"},
            "legend": {},
            "xAxis": {
                "type": "category",
                "data": [f"{r['root']} {r['level']} {r['unit_kind_name']}" for r in rows],
            },
            "yAxis": [
                {"type": "value"},
                {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
            ],
            "series": [
                {
                    "name": pgettext("coverage", "Planned"),
                    "type": "bar",
                    "data": [r["planned"] for r in rows],
                },
                {"name": _("Built"), "type": "bar", "data": [r["built"] for r in rows]},
                {
                    "name": _("Built %"),
                    "type": "line",
                    "yAxisIndex": 1,
                    "data": [float(r["percent"] or 0) for r in rows],
                },
            ],
        }
    )
    for r in rows:
        r["facility_name"] = FACILITIES.get(r["facility"], r["facility"])
    return render(
        request,
        "supervision/coverage.html",
        {"rows": rows, "chart": chart, "as_of": as_of, "facilities": list(FACILITIES.items())},
    )


# -- study ----------------------------------------------------------------------------------
@login_required
def study(request):
    user = request.user
    if request.method == "POST":
        p = request.POST
        try:
            s = actions.session_create(
                actor=user,
                unit=_unit(user, p.get("unit"), "unit"),
                title=p.get("title", ""),
                kind=p.get("kind", StudySession.STUDY),
                held_on=_date(p.get("held_on"), "held_on"),
                hours=p.get("hours"),
                attendees=_people(user, p.get("attendees", ""), "attendees"),
            )
            messages.success(
                request, _("Session recorded with %(n)d attendances.") % {"n": s.attendance.count()}
            )
            return redirect(f"{request.path}?unit={s.unit.code}&year={s.held_on.year}")
        except DomainError as e:
            _form_error(request, e)
    g = request.GET
    year = (
        int(g.get("year") or _today().year)
        if (g.get("year") or "").isdigit() or not g.get("year")
        else _today().year
    )
    try:
        threshold = Decimal(g.get("threshold") or "45")
    except InvalidOperation:
        threshold = Decimal(45)
    summary = None
    unit = None
    if g.get("unit"):
        try:
            unit = _unit(user, g.get("unit"), "unit")
            summary = queries.study_summary(
                actor=user, unit=unit, year=year, threshold=threshold, role=g.get("role", "")
            )
        except DomainError as e:
            _form_error(request, e)
    sessions = queries.session_list(actor=user, year=year, unit=unit)[:50]
    return render(
        request,
        "supervision/study.html",
        {
            "summary": summary,
            "sessions": sessions,
            "year": year,
            "threshold": threshold,
            "g": g,
            "kinds": StudySession.KINDS,
        },
    )


# -- assessments ----------------------------------------------------------------------------
def _indicator_lines(text: str) -> list[dict]:
    out = []
    for line in (text or "").splitlines():
        parts = line.split()
        if not parts:
            continue
        out.append({"metric": parts[0], "weight": parts[1] if len(parts) > 1 else 1})
    return out


def _link_lines(text: str) -> list[dict]:
    out = []
    for line in (text or "").splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) < 3:
            continue
        which, n, adjust = parts[0].lower(), parts[1], parts[2]
        try:
            out.append({which: int(n), "adjust": float(adjust), "label": parts[3] if len(parts) > 3 else ""})
        except ValueError:
            raise DomainError("bad_link", _("A link line is: top|last N ±percent label"), {"field": "links"})
    return out


@login_required
def assessment_list(request):
    if request.method == "POST":
        p = request.POST
        try:
            a = actions.assessment_create(
                actor=request.user,
                unit=_unit(request.user, p.get("unit"), "unit"),
                title=p.get("title", ""),
                participants=_units(request.user, p.get("participants", ""), "participants"),
                indicators=_indicator_lines(p.get("indicators", "")),
                links=_link_lines(p.get("links", "")),
            )
            return redirect("supervision:assessment", a.pk)
        except DomainError as e:
            _form_error(request, e)
    return render(
        request,
        "supervision/assessments.html",
        {
            "items": queries.assessment_list(actor=request.user),
            "metrics": metrics.all_metrics(),
            "f": _assessment_defaults(request.POST),
        },
    )


def _assessment_defaults(posted) -> dict:
    """The form, prefilled with the standard department indicators that are registered."""
    from .scoring import STANDARD_INDICATORS

    f = dict(posted.items())
    if not f.get("indicators"):
        known = set(metrics.names())
        f["indicators"] = "\n".join(f"{m} {w}" for m, w in STANDARD_INDICATORS if m in known)
    if not f.get("links"):
        f["links"] = "top 3 10 季度绩效上浮\nlast 3 -20 黄牌警告，扣减当季绩效"
    return f


@login_required
def assessment_detail(request, assessment_id):
    a = queries.assessment_get(actor=request.user, assessment_id=assessment_id)
    if request.method == "POST":
        try:
            run = actions.assessment_evaluate(
                actor=request.user, assessment=a, period=request.POST.get("period", "")
            )
            return redirect("supervision:run", run.pk)
        except DomainError as e:
            _form_error(request, e)
    return render(
        request,
        "supervision/assessment.html",
        {
            "a": a,
            "runs": queries.run_list(actor=request.user, assessment=a),
            "participants": a.participants.order_by("path"),
            "can_manage": queries.can_manage(request.user, a.unit),
        },
    )


@login_required
def run_detail(request, run_id):
    run = queries.run_get(actor=request.user, run_id=run_id)
    if request.method == "POST":
        try:
            actions.bulletin_publish(actor=request.user, run=run, text=request.POST.get("text", ""))
            messages.success(request, _("Bulletin published."))
            return redirect("supervision:run", run.pk)
        except DomainError as e:
            _form_error(request, e)
    rows = sorted(run.rows, key=lambda r: r["rank"])
    inds = run.assessment.indicators
    for r in rows:
        r["cells"] = [(r["inputs"].get(i["metric"]), r["scores"].get(i["metric"])) for i in inds]
    chart = _chart(
        {
            "tooltip": {},
            "grid": {"left": 160},
            "xAxis": {"type": "value", "max": 100},
            "yAxis": {"type": "category", "inverse": True, "data": [r["unit_name"] for r in rows]},
            "series": [{"type": "bar", "name": _("Total"), "data": [r["total"] for r in rows]}],
        }
    )
    return render(
        request,
        "supervision/run.html",
        {
            "run": run,
            "a": run.assessment,
            "rows": rows,
            "inds": inds,
            "chart": chart,
            "can_manage": queries.can_manage(request.user, run.assessment.unit),
        },
    )

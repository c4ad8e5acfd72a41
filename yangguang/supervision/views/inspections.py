"""Staff pages for inspections, findings and rectification (限期整改)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError
from yangguang.orgs.queries import has_role

from .. import actions, queries
from ..models import Accountability, ChecklistItem, Finding, Inspection
from ._common import _date, _form_error, _people, _unit, _units


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

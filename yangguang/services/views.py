"""Staff pages: thin — parse, call one action or query, render."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core.errors import DomainError, ImportRejected
from yangguang.core.tabular import CONTENT_TYPES, write_table
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import person_get, person_list, person_of, scope_paths, unit_ancestors, unit_get

from . import actions, queries, rules
from .models import LEVELS, ItemStatus, ItemType, Mode, OrderKind, PauseKind


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = date(today.year, 1, 1)
    try:
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = date(start.year, 12, 31)
    if end < start:
        start, end = end, start
    return start, end


def _default_unit(actor) -> Unit:
    paths = scope_paths(actor)
    if paths is None:
        unit = Unit.objects.filter(kind__code="service_centre").order_by("path").first()
        return unit or Unit.get_root_nodes().first()
    if not paths:
        raise DomainError("no_scope", _("You hold no post, so there is nothing to show."), status=403)
    return Unit.objects.filter(path__in=paths).order_by("depth", "path").first()


def _unit(request) -> Unit:
    uid = request.GET.get("unit")
    return (
        unit_get(actor=request.user, unit_id=int(uid))
        if uid and uid.isdigit()
        else _default_unit(request.user)
    )


@login_required
def home(request):
    unit = _unit(request)
    start, end = _period(request)
    board = queries.dashboard(unit, start, end)
    months = board["monthly"]
    chart = {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("Received"), _("Completed"), _("On-time rate")]},
        "xAxis": {"type": "category", "data": [f"{m['month']}月" for m in months]},
        "yAxis": [{"type": "value"}, {"type": "value", "max": 100, "name": "%"}],
        "series": [
            {"name": _("Received"), "type": "bar", "data": [m["received"] for m in months]},
            {"name": _("Completed"), "type": "bar", "data": [m["completed"] for m in months]},
            {
                "name": _("On-time rate"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [m["on_time_rate"] for m in months],
            },
        ],
    }
    people = []
    if not board["children"]:
        ids = list(person_list(actor=request.user, under=unit).values_list("id", flat=True)[:200])
        figs = queries.figures_for_people(ids, start, end)
        names = dict(person_list(actor=request.user, under=unit).values_list("id", "name")[:200])
        people = [{"id": i, "name": names[i], **figs[i]} for i in ids]
    return render(
        request,
        "services/home.html",
        {
            "unit": unit,
            "ancestors": unit_ancestors(unit),
            "start": start,
            "end": end,
            "board": board,
            "people": people,
            "labels": queries.FIGURE_LABELS,
            "chart_json": json.dumps(chart, ensure_ascii=False) if months else "",
            "unread": queries.unread_count(actor=request.user),
        },
    )


@login_required
def dashboard_export(request):
    unit = _unit(request)
    start, end = _period(request)
    board = queries.dashboard(unit, start, end)
    header = [
        "单位",
        "收件",
        "受理",
        "办结",
        "按时办结率%",
        "提前办结率%",
        "即办率%",
        "超期",
        "平均工作日",
        "退回率%",
        "满意率%",
    ]
    keys = [
        "received",
        "accepted",
        "completed",
        "on_time_rate",
        "early_rate",
        "same_day_rate",
        "overdue_count",
        "avg_workdays",
        "return_rate",
        "satisfaction",
    ]
    rows = [[unit.name] + [board["total"][k] for k in keys]]
    rows += [[c["name"]] + [c[k] for k in keys] for c in board["children"]]
    data = write_table(header, rows, "xlsx")
    resp = HttpResponse(data, content_type=CONTENT_TYPES["xlsx"])
    resp["Content-Disposition"] = f'attachment; filename="services-{unit.code}-{start}-{end}.xlsx"'
    return resp


# -- items -------------------------------------------------------------------------------------


@login_required
def items(request):
    q = request.GET.get("q", "")
    status = request.GET.get("status", "")
    page = Paginator(queries.item_list(actor=request.user, q=q, status=status), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "services/items.html",
        {"page": page, "q": q, "status": status, "statuses": ItemStatus.choices},
    )


def _item_data(post) -> dict:
    materials = []
    for line in post.get("materials", "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if parts and parts[0]:
            materials.append(
                {
                    "name": parts[0],
                    "form": parts[1] if len(parts) > 1 else "",
                    "copies": parts[2] if len(parts) > 2 and parts[2].isdigit() else 1,
                    "required": not (len(parts) > 3 and parts[3] in ("否", "no", "0")),
                }
            )
    data = {k: post.get(k, "") for k in actions.ITEM_FIELDS if k not in ("materials", "steps")}
    data["materials"] = materials
    data["steps"] = [s for s in post.get("steps", "").splitlines() if s.strip()]
    return data


@login_required
def item_new(request):
    if request.method == "POST":
        data = _item_data(request.POST)
        item = actions.item_create(
            actor=request.user,
            unit_id=int(request.POST.get("unit") or 0),
            code=request.POST.get("code", ""),
            **data,
        )
        messages.success(request, _("Draft saved."))
        return redirect("services:item", item.pk)
    return render(request, "services/item_form.html", _item_form_ctx(request, None))


def _item_form_ctx(request, item):
    paths = scope_paths(request.user, roles=actions.MANAGERS)
    from yangguang.orgs.queries import path_q

    units = Unit.objects.filter(path_q(paths, "path")).order_by("path")[:500]
    return {
        "item": item,
        "units": units,
        "types": ItemType.choices,
        "modes": Mode.choices,
        "materials_text": "\n".join(
            f"{m['name']}|{m.get('form', '')}|{m.get('copies', 1)}|{'是' if m.get('required', True) else '否'}"
            for m in (item.materials if item else [])
        ),
        "steps_text": "\n".join(item.steps if item else []),
    }


@login_required
def item_edit(request, item_id):
    item = queries.item_get(actor=request.user, item_id=item_id)
    if request.method == "POST":
        actions.item_update(actor=request.user, item_id=item.pk, **_item_data(request.POST))
        messages.success(request, _("Draft saved."))
        return redirect("services:item", item.pk)
    return render(request, "services/item_form.html", _item_form_ctx(request, item))


@login_required
def item_detail(request, item_id):
    item = queries.item_get(actor=request.user, item_id=item_id)
    return render(request, "services/item.html", {"item": item, "versions": queries.item_versions(item)})


@login_required
@require_POST
def item_sample(request, item_id):
    material = request.POST.get("material", "")
    actions.item_sample(
        actor=request.user,
        item_id=item_id,
        upload=request.FILES.get("file"),
        material=int(material) if material.isdigit() else None,
    )
    messages.success(request, _("Sample uploaded."))
    return redirect("services:item", item_id)


@login_required
@require_POST
def item_act(request, item_id, verb):
    fn = {"submit": actions.item_submit, "publish": actions.item_publish, "revise": actions.item_revise}.get(
        verb
    )
    if fn is None:
        raise DomainError("invalid", _("Unknown action."), status=404)
    item = fn(actor=request.user, item_id=item_id)
    messages.success(request, _("Done."))
    return redirect("services:item", item.pk)


@login_required
def item_import(request):
    errors = None
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            messages.error(request, _("Choose a file to import."))
        else:
            try:
                r = actions.item_import(actor=request.user, data=f.read(), filename=f.name)
                messages.success(
                    request,
                    _("Imported: %(c)d created, %(u)d updated.") % {"c": r["created"], "u": r["updated"]},
                )
                return redirect("services:items")
            except ImportRejected as e:
                errors = e.as_dict()
    return render(
        request,
        "services/import.html",
        {"errors": errors, "columns": [zh for _k, zh in actions.IMPORT_COLUMNS]},
    )


@login_required
def item_export(request):
    header = [zh for _k, zh in actions.IMPORT_COLUMNS]
    rows = []
    for it in queries.item_list(actor=request.user).exclude(status="superseded"):
        rows.append(
            [
                it.code,
                it.name,
                it.item_type,
                it.unit.code,
                it.theme,
                it.mode,
                it.statutory_limit,
                it.promised_limit,
                it.basis,
                it.conditions,
                ";".join(m["name"] for m in it.materials),
                ";".join(it.steps),
                it.fee_standard,
                it.fee_basis,
                it.result_name,
                it.place,
                it.hours,
                it.consult_phone,
                it.complaint_phone,
                it.keywords,
            ]
        )
    resp = HttpResponse(write_table(header, rows, "xlsx"), content_type=CONTENT_TYPES["xlsx"])
    resp["Content-Disposition"] = 'attachment; filename="service-items.xlsx"'
    return resp


# -- cases -------------------------------------------------------------------------------------


@login_required
def cases(request):
    f = {k: request.GET.get(k, "") for k in ("status", "q", "light")}
    page = Paginator(queries.case_list(actor=request.user, **f), 30).get_page(request.GET.get("page"))
    page.object_list = queries.with_lights(page.object_list)
    return render(request, "services/cases.html", {"page": page, "f": f, "statuses": rules.STATUSES})


@login_required
def case_new(request):
    if request.method == "POST":
        case, code = actions.case_submit(
            actor=request.user,
            item_id=int(request.POST.get("item") or 0),
            applicant_name=request.POST.get("applicant_name", ""),
            applicant_phone=request.POST.get("applicant_phone", ""),
            applicant_id_no=request.POST.get("applicant_id_no", ""),
        )
        messages.success(
            request,
            _("Case %(n)s submitted. Query code for the applicant: %(c)s") % {"n": case.number, "c": code},
        )
        return redirect("services:case", case.pk)
    return render(request, "services/case_new.html", {"items": queries.pickable_items()})


@login_required
def case_detail(request, case_id):
    case = queries.case_get(actor=request.user, case_id=case_id)
    case.light = queries.case_light(case)
    approvers = person_list(actor=request.user, role="supervisor")[:50]
    return render(
        request,
        "services/case.html",
        {
            "case": case,
            "events": case.events.select_related("person"),
            "pauses": case.pauses.all(),
            "extensions": case.extensions.select_related("approver"),
            "parts": case.parts.select_related("unit"),
            "ratings": case.ratings.all(),
            "cards": case.cards.all(),
            "verbs": rules.allowed_verbs(case.status),
            "pause_kinds": PauseKind.choices,
            "steps": actions.STEPS,
            "approvers": approvers,
            "levels": LEVELS,
            "class_label": rules.CASE_CLASS_LABELS[case.case_class],
        },
    )


def _verb_kwargs(verb: str, post) -> dict:
    g = post.get
    if verb == "accept":
        return {"on": g("on") or None}
    if verb in ("refuse", "return"):
        return {"reason": g("reason", "")}
    if verb == "supplement":
        return {"missing": [m for m in g("missing", "").splitlines() if m.strip()]}
    if verb == "resubmit":
        return {}
    if verb == "step":
        return {"step": g("step", ""), "note": g("note", "")}
    if verb == "pause":
        return {
            "kind": g("kind", ""),
            "reason": g("reason", ""),
            "on": g("on") or None,
            "applicant_told": bool(g("applicant_told")),
        }
    if verb == "resume":
        return {"on": g("on") or None}
    if verb == "extend":
        return {"days": g("days"), "approver_id": int(g("approver_id") or 0), "reason": g("reason", "")}
    if verb == "joint_done":
        return {"unit_id": int(g("unit_id") or 0), "opinion": g("opinion", "")}
    if verb == "complete":
        return {"result": g("result", ""), "document_no": g("document_no", ""), "on": g("on") or None}
    return {}


@login_required
@require_POST
def case_act(request, case_id, verb):
    if verb == "rate":
        actions.rating_window(
            actor=request.user,
            case_id=case_id,
            level=request.POST.get("level"),
            text=request.POST.get("text", ""),
        )
    else:
        fn = actions.CASE_ACTIONS.get(verb)
        if fn is None:
            raise DomainError("invalid", _("Unknown action."), status=404)
        fn(actor=request.user, case_id=case_id, **_verb_kwargs(verb, request.POST))
    messages.success(request, _("Done."))
    return redirect("services:case", case_id)


# -- first inquiries, staff cards --------------------------------------------------------------


@login_required
def inquiries(request):
    if request.method == "POST":
        actions.inquiry_log(
            actor=request.user,
            asker_name=request.POST.get("asker_name", ""),
            asker_phone=request.POST.get("asker_phone", ""),
            question=request.POST.get("question", ""),
            owner_id=int(request.POST.get("owner") or 0) or None,
        )
        messages.success(request, _("Inquiry logged."))
        return redirect("services:inquiries")
    today = timezone.localdate()
    page = Paginator(
        queries.inquiry_list(actor=request.user, open_only=bool(request.GET.get("open"))), 30
    ).get_page(request.GET.get("page"))
    for i in page.object_list:
        i.light = "" if i.answered_at else ("red" if i.due_on < today else "green")
    me = person_of(request.user)
    colleagues = person_list(actor=request.user, under=me.unit)[:100] if me else []
    return render(request, "services/inquiries.html", {"page": page, "colleagues": colleagues, "me": me})


@login_required
@require_POST
def inquiry_answer(request, inquiry_id):
    actions.inquiry_answer(actor=request.user, inquiry_id=inquiry_id, answer=request.POST.get("answer", ""))
    messages.success(request, _("Answered."))
    return redirect("services:inquiries")


@login_required
def staff_card(request, person_id):
    person = person_get(actor=request.user, person_id=person_id)
    posts = person.posts.select_related("unit")
    today = timezone.localdate()
    figs = queries.figures_for_people([person.pk], date(today.year, 1, 1), today)[person.pk]
    return render(
        request,
        "services/card.html",
        {"person": person, "posts": posts, "figs": figs, "labels": queries.FIGURE_LABELS},
    )


# -- ratings and rectification -----------------------------------------------------------------


@login_required
def rectifications(request):
    status = request.GET.get("status", "")
    page = Paginator(queries.rectification_list(actor=request.user, status=status), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "services/rectifications.html", {"page": page, "status": status})


@login_required
@require_POST
def rectification_act(request, rect_id, verb):
    p = request.POST
    if verb == "callback":
        actions.rectification_callback(actor=request.user, rect_id=rect_id, note=p.get("text", ""))
    elif verb == "answer":
        actions.rectification_answer(actor=request.user, rect_id=rect_id, answer=p.get("text", ""))
    elif verb == "appeal":
        actions.rectification_appeal(actor=request.user, rect_id=rect_id, reason=p.get("text", ""))
    elif verb == "decide":
        actions.rectification_decide(
            actor=request.user, rect_id=rect_id, upheld=p.get("upheld") == "1", decision=p.get("text", "")
        )
    else:
        raise DomainError("invalid", _("Unknown action."), status=404)
    messages.success(request, _("Done."))
    return redirect("services:rectifications")


# -- hotline -----------------------------------------------------------------------------------


@login_required
def hotline(request):
    if request.method == "POST":
        actions.hotline_log(
            actor=request.user,
            kind=request.POST.get("kind", ""),
            caller_name=request.POST.get("caller_name", ""),
            caller_phone=request.POST.get("caller_phone", ""),
            content=request.POST.get("content", ""),
        )
        messages.success(request, _("Call logged."))
        return redirect("services:hotline")
    status = request.GET.get("status", "")
    today = timezone.localdate()
    page = Paginator(queries.order_list(actor=request.user, status=status), 30).get_page(
        request.GET.get("page")
    )
    for o in page.object_list:
        o.light = rules.light(o.due_on, today, today) if o.status == "dispatched" else ""
    liaisons = person_list(actor=request.user, role="liaison").select_related("unit")[:300]
    from yangguang.orgs.models import Person

    if not liaisons:
        liaisons = Person.objects.filter(posts__role="liaison").select_related("unit")[:300]
    return render(
        request,
        "services/hotline.html",
        {"page": page, "status": status, "kinds": OrderKind.choices, "liaisons": liaisons, "levels": LEVELS},
    )


@login_required
@require_POST
def hotline_act(request, order_id, verb):
    p = request.POST
    if verb == "dispatch":
        from yangguang.orgs.models import Person

        liaison = Person.objects.filter(pk=int(p.get("liaison") or 0)).first()
        actions.hotline_dispatch(
            actor=request.user,
            order_id=order_id,
            unit_id=liaison.unit_id if liaison else 0,
            liaison_id=liaison.pk if liaison else 0,
            limit_days=p.get("limit_days") or 5,
        )
    elif verb == "answer":
        actions.hotline_answer(actor=request.user, order_id=order_id, answer=p.get("answer", ""))
    elif verb == "callback":
        actions.hotline_callback(actor=request.user, order_id=order_id, level=p.get("level"))
    else:
        raise DomainError("invalid", _("Unknown action."), status=404)
    messages.success(request, _("Done."))
    return redirect("services:hotline")


# -- notifications, settings -------------------------------------------------------------------


@login_required
def notifications(request):
    if request.method == "POST":
        actions.notifications_read(actor=request.user)
        return redirect("services:notifications")
    page = Paginator(queries.notification_list(actor=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "services/notifications.html", {"page": page})


@login_required
def settings_view(request):
    unit = _unit(request)
    if request.method == "POST":
        actions.settings_update(
            actor=request.user,
            unit_id=unit.pk,
            **{
                k: request.POST.get(k)
                for k in ("yellow_days", "red_card_days", "callback_days", "rectify_days", "inquiry_days")
            },
        )
        messages.success(request, _("Settings saved."))
        return redirect(f"{request.path}?unit={unit.pk}")
    return render(request, "services/settings.html", {"unit": unit, "s": queries.settings_for(unit)})

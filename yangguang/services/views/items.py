"""Service items: list, drafts, samples, review and publication, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core import jobs
from yangguang.core.errors import DomainError, ImportRejected
from yangguang.core.tabular import CONTENT_TYPES, write_table
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import scope_paths

from .. import actions, queries
from ..models import ItemStatus, ItemType, Mode


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


IMPORT_INLINE_MAX = 512 * 1024  # bytes; a sheet this size (a few thousand rows) imports within a second


@login_required
def item_import(request):
    errors = None
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            messages.error(request, _("Choose a file to import."))
        elif f.size > IMPORT_INLINE_MAX:  # a large catalogue: a background job with progress
            stored = jobs.keep_upload(f)
            job = jobs.start("services.item_import", request.user, {"stored": stored, "filename": f.name})
            return redirect("jobs:detail", job.pk)
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

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from yangguang.audit.queries import entry_list
from yangguang.core.errors import Forbidden, ImportRejected
from yangguang.core.tabular import CONTENT_TYPES

from . import actions, queries


@login_required
def tree(request):
    q = request.GET.get("q", "").strip()
    found = queries.unit_list(actor=request.user, q=q)[:100] if q else None
    context = {
        "roots": queries.unit_roots(actor=request.user),
        "q": q,
        "found": found,
        "can_audit": queries.admin_paths(request.user) != [],
    }
    return render(request, "orgs/tree.html", context)


@login_required
def unit_children(request, unit_id):
    unit = queries.unit_get(actor=request.user, unit_id=unit_id)
    return render(
        request, "orgs/_children.html", {"units": queries.unit_list(actor=request.user, parent=unit)}
    )


@login_required
def unit_detail(request, unit_id):
    unit = queries.unit_get(actor=request.user, unit_id=unit_id)
    people = Paginator(
        queries.person_list(actor=request.user, under=unit, q=request.GET.get("q", "")), 30
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/unit.html",
        {
            "unit": unit,
            "ancestors": [a for a in queries.unit_ancestors(unit) if queries.in_scope(request.user, a)],
            "children": queries.unit_list(actor=request.user, parent=unit),
            "page": people,
            "q": request.GET.get("q", ""),
        },
    )


@login_required
def people(request):
    q = request.GET.get("q", "")
    page = Paginator(queries.person_list(actor=request.user, q=q), 30).get_page(request.GET.get("page"))
    return render(request, "orgs/people.html", {"page": page, "q": q})


@login_required
def person_detail(request, person_id):
    person = queries.person_get(actor=request.user, person_id=person_id)
    return render(
        request, "orgs/person.html", {"person": person, "posts": person.posts.select_related("unit")}
    )


@login_required
def import_view(request):
    result = errors = None
    if request.method == "POST":
        f = request.FILES.get("file")
        what = request.POST.get("what")
        if f is None:
            messages.error(request, _("Choose a file to import."))
        else:
            fn = actions.units_import if what == "units" else actions.people_import
            try:
                result = fn(actor=request.user, data=f.read(), filename=f.name)
                messages.success(
                    request,
                    _("Imported: %(c)d created, %(u)d updated.")
                    % {"c": result["created"], "u": result["updated"]},
                )
                return redirect("orgs:import")
            except ImportRejected as e:
                errors = e
    return render(request, "orgs/import.html", {"errors": errors, "result": result})


@login_required
def export_view(request, what, fmt):
    if fmt not in ("xlsx", "csv") or what not in ("units", "people"):
        raise Forbidden()
    under = (
        queries.unit_get(actor=request.user, unit_id=request.GET["unit"]) if request.GET.get("unit") else None
    )
    if what == "units":
        data = actions.units_export(actor=request.user, root=under, fmt=fmt)
    else:
        data = actions.people_export(actor=request.user, under=under, fmt=fmt)
    resp = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    resp["Content-Disposition"] = f'attachment; filename="{what}.{fmt}"'
    return resp


@login_required
def audit_trail(request):
    paths = queries.admin_paths(request.user)
    if paths == []:
        raise Forbidden(_("Only administrators may read the audit trail."))
    g = request.GET
    since, until = _date(g.get("since")), _date(g.get("until"))
    qs = entry_list(
        paths=paths,
        model=g.get("model", ""),
        action=g.get("action", ""),
        who=g.get("who", ""),
        object_id=g.get("object_id", ""),
        since=since,
        until=until,
    )
    page = Paginator(qs, 50).get_page(g.get("page"))
    return render(request, "orgs/audit.html", {"page": page, "f": g})


def _date(value):
    try:
        return parse_date(value or "")
    except ValueError:
        return None

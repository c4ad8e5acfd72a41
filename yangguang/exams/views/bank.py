"""Staff pages: the question bank (browse, add, import, export)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError, Forbidden, ImportRejected
from yangguang.core.tabular import CONTENT_TYPES
from yangguang.orgs.queries import scope_paths

from .. import actions, queries
from ..models import Question


def _setter_unit(request):
    paths = scope_paths(request.user, roles=queries.SET)
    from yangguang.orgs.models import Unit

    if paths == []:
        raise Forbidden(_("Only question setters see the bank."))
    if paths is None:
        uid = request.GET.get("unit") or request.POST.get("unit")
        return Unit.objects.filter(pk=uid).first() if uid else Unit.objects.filter(depth=1).first()
    return Unit.objects.filter(path=paths[0]).first()


@login_required
def bank(request):
    unit = _setter_unit(request)
    g = request.GET
    qs = queries.question_list(actor=request.user, q=g.get("q", ""), kind=g.get("kind", ""))
    page = Paginator(qs, 50).get_page(g.get("page"))
    errors = result = None
    if request.method == "POST" and request.POST.get("do") == "add":
        p = request.POST
        try:
            actions.question_create(
                actor=request.user,
                unit=unit,
                category=p.get("category", "").replace(">", "/").split("/"),
                kind=p.get("kind"),
                stem=p.get("stem"),
                options=p.get("options", "").splitlines(),
                answer=p.get("answer"),
                rubric=p.get("rubric", ""),
                legal_basis=p.get("legal_basis", ""),
                difficulty=p.get("difficulty") or 2,
            )
            messages.success(request, _("Done."))
            return redirect("exams:bank")
        except DomainError as e:
            messages.error(request, str(e.message))
    elif request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            messages.error(request, _("Choose a file to import."))
        else:
            try:
                result = actions.questions_import(
                    actor=request.user, unit=unit, data=f.read(), filename=f.name
                )
                messages.success(
                    request,
                    _("Imported %(n)d questions; %(f)d flagged as near-duplicates.")
                    % {"n": result["created"], "f": len(result["flagged"])},
                )
            except ImportRejected as e:
                errors = e
            except DomainError as e:
                messages.error(request, str(e.message))
    kinds = dict(Question._meta.get_field("kind").choices)
    return render(
        request,
        "exams/bank.html",
        {"page": page, "unit": unit, "f": g, "errors": errors, "result": result, "kinds": kinds},
    )


@login_required
def bank_export(request):
    unit = _setter_unit(request)
    resp = HttpResponse(
        actions.questions_export(actor=request.user, unit=unit), content_type=CONTENT_TYPES["xlsx"]
    )
    resp["Content-Disposition"] = 'attachment; filename="question-bank.xlsx"'
    return resp

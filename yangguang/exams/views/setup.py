"""Staff pages: setting a contest up (new contest, units, sittings, sites, blueprints, papers)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError, NotFound
from yangguang.orgs.queries import scope_paths

from .. import actions, queries
from ..models import Category, Question
from ._common import _nf


def _dt(value):
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    d = parse_datetime(value or "")
    if d is None:
        raise DomainError("bad_time", _("Give a date and time."), {"field": "time"})
    return timezone.make_aware(d) if timezone.is_naive(d) else d


@login_required
def exam_new(request):
    from yangguang.orgs.models import Unit

    paths = scope_paths(request.user, roles=queries.MANAGE)
    units = Unit.objects.all() if paths is None else Unit.objects.filter(path__in=paths)
    if request.method == "POST":
        p = request.POST
        try:
            unit = units.get(pk=p.get("unit"))
        except (Unit.DoesNotExist, ValueError):
            raise NotFound()
        try:
            exam = actions.exam_create(
                actor=request.user,
                unit=unit,
                name=p.get("name", ""),
                quota_percent=Decimal(p.get("quota_percent") or "15"),
                quota_rounding=p.get("quota_rounding") or "half_up",
                advance_count=int(p.get("advance_count") or 8),
            )
            return redirect("exams:setup", exam_id=exam.pk)
        except (DomainError, InvalidOperation, ValueError) as e:
            messages.error(request, str(getattr(e, "message", e)))
    return render(request, "exams/new.html", {"units": units.order_by("path")[:200]})


@login_required
def exam_setup(request, exam_id):
    """Participating units and quotas, the sitting and its sites, blueprints — one form each."""
    from yangguang.orgs.models import Unit

    exam = queries.exam_get(actor=request.user, exam_id=exam_id, roles=queries.MANAGE + queries.SET)
    children = Unit.objects.filter(path__startswith=exam.unit.path, depth=exam.unit.depth + 1).order_by(
        "path"
    )
    cats = Category.objects.filter(
        unit__path__in=[exam.unit.path[: 4 * i] for i in range(1, exam.unit.depth + 1)]
    )
    if request.method == "POST":
        p = request.POST
        try:
            what = p.get("do")
            if what == "units":
                chosen = list(children.filter(pk__in=p.getlist("units")))
                actions.exam_units_set(actor=request.user, exam=exam, units=chosen)
            elif what == "sitting":
                actions.sitting_create(
                    actor=request.user,
                    exam=exam,
                    name=p.get("name") or _("Preliminary"),
                    starts_at=_dt(p.get("starts_at")),
                    ends_at=_dt(p.get("ends_at")),
                )
            elif what == "site":
                sitting = exam.sittings.get(pk=p.get("sitting"))
                host = children.filter(pk=p.get("unit")).first() or _nf()
                also = list(children.filter(pk__in=p.getlist("also")))
                actions.site_create(
                    actor=request.user,
                    sitting=sitting,
                    unit=host,
                    name=p.get("name") or host.name,
                    units=[host, *also],
                    seats=int(p.get("seats") or 60),
                    mode=p.get("mode", "online"),
                )
            elif what == "blueprint":
                cells = []
                for i in range(10):
                    if p.get(f"count{i}"):
                        cells.append(
                            {
                                "kind": p.get(f"kind{i}"),
                                "category": p.get(f"category{i}"),
                                "difficulty": p.get(f"difficulty{i}") or None,
                                "count": p.get(f"count{i}"),
                                "points": p.get(f"points{i}"),
                            }
                        )
                actions.blueprint_save(
                    actor=request.user, exam=exam, name=p.get("name") or _("Blueprint"), cells=cells
                )
            messages.success(request, _("Done."))
        except DomainError as e:
            messages.error(request, str(e.message))
        except (ValueError, InvalidOperation) as e:
            messages.error(request, str(e))
        return redirect("exams:setup", exam_id=exam.pk)
    chosen = set(exam.units.values_list("unit_id", flat=True))
    return render(
        request,
        "exams/setup.html",
        {
            "exam": exam,
            "children": children,
            "chosen": chosen,
            "sittings": exam.sittings.all(),
            "cats": cats,
            "kinds": Question._meta.get_field("kind").choices,
            "rows": range(6),
            "blueprints": exam.blueprints.all(),
        },
    )

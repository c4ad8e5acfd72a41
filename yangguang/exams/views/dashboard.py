"""Staff pages: the contests list, a contest's dashboard and its one-click steps, candidates, results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core import jobs
from yangguang.core.errors import DomainError, NotFound
from yangguang.orgs.queries import scope_paths

from .. import actions, queries
from .. import jobs as exam_jobs
from ..models import Candidate


@login_required
def home(request):
    u = request.user
    exams = queries.exam_list(actor=u).annotate(n=Count("candidates", filter=Q(candidates__active=True)))
    grading = queries.grading_exams(actor=u)
    is_setter = scope_paths(u, roles=queries.SET) != []
    return render(request, "exams/home.html", {"exams": exams, "grading": grading, "is_setter": is_setter})


@login_required
def exam_detail(request, exam_id):
    exam = queries.exam_get(actor=request.user, exam_id=exam_id)
    manage = queries.can(request.user, queries.MANAGE, exam.unit)
    sites = list(queries.site_list(actor=request.user, exam=exam))
    units = exam.units.select_related("unit", "site")
    counts = dict(
        Candidate.objects.filter(exam=exam, active=True).values_list("unit_id").annotate(n=Count("id"))
    )
    sub = dict(
        Candidate.objects.filter(exam=exam, active=True, submitted_at__isnull=False)
        .values_list("unit_id")
        .annotate(n=Count("id"))
    )
    unit_rows = [
        {"eu": eu, "candidates": counts.get(eu.unit_id, 0), "submitted": sub.get(eu.unit_id, 0)}
        for eu in units
    ]
    ctx = {
        "exam": exam,
        "manage": manage,
        "committee": exam.committee.select_related("person__unit"),
        "sittings": exam.sittings.all(),
        "unit_rows": unit_rows,
        "total": sum(counts.values()),
        "sites": sites,
        "papers": exam.papers.all(),
        "blueprints": exam.blueprints.all(),
        "events": queries.events_for(actor=request.user, exam=exam)[:30],
        "unit_results": exam.unit_results.select_related("unit") if exam.unsealed_at else [],
        "finals": exam.finals.all(),
        "prizes": exam.prizes.select_related("team", "person"),
        "replacements": exam.replacements.select_related("old__person", "new__person"),
    }
    return render(request, "exams/exam.html", ctx)


def _blueprint(exam, post):
    """The exam's blueprint the form names; a missing, foreign or malformed one is the form's error."""
    raw = (post.get("blueprint") or "").strip()
    found = exam.blueprints.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) <= 18 else None
    if found is None:
        raise DomainError("blueprint_required", _("Choose a blueprint."), {"field": "blueprint"})
    return found


ACTIONS = {
    "quota_draw": lambda u, e, p: actions.quota_draw(actor=u, exam=e),
    "seats": lambda u, e, p: actions.seats_assign(actor=u, exam=e),
    "invigilation": lambda u, e, p: [
        actions.invigilation_solve(actor=u, sitting=s) for s in e.sittings.all()
    ],
    "papers_assign": lambda u, e, p: actions.candidate_papers_generate(actor=u, exam=e),
    "draw": lambda u, e, p: actions.papers_draw(actor=u, exam=e, blueprint=_blueprint(e, p)),
    "open": lambda u, e, p: actions.exam_open(actor=u, exam=e),
    "close": lambda u, e, p: actions.exam_close(actor=u, exam=e),
    "unseal": lambda u, e, p: actions.exam_unseal(actor=u, exam=e),
    "final": lambda u, e, p: actions.final_create(actor=u, exam=e, name=p.get("name") or _("Final")),
}


@login_required
@require_POST
def exam_do(request, exam_id, what):
    exam = queries.exam_get(actor=request.user, exam_id=exam_id, roles=queries.VIEW + queries.SET)
    if what not in ACTIONS:
        raise NotFound()
    big = what == "papers_assign" and exam.candidates.filter(active=True).count() >= exam_jobs.INLINE_MAX
    if big and queries.can(request.user, queries.SET + queries.MANAGE, exam.unit):
        # thousands of papers: a job with progress, so the request returns at once (a refusal stays inline)
        job = jobs.start("exams.papers_assign", request.user, {"exam": exam.pk}, unit_path=exam.unit.path)
        return redirect("jobs:detail", job.pk)
    try:
        ACTIONS[what](request.user, exam, request.POST)
        messages.success(request, _("Done."))
    except DomainError as e:
        messages.error(request, str(e.message))
    return redirect("exams:exam", exam_id=exam.pk)


@login_required
def candidates(request, exam_id):
    exam = queries.exam_get(actor=request.user, exam_id=exam_id)
    q = request.GET.get("q", "")
    page = Paginator(queries.candidate_list(actor=request.user, exam=exam, q=q), 60).get_page(
        request.GET.get("page")
    )
    manage = queries.can(request.user, queries.MANAGE, exam.unit)
    return render(request, "exams/candidates.html", {"exam": exam, "page": page, "q": q, "manage": manage})


@login_required
def results(request, exam_id):
    exam = queries.exam_get(actor=request.user, exam_id=exam_id)
    page = Paginator(queries.results(actor=request.user, exam=exam), 60).get_page(request.GET.get("page"))
    return render(request, "exams/results.html", {"exam": exam, "page": page})

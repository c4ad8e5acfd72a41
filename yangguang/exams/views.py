"""Staff pages: the contest dashboard, bank, grading (seal codes only) and the final's host console."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core.errors import DomainError, Forbidden, ImportRejected, NotFound
from yangguang.core.tabular import CONTENT_TYPES
from yangguang.orgs.models import Person
from yangguang.orgs.queries import scope_paths

from . import actions, docs, queries
from .models import Answer, Candidate, Category, Paper, Question, ScoreEvent, Team


def paper_for(c: Candidate) -> dict:
    """A candidate's paper as shown to them: their option order, canonical values, saved answers."""
    items = c.paper.items if c.paper_id else []
    qs = {q.pk: q for q in Question.objects.filter(pk__in=[it["q"] for it in items])}
    saved = dict(Answer.objects.filter(candidate=c).values_list("question_id", "value"))
    out = []
    for n, it in enumerate(items, start=1):
        q = qs[it["q"]]
        order = c.layout.get(str(q.pk)) or it.get("perm") or list(range(len(q.options)))
        value = saved.get(q.pk)
        out.append(
            {
                "n": n,
                "id": q.pk,
                "kind": q.kind,
                "stem": q.stem,
                "points": it["points"],
                "options": [
                    {
                        "label": chr(65 + i),
                        "value": orig,
                        "text": q.options[orig],
                        "checked": value == orig or (isinstance(value, list) and orig in value),
                    }
                    for i, orig in enumerate(order)
                ],
                "blanks": list(
                    enumerate((value or []) + [""] * (it.get("b", 1) - len(value or [])))
                    if q.kind == "fill"
                    else []
                ),
                "value": value,
            }
        )
    w = actions.window(c)
    return {
        "seal_code": c.seal_code,
        "exam": c.exam.name,
        "starts_at": w[0] if w else None,
        "ends_at": w[1] if w else None,
        "submitted_at": c.submitted_at,
        "questions": out,
    }


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


ACTIONS = {
    "quota_draw": lambda u, e, p: actions.quota_draw(actor=u, exam=e),
    "seats": lambda u, e, p: actions.seats_assign(actor=u, exam=e),
    "invigilation": lambda u, e, p: [
        actions.invigilation_solve(actor=u, sitting=s) for s in e.sittings.all()
    ],
    "papers_assign": lambda u, e, p: actions.candidate_papers_generate(actor=u, exam=e),
    "draw": lambda u, e, p: actions.papers_draw(
        actor=u, exam=e, blueprint=e.blueprints.get(pk=p.get("blueprint"))
    ),
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


@login_required
def paper_docx(request, exam_id, version):
    exam = queries.exam_get(actor=request.user, exam_id=exam_id, roles=queries.SET + queries.MANAGE)
    paper = Paper.objects.filter(exam=exam, version=version).first()
    if paper is None:
        raise NotFound()
    resp = HttpResponse(docs.paper_docx(paper), content_type=CONTENT_TYPES["docx"])
    resp["Content-Disposition"] = f'attachment; filename="paper-{exam.pk}-{version}.docx"'
    return resp


@login_required
def sheets_docx(request, exam_id):
    exam = queries.exam_get(actor=request.user, exam_id=exam_id, roles=queries.MANAGE)
    cands = list(
        Candidate.objects.filter(exam=exam, active=True)
        .select_related("paper", "exam")
        .order_by("site_id", "seat")
    )
    site = request.GET.get("site")
    if site:
        cands = [c for c in cands if str(c.site_id) == site]
    resp = HttpResponse(docs.sheets_docx(cands), content_type=CONTENT_TYPES["docx"])
    resp["Content-Disposition"] = f'attachment; filename="sheets-{exam.pk}.docx"'
    return resp


# -- setting a contest up from the staff UI ------------------------------------------------
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


@login_required
def sheets_key(request, exam_id):
    """Key in a paper answer sheet by its seal code (entered twice, by two people)."""
    exam = queries.exam_get(actor=request.user, exam_id=exam_id, roles=queries.MANAGE + ("invigilator",))
    if request.method == "POST":
        p = request.POST
        c = Candidate.objects.filter(
            exam=exam, active=True, seal_code=p.get("seal_code", "").strip().upper()
        ).first()
        try:
            if c is None:
                raise DomainError("bad_seal", _("No candidate has this seal code."))
            answers = {}
            for token in p.get("answers", "").replace("，", " ").replace(",", " ").split():
                n, _sep, v = token.partition("=")
                if not n.isdigit() or not _sep:
                    raise DomainError("bad_sheet", _("Write each answer as number=answer, e.g. 1=A 2=对."))
                answers[n] = v
            r = actions.sheet_key(
                actor=request.user, candidate=c, round=int(p.get("round") or 1), answers=answers
            )
            if r["status"] == "mismatch":
                messages.warning(
                    request,
                    _("The two keyings differ at items: %(items)s")
                    % {"items": ", ".join(map(str, r["mismatches"]))},
                )
            else:
                messages.success(
                    request,
                    _("Saved.")
                    if r["status"] == "saved"
                    else _("Keyed once; waiting for the second keying."),
                )
        except DomainError as e:
            messages.error(request, str(e.message))
        return redirect("exams:sheets_key", exam_id=exam.pk)
    return render(request, "exams/sheets_key.html", {"exam": exam})


# -- bank ------------------------------------------------------------------------------------
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


# -- grading: seal codes only ---------------------------------------------------------------
@login_required
def grading(request, exam_id):
    exam = queries.exam_get(actor=request.user, exam_id=exam_id, roles=queries.GRADE)
    if request.method == "POST":
        try:
            r = actions.mark_submit(
                actor=request.user, answer_id=request.POST.get("answer"), points=request.POST.get("points")
            )
            messages.success(
                request, _("Mark saved.") + (f" {r['result']}" if r["result"] is not None else "")
            )
        except DomainError as e:
            messages.error(request, str(e.message))
        return redirect("exams:grading", exam_id=exam.pk)
    queue = queries.grading_queue(actor=request.user, exam=exam)
    return render(request, "exams/grading.html", {"exam_name": exam.name, "exam_id": exam.pk, "queue": queue})


# -- the final's host console ---------------------------------------------------------------
@login_required
def final_console(request, final_id):
    f = queries.final_get(actor=request.user, final_id=final_id)
    manage = queries.can(request.user, queries.MANAGE, f.exam.unit)
    if request.method == "POST":
        if not manage:
            raise Forbidden()
        p = request.POST
        try:
            what = p.get("do")
            if what == "round":
                actions.round_start(actor=request.user, final=f, kind=p.get("kind"), name=p.get("name", ""))
            elif what == "score":
                team = Team.objects.filter(final=f, pk=p.get("team")).first() or _nf()
                value = int(p["value"]) if p.get("value") else None
                actions.score_record(
                    actor=request.user,
                    final=f,
                    team=team,
                    outcome=p.get("outcome"),
                    question=p.get("question", ""),
                    value=value,
                )
            elif what == "dispute":
                ev = ScoreEvent.objects.filter(final=f, pk=p.get("event")).first() or _nf()
                actions.arbitration_open(
                    actor=request.user, event=ev, claim=p.get("claim", ""), raised_by=p.get("raised_by", "")
                )
            elif what == "vote":
                arb = f.arbitrations.filter(pk=p.get("arbitration")).first() or _nf()
                juror = Person.objects.filter(pk=p.get("juror")).first() or _nf()
                actions.vote_cast(
                    actor=request.user,
                    arbitration=arb,
                    juror=juror,
                    overturn=p.get("overturn") == "1",
                    reason=p.get("reason", ""),
                )
            elif what == "close":
                actions.final_close(actor=request.user, final=f)
            elif what == "prizes":
                actions.prizes_award(
                    actor=request.user, final=f, levels=[("一等奖", 1), ("二等奖", 2), ("三等奖", 3)]
                )
            messages.success(request, _("Done."))
        except DomainError as e:
            messages.error(request, str(e.message))
        return redirect("exams:final", final_id=f.pk)
    board = queries.scoreboard(f)
    return render(
        request,
        "exams/final.html",
        {
            "final": f,
            "manage": manage,
            "board": board,
            "teams": f.teams.select_related("unit").prefetch_related("members"),
            "rounds": f.rounds.all(),
            "events": f.events.select_related("team", "round").order_by("-id")[:40],
            "arbitrations": f.arbitrations.select_related("event__team").prefetch_related(
                "votes__juror__person"
            ),
            "jurors": f.jurors.select_related("person__unit"),
            "prizes": f.prizes.select_related("team"),
            "kinds": [("bida", _("Compulsory")), ("qiangda", _("Buzzer")), ("fengxian", _("Risk"))],
            "stakes": f.rules.get("fengxian", []),
        },
    )


def _nf():
    raise NotFound()

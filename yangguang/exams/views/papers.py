"""Staff pages: a candidate's paper as shown, printable papers and answer sheets, keying sheets twice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError, NotFound
from yangguang.core.tabular import CONTENT_TYPES

from .. import actions, docs, queries
from ..models import Answer, Candidate, Paper, Question


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

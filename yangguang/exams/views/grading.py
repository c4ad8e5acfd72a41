"""Staff pages: sealed grading (seal codes only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError

from .. import actions, queries


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

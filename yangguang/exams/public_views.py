"""Candidate pages (one-time exam code, no staff login) and the final's big-screen scoreboard."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from yangguang.core.errors import DomainError, NotFound
from yangguang.core.ratelimit import public_rate_limit

from . import actions, queries
from .models import Final
from .views import paper_for

SESSION_KEY = "exams_token"


@public_rate_limit("exams.sign_in", limit=600)
@require_http_methods(["GET", "POST"])
def sign_in(request):
    error = None
    if request.method == "POST":
        try:
            _c, token = actions.candidate_sign_in(exam_code=request.POST.get("exam_code", ""))
            request.session[SESSION_KEY] = token
            return redirect("portal:exams_public:paper")
        except DomainError as e:
            error = e.message
    return render(request, "exams/public/sign_in.html", {"error": error})


def paper(request):
    token = request.session.get(SESSION_KEY)
    try:
        c = actions.candidate_by_token(token)
    except DomainError:
        return redirect("portal:exams_public:sign_in")
    if c.submitted_at:
        return redirect("portal:exams_public:done")
    actions.paper_visible(c)
    return render(request, "exams/public/paper.html", {"p": paper_for(c), "token": token})


def done(request):
    token = request.session.get(SESSION_KEY)
    try:
        c = actions.candidate_by_token(token)
    except DomainError:
        return redirect("portal:exams_public:sign_in")
    return render(request, "exams/public/done.html", {"c": c, "answers": c.answers.count()})


def scoreboard(request, final_id):
    f = Final.objects.filter(pk=final_id).select_related("current_round").first()
    if f is None:
        raise NotFound()
    return render(request, "exams/public/scoreboard.html", {"final": f, "board": queries.scoreboard(f)})

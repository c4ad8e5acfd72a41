"""Staff pages: the final's host console."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError, Forbidden
from yangguang.orgs.models import Person

from .. import actions, queries
from ..models import ScoreEvent, Team
from ._common import _nf


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

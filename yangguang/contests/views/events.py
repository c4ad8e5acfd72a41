"""Staff pages of judged events: an event with the actor's scoring tasks and the outcomes they may see,
create an event, add an entrant, score, close grading, reveal identities (blind review)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core.errors import DomainError
from yangguang.orgs.models import Person, Unit
from yangguang.orgs.queries import person_of, unit_get

from .. import actions, queries
from ..models import Judge


@login_required
def event(request, pk):
    ev = queries.event_get(actor=request.user, event_id=pk)
    manage = queries.can_manage_event(request.user, ev)
    return render(
        request,
        "contests/event.html",
        {
            "e": ev,
            "manage": manage,
            "tasks": queries.my_tasks(actor=request.user, event=ev),
            "results": queries.event_results(actor=request.user, event=ev)
            if manage or ev.kind != "blind"
            else [],
            "names": queries.names_visible(request.user, ev),
            "me": person_of(request.user),
        },
    )


@login_required
@require_POST
def event_score(request, pk, entrant_id):
    ev = queries.event_get(actor=request.user, event_id=pk)
    entrant = queries.entrant_get(actor=request.user, event=ev, entrant_id=entrant_id)
    points = {c["name"]: request.POST.get(f"c{i}") for i, c in enumerate(ev.criteria)}
    actions.mark_submit(
        actor=request.user,
        event=ev,
        entrant=entrant,
        points=points,
        findings=request.POST.get("findings", ""),
        stage=request.POST.get("stage", ""),
    )
    messages.success(request, _("Score submitted and locked."))
    return redirect("contests:event", ev.pk)


@login_required
@require_POST
def event_close(request, pk):
    ev = queries.event_get(actor=request.user, event_id=pk)
    actions.event_close(actor=request.user, event=ev)
    return redirect("contests:event", ev.pk)


@login_required
@require_POST
def event_release(request, pk):
    ev = queries.event_get(actor=request.user, event_id=pk)
    actions.event_release(actor=request.user, event=ev)
    messages.success(request, _("Identities revealed; the step is in the audit trail."))
    return redirect("contests:event", ev.pk)


def _lines(text: str) -> list[list[str]]:
    return [
        [x.strip() for x in line.replace("：", ":").split(":")] for line in text.splitlines() if line.strip()
    ]


@login_required
@require_POST
def event_new(request):
    unit = unit_get(actor=request.user, code=request.POST.get("organiser", ""))
    criteria = []
    for parts in _lines(request.POST.get("criteria", "")):
        criteria.append({"name": parts[0], "max": parts[1] if len(parts) > 1 else ""})
    judges = []
    for parts in _lines(request.POST.get("judges", "")):
        person = Person.objects.filter(code=parts[0], unit__path__startswith=unit.path).first()
        if person is None:
            raise DomainError("bad_input", _("Unknown staff number: %(code)s") % {"code": parts[0]})
        role = parts[1] if len(parts) > 1 else "judge"
        # the role by its code or by its label (评委、评分员、组长、评查人)
        judges.append((person, {str(lab): code for code, lab in Judge.ROLES}.get(role, role)))
    comp = None
    if request.POST.get("competition"):
        comp = queries.competition_get(actor=request.user, code=request.POST["competition"])
    ev = actions.event_create(
        actor=request.user,
        organiser=unit,
        code=request.POST.get("code", "").strip(),
        name=request.POST.get("name", "").strip(),
        kind=request.POST.get("kind", ""),
        criteria=criteria,
        competition=comp,
        trim_min_judges=int(request.POST.get("trim_min_judges") or 5),
        tolerance=float(request.POST.get("tolerance") or 5),
        judges=judges,
    )
    return redirect("contests:event", ev.pk)


@login_required
@require_POST
def entrant_new(request, pk):
    ev = queries.event_get(actor=request.user, event_id=pk)
    code = request.POST.get("code", "").strip()
    person = Person.objects.filter(code=code, unit__path__startswith=ev.organiser.path).first()
    unit = None if person else Unit.objects.filter(code=code, path__startswith=ev.organiser.path).first()
    if person is None and unit is None:
        raise DomainError("bad_input", _("Unknown staff number or unit code: %(code)s") % {"code": code})
    f = request.FILES.get("document")
    text = request.POST.get("text", "")
    if f is not None and f.name.lower().endswith(".txt"):
        text = text or f.read().decode("utf-8-sig", "replace")
        f.seek(0)
    actions.entrant_add(
        actor=request.user,
        event=ev,
        person=person,
        unit=unit,
        title=request.POST.get("title", ""),
        text=text,
        document=f,
    )
    messages.success(request, _("Entrant added."))
    return redirect("contests:event", ev.pk)

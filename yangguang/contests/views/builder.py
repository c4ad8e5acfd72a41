"""The scheme builder's pages: the form (sections of rows), the live preview before saving, the check of
one expression as it is typed (htmx), and saving as the competition's new scheme."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from yangguang.core.errors import DomainError, NotFound

from .. import actions, queries
from ..actions import builder as b
from ..engine.scheme import CARDS, CYCLES, DIRECTIONS, METHODS, SOURCES

SECTION_TITLES = {
    "g": _("Groups"),
    "i": _("Indicators"),
    "f": _("Facts"),
    "d": _("Derived quantities"),
    "r": _("Rules"),
}
LABELS = {
    "code": _("Code"),
    "name": pgettext_lazy("scheme field", "Name"),
    "kind": pgettext_lazy("scheme field", "Kind"),
    "unit_kinds": _("Unit kinds"),
    "under": _("Under unit"),
    "roles": _("Roles"),
    "titles": _("Titles"),
    "unit": pgettext_lazy("measure", "Unit"),
    "direction": _("Direction"),
    "source": _("Source"),
    "method": _("Scoring method"),
    "weight": _("Weight"),
    "cap": _("Cap"),
    "groups": _("Groups"),
    "params": _("Parameters"),
    "default": _("Default"),
    "expr": _("Expression"),
    "when": _("When (expression)"),
    "top": _("Top N"),
    "by": _("Ranked by"),
    "card": _("Card"),
    "pay_cut": _("Pay cut %"),
    "posts": _("Posts"),
    "extra": _("Other fields (YAML)"),
}
CHOICES = {
    ("i", "direction"): DIRECTIONS,
    ("i", "source"): SOURCES,
    ("i", "method"): METHODS,
    ("g", "kind"): ("unit", "person"),
    ("r", "kind"): b.RULE_KINDS,
    ("r", "card"): CARDS,
}
TOP_CHOICES = {"cycle": CYCLES}


def _sections(form: dict) -> list[dict]:
    out = []
    for p, (_section, fields) in b.SECTIONS.items():
        ns = b._rows(form, p)
        rows = []
        for n in [*ns, (max(ns) + 1 if ns else 0)]:  # and one blank row for adding
            cells = []
            for f in [*fields, "extra"]:
                cells.append(
                    {
                        "name": f"{p}-{n}-{f}",
                        "field": f,
                        "label": LABELS.get(f, f),
                        "value": form.get(f"{p}-{n}-{f}", ""),
                        "choices": CHOICES.get((p, f)),
                        "checks": f in ("when", "expr"),
                    }
                )
            title = form.get(f"{p}-{n}-name") or form.get(f"{p}-{n}-code") or ""
            rows.append({"n": n, "cells": cells, "title": title, "new": n not in ns})
        out.append({"p": p, "title": SECTION_TITLES[p], "rows": rows})
    return out


def _page(request, comp, form, *, preview=None, error=None, status=200):
    ctx = {
        "c": comp,
        "form": form,
        "sections": _sections(form),
        "cycles": CYCLES,
        "preview": preview,
        "error": error,
    }
    return render(request, "contests/builder.html", ctx, status=status)


@login_required
def scheme_builder(request, pk):
    comp = queries.competition_get(actor=request.user, competition_id=pk)
    if not actions.may(request.user, comp, "define"):
        raise NotFound()  # as for any object out of one's hands: the same 404 as a missing one
    if request.method != "POST":
        return _page(request, comp, b.to_form(comp.scheme))
    form = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    form["code"] = comp.code  # the builder edits this competition, never creates another
    try:
        scheme = b.from_form(form)
        if request.POST.get("do") == "save":
            actions.builder_save(actor=request.user, competition=comp, scheme=scheme)
            messages.success(request, _("Scheme saved."))
            return redirect("contests:competition", comp.pk)
        preview = actions.builder_preview(actor=request.user, competition=comp, scheme=scheme)
    except DomainError as e:
        return _page(request, comp, form, error=e.as_dict(), status=e.status)
    return _page(request, comp, form, preview=preview)


@login_required
@require_POST
def builder_check(request, pk):
    """htmx: the message for one rule or derived expression of the form (empty when it compiles)."""
    comp = queries.competition_get(actor=request.user, competition_id=pk)
    if not actions.may(request.user, comp, "define"):
        raise NotFound()
    field = request.POST.get("field") or request.headers.get("HX-Trigger-Name", "")
    form = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "field")}
    try:
        msg = b.check_expression(form, field)
    except DomainError as e:
        msg = e.message
    return render(request, "contests/_check.html", {"message": msg, "field": field})

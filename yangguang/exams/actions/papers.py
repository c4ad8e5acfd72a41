"""Blueprints and papers: draw the versions, derive each candidate's own paper."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create
from yangguang.core.errors import Conflict, DomainError
from yangguang.orgs.models import Unit

from ..models import (
    Blueprint,
    Candidate,
    Category,
    Exam,
    Paper,
    Question,
)
from ..queries import MANAGE, SET
from ..rules import dupes, papers
from ._common import KIND_CODES, _require, _seed


# -- blueprints and papers ------------------------------------------------------------------
def _cells(exam: Exam, cells: list[dict]) -> list[papers.Cell]:
    names = dict(Category.objects.filter(unit__path__in=_ancestor_paths(exam.unit)).values_list("id", "name"))
    out = []
    for i, c in enumerate(cells, start=1):
        try:
            kind = c["kind"]
            cat = int(c["category"])
            diff = int(c["difficulty"]) if c.get("difficulty") not in (None, "", "*") else None
            count = int(c["count"])
            pts = Decimal(str(c["points"]))
        except (KeyError, TypeError, ValueError, InvalidOperation):
            raise DomainError("bad_cell", _("Blueprint cell %(n)d is incomplete.") % {"n": i}, {"cell": i})
        if kind not in KIND_CODES or count < 1 or pts <= 0 or cat not in names:
            raise DomainError("bad_cell", _("Blueprint cell %(n)d is not valid.") % {"n": i}, {"cell": i})
        out.append(papers.Cell(kind, cat, diff, count, str(pts), names[cat]))
    if not out:
        raise DomainError("empty_blueprint", _("A blueprint needs at least one cell."))
    return out


def _ancestor_paths(unit: Unit) -> list[str]:
    return [unit.path[: unit.steplen * i] for i in range(1, unit.depth + 1)]


@transaction.atomic
def blueprint_save(*, actor, exam: Exam, name: str, cells: list[dict]) -> Blueprint:
    _require(actor, SET, exam.unit, _("Only question setters may write blueprints."))
    _cells(exam, cells)
    bp = Blueprint.objects.create(exam=exam, name=name or "蓝图", cells=cells)
    record_create(actor=actor, instance=bp, unit=exam.unit)
    return bp


def _bank(exam: Exam) -> tuple[list[papers.BankItem], dict]:
    cats = dict(
        Category.objects.filter(unit__path__in=_ancestor_paths(exam.unit)).values_list("id", "parent_id")
    )
    items, info = [], {}
    rows = list(
        Question.objects.filter(unit__path__in=_ancestor_paths(exam.unit), active=True).values(
            "id", "kind", "category_id", "difficulty", "options", "answer", "stem", "near_duplicate_of_id"
        )
    )
    # one fact asked as single choice, fill-in and true/false is one family: a paper asks it once
    family = dupes.families(
        [(q["id"], q["stem"]) for q in rows],
        [(q["id"], q["near_duplicate_of_id"]) for q in rows if q["near_duplicate_of_id"]],
    )
    for q in rows:
        chain, c = set(), q["category_id"]
        while c is not None and c not in chain:
            chain.add(c)
            c = cats.get(c)
        items.append(
            papers.BankItem(
                q["id"], q["kind"], frozenset(chain), q["difficulty"], len(q["options"]), family[q["id"]]
            )
        )
        info[q["id"]] = q
    return items, info


@transaction.atomic
def papers_draw(*, actor, exam: Exam, blueprint: Blueprint, seed: int | None = None) -> list[Paper]:
    """Draw every version (A, B …) from the blueprint; each version's seed is recorded."""
    _require(actor, SET, exam.unit, _("Only question setters may draw papers."))
    if exam.status != "draft":
        raise Conflict("exam_started", _("Papers cannot be redrawn once the sitting has opened."))
    cells = _cells(exam, blueprint.cells)
    bank, info = _bank(exam)
    base = _seed(seed)
    Paper.objects.filter(exam=exam).delete()
    out = []
    for i, version in enumerate(exam.versions or "A"):
        vseed = base + i
        items = papers.draw_paper(cells, bank, vseed, shuffle=True)
        rows = []
        for it in items:
            q = info[it.q]
            d = it.as_dict() | {"k": q["kind"], "n": len(q["options"])}
            if q["kind"] == "fill":
                d["b"] = len(q["answer"] or [])
            rows.append(d)
        p = Paper.objects.create(exam=exam, blueprint=blueprint, version=version, seed=vseed, items=rows)
        record_create(actor=actor, instance=p, unit=exam.unit, note=f"seed {vseed}")
        out.append(p)
    return out


def paper_rederive(paper: Paper) -> list[dict]:
    """Re-derive a paper from its blueprint and recorded seed (for audit): the items it must have."""
    cells = _cells(paper.exam, paper.blueprint.cells)
    bank, _info = _bank(paper.exam)
    return [it.as_dict() for it in papers.draw_paper(cells, bank, paper.seed, shuffle=True)]


def candidate_papers_generate(*, actor, exam: Exam, batch: int = 2000, progress=None) -> int:
    """Give every candidate a version (alternating by seat) and, when configured, their own option order.
    `progress(done, total)`, when given (a background job), hears of every candidate, then the write."""
    _require(actor, SET + MANAGE, exam.unit)
    versions = list(Paper.objects.filter(exam=exam).order_by("version"))
    if not versions:
        raise DomainError("no_papers", _("Draw the papers first."))
    n_opts = {}
    for p in versions:
        for it in p.items:
            n_opts[it["q"]] = it.get("n", 0)
    cands = list(
        Candidate.objects.filter(exam=exam, active=True)
        .order_by("site_id", "seat", "id")
        .only("id", "seal_code")
    )
    n = len(cands)
    with transaction.atomic():
        for i, c in enumerate(cands):
            if progress:  # the layouts are the first half of the work, storing them the second
                progress(i, 2 * n)
            p = versions[i % len(versions)]
            c.paper_id = p.pk
            c.layout = (
                papers.candidate_layout(p.items, p.seed, c.seal_code, n_opts) if exam.shuffle_options else {}
            )
        if connection.vendor == "postgresql":  # one statement instead of CASE WHEN batches
            with connection.cursor() as cur:
                cur.execute(
                    f"UPDATE {Candidate._meta.db_table} AS c SET paper_id = v.p, layout = v.l::jsonb "
                    "FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS v(id, p, l) WHERE c.id = v.id",
                    [
                        [c.pk for c in cands],
                        [c.paper_id for c in cands],
                        [json.dumps(c.layout) for c in cands],
                    ],
                )
        else:
            for k in range(0, n, batch):
                Candidate.objects.bulk_update(cands[k : k + batch], ["paper", "layout"], batch_size=batch)
                if progress:
                    progress(n + min(n, k + batch), 2 * n)
        record(
            actor=actor,
            action="papers_assigned",
            instance=exam,
            unit=exam.unit,
            after={"candidates": len(cands)},
        )
    return len(cands)

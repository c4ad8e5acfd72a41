"""Participating units, quota draws, nominations, replacements, exam codes."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create
from yangguang.core.errors import Conflict, DomainError, NotFound
from yangguang.orgs.models import Person, Unit

from ..models import (
    Candidate,
    Exam,
    ExamEvent,
    ExamUnit,
    Replacement,
)
from ..queries import MANAGE
from ..rules import papers, quota
from ._common import CODE_ALPHABET, _require, _seed


# -- participating units, quotas, candidates ------------------------------------------------
def _staff_ids(unit: Unit) -> list[int]:
    return list(
        Person.objects.filter(unit__path__startswith=unit.path, active=True).values_list("id", flat=True)
    )


@transaction.atomic
def exam_units_set(
    *, actor, exam: Exam, units: list[Unit], quotas: dict[int, int] | None = None
) -> list[ExamUnit]:
    """Participating units with their quota: percent of staff (stated rounding, at least 1), or a
    fixed number; a quota larger than the unit's staff is refused, naming the unit."""
    _require(actor, MANAGE, exam.unit)
    out = []
    for u in units:
        if not u.path.startswith(exam.unit.path):
            raise NotFound()
        staff = len(_staff_ids(u))
        if quotas and u.pk in quotas:
            n = quota.check_quota(staff, int(quotas[u.pk]), u.name)
        else:
            n = quota.quota_size(staff, exam.quota_percent, exam.quota_rounding, u.name)
        eu, _c = ExamUnit.objects.update_or_create(exam=exam, unit=u, defaults={"staff": staff, "quota": n})
        out.append(eu)
    record(
        actor=actor,
        action="units_set",
        instance=exam,
        unit=exam.unit,
        after={eu.unit_id: {"staff": eu.staff, "quota": eu.quota} for eu in out},
    )
    return out


def _codes(n: int, rng: random.Random, taken: set[str], length: int) -> list[str]:
    out = []
    while len(out) < n:
        c = "".join(rng.choice(CODE_ALPHABET) for _ in range(length))
        if c not in taken:
            taken.add(c)
            out.append(c)
    return out


def _new_candidates(exam: Exam, eu: ExamUnit, person_ids: list[int]) -> list[Candidate]:
    taken_seal = set(Candidate.objects.filter(exam=exam).values_list("seal_code", flat=True))
    rng = random.SystemRandom()
    seals = _codes(len(person_ids), rng, taken_seal, 6)
    exam_codes = _codes(len(person_ids), rng, set(), 10)
    clash = set(Candidate.objects.filter(exam_code__in=exam_codes).values_list("exam_code", flat=True))
    if clash:  # astronomically rare: draw those again
        fresh = _codes(len(clash), rng, set(exam_codes), 10)
        exam_codes = [fresh.pop() if c in clash else c for c in exam_codes]
    return [
        Candidate(exam=exam, person_id=pid, unit=eu.unit, seal_code=s, exam_code=c, site=eu.site)
        for pid, s, c in zip(person_ids, seals, exam_codes, strict=True)
    ]


@transaction.atomic
def quota_draw(*, actor, exam: Exam, unit: Unit | None = None, seed: int | None = None) -> dict:
    """Fill each participating unit's quota by a recorded random draw (units already filled are left)."""
    _require(actor, MANAGE, exam.unit)
    if exam.status != "draft":
        raise Conflict("exam_started", _("Candidates are fixed once the sitting has opened."))
    base = _seed(seed)
    drawn = {}
    eus = ExamUnit.objects.filter(exam=exam).select_related("unit")
    if unit is not None:
        eus = eus.filter(unit=unit)
    for i, eu in enumerate(eus.order_by("id")):
        if Candidate.objects.filter(exam=exam, unit=eu.unit).exists():
            continue
        eu.seed = base + i
        staff = _staff_ids(eu.unit)
        eu.staff = len(staff)
        eu.drawn = quota.draw(staff, eu.quota, eu.seed, eu.unit.name)
        eu.method = "draw"
        eu.save()
        Candidate.objects.bulk_create(_new_candidates(exam, eu, eu.drawn))
        record(
            actor=actor,
            action="quota_draw",
            instance=eu,
            unit=eu.unit,
            after={"seed": eu.seed, "staff": eu.staff, "quota": eu.quota, "drawn": eu.drawn},
        )
        drawn[eu.unit.code] = len(eu.drawn)
    return {
        "seed": base,
        "drawn": drawn,
        "candidates": Candidate.objects.filter(exam=exam, active=True).count(),
    }


@transaction.atomic
def candidates_nominate(*, actor, exam: Exam, unit: Unit, person_ids: list[int]) -> list[Candidate]:
    _require(actor, MANAGE, exam.unit)
    eu = ExamUnit.objects.filter(exam=exam, unit=unit).first()
    if eu is None:
        raise DomainError("not_participating", _("%(unit)s does not take part.") % {"unit": unit.name})
    if Candidate.objects.filter(exam=exam, unit=unit).exists():
        raise Conflict("already_filled", _("%(unit)s already has candidates.") % {"unit": unit.name})
    ids = list(dict.fromkeys(person_ids))
    staff = set(_staff_ids(unit))
    if len(ids) != eu.quota or not set(ids) <= staff:
        raise DomainError(
            "bad_nomination",
            _("%(unit)s must nominate exactly %(n)d of its own staff.") % {"unit": unit.name, "n": eu.quota},
            {"quota": eu.quota, "given": len(ids)},
        )
    eu.method, eu.drawn, eu.seed = "nomination", ids, None
    eu.save()
    cands = Candidate.objects.bulk_create(_new_candidates(exam, eu, ids))
    record(actor=actor, action="nominate", instance=eu, unit=unit, after={"people": ids})
    return cands


@transaction.atomic
def candidate_replace(*, actor, candidate: Candidate, person: Person, reason: str) -> Candidate:
    exam = candidate.exam
    _require(actor, MANAGE, exam.unit)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("required", _("A replacement needs a reason."), {"field": "reason"})
    if candidate.code_used_at or candidate.submitted_at:
        raise Conflict("already_sat", _("A candidate who has started cannot be replaced."))
    if not person.unit.path.startswith(candidate.unit.path):
        raise DomainError(
            "other_unit", _("The replacement must come from %(unit)s.") % {"unit": candidate.unit.name}
        )
    if Candidate.objects.filter(exam=exam, person=person, active=True).exists():
        raise Conflict("already_candidate", _("%(name)s is already a candidate.") % {"name": person.name})
    candidate.active = False
    candidate.save(update_fields=["active"])
    eu = ExamUnit(exam=exam, unit=candidate.unit, site=candidate.site)
    new = _new_candidates(exam, eu, [person.pk])[0]
    new.seat, new.paper_id = candidate.seat, candidate.paper_id
    new.save()
    if exam.shuffle_options and new.paper_id:
        p = new.paper
        new.layout = papers.candidate_layout(
            p.items, p.seed, new.seal_code, {it["q"]: it.get("n", 0) for it in p.items}
        )
        new.save(update_fields=["layout"])
    rep = Replacement.objects.create(exam=exam, old=candidate, new=new, reason=reason, by=actor)
    record_create(actor=actor, instance=rep, unit=candidate.unit, note=reason[:200])
    return new


@transaction.atomic
def candidate_code_reissue(*, actor, candidate: Candidate) -> str:
    """A new one-time code (e.g. the candidate's computer failed); the old session stops working."""
    _require(actor, MANAGE + ("invigilator",), candidate.exam.unit)
    code = _codes(1, random.SystemRandom(), set(Candidate.objects.values_list("exam_code", flat=True)), 10)[0]
    before = {"exam_code_used": candidate.code_used_at is not None}
    candidate.exam_code, candidate.code_used_at, candidate.token_hash = code, None, ""
    candidate.save(update_fields=["exam_code", "code_used_at", "token_hash"])
    record(actor=actor, action="code_reissue", instance=candidate, unit=candidate.unit, before=before)
    ExamEvent.objects.create(candidate=candidate, kind="code_reissued", at=timezone.now())
    return code

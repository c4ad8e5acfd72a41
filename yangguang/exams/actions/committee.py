"""The contest itself: create it, name its committee, open it for answering."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record_create, record_update, snapshot
from yangguang.core.errors import Conflict, DomainError
from yangguang.orgs.models import Person, Unit

from ..models import (
    Candidate,
    CommitteeMember,
    Exam,
)
from ..queries import MANAGE
from ..rules import quota
from ._common import _require, _seed


# -- exams and committee --------------------------------------------------------------------
@transaction.atomic
def exam_create(*, actor, unit: Unit, name: str, **fields) -> Exam:
    _require(actor, MANAGE, unit, _("Only an administrator of the organising unit may create a contest."))
    name = (name or "").strip()
    if not name:
        raise DomainError("required", _("A contest needs a name."), {"field": "name"})
    allowed = {
        "quota_percent",
        "quota_rounding",
        "shuffle_options",
        "versions",
        "duration_minutes",
        "mark_tolerance",
        "unit_rule",
        "advance_count",
        "grading_leader",
    }
    bad = set(fields) - allowed
    if bad:
        raise DomainError("bad_field", _("Unknown fields: %(f)s") % {"f": ", ".join(sorted(bad))})
    exam = Exam(unit=unit, name=name, seed=_seed(), **fields)
    if exam.quota_rounding not in quota.ROUNDINGS:
        raise DomainError("bad_rounding", _("Unknown rounding rule: %(r)s") % {"r": exam.quota_rounding})
    exam.save()
    record_create(actor=actor, instance=exam, unit=unit)
    return exam


@transaction.atomic
def committee_add(*, actor, exam: Exam, person: Person, role: str, title: str = "") -> CommitteeMember:
    _require(actor, MANAGE, exam.unit)
    if role not in dict(CommitteeMember.ROLES):
        raise DomainError("bad_role", _("Unknown committee role: %(r)s") % {"r": role}, {"field": "role"})
    m, created = CommitteeMember.objects.get_or_create(
        exam=exam, person=person, role=role, defaults={"title": title}
    )
    if created:
        record_create(actor=actor, instance=m, unit=exam.unit)
    return m


@transaction.atomic
def exam_open(*, actor, exam: Exam) -> Exam:
    _require(actor, MANAGE, exam.unit)
    if exam.status != "draft":
        raise Conflict("bad_state", _("Only a draft contest can open."))
    if not exam.sittings.exists():
        raise DomainError("no_sitting", _("Create the sitting first."))
    if Candidate.objects.filter(exam=exam, active=True, paper__isnull=True).exists():
        raise DomainError("no_paper", _("Every candidate needs a paper first."))
    before = snapshot(exam)
    exam.status = "open"
    exam.save(update_fields=["status"])
    record_update(actor=actor, instance=exam, before=before, unit=exam.unit)
    return exam

"""A small open sitting to try the candidate pages."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from yangguang.orgs.models import Person, Unit

from .. import actions
from ..models import Candidate, Exam
from ._common import _cells

TRY_NAME = "政务公开知识体验测试"


def _tryout(admin, setter, root: Unit) -> list[str]:
    """A small open sitting to try the candidate pages (the codes are printed by `yangguang demo`)."""
    exam = Exam.objects.filter(unit=root, name=TRY_NAME).first()
    if exam is None:
        jg = Unit.objects.get(code="PBC-JN-JG")
        exam = actions.exam_create(
            actor=admin, unit=root, name=TRY_NAME, versions="A", duration_minutes=60, advance_count=1
        )
        actions.exam_units_set(actor=admin, exam=exam, units=[jg], quotas={jg.pk: 5})
        people = list(Person.objects.filter(unit=jg).order_by("code").values_list("id", flat=True)[10:15])
        actions.candidates_nominate(actor=admin, exam=exam, unit=jg, person_ids=people)
        now = timezone.now()
        s = actions.sitting_create(
            actor=admin,
            exam=exam,
            name="体验场次",
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(days=60),
        )
        actions.site_create(actor=admin, sitting=s, unit=jg, name="分行机关体验考点", seats=10)
        actions.seats_assign(actor=admin, exam=exam, seed=1)
        bp = actions.blueprint_save(
            actor=setter,
            exam=exam,
            name="体验蓝图",
            cells=_cells(
                root,
                [
                    ("single", "政务公开", 3, 10),
                    ("multi", "依法行政", 1, 10),
                    ("tf", "党风廉政", 2, 10),
                    ("fill", "政务公开", 1, 10),
                    ("short", "党风廉政", 1, 20),
                ],
            ),
        )
        actions.papers_draw(actor=setter, exam=exam, blueprint=bp, seed=2010)
        actions.candidate_papers_generate(actor=admin, exam=exam)
        actions.exam_open(actor=admin, exam=exam)
    return list(
        Candidate.objects.filter(exam=exam, code_used_at__isnull=True).values_list("exam_code", flat=True)
    )

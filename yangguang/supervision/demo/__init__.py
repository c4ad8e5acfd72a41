"""The supervision demo, from the seeds (idempotent; runs last, after orgs and the other domains).

- The province's 深化政务公开 plan (6 parts, 19 tasks) over the 大理州 tree, with owners, progress
  reports, accepted and overdue tasks.
- A 州 inspection with cross-unit inspectors, findings and rectifications in every state, published
  on the portal; a county's own 一把手 inspection of its townships, also published.
- Coverage (应建/已建) marked on the tree: county 12/1 = 8.33%, township 110/21 = 19.09%,
  village 1,075/52 = 4.84%.
- A township's legal study (45+ hours a year for the leadership, 100% participation) and 2
  trainings with 160 attendances.
- Accountability examples, a major decision taken by the book and one published without a hearing,
  then suspended (决策纠错).
- A quarter's department assessment of the 大理市政务服务中心's departments from the platform's metrics,
  with monthly ranking bulletins and the quarterly link to performance.

One builder module per sub-domain; `build()` runs them in the order the seeds need.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yangguang.orgs.models import Unit

from ..models import Assessment, Inspection, Task, WorkPlan
from ._common import _actor
from .accountability import _accountability
from .assessments import _assessment, _centre_checks
from .coverage import _coverage
from .decisions import _decisions
from .inspections import _inspections
from .plans import _heads, _plan
from .study import _study


@transaction.atomic
def build(stdout=None) -> dict:
    actor = _actor()
    if actor is None or not Unit.objects.filter(code="532900").exists():
        return {"skipped": "the 大理州 demo organisation is missing"}
    today = timezone.localdate()
    _heads(actor)
    plan = _plan(actor, today, stdout)
    _inspections(actor, plan, today)
    _centre_checks(actor, today)
    _coverage(actor)
    _study(actor, today)
    _decisions(actor, today)
    _accountability(actor, today)
    _assessment(actor, today, stdout)
    return {
        "plans": WorkPlan.objects.count(),
        "tasks": Task.objects.count(),
        "inspections": Inspection.objects.count(),
        "assessments": Assessment.objects.count(),
    }

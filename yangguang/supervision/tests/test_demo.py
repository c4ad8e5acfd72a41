"""The demo over the 大理州 tree: the seed's plan and coverage figures, idempotent."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from yangguang.orgs import demo as orgs_demo
from yangguang.orgs.queries import unit_get

from .. import demo, queries
from ..models import Assessment, AssessmentRun, Inspection, PlanPart, Task


@pytest.mark.django_db
def test_demo_builds_the_seed_world():
    orgs_demo.build()
    first = demo.build()
    assert first["tasks"] == 19
    assert PlanPart.objects.count() == 6
    dali = get_user_model().objects.get(username="dali")
    cov = {r["level"]: (r["planned"], r["built"], r["percent"]) for r in queries.coverage(actor=dali)}
    assert cov["县市"] == (12, 1, Decimal("8.33"))
    assert cov["乡镇"] == (110, 21, Decimal("19.09"))
    assert cov["村社区"] == (1075, 52, Decimal("4.84"))
    assert Inspection.objects.filter(published_at__isnull=False).count() == 2
    assert Task.objects.filter(status="done").exists() and Task.objects.filter(light="red").exists()
    town = unit_get(actor=dali, code="532901001")
    s = queries.study_summary(actor=dali, unit=town, year=timezone.localdate().year, role="leader")
    assert s["participation"] == Decimal("100.00") and not s["below"] and s["headcount"] == 12
    s = queries.study_summary(actor=dali, unit=town, year=timezone.localdate().year)
    assert (s["training"]["sessions"], s["training"]["attendances"]) == (2, 160)
    assert (
        Assessment.objects.count() == 1
        and AssessmentRun.objects.filter(published_at__isnull=False).count() == 4
    )
    again = demo.build()
    assert again == first

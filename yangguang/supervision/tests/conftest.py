from datetime import date

import pytest

from yangguang.orgs.models import Person, Post

from .. import actions


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """The cast's logins hash quickly here; the password rules are not what these tests prove."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(cast):
    """A plan by the 州 with tasks for 甲县 and 乙县, an inspection with a finding at 甲县."""
    head_a = Person.objects.create(code="HEAD-A", name="甲县长", unit=cast.county_a)
    Post.objects.create(person=head_a, unit=cast.county_a, role="leader")
    plan = actions.plan_create(
        actor=cast.supervisor,
        unit=cast.root,
        title="深化政务公开实施意见",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        publish_inspections=True,
    )
    part = actions.part_create(actor=cast.supervisor, plan=plan, title="推行行政决策公开")
    task_a = actions.task_create(
        actor=cast.supervisor,
        plan=plan,
        part=part,
        title="建立重大决策听证制度",
        unit=cast.county_a,
        co_units=[cast.town_b1],
        deadline=date(2026, 3, 31),
    )
    task_b = actions.task_create(
        actor=cast.supervisor,
        plan=plan,
        part=part,
        title="公开决策目录",
        unit=cast.county_b,
        deadline=date(2026, 6, 30),
    )
    insp = actions.inspection_create(
        actor=cast.supervisor,
        unit=cast.root,
        plan=plan,
        title="一季度政务公开检查",
        targets=[cast.county_a, cast.county_b],
        start=date(2026, 4, 1),
        checklist=["决策是否公开", "是否听证"],
    )
    finding_a = actions.finding_create(
        actor=cast.supervisor,
        inspection=insp,
        unit=cast.county_a,
        description="决策未公开",
        task=task_a,
        found_on=date(2026, 4, 2),
    )
    finding_b = actions.finding_create(
        actor=cast.supervisor,
        inspection=insp,
        unit=cast.county_b,
        description="目录不全",
        severity="low",
        found_on=date(2026, 4, 2),
    )
    return type(
        "World",
        (),
        dict(
            plan=plan,
            part=part,
            task_a=task_a,
            task_b=task_b,
            insp=insp,
            finding_a=finding_a,
            finding_b=finding_b,
            head_a=head_a,
        ),
    )

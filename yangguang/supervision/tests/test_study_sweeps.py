from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from yangguang.core import metrics
from yangguang.core.errors import DomainError, NotFound
from yangguang.orgs.models import Person

from .. import actions, queries, sweeps
from ..models import Rectification, Task


def test_study_hours_threshold_participation_and_trainings(cast):
    leaders = [Person.objects.create(code=f"L{i}", name=f"领导{i}", unit=cast.town_a1) for i in range(3)]
    cadre = Person.objects.create(code="C1", name="村干部", unit=cast.village_a1)
    for m in range(12):
        actions.session_create(
            actor=cast.admin_a,
            unit=cast.town_a1,
            title=f"学法{m}",
            held_on=date(2026, m + 1, 5),
            hours=4,
            attendees=leaders[:2],
        )
    actions.session_create(
        actor=cast.admin_a,
        unit=cast.town_a1,
        kind="training",
        title="培训",
        held_on=date(2026, 6, 1),
        hours=3,
        attendees=leaders + [cadre],
    )
    actions.session_create(
        actor=cast.admin_a,
        unit=cast.town_a1,
        kind="training",
        title="往年",
        held_on=date(2025, 6, 1),
        hours=3,
        attendees=leaders,
    )
    s = queries.study_summary(actor=cast.admin_a, unit=cast.town_a1, year=2026, threshold=Decimal(45))
    hours = {r["name"]: r["hours"] for r in s["people"]}
    assert hours == {"赵看": 0, "领导0": 51, "领导1": 51, "领导2": 3, "村干部": 3}  # 赵看: the cast's viewer
    assert [r["name"] for r in s["below"]] == ["赵看", "领导2", "村干部"]
    assert s["participation"] == Decimal("80.00")
    units = {u["unit"]: (u["headcount"], u["participation"]) for u in s["by_unit"]}
    assert units == {"甲一镇": (4, Decimal("75.00")), "甲一村": (1, Decimal("100.00"))}
    assert [u["unit"] for u in s["by_unit"] if u["below"]] == ["甲一镇"]  # participation below 100%
    assert (s["study"]["sessions"], s["training"]["sessions"], s["training"]["attendances"]) == (12, 1, 4)
    assert (s["study"]["hours"], s["study"]["attendances"], s["training"]["hours"]) == (48, 24, 3)
    assert metrics.read(
        "supervision.study_hours", [leaders[0].pk, cadre.pk], date(2026, 1, 1), date(2026, 12, 31)
    ) == {
        leaders[0].pk: 51.0,
        cadre.pk: 3.0,
    }
    # the mean over everyone in 甲一镇's subtree
    mean = metrics.read(
        "supervision.unit_study_hours", [cast.town_a1.pk], date(2026, 1, 1), date(2026, 12, 31)
    )
    assert mean[cast.town_a1.pk] == pytest.approx((51 + 51 + 3 + 3 + 0) / 5)


def test_study_scoping_and_validation(cast):
    with pytest.raises(NotFound):
        queries.study_summary(actor=cast.clerk_b, unit=cast.town_a1, year=2026)
    with pytest.raises(DomainError):
        actions.session_create(
            actor=cast.admin_a, unit=cast.town_a1, title="x", held_on=date(2026, 1, 1), hours=0
        )
    stranger = Person.objects.create(code="S1", name="乙县人", unit=cast.county_b)
    with pytest.raises(DomainError):
        actions.session_create(
            actor=cast.admin_a,
            unit=cast.town_a1,
            title="x",
            held_on=date(2026, 1, 1),
            hours=2,
            attendees=[stranger],
        )


def test_sweep_lights_overdue_tasks_and_rectifications_idempotently(cast, world):
    r = actions.rectification_issue(
        actor=cast.supervisor, finding=world.finding_b, requirement="补全目录", deadline=date(2026, 4, 30)
    )
    Task.objects.update(light="green")
    Rectification.objects.update(light="green")
    now = datetime(2026, 4, 15, 9, 0)
    first = sweeps.tick(now)
    world.task_a.refresh_from_db()
    world.task_b.refresh_from_db()
    r.refresh_from_db()
    assert world.task_a.light == "red" and world.task_b.light == "green" and r.light == "green"
    assert first["tasks"]["red"] == 1
    again = sweeps.tick(now)
    assert again["tasks"] == {"red": 0, "yellow": 0, "green": 0} and again["rectifications"]["red"] == 0
    sweeps.tick(datetime(2026, 4, 28, 9, 0))
    r.refresh_from_db()
    assert r.light == "yellow"
    sweeps.tick(datetime(2026, 5, 2, 9, 0))
    r.refresh_from_db()
    assert r.light == "red"
    assert queries.rectification_list(actor=cast.clerk_b, light="red").get() == r
    actions.task_accept(actor=cast.supervisor, task=world.task_a)
    sweeps.tick(now + timedelta(days=18))
    assert Task.objects.get(pk=world.task_a.pk).light == "green"
    assert Rectification.objects.get(pk=r.pk).light == "red"

from datetime import date

import pytest

from yangguang.core.errors import DomainError, Forbidden

from .. import actions, queries
from ..models import ChecklistItem, Finding, Inspection, Rectification


def _rect(cast, world):
    return actions.rectification_issue(
        actor=cast.supervisor,
        finding=world.finding_a,
        requirement="公开决策并补办听证",
        deadline=date(2026, 5, 31),
    )


def test_rectification_cannot_close_without_reinspection(cast, world):
    r = _rect(cast, world)
    actions.rectification_submit(actor=cast.clerk_a, rectification=r, report="已公开")
    with pytest.raises(DomainError) as e:
        actions.rectification_close(actor=cast.supervisor, rectification=r)
    assert e.value.code == "needs_reinspection"
    r.refresh_from_db()
    world.finding_a.refresh_from_db()
    assert r.status == Rectification.SUBMITTED and world.finding_a.status == Finding.RECTIFYING


def test_full_rectification_cycle_with_a_failed_reinspection(cast, world):
    r = _rect(cast, world)
    with pytest.raises(Forbidden):
        actions.rectification_submit(actor=cast.clerk_b, rectification=r, report="x")
    actions.rectification_submit(actor=cast.clerk_a, rectification=r, report="已公开")
    with pytest.raises(Forbidden):
        actions.rectification_reinspect(actor=cast.clerk_a, rectification=r, passed=True, note="自查")
    actions.rectification_reinspect(actor=cast.supervisor, rectification=r, passed=False, note="听证未补办")
    with pytest.raises(DomainError):
        actions.rectification_close(actor=cast.supervisor, rectification=r)
    actions.rectification_submit(actor=cast.clerk_a, rectification=r, report="已补办听证")
    actions.rectification_reinspect(actor=cast.supervisor, rectification=r, passed=True, note="复查合格")
    actions.rectification_close(actor=cast.supervisor, rectification=r, on=date(2026, 5, 20))
    world.finding_a.refresh_from_db()
    assert r.status == Rectification.CLOSED
    assert world.finding_a.status == Finding.CLOSED and world.finding_a.closed_on == date(2026, 5, 20)


def test_one_rectification_per_finding_and_deadline_after_the_finding(cast, world):
    with pytest.raises(DomainError):
        actions.rectification_issue(
            actor=cast.supervisor, finding=world.finding_a, requirement="x", deadline=date(2020, 1, 1)
        )
    _rect(cast, world)
    with pytest.raises(DomainError):
        _rect(cast, world)


def test_cross_unit_inspectors_never_inspect_their_own_unit(cast, world):
    with pytest.raises(DomainError) as e:
        actions.inspection_create(
            actor=cast.supervisor,
            unit=cast.root,
            title="交叉检查",
            targets=[cast.county_a],
            inspectors=[cast.viewer_a1.person],
            cross_unit=True,
            start=date(2026, 6, 1),
        )
    assert e.value.code == "not_cross_unit"
    insp = actions.inspection_create(
        actor=cast.supervisor,
        unit=cast.root,
        title="交叉检查",
        targets=[cast.county_a],
        inspectors=[cast.clerk_b.person],
        cross_unit=True,
        start=date(2026, 6, 1),
    )
    # the cross-unit inspector from 乙县 sees and records findings on 甲县
    assert insp in queries.inspection_list(actor=cast.clerk_b)
    f = actions.finding_create(
        actor=cast.clerk_b, inspection=insp, unit=cast.county_a, description="公开栏未更新"
    )
    assert f in queries.finding_list(actor=cast.clerk_b)
    with pytest.raises(DomainError):
        actions.finding_create(
            actor=cast.clerk_b, inspection=insp, unit=cast.county_b, description="not inspected"
        )


def test_checklist_and_findings(cast, world):
    item = world.insp.items.get(number=2)
    actions.checklist_mark(actor=cast.supervisor, item=world.insp.items.get(number=1), result="pass")
    f = actions.finding_create(
        actor=cast.supervisor, inspection=world.insp, unit=cast.town_a1, description="未听证", item=item
    )
    item.refresh_from_db()
    assert item.result == ChecklistItem.FAIL and f.unit == cast.town_a1
    with pytest.raises(Forbidden):
        actions.finding_create(actor=cast.clerk_a, inspection=world.insp, unit=cast.county_a, description="x")


def test_publication_follows_the_plan(cast, world, client):
    assert client.get("/public/supervision/").status_code == 200
    assert world.insp.title not in client.get("/public/supervision/").content.decode()
    assert client.get(f"/public/supervision/inspections/{world.insp.pk}/").status_code == 404
    actions.inspection_publish(actor=cast.supervisor, inspection=world.insp, summary="两县存在问题，限期整改")
    page = client.get("/public/supervision/").content.decode()
    assert world.insp.title in page
    detail = client.get(f"/public/supervision/inspections/{world.insp.pk}/").content.decode()
    assert "决策未公开" in detail and "两县存在问题" in detail
    world.plan.publish_inspections = False
    world.plan.save()
    other = Inspection.objects.create(
        unit=cast.root, plan=world.plan, title="内部检查", start=date(2026, 7, 1)
    )
    with pytest.raises(DomainError) as e:
        actions.inspection_publish(actor=cast.supervisor, inspection=other, summary="x")
    assert e.value.code == "not_public"
    other.refresh_from_db()
    assert other.published_at is None


def test_cross_unit_teams(cast, world):
    from yangguang.orgs.models import Person

    a2 = Person.objects.create(code="A2", name="甲县二", unit=cast.town_a1)
    b2 = Person.objects.create(code="B2", name="乙县二", unit=cast.town_b1)
    teams = actions.inspection_assign_cross(
        actor=cast.supervisor,
        inspection=world.insp,
        pool=[cast.clerk_a.person, a2, cast.clerk_b.person, b2],
        per_target=2,
    )
    assert set(teams[cast.county_a.pk]) == {cast.clerk_b.person.pk, b2.pk}
    assert set(teams[cast.county_b.pk]) == {cast.clerk_a.person.pk, a2.pk}
    world.insp.refresh_from_db()
    assert world.insp.cross_unit and world.insp.inspectors.count() == 4
    with pytest.raises(DomainError) as e:
        actions.inspection_assign_cross(
            actor=cast.supervisor,
            inspection=world.insp,
            pool=[cast.clerk_a.person, cast.clerk_b.person],
            per_target=2,
        )
    assert e.value.code == "cannot_staff"
    assert world.insp.teams.count() == 4  # nothing changed


def test_rectification_deadline_in_working_days(cast, world):
    import time_machine

    with time_machine.travel(date(2026, 9, 30), tick=False):
        r = actions.rectification_issue(
            actor=cast.supervisor, finding=world.finding_a, requirement="整改", workdays=5
        )
    # the 国庆 holidays are skipped (the start day is not counted)
    assert r.deadline > date(2026, 10, 8)


def test_task_table_download_round_trips(cast, world, client_of):
    resp = client_of(cast.supervisor).get(f"/supervision/plans/{world.plan.pk}/tasks.xlsx")
    assert resp.status_code == 200
    from yangguang.core.tabular import read_table

    table = read_table(resp.content, "t.xlsx")
    assert table.header[:4] == ["部分", "序号", "任务", "责任单位编码"]
    assert {r["任务"] for _n, r in table.rows} == {"建立重大决策听证制度", "公开决策目录"}


def test_public_pages_are_rate_limited(client, settings, db):
    settings.PUBLIC_RATE_LIMIT = 3
    codes = [client.get("/public/supervision/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]

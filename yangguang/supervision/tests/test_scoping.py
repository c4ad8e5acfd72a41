from datetime import date

import pytest

from yangguang.core.errors import NotFound

from .. import actions, queries


def _ids(qs):
    return {o.pk for o in qs}


def test_a_unit_sees_its_own_tasks(cast, world):
    assert _ids(queries.task_list(actor=cast.clerk_a)) == {world.task_a.pk}
    # 乙县 owns task_b and co-works on task_a through 乙一镇
    assert _ids(queries.task_list(actor=cast.clerk_b)) == {world.task_a.pk, world.task_b.pk}
    assert _ids(queries.task_list(actor=cast.viewer_a1)) == set()
    assert _ids(queries.task_list(actor=cast.outsider)) == set()
    with pytest.raises(NotFound):
        queries.task_get(actor=cast.clerk_a, task_id=world.task_b.pk)


def test_supervisors_see_their_subtree(cast, world):
    assert _ids(queries.task_list(actor=cast.supervisor)) == {world.task_a.pk, world.task_b.pk}
    assert _ids(queries.finding_list(actor=cast.supervisor)) == {world.finding_a.pk, world.finding_b.pk}
    assert _ids(queries.plan_list(actor=cast.clerk_a)) == {world.plan.pk}
    assert _ids(queries.plan_list(actor=cast.viewer_a1)) == set()


def test_a_unit_sees_its_own_findings(cast, world):
    assert _ids(queries.finding_list(actor=cast.clerk_a)) == {world.finding_a.pk}
    assert _ids(queries.finding_list(actor=cast.clerk_b)) == {world.finding_b.pk}
    with pytest.raises(NotFound):
        queries.finding_get(actor=cast.clerk_b, finding_id=world.finding_a.pk)


def test_accountability_is_for_supervisors_only(cast, world):
    a = actions.accountability_create(
        actor=cast.supervisor,
        unit=cast.root,
        rule="falsification",
        decision="circulated",
        facts="甲县上报数据弄虚作假",
        units=[cast.county_a],
        people=[cast.clerk_a.person],
        decided_on=date(2026, 5, 1),
    )
    assert _ids(queries.accountability_list(actor=cast.supervisor)) == {a.pk}
    assert _ids(queries.accountability_list(actor=cast.admin)) == {a.pk}
    for peer in (cast.clerk_b, cast.clerk_a, cast.admin_a, cast.viewer_a1, cast.outsider):
        assert _ids(queries.accountability_list(actor=peer)) == set()
        with pytest.raises(NotFound):
            queries.accountability_get(actor=peer, accountability_id=a.pk)


def test_pages_and_api_answer_404_for_another_units_objects(cast, world, client_of):
    c = client_of(cast.clerk_a)
    assert c.get(f"/supervision/tasks/{world.task_a.pk}/").status_code == 200
    assert c.get(f"/supervision/tasks/{world.task_b.pk}/").status_code == 404
    assert c.get(f"/supervision/findings/{world.finding_b.pk}/").status_code == 404
    assert c.get(f"/api/v1/supervision/tasks/{world.task_b.pk}").status_code == 404
    assert c.get(f"/api/v1/supervision/findings/{world.finding_b.pk}").status_code == 404
    r = c.get("/api/v1/supervision/tasks")
    assert [t["id"] for t in r.json()["items"]] == [world.task_a.pk]

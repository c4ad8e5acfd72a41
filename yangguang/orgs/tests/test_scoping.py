"""Every list is scoped to the caller's subtree; another unit's object answers 404 like a missing one."""

import pytest

from yangguang.core.errors import NotFound
from yangguang.orgs import queries
from yangguang.orgs.models import Person


def codes(qs):
    return {x.code for x in qs}


def test_scope_paths(cast):
    assert queries.scope_paths(cast.admin) is None
    assert queries.scope_paths(cast.clerk_a) == [cast.county_a.path]
    assert queries.scope_paths(cast.outsider) == []


def test_unit_lists_are_scoped(cast):
    assert codes(queries.unit_list(actor=cast.clerk_a)) == {"TA", "TA1", "TA1V"}
    assert codes(queries.unit_list(actor=cast.supervisor)) == {"TZ", "TA", "TB", "TA1", "TB1", "TA1V"}
    assert codes(queries.unit_list(actor=cast.outsider)) == set()


def test_other_units_object_is_not_found(cast):
    with pytest.raises(NotFound):
        queries.unit_get(actor=cast.clerk_a, unit_id=cast.county_b.pk)
    with pytest.raises(NotFound):
        queries.unit_get(actor=cast.clerk_a, unit_id=999999)
    b_person = Person.objects.get(code="P-clerk_b")
    with pytest.raises(NotFound):
        queries.person_get(actor=cast.clerk_a, person_id=b_person.pk)


def test_people_under_a_unit(cast):
    assert codes(queries.person_list(actor=cast.supervisor, under=cast.county_a)) == {
        "P-admin_a",
        "P-clerk_a",
        "P-viewer_a1",
    }
    assert codes(queries.person_list(actor=cast.viewer_a1)) == {"P-viewer_a1"}
    assert codes(queries.person_list(actor=cast.supervisor, q="李")) == {"P-clerk_b"}


def test_has_role_covers_the_subtree(cast):
    assert queries.has_role(cast.admin_a, "admin", cast.village_a1)
    assert not queries.has_role(cast.admin_a, "admin", cast.county_b)
    assert not queries.has_role(cast.clerk_a, "admin", cast.county_a)


def test_pages_404_for_another_unit(cast, client_of):
    c = client_of(cast.clerk_a)
    assert c.get(f"/orgs/units/{cast.county_a.pk}/").status_code == 200
    assert c.get(f"/orgs/units/{cast.county_b.pk}/").status_code == 404
    assert c.get("/orgs/units/999999/").status_code == 404
    b_person = Person.objects.get(code="P-clerk_b")
    assert c.get(f"/orgs/people/{b_person.pk}/").status_code == 404
    page = c.get("/orgs/people/").content.decode()
    assert "张甲" in page and "李乙" not in page


def test_api_404_for_another_unit_and_same_body_as_missing(cast, client_of):
    c = client_of(cast.clerk_a)
    other = c.get(f"/api/v1/orgs/units/{cast.county_b.pk}")
    missing = c.get("/api/v1/orgs/units/999999")
    assert other.status_code == missing.status_code == 404
    assert other.json()["code"] == missing.json()["code"] == "not_found"
    assert other.json()["message"] == missing.json()["message"]
    people = c.get("/api/v1/orgs/people").json()
    assert {p["name"] for p in people["items"]} == {"甲县管理员", "张甲", "赵看"}
    assert c.get(f"/api/v1/orgs/people?under={cast.county_b.pk}").status_code == 404


def test_people_list_is_one_query_per_page(cast, django_assert_num_queries, client_of):
    qs = queries.person_list(actor=cast.admin, under=cast.root)
    with django_assert_num_queries(1):
        list(qs[:20])


def test_unit_search_page_is_scoped(cast, client_of):
    body = client_of(cast.clerk_a).get("/orgs/?q=镇").content.decode()
    assert "甲一镇" in body and "乙一镇" not in body


def test_audit_trail_only_for_administrators(cast, client_of):
    assert client_of(cast.clerk_a).get("/orgs/audit/").status_code == 403
    assert "/orgs/audit/" not in client_of(cast.clerk_a).get("/orgs/").content.decode()
    assert client_of(cast.admin_a).get("/orgs/audit/").status_code == 200
    assert "/orgs/audit/" in client_of(cast.admin_a).get("/orgs/").content.decode()

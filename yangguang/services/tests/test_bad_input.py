"""Issue 16: an item's joint units naming a unit that does not exist is the JSON error, not a 500."""


def test_joint_unit_that_does_not_exist_is_a_400(cast, client_of):
    body = {"code": "J-1", "unit_id": cast.county_a.pk, "name": "联办事项", "joint_unit_ids": [987654321]}
    r = client_of(cast.admin).post("/api/v1/services/items", body, content_type="application/json")
    assert r.status_code == 400, r.content[:300]
    assert r.json()["code"] == "unknown_unit" and r.json()["details"]["missing"] == [987654321]
    ok = client_of(cast.admin).post(
        "/api/v1/services/items",
        {**body, "code": "J-2", "joint_unit_ids": [cast.county_b.pk]},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["joint_unit_ids"] == [cast.county_b.pk]


def test_a_scoped_manager_naming_a_foreign_joint_unit_gets_404(cast, client_of):
    body = {"code": "J-3", "unit_id": cast.county_a.pk, "name": "联办事项", "joint_unit_ids": [987654321]}
    r = client_of(cast.admin_a).post("/api/v1/services/items", body, content_type="application/json")
    assert r.status_code == 404, r.content[:300]

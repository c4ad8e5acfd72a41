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


def test_a_window_takes_no_case_for_another_branchs_item(cast, svc, client_of):
    """clerk_b (乙县) and 甲县's item: the same 404 as an item that does not exist."""
    from yangguang.services.models import Case

    body = {"item_id": svc.item.pk, "applicant_name": "张三"}
    foreign = client_of(cast.clerk_b).post("/api/v1/services/cases", body, content_type="application/json")
    missing = client_of(cast.clerk_b).post(
        "/api/v1/services/cases", {**body, "item_id": 987654321}, content_type="application/json"
    )
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["code"] == missing.json()["code"]
    assert not Case.objects.exists()
    own = client_of(cast.clerk_a).post("/api/v1/services/cases", body, content_type="application/json")
    assert own.status_code == 201, own.content[:300]

import json

from django.test import override_settings

from yangguang.services.api import LookupOut
from yangguang.services.models import Case, Rating

API = "/api/v1/services"


def post(c, url, data=None, **headers):
    return c.post(url, json.dumps(data or {}), content_type="application/json", **headers)


def test_openapi_schema_of_services_router():
    """Every services operation is in the router and its schema builds (the OpenAPI document's parts)."""
    from yangguang.services.api import router

    paths = set(router.path_operations)
    for p in [
        "/cases",
        "/lookup",
        "/catalogue",
        "/figures",
        "/hotline",
        "/inquiries",
        "/items/import",
        "/online",
    ]:
        assert p in paths, p
    for pv in router.path_operations.values():
        for op in pv.operations:
            for model in op.models:
                model.model_json_schema()
            for schema in (op.response_models or {}).values():
                if schema is not None and hasattr(schema, "model_json_schema"):
                    schema.model_json_schema()


def test_case_lifecycle_over_api(cast, svc, client_of, client):
    c = client_of(cast.clerk_a)
    r = post(
        c, f"{API}/cases", {"item_id": svc.item.pk, "applicant_name": "张三"}, HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert r.status_code == 201, r.content
    sub = r.json()
    again = post(
        c, f"{API}/cases", {"item_id": svc.item.pk, "applicant_name": "张三"}, HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert again.status_code == 200 and again.json()["id"] == sub["id"] and again.json()["replayed"]
    assert Case.objects.count() == 1
    cid = sub["id"]
    for verb, body in [
        ("accept", {}),
        ("pause", {"kind": "hearing", "reason": "听证"}),
        ("resume", {}),
        ("complete", {"result": "approved", "document_no": "A-1"}),
    ]:
        r = post(c, f"{API}/cases/{cid}/{verb}", body)
        assert r.status_code == 200, (verb, r.content)
    assert r.json()["status"] == "completed"
    r = post(c, f"{API}/cases/{cid}/accept", {})
    assert r.status_code == 409 and r.json()["code"] == "illegal_transition"
    assert "details" in r.json() and r.json()["details"]["allowed"] == []
    # public lookup and rating
    r = post(client, f"{API}/lookup", {"number": sub["number"], "query_code": sub["query_code"]})
    assert r.status_code == 200 and r.json()["status"] == "completed" and "applicant_name" not in r.json()
    assert set(r.json()) == set(LookupOut.model_fields)  # the documented schema, exactly
    assert LookupOut.model_validate(r.json()).steps[-1].kind == "complete"
    r = post(client, f"{API}/lookup", {"number": sub["number"], "query_code": "bad"})
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = post(
        client,
        f"{API}/lookup/rate",
        {"number": sub["number"], "query_code": sub["query_code"], "level": 4, "text": "慢"},
    )
    assert r.status_code == 201 and r.json()["rectification"] is True
    r = post(
        client, f"{API}/lookup/rate", {"number": sub["number"], "query_code": sub["query_code"], "level": 1}
    )
    assert r.status_code == 409
    assert Rating.objects.count() == 1


def test_api_scoping(cast, svc, client_of):
    r = post(client_of(cast.clerk_a), f"{API}/cases", {"item_id": svc.item.pk, "applicant_name": "张三"})
    cid = r.json()["id"]
    b = client_of(cast.clerk_b)
    assert b.get(f"{API}/cases/{cid}").status_code == 404
    assert post(b, f"{API}/cases/{cid}/accept").status_code == 404
    assert b.get(f"{API}/cases").json()["count"] == 0
    assert client_of(cast.supervisor).get(f"{API}/cases").json()["count"] == 1
    assert post(b, f"{API}/cases", {"item_id": 99999, "applicant_name": "x"}).json()["code"] == "unknown_item"


def test_items_over_api(cast, client_of, client):
    a = client_of(cast.admin)
    r = post(
        a,
        f"{API}/items",
        {
            "code": "N-1",
            "unit_id": cast.county_a.pk,
            "name": "食品经营许可",
            "promised_limit": 10,
            "statutory_limit": 20,
            "materials": [{"name": "申请书"}],
        },
    )
    assert r.status_code == 201, r.content
    iid = r.json()["id"]
    assert client.get(f"{API}/catalogue?q=食品").json()["count"] == 0
    assert post(a, f"{API}/items/{iid}/submit").status_code == 200
    assert post(a, f"{API}/items/{iid}/publish").json()["status"] == "published"
    assert client.get(f"{API}/catalogue?q=食品").json()["count"] == 1
    r = post(
        a, f"{API}/items", {"code": "N-2", "unit_id": cast.county_a.pk, "name": "x", "promised_limit": -1}
    )
    assert r.status_code in (400, 422)
    r = post(
        a, f"{API}/items", {"code": "N-3", "unit_id": cast.county_a.pk, "name": "x", "promised_limit": 9999}
    )
    assert r.status_code == 400 and r.json()["code"] == "invalid_limit"


def test_figures_api(cast, svc, client_of):
    r = client_of(cast.supervisor).get(
        f"{API}/figures?unit_id={cast.root.pk}&start=2025-01-01&end=2025-12-31"
    )
    assert r.status_code == 200 and set(r.json()) == {"total", "children", "monthly", "lights"}
    assert (
        client_of(cast.clerk_b)
        .get(f"{API}/figures?unit_id={cast.county_a.pk}&start=2025-01-01&end=2025-12-31")
        .status_code
        == 404
    )


@override_settings(PUBLIC_RATE_LIMIT=2)
def test_api_lookup_rate_limited(db, client):
    codes = [post(client, f"{API}/lookup", {"number": "x", "query_code": "y"}).status_code for _ in range(3)]
    assert codes == [404, 404, 429]

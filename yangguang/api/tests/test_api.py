"""API shell: tokens scoped like their owner, expiry, error shape, schema, pagination."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from yangguang.api.actions import token_issue, token_revoke
from yangguang.api.models import ApiToken
from yangguang.core.errors import DomainError, Forbidden


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_acts_as_its_owner(cast):
    _t, raw = token_issue(actor=cast.admin, user=cast.clerk_a, name="robot")
    c = Client()
    r = c.get("/api/v1/orgs/units?q=县", **bearer(raw))
    assert r.status_code == 200 and {u["code"] for u in r.json()["items"]} == {"TA"}
    assert c.get(f"/api/v1/orgs/units/{cast.county_b.pk}", **bearer(raw)).status_code == 404


def test_only_digest_is_stored(cast):
    token, raw = token_issue(actor=cast.admin, user=cast.clerk_a, name="robot")
    assert raw not in {token.digest, token.prefix} and ApiToken.digest_of(raw) == token.digest


def test_expired_and_revoked_tokens(cast):
    token, raw = token_issue(actor=cast.admin, user=cast.clerk_a, name="robot", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    r = Client().get("/api/v1/orgs/units", **bearer(raw))
    assert r.status_code == 401 and r.json()["code"] == "token_expired"
    assert r.json()["details"]["message_zh"] and r.json()["details"]["message_en"]
    token2, raw2 = token_issue(actor=cast.admin, user=cast.clerk_a, name="robot2")
    token_revoke(actor=cast.admin, token=token2)
    assert Client().get("/api/v1/orgs/units", **bearer(raw2)).json()["code"] == "invalid_token"
    assert Client().get("/api/v1/orgs/units", **bearer("yg_nonsense")).status_code == 401


def test_only_admins_issue_tokens(cast):
    with pytest.raises(Forbidden):
        token_issue(actor=cast.admin_a, user=cast.clerk_a, name="x")
    with pytest.raises(DomainError):
        token_issue(actor=cast.admin, user=cast.clerk_a, name="x", days=0)


def test_anonymous_gets_401_with_error_shape(db):
    r = Client().get("/api/v1/orgs/units")
    assert r.status_code == 401 and set(r.json()) == {"code", "message", "details"}


def test_session_auth_and_language(cast, client_of):
    c = client_of(cast.clerk_a)
    r = c.get("/api/v1/orgs/units/999999", HTTP_ACCEPT_LANGUAGE="en")
    assert r.json()["message"] == "Not found."
    r = c.get("/api/v1/orgs/units/999999", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.json()["message"] == "未找到。"


def test_validation_error_shape(cast, client_of):
    r = client_of(cast.admin).get("/api/v1/orgs/units?parent=abc")
    assert r.status_code == 422 and r.json()["code"] == "invalid"


def test_pagination(cast, client_of):
    r = client_of(cast.admin).get("/api/v1/orgs/people?page=1").json()
    assert r["count"] == 5 and len(r["items"]) == 5  # admin and outsider have no person record


def test_openapi_schema_lists_the_endpoints(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/orgs/units" in schema["paths"] and "/api/v1/orgs/people/{person_id}" in schema["paths"]
    docs = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_create_unit_with_idempotency_key(cast, client_of):
    from yangguang.orgs.models import Unit

    c = client_of(cast.admin_a)
    body = {"parent_id": cast.county_a.pk, "code": "TA9", "name": "甲九镇", "kind": "township"}
    r1 = c.post("/api/v1/orgs/units", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc")
    r2 = c.post("/api/v1/orgs/units", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc")
    assert r1.status_code == r2.status_code == 201 and r1.json()["id"] == r2.json()["id"]
    assert Unit.objects.filter(code="TA9").count() == 1
    dup = c.post("/api/v1/orgs/units", body, content_type="application/json")
    assert dup.status_code == 400 and dup.json()["code"] == "duplicate_code"
    other = c.post(
        "/api/v1/orgs/units",
        {**body, "code": "TB9", "parent_id": cast.county_b.pk},
        content_type="application/json",
    )
    assert other.status_code == 404 and not Unit.objects.filter(code="TB9").exists()
    bad = c.post(
        "/api/v1/orgs/units", {**body, "code": "TA8", "kind": "castle"}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["details"]["field"] == "kind"


def test_create_person_requires_admin(cast, client_of):
    r = client_of(cast.clerk_a).post(
        "/api/v1/orgs/people",
        {"unit_id": cast.county_a.pk, "code": "X1", "name": "某人"},
        content_type="application/json",
    )
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    r = client_of(cast.admin_a).post(
        "/api/v1/orgs/people",
        {"unit_id": cast.town_a1.pk, "code": "X1", "name": "某人"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["unit_name"] == "甲一镇"

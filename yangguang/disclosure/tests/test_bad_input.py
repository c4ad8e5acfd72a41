"""Issue 16: no server error on bad input, the correction route reachable, anonymous text bounded."""

from django.test import Client

from yangguang.disclosure import actions
from yangguang.disclosure.actions.requests import CONTENT_MAX_CHARS
from yangguang.disclosure.models import Request

JSON = {"content_type": "application/json"}
FILE = "/api/v1/disclosure/public/requests"


def shape(r):
    body = r.json()
    assert set(body) == {"code", "message", "details"}, body
    return body


def test_formed_on_before_the_calendar_is_a_400(cast, cats, frozen, client_of):
    c = client_of(cast.clerk_a)
    body = {"unit": "TA", "category": "licensing", "title": "旧档", "formed_on": "1900-01-01"}
    r = c.post("/api/v1/disclosure/records", body, **JSON)
    assert r.status_code == 400, r.content[:300]
    assert shape(r)["code"] == "formed_too_early"
    ok = c.post("/api/v1/disclosure/records", {**body, "formed_on": "1950-01-02"}, **JSON)
    assert ok.status_code == 201, ok.content[:300]


def _filed(cast, frozen):
    req = actions.request_file(
        unit=cast.county_a, applicant_kind="natural", applicant_name="市民", content="预算"
    )
    actions.request_send_correction(actor=cast.clerk_a, request=req, notice="请写明年份")
    return Request.objects.get(pk=req.pk)


def test_the_public_correction_is_reachable(cast, cats, frozen):
    req = _filed(cast, frozen)
    anon = Client()
    r = anon.post(
        f"{FILE}/correction", {"number": req.number, "code": req.query_code, "text": "2025年预算"}, **JSON
    )
    assert r.status_code == 200, r.content[:300]
    assert r.json()["status"] == "open"
    assert Request.objects.get(pk=req.pk).correction_text == "2025年预算"
    # tracking by number still answers on the neighbouring route
    assert anon.get(f"{FILE}/{req.number}", {"code": req.query_code}).status_code == 200


def test_anonymous_fields_are_bounded(cast, cats, frozen):
    anon = Client()
    base = {"unit": "TA", "applicant_kind": "natural", "applicant_name": "市民", "content": "预算"}
    for field, size in [
        ("content", CONTENT_MAX_CHARS + 1),
        ("applicant_name", 201),
        ("contact", 301),
        ("purpose", 301),
        ("applicant_id", 61),
    ]:
        r = anon.post(FILE, {**base, field: "长" * size}, **JSON)
        assert r.status_code == 422, (field, r.status_code)
        shape(r)
    assert Request.objects.count() == 0
    assert anon.post(FILE, {**base, "content": "长" * CONTENT_MAX_CHARS}, **JSON).status_code == 201


def test_the_action_bounds_the_text_whoever_calls_it(cast, cats, frozen):
    import pytest

    from yangguang.core.errors import DomainError

    with pytest.raises(DomainError) as e:
        actions.request_file(
            unit=cast.county_a, applicant_kind="natural", applicant_name="市民", content="x" * 2_400_000
        )
    assert e.value.code == "too_long"
    req = _filed(cast, frozen)
    with pytest.raises(DomainError) as e:
        actions.request_correct(request=req, text="x" * (CONTENT_MAX_CHARS + 1))
    assert e.value.code == "too_long"

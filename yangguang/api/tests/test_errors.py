"""No server error on bad input (issue 16 item 1): every refusal is the JSON error with a 4xx, an
unexpected failure is a logged 500 in JSON with nothing leaked; anonymous POSTs are 401, not a CSRF
page."""

import logging

import pytest
from django.test import Client
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from yangguang.api.checks import too_big
from yangguang.core.pagination import MAX_PAGE, PageNumberPagination

HUGE = "1000000000000000001"
BEYOND_64 = "99999999999999999999"


def shape(r):
    body = r.json()
    assert set(body) == {"code", "message", "details"}, body
    return body


def test_unexpected_exception_is_json_500_logged_and_says_nothing(cast, client_of, monkeypatch, caplog):
    from yangguang.orgs import queries

    def boom(**kw):
        raise RuntimeError("secret table yangguang_orgs_unit is on fire")

    monkeypatch.setattr(queries, "unit_get", boom)
    c = client_of(cast.clerk_a)
    c.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="yangguang.api"):
        r = c.get(f"/api/v1/orgs/units/{cast.county_a.pk}")
    assert r.status_code == 500 and r["Content-Type"].startswith("application/json")
    body = shape(r)
    assert body["code"] == "internal" and "fire" not in r.content.decode()
    assert any("fire" in (rec.exc_text or "") or rec.exc_info for rec in caplog.records)


def test_huge_page_on_a_public_list_is_4xx_json(db):
    r = Client().get(f"/api/v1/contests/public/bulletins?page={HUGE}")
    assert 400 <= r.status_code < 500, r.content[:200]
    shape(r)


def test_huge_page_on_a_staff_list_is_4xx_json(cast, client_of):
    r = client_of(cast.admin).get(f"/api/v1/orgs/units?page={HUGE}")
    assert 400 <= r.status_code < 500
    shape(r)


def test_project_pagination_bounds_page_and_serves_empty_pages():
    Input = PageNumberPagination.Input
    with pytest.raises(PydanticValidationError):
        Input(page=int(HUGE))
    with pytest.raises(PydanticValidationError):
        Input(page=0)
    pg = PageNumberPagination(page_size=50)
    page = pg.paginate_queryset(list(range(10)), Input(page=MAX_PAGE), request=None)
    assert list(page["items"]) == [] and page["count"] == 10
    assert MAX_PAGE * 1000 < 2**63  # the largest offset fits in 64 bits


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/orgs/units/{BEYOND_64}",
        f"/api/v1/orgs/units?parent={BEYOND_64}",
        f"/api/v1/orgs/people?under=1,{BEYOND_64}",
        f"/api/v1/orgs/units?parent=-{BEYOND_64}",
    ],
)
def test_ids_past_64_bits_in_path_and_query_are_400(cast, client_of, url):
    r = client_of(cast.admin).get(url)
    assert r.status_code == 400 and shape(r)["code"] == "out_of_range"


def test_ids_past_64_bits_in_a_json_body_are_400(cast, client_of):
    r = client_of(cast.admin).post(
        "/api/v1/orgs/people",
        data='{"unit_id": ' + BEYOND_64 + ', "code": "P1", "name": "x"}',
        content_type="application/json",
    )
    assert r.status_code == 400 and shape(r)["code"] == "out_of_range"


def test_search_text_may_hold_long_digits(cast, client_of):
    r = client_of(cast.admin).get(f"/api/v1/orgs/units?q={BEYOND_64}")
    assert r.status_code == 200


def test_too_big_edges():
    assert not too_big(str(2**63 - 1)) and too_big(str(2**63))
    assert not too_big(str(-(2**63))) and too_big(str(-(2**63) - 1))
    assert not too_big("000000000000000000000001") and too_big("1" * 5000)
    assert not too_big("12a") and not too_big("")


def test_anonymous_post_is_401_json_not_csrf(db):
    c = Client(enforce_csrf_checks=True)
    c.cookies["sessionid"] = "stale-or-forged"
    r = c.post("/api/v1/orgs/units", data="{}", content_type="application/json")
    assert r.status_code == 401, r.content
    assert shape(r)["code"] == "unauthenticated" and "CSRF" not in r.content.decode()


def test_signed_in_post_without_csrf_token_is_403_json(cast):
    c = Client(enforce_csrf_checks=True)
    c.force_login(cast.admin, backend="django.contrib.auth.backends.ModelBackend")
    r = c.post("/api/v1/orgs/units", data="{}", content_type="application/json")
    assert r.status_code == 403 and shape(r)["code"] == "csrf_failed"
    assert r.json()["details"]["message_zh"] != r.json()["details"]["message_en"]


def test_validation_errors_stay_422_json(cast, client_of):
    r = client_of(cast.admin).get("/api/v1/orgs/units?parent=abc")
    assert r.status_code == 422 and shape(r)["code"] == "invalid"
    assert NinjaValidationError

"""No server error on bad input (issue 16 item 1): unit 0 names no unit, years outside the calendar."""

import pytest

JSON = {"content_type": "application/json"}


def shape(r):
    body = r.json()
    assert set(body) == {"code", "message", "details"}, body
    return body


@pytest.mark.parametrize(
    "path, body",
    [
        ("/api/v1/supervision/study/sessions", {"title": "学法", "held_on": "2026-03-02", "hours": 2}),
        ("/api/v1/supervision/plans", {"title": "计划", "start": "2026-01-01"}),
        ("/api/v1/supervision/coverage", {"kind": "service_centre", "planned": True}),
    ],
)
def test_unit_zero_on_create_is_a_json_404(cast, client_of, path, body):
    r = client_of(cast.admin).post(path, {**body, "unit_id": 0}, **JSON)
    assert r.status_code == 404, r.content[:300]
    shape(r)


def test_unit_zero_on_study_summary_is_a_json_404(cast, client_of):
    r = client_of(cast.admin).get("/api/v1/supervision/study/summary?unit_id=0&year=2026")
    assert r.status_code == 404
    assert shape(r)["code"] == "not_found"


@pytest.mark.parametrize("year", ["0", "-5", "10000", "999999999", "1949", "2201"])
def test_years_outside_the_calendar_are_refused(cast, client_of, year):
    c = client_of(cast.admin)
    r = c.get(f"/api/v1/supervision/study/summary?unit_id={cast.county_a.pk}&year={year}")
    assert r.status_code == 422, r.content[:300]
    shape(r)
    r = c.get(f"/api/v1/supervision/study/sessions?year={year}")
    assert r.status_code == 422, r.content[:300]
    shape(r)


def test_a_year_inside_the_calendar_still_answers(cast, client_of):
    c = client_of(cast.admin)
    assert c.get(f"/api/v1/supervision/study/summary?unit_id={cast.county_a.pk}&year=2026").status_code == 200
    assert c.get("/api/v1/supervision/study/sessions?year=2026").status_code == 200

from datetime import date


def test_plan_task_report_over_the_api(cast, world, client_of):
    c = client_of(cast.supervisor)
    r = c.post(
        "/api/v1/supervision/plans",
        {"unit_id": cast.root.pk, "title": "API计划", "start": "2026-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 201
    plan_id = r.json()["id"]
    part = c.post(
        f"/api/v1/supervision/plans/{plan_id}/parts", {"title": "一"}, content_type="application/json"
    ).json()
    bad = c.post(
        f"/api/v1/supervision/plans/{plan_id}/tasks",
        {"part_id": part["id"], "title": "无单位", "deadline": "2026-05-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "no_responsible_unit"
    early = c.post(
        f"/api/v1/supervision/plans/{plan_id}/tasks",
        {"part_id": part["id"], "title": "早", "unit_id": cast.county_a.pk, "deadline": "2025-05-01"},
        content_type="application/json",
    )
    assert early.status_code == 400 and early.json()["code"] == "deadline_before_start"
    t = c.post(
        f"/api/v1/supervision/plans/{plan_id}/tasks",
        {"part_id": part["id"], "title": "好", "unit_id": cast.county_a.pk, "deadline": "2026-05-01"},
        content_type="application/json",
    ).json()
    assert t["unit_name"] == "甲县"
    rep = client_of(cast.clerk_a).post(
        f"/api/v1/supervision/tasks/{t['id']}/reports",
        {"percent": 30, "text": "进行中"},
        content_type="application/json",
    )
    assert rep.status_code == 201
    retry = dict(content_type="application/json", HTTP_IDEMPOTENCY_KEY="r-1")
    clerk = client_of(cast.clerk_a)
    first = clerk.post(
        f"/api/v1/supervision/tasks/{t['id']}/reports", {"percent": 40, "text": "重试"}, **retry
    )
    again = clerk.post(
        f"/api/v1/supervision/tasks/{t['id']}/reports", {"percent": 40, "text": "重试"}, **retry
    )
    assert (first.status_code, again.status_code) == (201, 200) and again.json()["replayed"] is True
    assert first.json()["id"] == again.json()["id"]
    dash = c.get(f"/api/v1/supervision/plans/{plan_id}/dashboard").json()
    assert dash["tasks"] == 1 and dash["reports"] == 2


def test_rectification_and_decision_refusals_over_the_api(cast, world, client_of):
    c = client_of(cast.supervisor)
    r = c.post(
        f"/api/v1/supervision/findings/{world.finding_a.pk}/rectification",
        {"requirement": "整改", "deadline": "2026-06-30"},
        content_type="application/json",
    ).json()
    closed = c.post(f"/api/v1/supervision/rectifications/{r['id']}/close")
    assert closed.status_code == 409 and closed.json()["code"] == "needs_reinspection"
    d = c.post(
        "/api/v1/supervision/decisions",
        {"unit_id": cast.root.pk, "title": "决策"},
        content_type="application/json",
    ).json()
    refused = c.post(f"/api/v1/supervision/decisions/{d['id']}/adopt")
    assert refused.status_code == 400 and len(refused.json()["details"]["missing"]) == 5
    pub = c.post(f"/api/v1/supervision/decisions/{d['id']}/publish").json()
    assert pub["flagged"] is True


def test_accountability_api_is_supervisors_only(cast, world, client_of):
    body = {
        "unit_id": cast.root.pk,
        "rule": "not_disclosed",
        "decision": "education",
        "facts": "应公开未公开",
        "unit_ids": [cast.county_a.pk],
        "decided_on": str(date(2026, 5, 1)),
    }
    assert (
        client_of(cast.supervisor)
        .post("/api/v1/supervision/accountability", body, content_type="application/json")
        .status_code
        == 201
    )
    assert client_of(cast.supervisor).get("/api/v1/supervision/accountability").json()["count"] == 1
    assert client_of(cast.clerk_b).get("/api/v1/supervision/accountability").json()["count"] == 0
    assert client_of(cast.clerk_a).post(
        "/api/v1/supervision/accountability", body, content_type="application/json"
    ).status_code in (403, 404)


def test_public_inspections_need_no_login(client, cast, world):
    assert client.get("/api/v1/supervision/public/inspections").json()["count"] == 0
    from .. import actions

    actions.inspection_publish(actor=cast.supervisor, inspection=world.insp, summary="通报")
    assert client.get("/api/v1/supervision/public/inspections").json()["count"] == 1


def test_openapi_lists_the_supervision_api(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for p in (
        "/api/v1/supervision/plans",
        "/api/v1/supervision/rectifications/{rectification_id}/close",
        "/api/v1/supervision/assessments/{assessment_id}/evaluate",
        "/api/v1/supervision/coverage",
    ):
        assert p in paths


def test_a_part_number_out_of_range_is_refused_not_a_server_error(cast, world, client_of):
    """Found by the API fuzz against the demo: a negative or huge part number was a 500."""
    c = client_of(cast.supervisor)
    before = world.plan.parts.count()
    for number in (-1, 0, 10**6, 2**40):
        r = c.post(
            f"/api/v1/supervision/plans/{world.plan.pk}/parts",
            {"title": "二", "number": number},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
        assert r.status_code == 400 and r.json()["code"] == "invalid", number
        assert "部分序号" in r.json()["message"]
    assert world.plan.parts.count() == before

from datetime import date

import pytest

from .. import actions
from ..models import Finding, MajorDecision, Rectification, Task


def test_every_page_renders(cast, world, client_of):
    c = client_of(cast.supervisor)
    r = actions.rectification_issue(
        actor=cast.supervisor, finding=world.finding_a, requirement="x", deadline=date(2026, 6, 1)
    )
    d = actions.decision_create(actor=cast.supervisor, unit=cast.root, title="决策")
    for url in [
        "/supervision/",
        "/supervision/plans/new/",
        f"/supervision/plans/{world.plan.pk}/",
        f"/supervision/plans/{world.plan.pk}/?light=red",
        f"/supervision/plans/{world.plan.pk}/import/",
        f"/supervision/tasks/{world.task_a.pk}/",
        "/supervision/inspections/",
        f"/supervision/inspections/{world.insp.pk}/",
        f"/supervision/findings/{r.finding_id}/",
        "/supervision/rectifications/?light=red",
        "/supervision/accountability/",
        "/supervision/decisions/",
        f"/supervision/decisions/{d.pk}/",
        "/supervision/coverage/",
        f"/supervision/study/?unit={cast.town_a1.code}&year=2026",
        "/supervision/assessments/",
    ]:
        resp = c.get(url)
        assert resp.status_code == 200, url
    assert c.get("/supervision/").content.decode().count(world.plan.title) == 1


def test_outsider_sees_an_empty_dashboard_and_no_objects(cast, world, client_of):
    c = client_of(cast.outsider)
    assert c.get("/supervision/").status_code == 200
    assert c.get(f"/supervision/plans/{world.plan.pk}/").status_code == 404
    assert c.get(f"/supervision/inspections/{world.insp.pk}/").status_code == 404


def test_forms_drive_the_chain(cast, world, client_of):
    sup, clerk = client_of(cast.supervisor), client_of(cast.clerk_a)
    resp = sup.post(
        f"/supervision/plans/{world.plan.pk}/tasks/",
        {"part": world.part.pk, "title": "新任务", "unit": "", "deadline": "2026-08-01"},
        follow=True,
    )
    assert "A task needs a responsible unit" in resp.content.decode() or "责任单位" in resp.content.decode()
    assert not Task.objects.filter(title="新任务").exists()
    sup.post(
        f"/supervision/plans/{world.plan.pk}/tasks/",
        {"part": world.part.pk, "title": "新任务", "unit": "TA", "co_units": "TB", "deadline": "2026-08-01"},
    )
    t = Task.objects.get(title="新任务")
    clerk.post(f"/supervision/tasks/{t.pk}/", {"do": "report", "percent": "50", "text": "过半"})
    t.refresh_from_db()
    assert t.percent == 50
    sup.post(
        f"/supervision/findings/{world.finding_a.pk}/",
        {"do": "issue", "requirement": "整改", "deadline": "2026-06-30"},
    )
    rect = Rectification.objects.get(finding=world.finding_a)
    resp = sup.post(f"/supervision/findings/{world.finding_a.pk}/", {"do": "close"}, follow=True)
    assert Rectification.objects.get(pk=rect.pk).status == Rectification.ISSUED
    clerk.post(f"/supervision/findings/{world.finding_a.pk}/", {"do": "submit", "report": "已整改"})
    sup.post(
        f"/supervision/findings/{world.finding_a.pk}/", {"do": "reinspect", "passed": "1", "note": "合格"}
    )
    sup.post(f"/supervision/findings/{world.finding_a.pk}/", {"do": "close"})
    assert Finding.objects.get(pk=world.finding_a.pk).status == Finding.CLOSED


def test_decision_adoption_refused_in_the_ui(cast, client_of):
    c = client_of(cast.supervisor)
    c.post("/supervision/decisions/", {"unit": "TA", "title": "收费调整"})
    d = MajorDecision.objects.get(title="收费调整")
    resp = c.post(f"/supervision/decisions/{d.pk}/", {"do": "adopt"}, follow=True)
    assert resp.status_code == 200
    d.refresh_from_db()
    assert d.status == MajorDecision.DRAFT
    assert "合法性审查" in resp.content.decode() or "Legality review" in resp.content.decode()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_coverage_page_shows_percentages(cast, client_of, lang):
    from yangguang.orgs.models import Unit

    rows = [(u, True, date(2020, 1, 1) if u.code == "TA" else None) for u in Unit.objects.filter(depth=2)]
    actions.constructions_mark(actor=cast.admin, rows=rows)
    c = client_of(cast.supervisor)
    c.cookies["django_language"] = lang
    page = c.get("/supervision/coverage/").content.decode()
    assert "50.00%" in page


def test_hold_a_unit_to_account_from_a_finding(cast, world, client_of):
    from ..models import Accountability

    client_of(cast.supervisor).post(
        f"/supervision/findings/{world.finding_a.pk}/",
        {"do": "account", "rule": "falsification", "decision": "circulated", "facts": "整改材料弄虚作假"},
    )
    a = Accountability.objects.get()
    assert a.finding == world.finding_a and list(a.units.all()) == [cast.county_a] and a.unit == cast.root
    # the unit concerned does not see it, and may not record one
    page = client_of(cast.clerk_a).get(f"/supervision/findings/{world.finding_a.pk}/").content.decode()
    assert 'id="account-form"' not in page
    assert (
        "整改材料弄虚作假" not in client_of(cast.clerk_a).get("/supervision/accountability/").content.decode()
    )

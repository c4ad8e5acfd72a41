"""Judged events: panels with a trimmed mean and own-unit exclusion, blind review with seal codes and
the 2+1+1 rule, record review in stages, and results feeding a competition's indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from yangguang.audit.models import AuditEntry
from yangguang.contests import actions, ledger, queries
from yangguang.core.errors import DomainError, NotFound
from yangguang.orgs.models import Person

RUBRIC = [{"name": "程序", "max": 40}, {"name": "驾驭", "max": 60}]


def person(code, unit, name, login=True):
    user = get_user_model().objects.create_user(username=code, password="x-pass-123") if login else None
    return Person.objects.create(code=code, name=name, unit=unit, user=user)


@pytest.fixture
def court(cast):
    p = {
        "perf_a": person("PA", cast.county_a, "甲法官"),
        "perf_b": person("PB", cast.county_b, "乙法官"),
        "j_a": person("JA", cast.county_a, "甲评委"),
        "j_b": person("JB", cast.county_b, "乙评委"),
        "j_z1": person("JZ1", cast.root, "州评委一"),
        "j_z2": person("JZ2", cast.root, "州评委二"),
        "j_z3": person("JZ3", cast.root, "州评委三"),
        "j_z4": person("JZ4", cast.root, "州评委四"),
    }
    return p


def pts(a, b):
    return {"程序": a, "驾驭": b}


def test_panel_trimmed_mean_own_unit_excluded_and_locking(cast, court):
    judges = [(court[k], "judge") for k in ("j_a", "j_b", "j_z1", "j_z2", "j_z3", "j_z4")]
    ev = actions.event_create(
        actor=cast.admin,
        organiser=cast.root,
        code="tsjy",
        name="庭审驾驭",
        kind="panel",
        criteria=RUBRIC,
        judges=judges,
    )
    ea = actions.entrant_add(actor=cast.admin, event=ev, person=court["perf_a"], title="海事案件庭审")
    # 甲评委 is from 甲县: not offered, and refused
    tasks = queries.my_tasks(actor=court["j_a"].user, event=ev)
    assert ea.pk not in [t["entrant_id"] for t in tasks]
    with pytest.raises(DomainError) as e:
        actions.mark_submit(actor=court["j_a"].user, event=ev, entrant=ea, points=pts(40, 60))
    assert e.value.code == "own_unit"
    scores = {"j_b": (30, 50), "j_z1": (35, 55), "j_z2": (20, 40), "j_z3": (38, 58), "j_z4": (32, 52)}
    for k, (a, b) in scores.items():
        m = actions.mark_submit(actor=court[k].user, event=ev, entrant=ea, points=pts(a, b))
        assert m.submitted_at and len(m.ledger_hash) == 64
    with pytest.raises(DomainError) as e:
        actions.mark_submit(actor=court["j_b"].user, event=ev, entrant=ea, points=pts(1, 1))
    assert e.value.code == "locked"
    with pytest.raises(DomainError):
        actions.mark_submit(
            actor=court["j_z1"].user, event=ev, entrant=ea, points=pts(41, 1)
        )  # above the maximum
    out = queries.event_results(actor=cast.admin, event=ev)[0]
    # totals 80, 90, 60, 96, 84 → drop 96 and 60 → mean(80, 90, 84) = 84.67
    assert out["result"] == Decimal("84.67") and "dropped" in out["rule"]
    assert ledger.verify()["ok"]
    # an outsider cannot submit
    with pytest.raises(NotFound):
        actions.mark_submit(actor=cast.clerk_b, event=ev, entrant=ea, points=pts(1, 1))


def test_blind_review_2p1p1_and_sealed_names(cast, court, client_of):
    graders = [(court[k], "grader") for k in ("j_z1", "j_z2", "j_z3")] + [(court["j_z4"], "leader")]
    ev = actions.event_create(
        actor=cast.admin,
        organiser=cast.root,
        code="cpws",
        name="裁判文书",
        kind="blind",
        criteria=[{"name": "文书", "max": 100}],
        tolerance=5,
        judges=graders,
    )
    e = actions.entrant_add(
        actor=cast.admin,
        event=ev,
        person=court["perf_a"],
        title="甲法官的判决书",
        text="审判员 甲法官 依法判决如下……",
    )
    assert "甲法官" not in e.text and "甲法官" not in e.title and e.seal_code in e.text
    first = {m.judge.person.code for m in e.marks.all()}
    assert len(first) == 2
    g1, g2 = (Person.objects.get(code=c) for c in sorted(first))
    # graders see seal codes only — queries, API and page
    for g in (g1, g2):
        tasks = queries.my_tasks(actor=g.user, event=ev)
        assert tasks and all("name" not in t for t in tasks)
        api = client_of(g.user).get(f"/api/v1/contests/events/{ev.pk}/tasks").content.decode()
        page = client_of(g.user).get(f"/contests/events/{ev.pk}/").content.decode()
        for text in (api, page):
            assert "甲法官" not in text and "甲县" not in text and e.seal_code in text
        res = client_of(g.user).get(f"/api/v1/contests/events/{ev.pk}/results").content.decode()
        assert "甲法官" not in res
    actions.mark_submit(actor=g1.user, event=ev, entrant=e, points={"文书": 90})
    actions.mark_submit(actor=g2.user, event=ev, entrant=e, points={"文书": 80})  # gap 10 > 5: third grader
    third = e.marks.get(slot="3").judge.person
    assert third.code not in first
    actions.mark_submit(actor=third.user, event=ev, entrant=e, points={"文书": 70})  # beyond both: leader
    leader = e.marks.get(slot="4").judge.person
    assert leader == court["j_z4"]
    assert queries.event_outcomes(ev)[0]["result"] is None
    actions.mark_submit(actor=leader.user, event=ev, entrant=e, points={"文书": 82})
    out = queries.event_outcomes(ev)[0]
    assert out["result"] == Decimal("82.00") and "组长" in out["rule"]  # the group leader decided
    # names appear only after closing and the single audited release
    assert queries.event_results(actor=cast.admin, event=ev)[0]["name"] == ""
    with pytest.raises(DomainError):
        actions.event_release(actor=cast.admin, event=ev)
    actions.event_close(actor=cast.admin, event=ev)
    with pytest.raises(DomainError):
        actions.mark_submit(actor=g1.user, event=ev, entrant=e, points={"文书": 1})
    actions.event_release(actor=cast.admin, event=ev)
    assert queries.event_results(actor=cast.admin, event=ev)[0]["name"] == "甲法官"
    assert AuditEntry.objects.filter(action="reveal", object_id=str(ev.pk)).count() == 1


def test_blind_review_agreeing_graders_settle(cast, court):
    graders = [(court[k], "grader") for k in ("j_z1", "j_z2")]
    ev = actions.event_create(
        actor=cast.admin,
        organiser=cast.root,
        code="b2",
        name="文书2",
        kind="blind",
        criteria=[{"name": "文书", "max": 100}],
        tolerance=5,
        judges=graders,
    )
    e = actions.entrant_add(actor=cast.admin, event=ev, person=court["perf_b"], title="判决书")
    for m in e.marks.select_related("judge__person__user"):
        actions.mark_submit(
            actor=m.judge.person.user, event=ev, entrant=e, points={"文书": 88 if m.slot == "1" else 85}
        )
    assert queries.event_outcomes(ev)[0]["result"] == Decimal("86.50")


def test_record_review_stages_feed_a_quality_indicator(cast, court):
    ev = actions.event_create(
        actor=cast.admin,
        organiser=cast.root,
        code="ajpc",
        name="案卷评查",
        kind="record",
        criteria=[{"name": "立案", "max": 30}, {"name": "审理", "max": 70}],
        judges=[(court["j_a"], "checker"), (court["j_b"], "checker"), (court["j_z1"], "leader")],
    )
    f_a = actions.entrant_add(actor=cast.admin, event=ev, unit=cast.county_a, title="(2026)甲民初1号")
    f_b = actions.entrant_add(actor=cast.admin, event=ev, unit=cast.county_b, title="(2026)乙民初1号")
    # self-check by the owner, cross-check by the other tribunal, central review by the leader
    with pytest.raises(DomainError):
        actions.mark_submit(
            actor=court["j_b"].user, event=ev, entrant=f_a, points={"立案": 30, "审理": 70}, stage="self"
        )
    actions.mark_submit(
        actor=court["j_a"].user, event=ev, entrant=f_a, points={"立案": 30, "审理": 70}, stage="self"
    )
    with pytest.raises(DomainError):
        actions.mark_submit(
            actor=court["j_a"].user, event=ev, entrant=f_a, points={"立案": 30, "审理": 70}, stage="cross"
        )
    actions.mark_submit(
        actor=court["j_b"].user,
        event=ev,
        entrant=f_a,
        points={"立案": 25, "审理": 60},
        stage="cross",
        findings="送达回证缺失",
    )
    actions.mark_submit(
        actor=court["j_a"].user, event=ev, entrant=f_b, points={"立案": 20, "审理": 50}, stage="cross"
    )
    actions.mark_submit(
        actor=court["j_z1"].user, event=ev, entrant=f_a, points={"立案": 28, "审理": 62}, stage="central"
    )
    outs = {o["title"]: o for o in queries.event_outcomes(ev)}
    assert outs["(2026)甲民初1号"]["result"] == Decimal("90.00")
    assert outs["(2026)乙民初1号"]["result"] == Decimal("70.00")
    assert any("送达回证缺失" in m for m in outs["(2026)甲民初1号"]["marks"])
    comp = actions.competition_import_scheme(
        actor=cast.admin,
        scheme={
            "code": "quality",
            "name": "案件质量",
            "organiser": "TZ",
            "period": {"start": "2026-01-01", "end": "2026-12-31"},
            "groups": [{"code": "tribunal", "name": "审判庭"}],
            "indicators": [
                {"code": "q", "name": "案卷质量", "source": "event", "event": "ajpc", "weight": 100}
            ],
        },
    )
    res = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026")
    ranks = {r.participant.code: (r.rank, float(r.score)) for r in res.results.select_related("participant")}
    assert ranks == {"TA": (1, 90.0), "TB": (2, 70.0)}


def test_event_forms_and_entrant_api(cast, court, client_of):
    c = client_of(cast.admin)
    r = c.post(
        "/contests/events/new/",
        {
            "code": "form-panel",
            "name": "书记员技能竞赛",
            "kind": "panel",
            "organiser": "TZ",
            "criteria": "速录:50\n归档:50",
            "judges": "JZ1:judge\nJZ2:judge",
        },
    )
    assert r.status_code == 302
    from yangguang.contests.models import Event

    ev = Event.objects.get(code="form-panel")
    assert (
        ev.criteria == [{"name": "速录", "max": 50.0}, {"name": "归档", "max": 50.0}]
        and ev.judges.count() == 2
    )
    r = c.post(f"/contests/events/{ev.pk}/entrants/", {"code": "PA", "title": "速录"})
    assert r.status_code == 302 and ev.entrants.count() == 1
    r = c.post(
        f"/api/v1/contests/events/{ev.pk}/entrants",
        {"code": "PB", "title": "归档"},
        content_type="application/json",
    )
    assert r.status_code == 201 and len(r.json()["seal_code"]) == 6
    # another unit's administrator cannot add entrants (not visible: 404)
    assert client_of(cast.clerk_b).post(
        f"/api/v1/contests/events/{ev.pk}/entrants", {"code": "PA"}, content_type="application/json"
    ).status_code in (403, 404)

"""Competitions end to end on the database: scheme import, data, evaluation versions, bulletins, the
ledger, scoping, metrics as indicators."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from yangguang.contests import actions, ledger, queries
from yangguang.contests.actions import evaluations as evaluation_actions
from yangguang.contests.models import Bulletin, Evaluation, LedgerEntry
from yangguang.core import metrics
from yangguang.core.errors import DomainError, Forbidden, ImportRejected, NotFound
from yangguang.orgs.models import Person

SCHEME = """
code: county-race
name: 县区竞赛
organiser: TZ
public: true
period: {start: 2026-01-01, end: 2026-03-31}
groups:
- {code: county, name: 县, kind: unit}
indicators:
- {code: deposit, name: 存款, unit: 万元, method: completion, cap: 120, weight: 60}
- {code: customers, name: 客户, unit: 户, method: growth, weight: 40}
facts:
- {code: incidents, name: 案件事故数}
rules:
  disqualify:
  - {name: 案件事故, when: 案件事故数 > 0}
  awards:
  - {name: 第一名, top: 1}
  penalties:
  - {name: 末位黄牌, when: 排名倒数 <= 1, card: yellow, pay_cut: 20, posts: [县长]}
"""

DATA = "id,存款,存款计划,客户,客户基数,案件事故数\nTA,{a},100,50,40,0\nTB,{b},100,50,45,0\n"


def _csv(a=110, b=90):
    return DATA.format(a=a, b=b).encode()


@pytest.fixture
def comp(cast):
    Person.objects.create(code="P-TB-HEAD", name="乙县长", unit=cast.county_b, title="县长")
    return actions.competition_import_scheme(actor=cast.admin, scheme=SCHEME)


def test_scheme_import_creates_participants_and_checks_rights(cast, comp):
    assert sorted(comp.participants.values_list("code", flat=True)) == ["TA", "TB"]
    with pytest.raises(Forbidden):
        actions.competition_import_scheme(actor=cast.clerk_a, scheme=SCHEME.replace("county-race", "x2"))
    with pytest.raises(Forbidden):
        actions.competition_import_scheme(actor=cast.admin_a, scheme=SCHEME.replace("county-race", "x3"))
    own = actions.competition_import_scheme(
        actor=cast.admin_a,
        scheme=SCHEME.replace("county-race", "x4").replace("organiser: TZ", "organiser: TA"),
    )
    assert own.organiser == cast.county_a
    assert list(own.participants.values_list("code", flat=True)) == ["TA1"]


def test_scheme_round_trips_through_the_database(cast, comp):
    text = queries.competition_export_yaml(actor=cast.admin, competition=comp)
    again = actions.competition_import_scheme(actor=cast.admin, scheme=text)
    assert again.pk == comp.pk
    assert again.scheme == comp.scheme
    assert queries.competition_export_yaml(actor=cast.admin, competition=again) == text


def test_bad_rule_refused_with_pointer(cast):
    bad = SCHEME.replace("排名倒数 <= 1", "排名倒数.__class__ <= 1")
    with pytest.raises(DomainError) as e:
        actions.competition_import_scheme(actor=cast.admin, scheme=bad)
    assert "末位黄牌" in str(e.value.message) and "__class__" in str(e.value.message)


def test_import_all_or_nothing(cast, comp):
    with pytest.raises(ImportRejected) as e:
        actions.data_import(
            actor=cast.admin,
            competition=comp,
            period="2026-01",
            data=_csv() + b"TX,1,1,1,1,0\n",
            filename="d.csv",
        )
    assert e.value.details["errors"][0]["row"] == 4
    assert not comp.entries.exists()
    with pytest.raises(DomainError) as e:
        actions.data_import(
            actor=cast.admin, competition=comp, period="2026-07", data=_csv(), filename="d.csv"
        )
    assert e.value.code == "period_outside"
    with pytest.raises(Forbidden):
        actions.data_import(
            actor=cast.clerk_a, competition=comp, period="2026-01", data=_csv(), filename="d.csv"
        )


def test_evaluate_versions_compare_and_penalty_people(cast, comp):
    actions.data_import(actor=cast.admin, competition=comp, period="2026-01", data=_csv(), filename="d.csv")
    v1 = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-01")
    res = {r.participant.code: r for r in queries.evaluation_results(actor=cast.admin, evaluation=v1)}
    assert res["TA"].rank == 1 and res["TA"].awards[0]["name"] == "第一名"
    assert res["TB"].rank == 2
    assert res["TB"].penalties[0]["people"][0]["name"] == "乙县长"
    assert any("存款" in line for line in res["TA"].explanation)
    # corrected data: TB now wins; v1 is kept, v2 is current
    actions.data_import(
        actor=cast.admin, competition=comp, period="2026-01", data=_csv(90, 115), filename="d2.csv"
    )
    v2 = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-01", note="corrected")
    v1.refresh_from_db()
    assert (v1.current, v2.current, v2.version) == (False, True, 2)
    assert queries.evaluation_current(actor=cast.admin, competition=comp, period="2026-01") == v2
    diff = queries.evaluation_compare(actor=cast.admin, a=v1, b=v2)
    assert {d["code"] for d in diff} == {"TA", "TB"}
    actions.evaluation_make_current(actor=cast.admin, evaluation=v1)
    assert queries.evaluation_current(actor=cast.admin, competition=comp, period="2026-01").pk == v1.pk
    # a quarter uses the latest month inside it
    q = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-Q1")
    assert q.summary["data_period"] == "2026-01"


def test_failed_evaluation_keeps_previous_current(cast, comp, monkeypatch):
    actions.data_import(actor=cast.admin, competition=comp, period="2026-02", data=_csv(), filename="d.csv")
    v1 = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-02")

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(evaluation_actions, "_store_results", boom)
    with pytest.raises(RuntimeError):
        actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-02")
    v1.refresh_from_db()
    assert v1.current
    assert Evaluation.objects.filter(competition=comp, period="2026-02").count() == 1


def test_disqualified_gets_no_rank_or_award(cast, comp):
    data = "id,存款,存款计划,客户,客户基数,案件事故数\nTA,120,100,50,40,1\nTB,90,100,50,45,0\n"
    actions.data_import(
        actor=cast.admin, competition=comp, period="2026-03", data=data.encode(), filename="d.csv"
    )
    ev = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-03")
    res = {r.participant.code: r for r in ev.results.select_related("participant")}
    assert res["TA"].disqualified and res["TA"].rank is None and res["TA"].awards == []
    assert res["TB"].rank == 1 and res["TB"].awards[0]["name"] == "第一名"


def test_bulletin_ledger_and_verify(cast, comp, client):
    actions.data_import(actor=cast.admin, competition=comp, period="2026-01", data=_csv(), filename="d.csv")
    ev = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-01")
    b = actions.bulletin_publish(actor=cast.admin, evaluation=ev, body="一月通报。")
    assert b.number == 1 and len(b.ledger_hash) == 64 and b.public
    assert LedgerEntry.objects.get(hash=b.ledger_hash).kind == "bulletin"
    assert ledger.verify()["ok"]
    # the public page shows the hash
    page = client.get(f"/public/contests/bulletins/{b.pk}/")
    assert page.status_code == 200 and b.ledger_hash in page.content.decode()
    assert b.title in client.get("/public/contests/").content.decode()
    # an older version cannot be published
    ev2 = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-01")
    with pytest.raises(DomainError):
        actions.bulletin_publish(actor=cast.admin, evaluation=ev)
    b2 = actions.bulletin_publish(actor=cast.admin, evaluation=ev2)
    assert b2.number == 2
    # tampering is found and named
    LedgerEntry.objects.filter(pk=LedgerEntry.objects.get(hash=b.ledger_hash).pk).update(payload={"x": 1})
    report = ledger.verify()
    assert not report["ok"] and report["broken"]["seq"] == LedgerEntry.objects.get(hash=b.ledger_hash).seq
    with pytest.raises(SystemExit) as e:
        call_command("contests", "verify")
    assert e.value.code == 1


def test_private_competition_bulletin_not_public(cast, comp, client):
    comp.public = False
    comp.save()
    actions.data_import(actor=cast.admin, competition=comp, period="2026-01", data=_csv(), filename="d.csv")
    ev = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-01")
    b = actions.bulletin_publish(actor=cast.admin, evaluation=ev)
    assert client.get(f"/public/contests/bulletins/{b.pk}/").status_code == 404
    assert client.get(f"/api/v1/contests/public/bulletins/{b.pk}").status_code == 404


def test_scoping_another_units_competition_is_not_found(cast, client_of):
    own = actions.competition_import_scheme(
        actor=cast.admin_a,
        scheme=SCHEME.replace("county-race", "ta-only").replace("organiser: TZ", "organiser: TA"),
    )
    with pytest.raises(NotFound):
        queries.competition_get(actor=cast.clerk_b, competition_id=own.pk)
    assert queries.competition_get(actor=cast.viewer_a1, competition_id=own.pk) == own  # below the organiser
    assert client_of(cast.clerk_b).get(f"/contests/{own.pk}/").status_code == 404
    assert client_of(cast.clerk_b).get(f"/api/v1/contests/competitions/{own.pk}").status_code == 404
    assert client_of(cast.clerk_a).get(f"/contests/{own.pk}/").status_code == 200
    assert client_of(cast.outsider).get(f"/api/v1/contests/competitions/{own.pk}").status_code == 404


def test_metric_indicator_feeds_an_assessment(cast):
    def on_time(ids, start, end):
        return {i: (95.0 if i == cast.county_a.pk else 80.0) for i in ids}

    metrics.register("testcontests.on_time", on_time, label="on time", unit="%")
    scheme = {
        "code": "assess",
        "name": "部门考核",
        "organiser": "TZ",
        "period": {"start": "2026-01-01", "end": "2026-12-31"},
        "cycle": "quarterly",
        "groups": [{"code": "dept", "name": "部门", "kind": "unit"}],
        "indicators": [
            {
                "code": "ontime",
                "name": "按时办结率",
                "source": "metric",
                "metric": "testcontests.on_time",
                "weight": 100,
            }
        ],
        "rules": {
            "penalties": [{"name": "低于平均", "when": "按时办结率 < 平均(按时办结率)", "card": "none"}]
        },
    }
    comp = actions.competition_import_scheme(actor=cast.admin, scheme=scheme)
    ev = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-Q1")
    res = {r.participant.code: r for r in queries.evaluation_results(actor=cast.admin, evaluation=ev)}
    assert res["TA"].rank == 1 and float(res["TA"].score) == 95.0
    assert res["TB"].penalties[0]["name"] == "低于平均"
    bad = {**scheme, "code": "assess2"}
    bad["indicators"] = [{**scheme["indicators"][0], "metric": "nope.metric"}]
    with pytest.raises(DomainError) as e:
        actions.competition_import_scheme(actor=cast.admin, scheme=bad)
    assert "nope.metric" in str(e.value.message)


def test_api_round(cast, client_of, client):
    c = client_of(cast.admin)
    r = c.post("/api/v1/contests/competitions", {"scheme": SCHEME}, content_type="application/json")
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post(
        f"/api/v1/contests/competitions/{cid}/data?period=2026-01",
        {"file": SimpleUploadedFile("d.csv", _csv())},
    )
    assert r.status_code == 201, r.content
    r = c.post(
        f"/api/v1/contests/competitions/{cid}/evaluations",
        {"period": "2026-01"},
        content_type="application/json",
    )
    assert r.status_code == 201
    eid = r.json()["id"]
    rows = c.get(f"/api/v1/contests/evaluations/{eid}/results").json()["items"]
    assert [x["id"] for x in rows] == ["TA", "TB"] and rows[0]["rank"] == 1
    r = c.post(
        f"/api/v1/contests/evaluations/{eid}/bulletins",
        {"title": "一月通报"},
        content_type="application/json",
    )
    assert r.status_code == 201
    pub = client.get("/api/v1/contests/public/bulletins").json()["items"]
    assert pub[0]["title"] == "一月通报" and pub[0]["ledger_hash"] == r.json()["ledger_hash"]
    bad = c.post(
        f"/api/v1/contests/competitions/{cid}/evaluations",
        {"period": "2027-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "period_outside"
    from yangguang.contests.api import router

    assert "/competitions" in router.path_operations and "/public/bulletins" in router.path_operations


def test_staff_pages(cast, comp, client_of):
    c = client_of(cast.admin)
    actions.data_import(actor=cast.admin, competition=comp, period="2026-01", data=_csv(), filename="d.csv")
    assert c.get("/contests/").status_code == 200
    assert "存款" in c.get(f"/contests/{comp.pk}/").content.decode()
    r = c.post(f"/contests/{comp.pk}/evaluate/", {"period": "2026-01"})
    assert r.status_code == 302
    ev = Evaluation.objects.get(competition=comp, current=True, period="2026-01")
    page = c.get(f"/contests/evaluations/{ev.pk}/").content.decode()
    assert "末位黄牌" in page and "乙县长" in page
    for fmt in ("xlsx", "docx"):
        assert c.get(f"/contests/evaluations/{ev.pk}/export.{fmt}").status_code == 200
    r = c.post(f"/contests/evaluations/{ev.pk}/publish/", {"title": "第一期"})
    b = Bulletin.objects.get(title="第一期")
    assert r.status_code == 302
    for fmt in ("xlsx", "docx"):
        assert c.get(f"/public/contests/bulletins/{b.pk}/export.{fmt}").status_code == 200
    r = c.post(
        f"/contests/{comp.pk}/import/", {"period": "2026-02", "file": _upload("id,存款,案件事故数\nZZ,1,0\n")}
    )
    assert r.status_code == 400 and "ZZ" in r.content.decode()
    r = c.post(f"/contests/{comp.pk}/import/", {"period": "2026-02", "file": _upload("id,存款\nTA,1\n")})
    assert r.status_code == 400 and "案件事故数" in r.content.decode()
    assert c.get(f"/contests/{comp.pk}/scheme.yaml").content.decode().startswith("version: 1")


def _upload(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("d.csv", text.encode())


def test_scheme_edit_page_refuses_bad_rule_and_saves_good(cast, comp, client_of):
    c = client_of(cast.admin)
    text = c.get(f"/contests/{comp.pk}/scheme/").content.decode()
    assert "county-race" in text
    yaml_text = queries.competition_export_yaml(actor=cast.admin, competition=comp)
    bad = c.post(f"/contests/{comp.pk}/scheme/", {"scheme": yaml_text.replace("排名倒数 <= 1", "open('x')")})
    assert bad.status_code == 400 and "open" in bad.content.decode() and "末位黄牌" in bad.content.decode()
    good = c.post(
        f"/contests/{comp.pk}/scheme/", {"scheme": yaml_text.replace("name: 县区竞赛", "name: 县区竞赛二")}
    )
    assert good.status_code == 302
    comp.refresh_from_db()
    assert comp.name == "县区竞赛二"
    assert (
        client_of(cast.clerk_a).post(f"/contests/{comp.pk}/scheme/", {"scheme": yaml_text}).status_code == 403
    )


def test_hand_entry_page_and_api(cast, comp, client_of):
    c = client_of(cast.admin)
    ta = comp.participants.get(code="TA")
    assert c.get(f"/contests/{comp.pk}/entry/").status_code == 200
    r = c.post(
        f"/contests/{comp.pk}/entry/",
        {
            "period": "2026-01",
            "participant": ta.pk,
            "deposit.value": "120",
            "deposit.plan": "100",
            "customers.value": "50",
            "customers.base": "40",
            "fact.incidents": "0",
        },
    )
    assert r.status_code == 302
    r = c.put(
        f"/api/v1/contests/competitions/{comp.pk}/entries/TB",
        {
            "period": "2026-01",
            "values": {"deposit": {"value": 90, "plan": 100}, "customers": {"value": 50, "base": 45}},
        },
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    bad = c.put(
        f"/api/v1/contests/competitions/{comp.pk}/entries/TB",
        {
            "period": "2026-01",
            "values": {"deposit": {"value": -5}},
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "存款" in bad.json()["message"]
    ev = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-01")
    assert [r.participant.code for r in ev.results.order_by("rank")] == ["TA", "TB"]


def test_retried_publish_with_the_same_key_publishes_once(cast, comp, client_of):
    c = client_of(cast.admin)
    actions.data_import(actor=cast.admin, competition=comp, period="2026-01", data=_csv(), filename="d.csv")
    url = f"/api/v1/contests/competitions/{comp.pk}/evaluations"
    r1 = c.post(
        url, {"period": "2026-01"}, content_type="application/json", headers={"Idempotency-Key": "ev-1"}
    )
    r2 = c.post(
        url, {"period": "2026-01"}, content_type="application/json", headers={"Idempotency-Key": "ev-1"}
    )
    assert r1.json()["id"] == r2.json()["id"] and Evaluation.objects.filter(competition=comp).count() == 1
    eid = r1.json()["id"]
    for _ in range(2):
        r = c.post(
            f"/api/v1/contests/evaluations/{eid}/bulletins",
            {"title": "一月"},
            content_type="application/json",
            headers={"Idempotency-Key": "pub-1"},
        )
        assert r.status_code == 201
    assert Bulletin.objects.filter(competition=comp).count() == 1


def test_scheme_without_groups_ranks_the_organisers_children(cast):
    comp = actions.competition_import_scheme(
        actor=cast.admin,
        scheme={
            "code": "plain",
            "name": "简单竞赛",
            "organiser": "TZ",
            "period": {"start": "2026-01-01", "end": "2026-12-31"},
            "indicators": [{"code": "x", "name": "业绩", "weight": 100}],
        },
    )
    assert sorted(comp.participants.values_list("code", "group")) == [("TA", "all"), ("TB", "all")]
    actions.data_import(
        actor=cast.admin,
        competition=comp,
        period="2026-05",
        data="id,业绩\nTA,1\nTB,2\n".encode(),
        filename="d.csv",
    )
    ev = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-05")
    assert [r.participant.code for r in ev.results.order_by("rank")] == ["TB", "TA"]

"""Organisation over the API: committee, patrols, replacements (logged with reason), code reissue,
and the final driven by the host — rounds, fouls, a dispute ruled by the jury, prizes."""

from yangguang.exams import actions
from yangguang.exams.models import Candidate, ExamEvent, Replacement, UnitResult
from yangguang.exams.testing import right_answers
from yangguang.orgs.models import Person


def test_committee_patrol_replacement_code(world, cast, client_of):
    a = client_of(cast.admin)
    ex = world.exam
    p = Person.objects.get(code="TC-05")
    r = a.post(
        f"/api/v1/exams/exams/{ex.pk}/committee",
        {"person_id": p.pk, "role": "head", "title": "组长"},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert a.get(f"/api/v1/exams/exams/{ex.pk}/committee").json()[0]["name"] == p.name
    assert (
        a.post(
            f"/api/v1/exams/exams/{ex.pk}/committee",
            {"person_id": p.pk, "role": "boss"},
            content_type="application/json",
        ).status_code
        == 400
    )
    site = ex.sittings.first().sites.first()
    r = a.post(
        f"/api/v1/exams/sites/{site.pk}/patrols",
        {"person_id": p.pk, "note": "考场秩序良好"},
        content_type="application/json",
    )
    assert r.status_code == 201
    sites = a.get(f"/api/v1/exams/exams/{ex.pk}/sites").json()
    assert any(x["patrols"] and x["patrols"][0]["note"] == "考场秩序良好" for x in sites)
    # replacement: same unit, reason required, logged
    c = next(x for x in world.candidates if x.unit.code == "TB")
    newp = Person.objects.filter(unit=c.unit).exclude(pk__in=Candidate.objects.values("person_id")).first()
    url = f"/api/v1/exams/exams/{ex.pk}/candidates/{c.pk}/replace"
    assert (
        a.post(url, {"person_id": newp.pk, "reason": " "}, content_type="application/json").status_code == 400
    )
    other = Person.objects.get(code="TA-07")
    assert (
        a.post(url, {"person_id": other.pk, "reason": "病假"}, content_type="application/json").status_code
        == 400
    )
    r = a.post(url, {"person_id": newp.pk, "reason": "病假"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["name"] == newp.name
    rep = Replacement.objects.get(exam=ex)
    assert rep.reason == "病假" and not Candidate.objects.get(pk=c.pk).active
    new = Candidate.objects.get(pk=rep.new_id)
    assert new.paper_id == c.paper_id and new.seat == c.seat
    # a lost session: a new one-time code, the old token stops working
    _c, token = actions.candidate_sign_in(exam_code=new.exam_code)
    r = a.post(f"/api/v1/exams/exams/{ex.pk}/candidates/{new.pk}/code")
    code = r.json()["exam_code"]
    assert code != new.exam_code
    assert (
        client_of(cast.outsider).get("/api/v1/exams/take/paper", HTTP_X_EXAM_TOKEN=token).status_code == 401
    )
    actions.candidate_sign_in(exam_code=code)
    assert ExamEvent.objects.filter(candidate=new, kind="code_reissued").exists()


def test_final_over_api(world, cast, client_of):
    ex = world.exam
    for c in world.candidates:
        _c, token = actions.candidate_sign_in(exam_code=c.exam_code)
        cand = actions.candidate_by_token(token)
        for q, v in right_answers(c).items():
            if not isinstance(v, str):
                actions.answer_save(candidate=cand, question_id=q, value=v)
    actions.exam_close(actor=cast.admin, exam=ex)
    actions.exam_unseal(actor=cast.admin, exam=ex)
    UnitResult.objects.filter(exam=ex).update(advanced=True)
    a = client_of(cast.admin)
    adv = a.get(f"/api/v1/exams/exams/{ex.pk}/advancement").json()
    assert len(adv) == 2 and adv[0]["rank"] == 1
    fid = a.post(
        f"/api/v1/exams/exams/{ex.pk}/finals", {"name": "决赛"}, content_type="application/json"
    ).json()["id"]
    for code in ("TC-04", "TD-04", "TA-04"):
        p = Person.objects.get(code=code)
        assert (
            a.post(
                f"/api/v1/exams/finals/{fid}/jurors", {"person_id": p.pk}, content_type="application/json"
            ).status_code
            == 201
        )
    teams = {t["team"]: t["team_id"] for t in a.get(f"/api/v1/exams/finals/{fid}/scoreboard").json()["teams"]}
    ta = next(v for k, v in teams.items() if "甲县" in k)
    tb = next(v for k, v in teams.items() if "乙县" in k)
    assert (
        a.post(
            f"/api/v1/exams/finals/{fid}/rounds", {"kind": "qiangda"}, content_type="application/json"
        ).status_code
        == 201
    )
    ev = a.post(
        f"/api/v1/exams/finals/{fid}/events",
        {"team_id": tb, "outcome": "foul"},
        content_type="application/json",
    ).json()["id"]
    a.post(
        f"/api/v1/exams/finals/{fid}/events",
        {"team_id": ta, "outcome": "correct"},
        content_type="application/json",
    )
    arb = a.post(
        f"/api/v1/exams/finals/{fid}/arbitrations",
        {"event_id": ev, "claim": "抢答灯故障，并非提前抢答"},
        content_type="application/json",
    ).json()["id"]
    for code, overturn in (("TC-04", True), ("TD-04", True)):
        p = Person.objects.get(code=code)
        r = a.post(
            f"/api/v1/exams/arbitrations/{arb}/votes",
            {"juror_person_id": p.pk, "overturn": overturn, "reason": "设备故障"},
            content_type="application/json",
        )
        assert r.status_code == 200
    assert r.json()["status"] == "overturned"
    board = client_of(cast.outsider).get(f"/api/v1/exams/finals/{fid}/scoreboard").json()  # public
    totals = {t["team_id"]: t["total"] for t in board["teams"]}
    assert totals[tb] == "0.00" and totals[ta] == "20.00"  # the foul withdrawn
    assert a.post(f"/api/v1/exams/finals/{fid}/close").status_code == 200
    r = a.post(
        f"/api/v1/exams/finals/{fid}/prizes",
        [{"level": "一等奖", "count": 1}, {"level": "二等奖", "count": 1}],
        content_type="application/json",
    )
    assert r.json()[0]["level"] == "一等奖" and "甲县" in r.json()[0]["team"]
    # the public scoreboard page and the host console render
    assert client_of(cast.outsider).get(f"/public/exams/scoreboard/{fid}/").status_code == 200
    assert a.get(f"/exams/finals/{fid}/").status_code == 200
    assert client_of(cast.clerk_b).get(f"/exams/finals/{fid}/").status_code == 404

"""The preliminary end to end through actions: answering, grading, unsealing, advancement, final."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from yangguang.core import metrics
from yangguang.core.errors import DomainError
from yangguang.exams import actions, queries
from yangguang.exams.models import Answer, Candidate, ExamEvent, SiteStaff, UnitResult
from yangguang.exams.testing import right_answers


def sit(c, answers):
    c2, token = actions.candidate_sign_in(exam_code=c.exam_code)
    cand = actions.candidate_by_token(token)
    for q, v in answers.items():
        actions.answer_save(candidate=cand, question_id=q, value=v)
    return cand, token


def test_quota_and_sites(world):
    ex = world.exam
    # 甲县 has 13 staff in its subtree (20% → 2.6 → 3), 乙县 11 (→ 2.2 → 2)
    assert Candidate.objects.filter(exam=ex).count() == 5
    eus = {eu.unit.code: eu for eu in ex.units.select_related("unit")}
    assert eus["TA"].seed == 42 and len(eus["TA"].drawn) == eus["TA"].quota
    for site in ex.sittings.first().sites.all():
        staff = list(SiteStaff.objects.filter(site=site).select_related("person__unit"))
        inv = [s.person for s in staff if s.role == "invigilator"]
        assert len(inv) == 2 and inv[0].unit_id != inv[1].unit_id
        assert all(p.unit_id != site.unit_id for p in inv)
        assert {s.role for s in staff} == {"invigilator", "leader", "liaison"}


def test_quota_larger_than_staff_refused(world, cast):
    with pytest.raises(DomainError) as e:
        actions.exam_units_set(
            actor=cast.admin, exam=world.exam, units=[world.units["TA"]], quotas={world.units["TA"].pk: 500}
        )
    assert e.value.code == "quota_too_large" and "甲县" in str(e.value.message)


def test_answering_is_idempotent_windowed_and_logged(world):
    c = world.candidates[0]
    key = right_answers(c)
    cand, token = sit(c, key)
    q = next(iter(key))
    actions.answer_save(candidate=cand, question_id=q, value=key[q])  # the same answer again
    assert Answer.objects.filter(candidate=c).count() == len(key)
    assert Answer.objects.get(candidate=c, question_id=q).revisions == 2
    # the code is one-time
    with pytest.raises(DomainError) as e:
        actions.candidate_sign_in(exam_code=c.exam_code)
    assert e.value.code == "code_used"
    assert ExamEvent.objects.filter(candidate=c, kind="code_reuse").exists()
    # a question not on the paper, a bad value
    with pytest.raises(DomainError):
        actions.answer_save(candidate=cand, question_id=999999, value=1)
    # after the window: refused, logged, nothing changed
    late = timezone.now() + timedelta(hours=2)
    with pytest.raises(DomainError) as e:
        actions.answer_save(candidate=cand, question_id=q, value=None, now=late)
    assert e.value.code == "window_closed"
    assert ExamEvent.objects.filter(candidate=c, kind="late_answer").exists()
    assert Answer.objects.get(candidate=c, question_id=q).value == key[q]
    actions.event_log(candidate=cand, kind="tab_leave")
    first = actions.candidate_submit(candidate=cand)
    again = actions.candidate_submit(candidate=cand)
    assert again["replayed"] and again["submitted_at"] == first["submitted_at"]
    with pytest.raises(DomainError) as e:
        actions.answer_save(candidate=actions.candidate_by_token(token), question_id=q, value=key[q])
    assert e.value.code == "submitted"


def test_grading_unseal_advancement_and_metrics(world, cast):
    ex = world.exam
    ta = [c for c in world.candidates if c.unit.code == "TA"]
    tb = [c for c in world.candidates if c.unit.code == "TB"]
    for c in ta:  # TA answers everything right
        sit(c, right_answers(c))
    wrong = right_answers(tb[0])
    sit(tb[0], {q: v for q, v in wrong.items() if isinstance(v, str)})  # only the short answer
    actions.exam_close(actor=cast.admin, exam=ex)
    ex.refresh_from_db()
    assert ex.status == "grading"
    assert Candidate.objects.get(pk=ta[0].pk).objective_score == Decimal("70.00")
    g1, g2, g3 = world.graders
    queue = queries.grading_queue(actor=g1, exam=ex)
    assert len(queue) == len(ta) + 1 and all("seal_code" in x for x in queue)
    for item in queue:
        actions.mark_submit(actor=g1, answer_id=item["answer_id"], points=28)
    with pytest.raises(DomainError):  # the same grader twice
        actions.mark_submit(actor=g1, answer_id=queue[0]["answer_id"], points=28)
    with pytest.raises(DomainError):  # above the maximum
        actions.mark_submit(actor=g2, answer_id=queue[0]["answer_id"], points=31)
    with pytest.raises(DomainError):  # cannot unseal with open grading
        actions.exam_unseal(actor=cast.admin, exam=ex)
    r = actions.mark_submit(actor=g2, answer_id=queue[0]["answer_id"], points=27)
    assert r["needs"] is None and r["result"] == Decimal("27.50")
    r = actions.mark_submit(actor=g2, answer_id=queue[1]["answer_id"], points=10)
    assert r["needs"] == "third"
    r = actions.mark_submit(actor=g3, answer_id=queue[1]["answer_id"], points=20)
    assert r["needs"] == "leader"
    with pytest.raises(DomainError):
        actions.mark_submit(actor=cast.admin, answer_id=queue[1]["answer_id"], points=20)
    r = actions.mark_submit(actor=world.gleader, answer_id=queue[1]["answer_id"], points=24)
    assert r["result"] == Decimal("24.00")
    for item in queue[2:]:
        actions.mark_submit(actor=g2, answer_id=item["answer_id"], points=29)
    assert queries.grading_queue(actor=g3, exam=ex) == []
    out = actions.exam_unseal(actor=cast.admin, exam=ex)
    assert out["advanced"] == [world.units["TA"].pk]
    ur = {u.unit.code: u for u in UnitResult.objects.filter(exam=ex).select_related("unit")}
    assert ur["TA"].rank == 1 and ur["TA"].advanced and not ur["TB"].advanced
    assert ur["TB"].submitted == 1  # the second TB candidate never sat: counts 0
    day = timezone.localdate(ex.sittings.first().starts_at)  # the metric counts by the local day
    m = metrics.read("exams.unit_mean_score", [world.units["TA"].pk, cast.root.pk], day, day)
    assert m[world.units["TA"].pk] == float(ur["TA"].value)
    p = metrics.read("exams.participation_rate", [world.units["TB"].pk], day, day)
    assert p[world.units["TB"].pk] == 50.0
    ps = metrics.get("exams.person_score")
    assert ps.subject == "person"
    assert ps.fn([ta[0].person_id], day, day)[ta[0].person_id] == float(
        Candidate.objects.get(pk=ta[0].pk).total
    )


def test_final_scoring_and_arbitration(world, cast):
    from yangguang.exams.testing import right_answers as ra
    from yangguang.orgs.models import Person

    ex = world.exam
    for c in world.candidates:
        sit(c, {q: v for q, v in ra(c).items() if not isinstance(v, str)})
    actions.exam_close(actor=cast.admin, exam=ex)
    actions.exam_unseal(actor=cast.admin, exam=ex)
    ex.advance_count = 2
    ex.save()
    from yangguang.exams.models import UnitResult

    UnitResult.objects.filter(exam=ex).update(advanced=True)
    f = actions.final_create(actor=cast.admin, exam=ex, name="决赛")
    ta_team, tb_team = list(f.teams.order_by("unit__code"))
    j_a = Person.objects.get(code="TA-03")
    j_c = Person.objects.get(code="TC-03")
    j_d = Person.objects.get(code="TD-03")
    for p in (j_a, j_c, j_d):
        actions.juror_add(actor=cast.admin, final=f, person=p)
    with pytest.raises(DomainError):
        actions.score_record(actor=cast.admin, final=f, team=ta_team, outcome="correct")
    actions.round_start(actor=cast.admin, final=f, kind="bida")
    actions.score_record(actor=cast.admin, final=f, team=ta_team, outcome="correct")
    actions.score_record(actor=cast.admin, final=f, team=tb_team, outcome="wrong")
    actions.round_start(actor=cast.admin, final=f, kind="qiangda")
    actions.score_record(actor=cast.admin, final=f, team=tb_team, outcome="foul")
    ev = actions.score_record(actor=cast.admin, final=f, team=ta_team, outcome="wrong", question="第3题")
    actions.round_start(actor=cast.admin, final=f, kind="fengxian")
    with pytest.raises(DomainError):
        actions.score_record(actor=cast.admin, final=f, team=tb_team, outcome="correct", value=25)
    actions.score_record(actor=cast.admin, final=f, team=tb_team, outcome="correct", value=30)
    board = queries.scoreboard(f)
    totals = {r["team"]: Decimal(r["total"]) for r in board["teams"]}
    assert totals[ta_team.name] == Decimal(-10) and totals[tb_team.name] == Decimal(20)
    arb = actions.arbitration_open(actor=cast.admin, event=ev, claim="答案“依申请公开”与标准答案同义")
    with pytest.raises(DomainError) as e:  # TA's own juror is recused
        actions.vote_cast(actor=cast.admin, arbitration=arb, juror=j_a, overturn=True)
    assert e.value.code == "recused"
    r = actions.vote_cast(actor=cast.admin, arbitration=arb, juror=j_c, overturn=True, reason="同义表述")
    assert r["status"] == "overturned" or r["status"] == "open"
    if r["status"] == "open":
        r = actions.vote_cast(actor=cast.admin, arbitration=arb, juror=j_d, overturn=True, reason="同义")
    assert r["status"] == "overturned"
    board = queries.scoreboard(f)
    totals = {r["team"]: Decimal(r["total"]) for r in board["teams"]}
    assert totals[ta_team.name] == Decimal(30)  # −20 became +20
    actions.final_close(actor=cast.admin, final=f)
    prizes = actions.prizes_award(actor=cast.admin, final=f, levels=[("一等奖", 1), ("二等奖", 1)])
    assert prizes[0].team_id == ta_team.pk


def test_no_question_before_the_sitting(cast):
    from yangguang.exams.testing import build_world

    w = build_world(cast, open_now=False)
    actions.exam_open(actor=cast.admin, exam=w.exam)  # open, but the sitting starts tomorrow
    with pytest.raises(DomainError) as e:
        actions.candidate_sign_in(exam_code=w.candidates[0].exam_code)
    assert e.value.code == "not_open"
    assert Candidate.objects.get(pk=w.candidates[0].pk).code_used_at is None
    with pytest.raises(DomainError) as e:
        actions.paper_visible(w.candidates[0])
    assert e.value.code == "not_started"

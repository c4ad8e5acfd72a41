"""Requests (依申请公开): filing, 补正 restarting the clock, consultation pauses, extension, fees, outcomes, sweeps."""

from datetime import date

import pytest
from django.utils import timezone

from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.disclosure import actions, queries, sweeps
from yangguang.disclosure.models import Request


def file(cast, received=date(2025, 11, 3), **kw):
    data = {
        "applicant_kind": "natural",
        "applicant_name": "杨某",
        "content": "2024年洱海保护专项资金使用情况",
    } | kw
    return actions.request_file(
        actor=cast.clerk_a, unit=cast.county_a, channel="in_person", submitted_on=received, **data
    )


def test_file_sets_the_20_working_day_clock(cast, frozen):
    r = file(cast)
    assert r.received_on == date(2025, 11, 3) and r.due_on == date(2025, 12, 1) and r.status == "open"
    assert len(r.query_code) == 8 and r.number.startswith("YS20251103")


def test_letter_is_received_the_day_it_is_signed_for(cast, frozen):
    r = actions.request_file(
        actor=cast.clerk_a, unit=cast.county_a, channel="letter", applicant_kind="natural", applicant_name="段某",
        content="某文件", submitted_on=date(2025, 2, 3), signed_on=date(2025, 2, 8),
    )  # fmt: skip
    assert r.received_on == date(2025, 2, 8)  # a 调休 Saturday
    assert r.due_on == date(2025, 3, 7)


@pytest.mark.parametrize(
    "kw, code",
    [
        ({"content": "  "}, "content_required"),
        ({"applicant_name": ""}, "applicant_required"),
        ({"applicant_kind": "organisation", "org_type": ""}, "org_type_required"),
        ({"received": date(2025, 12, 16)}, "date_in_future"),
    ],
)
def test_bad_requests_are_refused(cast, frozen, kw, code):
    with pytest.raises(DomainError) as e:
        file(cast, **kw)
    assert e.value.code == code
    assert not Request.objects.exists()


def test_correction_restarts_the_clock(cast, frozen):
    r = file(cast, received=date(2025, 11, 3))
    with pytest.raises(DomainError) as e:  # more than 7 working days after receipt
        actions.request_send_correction(
            actor=cast.clerk_a, request=r, notice="请明确文号", on=date(2025, 11, 13)
        )
    assert e.value.code == "correction_too_late"
    r = actions.request_send_correction(
        actor=cast.clerk_a, request=r, notice="请明确文号", on=date(2025, 11, 6)
    )
    assert r.status == "correction" and r.correction_due_on == date(2025, 11, 27)
    with pytest.raises(DomainError) as e:
        actions.request_send_correction(
            actor=cast.clerk_a, request=r, notice="再次补正", on=date(2025, 11, 7)
        )
    assert e.value.code in ("second_correction", "bad_transition")
    r = actions.request_correct(request=r, text="大理州2024年洱海保护专项资金分配文件", on=date(2025, 11, 20))
    assert r.status == "open" and r.clock_start == date(2025, 11, 20)
    assert r.due_on == date(2025, 12, 18)  # 20 working days after the corrected request arrived
    with pytest.raises(DomainError) as e:
        actions.request_send_correction(actor=cast.clerk_a, request=r, notice="第二次", on=date(2025, 11, 21))
    assert e.value.code == "second_correction"


def test_no_correction_by_the_deadline_closes_it(cast, frozen):
    r = file(cast, received=date(2025, 11, 3))
    actions.request_send_correction(
        actor=cast.clerk_a, request=r, notice="请补正", on=date(2025, 11, 4), days=5
    )
    out = sweeps.tick(timezone.now())
    assert out["closed_no_correction"] == 1
    assert sweeps.tick(timezone.now())["closed_no_correction"] == 0  # idempotent
    r.refresh_from_db()
    assert (
        r.status == "concluded"
        and r.outcome == "other.no_correction"
        and r.concluded_on == date(2025, 12, 15)
    )


def test_consultation_is_excluded_from_the_clock(cast, frozen):
    r = file(cast, received=date(2025, 9, 26))
    c = actions.request_consult(actor=cast.clerk_a, request=r, party="某企业", on=date(2025, 9, 29))
    assert c.due_on == date(2025, 10, 27)  # 15 working days for the third party (10.11 worked)
    r.refresh_from_db()
    actions.consultation_reply(actor=cast.clerk_a, consultation=c, on=date(2025, 10, 10), opinion="不同意")
    r.refresh_from_db()
    # 10.30 plus the three working days (9.29, 10.10] excludes: 9.30, 10.9, 10.10 (sending day not counted)
    assert r.due_on == date(2025, 11, 4)


def test_one_extension_of_at_most_20_days_by_the_office_head(cast, frozen):
    r = file(cast)
    on = date(2025, 11, 28)  # within the original 20 working days (due 12-01)
    with pytest.raises(Forbidden):
        actions.request_extend(
            actor=cast.clerk_a, request=r, days=10, reason="复杂", on=on
        )  # a handler is not the approver
    with pytest.raises(DomainError) as e:
        actions.request_extend(actor=cast.admin_a, request=r, days=21, reason="复杂", on=on)
    assert e.value.code == "extension_too_long"
    with pytest.raises(DomainError) as e:
        actions.request_extend(actor=cast.admin_a, request=r, days=10, reason="", on=on)
    assert e.value.code == "reason_required"
    r = actions.request_extend(
        actor=cast.admin_a, request=r, days=20, reason="需调取多年档案", on=on, notice_on=date(2025, 12, 1)
    )
    assert r.due_on == date(2025, 12, 29) and r.extension_approver == cast.admin_a
    assert (r.extension_decided_on, r.extension_notice_on) == (on, date(2025, 12, 1))
    with pytest.raises(DomainError) as e:
        actions.request_extend(actor=cast.admin_a, request=r, days=1, reason="再延", on=on)
    assert e.value.code == "second_extension"
    assert Request.objects.get(pk=r.pk).extension_days == 20


def test_extension_after_the_due_date_is_refused_and_the_request_stays_overdue(cast, frozen):
    """Issue 14: a request due 12-01 cannot be extended on 12-02 (or by default today, 12-15)."""
    r = file(cast)
    assert r.overdue and r.due_on == date(2025, 12, 1)
    for kw in ({"on": date(2025, 12, 2)}, {}):
        with pytest.raises(DomainError) as e:
            actions.request_extend(actor=cast.admin_a, request=r, days=20, reason="复杂", **kw)
        assert e.value.code == "extension_too_late"
        assert "2025-12-01" in str(e.value.message)
    with pytest.raises(DomainError) as e:  # decided in time, told too late
        actions.request_extend(
            actor=cast.admin_a,
            request=r,
            days=5,
            reason="复杂",
            on=date(2025, 11, 20),
            notice_on=date(2025, 12, 2),
        )
    assert e.value.code == "notice_too_late"
    with pytest.raises(DomainError) as e:  # before the request existed
        actions.request_extend(actor=cast.admin_a, request=r, days=5, reason="复杂", on=date(2025, 10, 1))
    assert e.value.code == "bad_date"
    r = Request.objects.get(pk=r.pk)
    assert r.overdue and r.extension_days == 0 and r.due_on == date(2025, 12, 1)


def test_fee_notice_pauses_and_unpaid_fee_closes(cast, frozen):
    r = file(cast, received=date(2025, 11, 3))
    with pytest.raises(DomainError):
        actions.request_fee_notice(
            actor=cast.clerk_a, request=r, method="pages", pages=20
        )  # under 30 pages: free
    r = actions.request_fee_notice(
        actor=cast.clerk_a, request=r, method="pages", pages=120, on=date(2025, 11, 5)
    )
    assert r.status == "fee" and r.fee_amount == 1100 and r.fee_due_on == date(2025, 12, 3)
    assert r.due_on > date(2025, 12, 1)
    assert sweeps.tick(timezone.now())["closed_no_fee"] == 1
    r.refresh_from_db()
    assert r.status == "concluded" and r.outcome == "other.no_fee"


def test_fee_paid_resumes(cast, frozen):
    r = file(cast, received=date(2025, 11, 3))
    actions.request_fee_notice(actor=cast.clerk_a, request=r, method="pages", pages=40, on=date(2025, 11, 5))
    r = actions.request_fee_paid(actor=cast.clerk_a, request=r, on=date(2025, 11, 10))
    assert r.status == "open"
    # 12.1 plus the working days (11.5, 11.10] excludes: 11.6, 11.7, 11.10 (the notice day is not counted)
    assert r.due_on == date(2025, 12, 4)


def test_fee_by_count_uses_the_applicants_month(cast, frozen):
    rs = [file(cast, received=date(2025, 11, 3), applicant_id="5329") for _ in range(11)]
    with pytest.raises(DomainError):
        actions.request_fee_notice(actor=cast.clerk_a, request=rs[9], method="count")  # the 10th is free
    r = actions.request_fee_notice(actor=cast.clerk_a, request=rs[10], method="count")
    assert r.fee_amount == 100


def test_conclude_needs_reasons_and_is_final(cast, frozen):
    r = file(cast)
    for outcome, kw, code in [
        ("", {}, "outcome_required"),
        ("withheld.state_secret", {}, "reason_required"),
        ("granted", {}, "reply_required"),
    ]:
        with pytest.raises(DomainError) as e:
            actions.request_conclude(actor=cast.clerk_a, request=r, outcome=outcome, **kw)
        assert e.value.code == code
    r = actions.request_conclude(
        actor=cast.clerk_a,
        request=r,
        outcome="partial",
        reason="涉及第三方商业秘密",
        reply="<p>见附件<script>x</script></p>",
        on=date(2025, 11, 28),
    )
    assert r.status == "concluded" and not r.overdue and "<script" not in r.reply
    with pytest.raises(DomainError):
        actions.request_conclude(actor=cast.clerk_a, request=r, outcome="granted", reply="x")


def test_late_answer_is_overdue_and_sweep_flags_open_ones(cast, frozen):
    late = file(cast, received=date(2025, 10, 9))
    still_open = file(cast, received=date(2025, 10, 10))
    actions.request_conclude(
        actor=cast.clerk_a, request=late, outcome="granted", reply="见附件", on=date(2025, 12, 1)
    )
    assert Request.objects.get(pk=late.pk).overdue
    Request.objects.filter(pk=still_open.pk).update(overdue=False)
    assert sweeps.tick(timezone.now())["overdue_requests"] == 1
    assert sweeps.tick(timezone.now())["overdue_requests"] == 0


def test_public_tracking_needs_number_and_code(cast, frozen):
    r = actions.request_file(
        unit=cast.county_a, applicant_kind="natural", applicant_name="市民", content="公交线路调整依据"
    )
    assert r.handler is None
    assert queries.request_track(number=r.number, code=r.query_code.lower()) == r
    for number, code in [(r.number, "WRONG123"), ("YS0", r.query_code), ("", "")]:
        with pytest.raises(NotFound):
            queries.request_track(number=number, code=code)


def test_request_scoping(cast, frozen):
    r = file(cast)
    assert queries.request_get(actor=cast.supervisor, request_id=r.pk) == r
    for who in (cast.clerk_b, cast.outsider, cast.viewer_a1):
        with pytest.raises(NotFound):
            queries.request_get(actor=who, request_id=r.pk)
    with pytest.raises(NotFound):
        actions.request_conclude(actor=cast.clerk_b, request=r, outcome="granted", reply="x")


def test_appeals(cast, frozen):
    r = file(cast)
    a = actions.appeal_create(
        actor=cast.clerk_a, unit=cast.county_a, request=r, kind="review", filed_on=date(2025, 12, 1)
    )
    with pytest.raises(DomainError):
        actions.appeal_decide(actor=cast.clerk_a, appeal=a, result="pending", on=date(2025, 12, 10))
    a = actions.appeal_decide(actor=cast.clerk_a, appeal=a, result="corrected", on=date(2025, 12, 10))
    assert a.result == "corrected"
    with pytest.raises(DomainError):
        actions.appeal_decide(actor=cast.clerk_a, appeal=a, result="upheld", on=date(2025, 12, 11))


def test_bad_clock_inputs_change_nothing(cast, frozen):
    """Issue 14: a reply before its letter, absurd periods, a correction before receipt: refused, unchanged."""
    r = file(cast)
    c = actions.request_consult(actor=cast.clerk_a, request=r, party="某企业", on=date(2025, 11, 10))
    due = Request.objects.get(pk=r.pk).due_on
    with pytest.raises(DomainError) as e:
        actions.consultation_reply(actor=cast.clerk_a, consultation=c, on=date(2025, 11, 7))
    assert e.value.code == "bad_date"
    for days in (0, -5, 10**6, "abc"):
        with pytest.raises(DomainError):
            actions.request_extend(
                actor=cast.admin_a, request=r, days=days, reason="复杂", on=date(2025, 11, 20)
            )
    with pytest.raises(DomainError) as e:
        actions.request_send_correction(actor=cast.clerk_a, request=r, notice="补正", on=date(2025, 10, 31))
    assert e.value.code == "correction_too_late"
    r = Request.objects.get(pk=r.pk)
    assert r.due_on == due and r.extension_days == 0 and r.correction_sent_on is None
    assert r.consultations.get().replied_on is None

"""Issue 14: 行政许可法 art. 32(4), 42, 45 on the case clock; explanation lines add up (hypothesis)."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yangguang.core.errors import DomainError
from yangguang.services import actions, rules
from yangguang.services.models import Case
from yangguang.workdays.calendar import WorkCalendar

TZ = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()


def _submit(cast, svc, on=date(2025, 3, 3)):
    case, _code = actions.case_submit(
        actor=cast.clerk_a,
        item_id=svc.item.pk,
        applicant_name="张三",
        at=datetime(on.year, on.month, on.day, 9, tzinfo=TZ),
    )
    return case


def test_late_supplement_notice_means_deemed_accepted_on_receipt(cast, svc):
    case = _submit(cast, svc)  # materials received Monday 2025-03-03; notice due by 03-10
    with pytest.raises(DomainError) as e:
        actions.case_supplement(actor=cast.clerk_a, case_id=case.pk, missing=["照片"], on=date(2025, 3, 11))
    assert e.value.code == "deemed_accepted" and e.value.details["deemed_accepted_on"] == "2025-03-03"
    assert Case.objects.get(pk=case.pk).status == "submitted"  # nothing changed
    case = actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 14))
    assert case.deemed_accepted and case.accepted_on == date(2025, 3, 3)
    assert case.due_on == CAL.add_workdays(date(2025, 3, 3), case.limit_days).date


def test_timely_notice_then_acceptance_after_the_corrected_materials(cast, svc):
    case = _submit(cast, svc)
    actions.case_supplement(actor=cast.clerk_a, case_id=case.pk, missing=["照片"], on=date(2025, 3, 10))
    with pytest.raises(DomainError) as e:  # corrected materials cannot precede the notice
        actions.case_resubmit(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 7))
    assert e.value.code == "invalid_date"
    actions.case_resubmit(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 12))
    with pytest.raises(DomainError):  # acceptance cannot be dated before the materials
        actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 11))
    case = actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 13))
    assert not case.deemed_accepted and case.accepted_on == date(2025, 3, 13)


def test_extension_at_most_ten_once_and_within_the_original_period(cast, svc):
    case = _submit(cast, svc)
    case = actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 3))
    due = case.due_on
    kw = {"actor": cast.clerk_a, "case_id": case.pk, "approver_id": svc.boss.pk, "reason": "复杂"}
    with pytest.raises(DomainError) as e:
        actions.case_extend(days=11, on=date(2025, 3, 4), **kw)
    assert e.value.code == "invalid_limit" and e.value.details["max"] == 10
    with pytest.raises(DomainError) as e:  # decided the day after it fell due: refused, still overdue
        actions.case_extend(days=5, on=due + timedelta(days=1), **kw)
    assert e.value.code == "extension_too_late"
    with pytest.raises(DomainError) as e:  # before acceptance
        actions.case_extend(days=5, on=date(2025, 3, 1), **kw)
    assert e.value.code == "invalid_date"
    assert Case.objects.get(pk=case.pk).due_on == due
    case = actions.case_extend(days=10, on=date(2025, 3, 4), told_on=date(2025, 3, 5), **kw)
    assert case.due_on == CAL.add_workdays(date(2025, 3, 3), case.limit_days + 10).date
    with pytest.raises(DomainError) as e:
        actions.case_extend(days=1, on=date(2025, 3, 5), **kw)
    assert e.value.code == "second_extension"


def test_extension_caps():
    assert rules.extension_cap(joint=False) == (10, rules.ART["extension"])
    assert rules.extension_cap(joint=True) == (15, rules.ART["joint_extension"])
    assert rules.extension_cap(joint=False, item_limit=30, item_basis="《某法》第十条") == (
        30,
        "《某法》第十条",
    )
    assert rules.extension_cap(joint=False, item_limit=30, item_basis=" ")[0] == 10  # no basis, no override


def test_pause_records_the_written_notice(cast, svc):
    case = _submit(cast, svc)
    actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 3))
    with pytest.raises(DomainError):
        actions.case_pause(
            actor=cast.clerk_a, case_id=case.pk, kind="expert", reason="r", on=date(2025, 3, 4),
            notice_on=date(2025, 3, 1),
        )  # fmt: skip
    actions.case_pause(
        actor=cast.clerk_a, case_id=case.pk, kind="expert", reason="专家评审", on=date(2025, 3, 4),
        notice_on=date(2025, 3, 5), expected_days=10,
    )  # fmt: skip
    p = Case.objects.get(pk=case.pk).pauses.get()
    assert (p.notice_on, p.expected_days) == (date(2025, 3, 5), 10)
    case = actions.case_resume(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 4))  # same day
    assert case.due_on == CAL.add_workdays(date(2025, 3, 3), case.limit_days).date  # excludes nothing


days = st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 6, 30))


@settings(max_examples=150, deadline=None)
@given(
    accepted=days,
    limit=st.integers(0, 30),
    ext=st.integers(0, 15),
    raw=st.lists(st.tuples(st.integers(0, 40), st.one_of(st.none(), st.integers(0, 20))), max_size=3),
    deemed=st.booleans(),
)
def test_case_lines_add_up_to_the_due_date(accepted, limit, ext, raw, deemed):
    pauses = [
        (
            "expert",
            accepted + timedelta(days=a),
            None if w is None else accepted + timedelta(days=a + w),
            None,
            None,
        )
        for a, w in raw
    ]
    case = SimpleNamespace(
        submitted_on=accepted, accepted_on=accepted, materials_on=accepted, supplement_notice_on=None,
        deemed_accepted=deemed, limit_days=limit, joint=False,
    )  # fmt: skip
    exts = [(ext, accepted, accepted, "r")] if ext else []
    ex = rules.explain_case(CAL, case, pauses=pauses, extensions=exts)
    closed = [(a, b) for _k, a, b, _n, _e in pauses if b is not None]
    assert ex.due == rules.due_date(CAL, accepted, limit, ext, closed).due
    assert ex.total == sum(ln.days for ln in ex.lines)
    assert CAL.add_workdays(accepted, ex.total).date == ex.due
    assert all(ln.article for ln in ex.lines)


def test_item_extension_override_needs_its_basis_and_applies(cast, svc):
    with pytest.raises(DomainError) as e:
        actions.item_create(
            actor=cast.admin, unit_id=cast.county_a.pk, code="TA-X", name="特别事项", promised_limit=5,
            extension_limit=30,
        )  # fmt: skip
    assert e.value.code == "basis_required"
    with pytest.raises(DomainError) as e:
        actions.item_create(
            actor=cast.admin, unit_id=cast.county_a.pk, code="TA-X", name="特别事项", promised_limit=5,
            extension_limit=10**6, extension_basis="《某法》",
        )  # fmt: skip
    assert e.value.code == "invalid_limit"
    item = actions.item_create(
        actor=cast.admin, unit_id=cast.county_a.pk, code="TA-X", name="特别事项", promised_limit=5,
        extension_limit=30, extension_basis="《某法》第十条",
    )  # fmt: skip
    actions.item_submit(actor=cast.admin, item_id=item.pk)
    actions.item_publish(actor=cast.admin, item_id=item.pk)
    case, _code = actions.case_submit(
        actor=cast.clerk_a, item_id=item.pk, applicant_name="李四",
        at=datetime(2025, 3, 3, 9, tzinfo=TZ),
    )  # fmt: skip
    actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=date(2025, 3, 3))
    case = actions.case_extend(
        actor=cast.clerk_a, case_id=case.pk, days=30, approver_id=svc.boss.pk, reason="依法延长",
        on=date(2025, 3, 4),
    )  # fmt: skip
    assert case.extension_days == 30

"""The statutory clocks: known dates around Spring Festival and National Day, 调休 Saturdays, hypothesis."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yangguang.disclosure import clock, fees
from yangguang.workdays.calendar import WorkCalendar

CAL = WorkCalendar()


@pytest.mark.parametrize(
    "received, due",
    [
        (
            date(2025, 1, 24),
            date(2025, 2, 27),
        ),  # across Spring Festival (1.28–2.4), 1.26 and 2.8 are workdays
        (date(2025, 2, 8), date(2025, 3, 7)),  # received on a Saturday that is an adjusted workday
        (date(2025, 9, 26), date(2025, 10, 30)),  # across National Day (10.1–10.8), 9.28 and 10.11 worked
        (date(2025, 9, 28), date(2025, 10, 31)),  # received on the 调休 Sunday 2025-09-28
        (date(2025, 10, 1), date(2025, 11, 4)),  # received on a holiday: the first counted day is 10.9
    ],
)
def test_answer_due_on_known_dates(received, due):
    c = clock.answer_clock(CAL, received)
    assert c.due == due and c.verified and c.start == received


def test_adjusted_saturday_counts_as_a_working_day():
    # Received Friday 2025-02-07: the 调休 Saturday 2025-02-08 is day 1.
    assert CAL.add_workdays(date(2025, 2, 7), 1).date == date(2025, 2, 8)
    assert clock.answer_clock(CAL, date(2025, 2, 7)).due == date(2025, 3, 6)


def test_correction_restarts_the_clock_from_the_corrected_request():
    received = date(2025, 3, 3)
    plain = clock.answer_clock(CAL, received)
    corrected = clock.answer_clock(CAL, received, corrected_on=date(2025, 3, 14))
    assert plain.due == date(2025, 3, 31)
    assert corrected.start == date(2025, 3, 14)
    assert corrected.due == date(2025, 4, 14)  # 20 working days after 3.14; 4.4 清明 is a holiday


def test_consultation_days_do_not_count():
    received = date(2025, 9, 26)
    paused = clock.answer_clock(CAL, received, pauses=[(date(2025, 9, 29), date(2025, 10, 10))])
    # the letter's day is not counted: (9.29, 10.10] excludes 9.30, 10.9, 10.10
    assert paused.due == date(2025, 11, 4)


def test_consultation_answered_after_two_weeks_excludes_ten_days():
    """Issue 14: sent 2025-11-05, answered 11-19 -> 10 working days, not 11; unanswered -> 15."""
    received = date(2025, 11, 3)
    plain = clock.answer_clock(CAL, received).due
    answered = clock.answer_clock(CAL, received, pauses=[(date(2025, 11, 5), date(2025, 11, 19))]).due
    assert CAL.workdays_between(plain, answered) == 10
    sent = date(2025, 11, 5)
    unanswered = clock.answer_clock(CAL, received, pauses=[(sent, clock.consultation_due(CAL, sent).date)])
    assert CAL.workdays_between(plain, unanswered.due) == 15


def test_a_pause_before_the_restart_counts_for_nothing():
    c = clock.answer_clock(
        CAL, date(2025, 3, 3), corrected_on=date(2025, 3, 14), pauses=[(date(2025, 3, 5), date(2025, 3, 7))]
    )
    assert c.due == date(2025, 4, 14)


def test_extension_once_and_at_most_twenty():
    c = clock.answer_clock(CAL, date(2025, 3, 3), extension_days=20)
    assert c.due == CAL.add_workdays(date(2025, 3, 3), 40).date
    clock.check_extension(0, 20)
    with pytest.raises(clock.ClockError) as e:
        clock.check_extension(10, 5)
    assert e.value.code == "second_extension"
    for bad in (0, 21):
        with pytest.raises(clock.ClockError):
            clock.check_extension(0, bad)


def test_publication_and_other_deadlines():
    assert clock.publication_due(CAL, date(2025, 1, 24)).date == date(2025, 2, 27)
    assert clock.is_published_late(CAL, date(2025, 1, 24), date(2025, 2, 28))
    assert not clock.is_published_late(CAL, date(2025, 1, 24), date(2025, 2, 27))
    assert clock.correction_notice_due(CAL, date(2025, 9, 26)).date == date(2025, 10, 13)  # 10.11 worked
    assert clock.consultation_due(CAL, date(2025, 9, 26)).date == CAL.add_workdays(date(2025, 9, 26), 15).date
    assert clock.fee_payment_due(CAL, date(2025, 1, 24)).date == date(2025, 2, 27)


def test_receipt_date_by_channel():
    d = date(2025, 5, 6)
    assert clock.receipt_date("letter", d, signed_on=date(2025, 5, 9)) == date(2025, 5, 9)
    assert clock.receipt_date("online", d, confirmed_on=date(2025, 5, 7)) == date(2025, 5, 7)
    assert clock.receipt_date("in_person", d, signed_on=date(2025, 5, 9)) == d


def test_light():
    due = date(2025, 3, 31)
    assert clock.light(date(2025, 4, 1), due, CAL) == "red"
    assert clock.light(date(2025, 3, 28), due, CAL) == "yellow"
    assert clock.light(date(2025, 3, 3), due, CAL) == "green"


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(days, st.integers(0, 30), st.integers(0, 20))
def test_clock_properties(received, correction_after, ext):
    plain = clock.answer_clock(CAL, received)
    # exactly 20 working days lie in (received, due], and the due date is a working day
    assert CAL.workdays_between(received, plain.due) == 20
    assert CAL.is_workday(plain.due)
    corrected = clock.answer_clock(CAL, received, corrected_on=received + timedelta(days=correction_after))
    assert corrected.due >= plain.due
    extended = clock.answer_clock(CAL, received, extension_days=ext)
    assert CAL.workdays_between(plain.due, extended.due) == ext


@settings(max_examples=200, deadline=None)
@given(days, st.integers(0, 25), st.integers(0, 20))
def test_pauses_push_the_due_date_by_exactly_the_paused_working_days(received, offset, length):
    a = received + timedelta(days=offset)
    b = a + timedelta(days=length)
    plain = clock.answer_clock(CAL, received)
    paused = clock.answer_clock(CAL, received, pauses=[(a, b)])
    lo = max(a, received)  # a pause's first day is not counted
    hi = min(b, paused.due)
    paused_workdays = CAL.workdays_between(lo, hi) if hi > lo else 0
    assert CAL.workdays_between(received, paused.due) == 20 + paused_workdays
    assert paused.due >= plain.due


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 200))
def test_fee_tiers_are_monotone(n):
    assert fees.fee_for_nth_request(n + 1) >= fees.fee_for_nth_request(n)
    assert fees.fee_by_pages(n + 1) >= fees.fee_by_pages(n)
    assert fees.fee_by_count(0, n) == sum(fees.fee_for_nth_request(i) for i in range(1, n + 1))


def test_fee_tiers_known_values():
    assert [fees.fee_for_nth_request(n) for n in (1, 10, 11, 30, 31, 40, 41, 51)] == [
        0,
        0,
        100,
        100,
        200,
        200,
        300,
        400,
    ]
    assert fees.fee_by_pages(30) == 0
    assert fees.fee_by_pages(31) == 10
    assert fees.fee_by_pages(100) == 700
    assert fees.fee_by_pages(101) == 720
    assert fees.fee_by_pages(200) == 700 + 2000
    assert fees.fee_by_pages(201) == 2740

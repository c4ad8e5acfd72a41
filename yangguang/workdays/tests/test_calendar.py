"""Working-day arithmetic: known dates, fallback years, overrides, and hypothesis properties."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yangguang.workdays.calendar import CalendarError, WorkCalendar

CAL = WorkCalendar().preload(2004, 2030)
starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 6, 30))


def test_national_day_2025():
    # 2025-09-28 (Sunday) and 2025-10-11 (Saturday) were adjusted workdays; Oct 1–8 off.
    due = CAL.add_workdays(date(2025, 9, 26), 20)
    assert due.date == date(2025, 10, 30) and due.verified


def test_start_day_not_counted_and_weekend_start():
    assert CAL.add_workdays(date(2025, 11, 3), 1).date == date(2025, 11, 4)
    # received on a Saturday: Monday is day 1
    assert CAL.add_workdays(date(2025, 11, 8), 1).date == date(2025, 11, 10)


def test_adjusted_saturday_counts():
    # 2025-02-08 (Saturday) was a 调休 workday after Spring Festival.
    assert CAL.is_workday(date(2025, 2, 8))
    assert not CAL.is_workday(date(2025, 1, 29))  # 春节
    assert CAL.add_workdays(date(2025, 2, 7), 1).date == date(2025, 2, 8)


def test_zero_is_same_day_and_negative_refused():
    assert CAL.add_workdays(date(2025, 3, 3), 0).date == date(2025, 3, 3)
    with pytest.raises(CalendarError):
        CAL.add_workdays(date(2025, 3, 3), -1)


def test_unknown_year_falls_back_unverified():
    cal = WorkCalendar()
    due = cal.add_workdays(date(2027, 9, 26), 20)
    assert due.verified is False
    # National Day 2027: Oct 1–3 statutory holidays, no 调休 → Oct 4 is a working day.
    assert not cal.is_workday(date(2027, 10, 1)) and cal.is_workday(date(2027, 10, 4))
    # 2027 Spring Festival: 除夕 Feb 5 and Feb 6–8 are statutory (lunar computed).
    assert not cal.is_workday(date(2027, 2, 5)) and not cal.is_workday(date(2027, 2, 8))


def test_year_spanning_into_unknown_year_is_unverified():
    assert CAL.add_workdays(date(2026, 12, 20), 20).verified is False


def test_overrides_win_and_notice_verifies():
    base = WorkCalendar()
    cal = WorkCalendar({date(2027, 10, 4): False, date(2027, 9, 26): True}, notice_years=[2027])
    assert cal.is_workday(date(2027, 9, 26)) and not cal.is_workday(date(2027, 10, 4))
    assert cal.add_workdays(date(2027, 9, 24), 1).date == date(2027, 9, 26)
    assert cal.add_workdays(date(2027, 9, 24), 20).verified is True
    assert base.add_workdays(date(2027, 9, 24), 1).date == date(2027, 9, 27)


def test_between_counts_half_open():
    assert CAL.workdays_between(date(2025, 9, 26), date(2025, 10, 30)) == 20
    assert CAL.workdays_between(date(2025, 10, 30), date(2025, 9, 26)) == -20
    assert CAL.workdays_between(date(2025, 10, 1), date(2025, 10, 1)) == 0


def test_pause_excludes_its_working_days():
    start = date(2025, 3, 3)
    plain = CAL.add_workdays(start, 10).date
    # Wed to Fri: the first day is not counted, so Thu and Fri are excluded
    paused = CAL.add_workdays(start, 10, pauses=[(date(2025, 3, 5), date(2025, 3, 7))]).date
    assert CAL.workdays_between(plain, paused) == 2
    assert CAL.excluded_workdays([(date(2025, 3, 5), date(2025, 3, 7))]) == 2


def test_same_day_pause_excludes_nothing():
    start = date(2025, 3, 3)
    d = date(2025, 3, 5)
    assert CAL.add_workdays(start, 10, pauses=[(d, d)]) == CAL.add_workdays(start, 10)
    assert CAL.excluded_workdays([(d, d)]) == 0


def test_monday_to_monday_pause_excludes_five():
    assert CAL.excluded_workdays([(date(2025, 3, 3), date(2025, 3, 10))]) == 5
    plain = CAL.add_workdays(date(2025, 3, 3), 10).date
    paused = CAL.add_workdays(date(2025, 3, 3), 10, pauses=[(date(2025, 3, 3), date(2025, 3, 10))]).date
    assert CAL.workdays_between(plain, paused) == 5


@settings(max_examples=300, deadline=None)
@given(starts, st.integers(min_value=1, max_value=60))
def test_due_is_a_working_day(start, n):
    assert CAL.is_workday(CAL.add_workdays(start, n).date)


@settings(max_examples=300, deadline=None)
@given(starts, st.integers(min_value=0, max_value=60))
def test_between_inverts_add(start, n):
    due = CAL.add_workdays(start, n).date
    if n == 0:
        assert due == start
    else:
        assert CAL.workdays_between(start, due) == n


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(min_value=1, max_value=59))
def test_monotone_in_n(start, n):
    assert CAL.add_workdays(start, n).date < CAL.add_workdays(start, n + 1).date


@settings(max_examples=300, deadline=None)
@given(
    starts,
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=0, max_value=20),
)
def test_pause_of_k_working_days_moves_due_by_k(start, n, offset, length):
    plain = CAL.add_workdays(start, n).date
    a = start + timedelta(days=offset)
    b = a + timedelta(days=length)
    if a > plain:  # a pause after the due date changes nothing
        assert CAL.add_workdays(start, n, pauses=[(a, b)]).date == plain
        return
    paused = CAL.add_workdays(start, n, pauses=[(a, b)]).date
    # k = the working days of the pause that the clock would otherwise have counted
    k = CAL.workdays_between(max(a, start), min(b, paused)) if b > a else 0
    assert CAL.workdays_between(plain, paused) == k
    assert CAL.is_workday(paused)


def _brute_excluded(pauses, start, end):
    n, d = 0, start
    while d < end:
        d += timedelta(days=1)
        if CAL.is_workday(d) and any(a < d <= b for a, b in pauses):
            n += 1
    return n


pause_lists = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 15)), max_size=4)


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(min_value=1, max_value=40), pause_lists)
def test_due_moves_by_exactly_the_excluded_working_days(start, n, raw):
    """For any pause list: (start, due] holds n counted days plus exactly the days the pauses exclude,
    the due date is a counted working day, and no earlier day would do."""
    pauses = [(start + timedelta(days=a), start + timedelta(days=a + w)) for a, w in raw]
    due = CAL.add_workdays(start, n, pauses).date
    excluded = CAL.excluded_workdays(pauses, start, due)
    assert excluded == _brute_excluded(pauses, start, due)
    assert CAL.workdays_between(start, due) == n + excluded
    assert CAL.is_workday(due) and not any(a < due <= b for a, b in pauses)

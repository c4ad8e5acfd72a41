"""Hypothesis for the pure rules: due dates with pauses and extensions, lights, classes."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from yangguang.services import rules
from yangguang.workdays.calendar import WorkCalendar

CAL = WorkCalendar()
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def brute_due(start: date, n: int, pauses) -> date:
    """Walk day by day: count working days after start that no pause (first, last] excludes."""
    if n == 0:
        return start
    d, k = start, 0
    while k < n:
        d += timedelta(days=1)
        if CAL.is_workday(d) and not any(a < d <= b for a, b in pauses):
            k += 1
    return d


@settings(max_examples=150, deadline=None)
@given(
    start=days,
    n=st.integers(0, 40),
    ext=st.integers(0, 10),
    pauses=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 15)), max_size=3),
)
def test_due_date_matches_day_by_day_walk(start, n, ext, pauses):
    spans = [(start + timedelta(days=a), start + timedelta(days=a + w)) for a, w in pauses]
    got = rules.due_date(CAL, start, n, ext, spans)
    want = brute_due(start, n + ext, spans if n + ext else [])
    assert got.due == want
    assert got.due >= start
    # more time (an extension or a pause) never brings the due date forward
    assert rules.due_date(CAL, start, n, ext + 1, spans).due > got.due
    assert got.due >= rules.due_date(CAL, start, n, ext).due


@settings(max_examples=100, deadline=None)
@given(start=days, n=st.integers(1, 30))
def test_start_day_not_counted(start, n):
    due = rules.due_date(CAL, start, n).due
    assert CAL.workdays_between(start, due) == n
    assert CAL.is_workday(due)


@given(start=days)
def test_instant_item_is_due_same_day_even_when_paused(start):
    assert rules.due_date(CAL, start, 0, 0, [(start, start + timedelta(days=3))]).due == start


@settings(max_examples=100, deadline=None)
@given(due=days, today=days, k=st.integers(0, 5))
def test_light_order(due, today, k):
    line = rules.yellow_line(CAL, today, k)
    light = rules.light(due, today, line)
    if due < today:
        assert light == "red"
    elif due <= line:
        assert light == "yellow" and CAL.workdays_between(today, due) <= k
    else:
        assert light == "green" and CAL.workdays_between(today, due) >= k
    assert rules.light(due, today, line, open_=False) == ""


@given(
    status=st.sampled_from(rules.STATUSES),
    joint=st.booleans(),
    supplements=st.integers(0, 3),
    limit=st.integers(0, 30),
)
def test_case_class_is_derived(status, joint, supplements, limit):
    c = rules.case_class(status=status, joint=joint, supplements=supplements, limit_days=limit)
    assert c in rules.CASE_CLASS_LABELS
    if status in ("returned", "refused"):
        assert c == "returned"
    elif joint:
        assert c == "joint"
    elif supplements:
        assert c == "supplement"
    else:
        assert c == ("promised" if limit else "handled")


@settings(max_examples=100, deadline=None)
@given(
    start=days,
    span=st.integers(0, 40),
    pauses=st.lists(st.tuples(st.integers(-5, 45), st.integers(0, 10)), max_size=3),
)
def test_paused_workdays_brute(start, span, pauses):
    end = start + timedelta(days=span)
    spans = [(start + timedelta(days=a), start + timedelta(days=a + w)) for a, w in pauses]
    want = sum(
        1
        for i in range(1, span + 1)
        if CAL.is_workday(start + timedelta(days=i))
        and any(a < start + timedelta(days=i) <= b for a, b in spans)
    )
    assert rules.paused_workdays(CAL, spans, start, end) == want


def test_transition_table_is_closed():
    for (s, v), new in rules.TRANSITIONS.items():
        assert s in rules.STATUSES and new in rules.STATUSES and v in rules.VERB_LABELS
    for s in ("completed", "refused", "returned"):
        assert rules.allowed_verbs(s) == []

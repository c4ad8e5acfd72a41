"""Issue 14: every request clock explained — the lines add up to the due date (hypothesis)."""

from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from yangguang.disclosure import clock
from yangguang.workdays.calendar import WorkCalendar

CAL = WorkCalendar()
days = st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 6, 30))


def _req(received, **kw):
    base = dict(
        received_on=received,
        corrected_on=None,
        correction_sent_on=None,
        correction_due_on=None,
        extension_days=0,
        extension_reason="",
        extension_decided_on=None,
        extension_notice_on=None,
        fee_notice_on=None,
        fee_paid_on=None,
        fee_due_on=None,
        status="open",
    )
    return SimpleNamespace(**(base | kw))


def _pauses(req, cons):
    out = [(sent, replied or due) for _p, sent, replied, due in cons]
    if req.fee_notice_on:
        out.append((req.fee_notice_on, req.fee_paid_on or req.fee_due_on))
    return out


@settings(max_examples=150, deadline=None)
@given(
    received=days,
    corrected_after=st.one_of(st.none(), st.integers(1, 20)),
    ext=st.integers(0, 20),
    cons=st.lists(st.tuples(st.integers(0, 30), st.one_of(st.none(), st.integers(0, 25))), max_size=3),
    fee=st.one_of(st.none(), st.tuples(st.integers(0, 20), st.one_of(st.none(), st.integers(0, 15)))),
)
def test_lines_add_up_to_the_due_date(received, corrected_after, ext, cons, fee):
    kw = {"extension_days": ext}
    if corrected_after is not None:
        kw |= {
            "correction_sent_on": received + timedelta(days=1),
            "correction_due_on": received + timedelta(days=25),
            "corrected_on": received + timedelta(days=corrected_after),
        }
    if fee is not None:
        n = received + timedelta(days=fee[0])
        kw |= {
            "fee_notice_on": n,
            "fee_due_on": clock.fee_payment_due(CAL, n).date,
            "fee_paid_on": None if fee[1] is None else n + timedelta(days=fee[1]),
        }
    req = _req(received, **kw)
    consultations = []
    for off, ans in cons:
        sent = received + timedelta(days=off)
        consultations.append(
            (
                "某企业",
                sent,
                None if ans is None else sent + timedelta(days=ans),
                clock.consultation_due(CAL, sent).date,
            )
        )
    expected = clock.answer_clock(
        CAL, received, corrected_on=req.corrected_on, pauses=_pauses(req, consultations), extension_days=ext
    )
    ex = clock.explain_request(CAL, req, consultations)
    assert ex.due == expected.due and ex.start == expected.start
    # the sum of the lines, counted plainly on the calendar, gives the due date
    assert ex.total == sum(ln.days for ln in ex.lines)
    assert CAL.add_workdays(ex.start, ex.total).date == ex.due
    assert {ln.kind for ln in ex.lines} >= {"received", "limit"}
    assert all(ln.article for ln in ex.lines)


def test_the_issue_example_reads_as_lines():
    """Received 11-03, consultation 11-05 → 11-19 (10 days), extension 20: 50 working days after 11-03."""
    req = _req(date(2025, 11, 3), extension_days=20, extension_decided_on=date(2025, 11, 20))
    ex = clock.explain_request(
        CAL, req, [("某企业", date(2025, 11, 5), date(2025, 11, 19), date(2025, 11, 26))]
    )
    got = [(ln.kind, ln.days) for ln in ex.lines]
    assert got == [("received", 0), ("limit", 20), ("extension", 20), ("consultation", 10)]
    assert ex.total == 50 and ex.due == CAL.add_workdays(date(2025, 11, 3), 50).date

"""An assessment whose ranks follow from seeded case and request data.

The case and request metrics belong to other apps (services, disclosure), which supervision never
imports: the test registers metrics of the same shape over seeded rows, as those apps do.
"""

from datetime import date

import pytest

from yangguang.core import metrics
from yangguang.core.errors import DomainError, NotFound
from yangguang.orgs.models import Unit

from .. import actions, queries

# (unit code, accepted, due, completed or None)
CASES = (
    [("TA", date(2026, 2, 1), date(2026, 2, 10), date(2026, 2, 9))] * 9
    + [("TA", date(2026, 2, 1), date(2026, 2, 10), date(2026, 2, 20))]
    + [("TB", date(2026, 2, 1), date(2026, 2, 10), date(2026, 2, 9))] * 6
    + [("TB", date(2026, 2, 1), date(2026, 2, 10), None)] * 4
    + [("TC", date(2026, 2, 1), date(2026, 2, 10), date(2026, 2, 10))] * 3
    + [("TC", date(2026, 2, 1), date(2026, 2, 10), date(2026, 2, 11))]
)
# (unit code, received, overdue?)
REQUESTS = [("TB", date(2026, 1, 5), True)] * 3 + [
    ("TC", date(2026, 3, 5), True),
    ("TA", date(2026, 3, 5), False),
]


def _by_code(ids):
    return {u.code: u.pk for u in Unit.objects.filter(pk__in=ids)}


def on_time_rate(ids, start, end):
    codes = _by_code(ids)
    out = {}
    for code, uid in codes.items():
        rows = [c for c in CASES if c[0] == code and start <= c[1] <= end]
        ok = sum(1 for c in rows if c[3] is not None and c[3] <= c[2])
        out[uid] = round(100 * ok / len(rows), 2) if rows else None
    return out


def overdue_requests(ids, start, end):
    codes = _by_code(ids)
    return {
        uid: float(sum(1 for r in REQUESTS if r[0] == code and start <= r[1] <= end and r[2]))
        for code, uid in codes.items()
    }


@pytest.fixture
def assessed(cast, world):
    metrics.register("casetest.on_time_rate", on_time_rate, label="On-time rate", unit="%")
    metrics.register(
        "casetest.overdue_requests", overdue_requests, label="Overdue requests", higher_is_better=False
    )
    county_c = Unit.objects.get(pk=cast.root.pk).add_child(code="TC", name="丙县", kind=cast.county_a.kind)
    # task completion: 甲县 on time (task_a due 03-31), 乙县 late (a task due in Q1, accepted after)
    actions.task_accept(actor=cast.supervisor, task=world.task_a, on=date(2026, 3, 30))
    late = actions.task_create(
        actor=cast.supervisor,
        plan=world.plan,
        part=world.part,
        title="乙县季度任务",
        unit=cast.county_b,
        deadline=date(2026, 2, 28),
    )
    actions.task_accept(actor=cast.supervisor, task=late, on=date(2026, 3, 15))
    a = actions.assessment_create(
        actor=cast.supervisor,
        unit=cast.root,
        title="县市政务公开季考核",
        participants=[cast.county_a, cast.county_b, county_c],
        indicators=[
            {"metric": "casetest.on_time_rate", "weight": 50},
            {"metric": "casetest.overdue_requests", "weight": 20},
            {"metric": "supervision.task_completion_rate", "weight": 30},
        ],
        links=[
            {"top": 1, "adjust": 10, "label": "上浮"},
            {"last": 1, "adjust": -20, "label": "黄牌，扣减当季绩效"},
        ],
    )
    yield a, county_c
    for name in ("casetest.on_time_rate", "casetest.overdue_requests"):
        metrics._registry.pop(name, None)


def test_quarterly_ranks_follow_from_the_seeded_data(cast, assessed):
    a, county_c = assessed
    run = actions.assessment_evaluate(actor=cast.supervisor, assessment=a, period="2026Q1")
    rows = {r["unit_name"]: r for r in run.rows}
    assert rows["甲县"]["inputs"] == {
        "casetest.on_time_rate": 90.0,
        "casetest.overdue_requests": 0.0,
        "supervision.task_completion_rate": 100.0,
    }
    assert rows["乙县"]["inputs"]["supervision.task_completion_rate"] == 0.0
    assert rows["丙县"]["inputs"]["supervision.task_completion_rate"] is None  # no task due: not applicable
    assert [(r["unit_name"], r["rank"]) for r in sorted(run.rows, key=lambda r: r["rank"])] == [
        ("甲县", 1),
        ("丙县", 2),
        ("乙县", 3),
    ]
    assert rows["甲县"]["total"] == 100.0 and rows["乙县"]["total"] == 0.0
    # no task due at 丙县: that indicator has no score and adds nothing (as in the competition engine)
    assert rows["丙县"]["total"] == pytest.approx((50 * 50 + 20 * 200 / 3) / 100, abs=0.01)
    assert (
        run.engine == "supervision" and "refused" in run.engine_note
    )  # a supervisor may not define competitions
    assert (rows["甲县"]["adjust"], rows["丙县"]["adjust"], rows["乙县"]["adjust"]) == (10, 0, -20)
    assert rows["乙县"]["link"] == "黄牌，扣减当季绩效"
    assert rows["甲县"]["head"] == "甲县长"  # the link reaches the unit head (一把手)


def test_the_competition_engine_runs_the_assessment(cast, assessed):
    """An administrator of the organiser drives the competition engine; the ranks are the same."""
    a, _c = assessed
    local = actions.assessment_evaluate(actor=cast.supervisor, assessment=a, period="2026Q1")
    local_ranks = {r["unit_name"]: (r["rank"], r["total"], r["adjust"]) for r in local.rows}
    a.runs.all().delete()
    run = actions.assessment_evaluate(actor=cast.admin, assessment=a, period="2026Q1")
    assert run.engine == "contests" and run.evaluation_id
    a.refresh_from_db()
    assert a.competition_id and a.start == date(2026, 1, 1) and a.end == date(2026, 3, 31)
    assert {r["unit_name"]: (r["rank"], r["total"], r["adjust"]) for r in run.rows} == local_ranks
    actions.bulletin_publish(actor=cast.admin, run=run)
    run.refresh_from_db()
    number, seal = run.bulletin_ref.split(":")
    assert number == "1" and len(seal) == 64
    # a month later: the competition's period widens; a month has no link to performance
    month = actions.assessment_evaluate(actor=cast.admin, assessment=a, period="2026-04")
    assert month.engine == "contests" and all(r["adjust"] == 0 for r in month.rows)


def test_monthly_bulletin_is_published_and_frozen(cast, assessed, client):
    a, _c = assessed
    run = actions.assessment_evaluate(actor=cast.supervisor, assessment=a, period="2026-02")
    assert run.cadence == "month" and all(r["adjust"] == 0 for r in run.rows)  # the link is quarterly
    actions.bulletin_publish(actor=cast.supervisor, run=run)
    assert "1. 甲县" in run.bulletin_text
    with pytest.raises(DomainError):
        actions.assessment_evaluate(actor=cast.supervisor, assessment=a, period="2026-02")
    with pytest.raises(DomainError):
        actions.bulletin_publish(actor=cast.supervisor, run=run)
    assert "县市政务公开季考核" in client.get(f"/public/supervision/bulletins/{run.pk}/").content.decode()


def test_assessment_validation_and_scoping(cast, assessed):
    a, _c = assessed
    with pytest.raises(DomainError) as e:
        actions.assessment_evaluate(actor=cast.supervisor, assessment=a, period="2026Q9")
    assert e.value.code == "bad_period"
    with pytest.raises(DomainError) as e:
        actions.assessment_create(
            actor=cast.supervisor,
            unit=cast.root,
            title="x",
            participants=[cast.county_a, cast.county_b],
            indicators=[{"metric": "nope.metric", "weight": 1}],
        )
    assert e.value.code == "unknown_metric"
    with pytest.raises(DomainError):
        actions.assessment_evaluate(actor=cast.clerk_a, assessment=a, period="2026Q1")
    run = actions.assessment_evaluate(actor=cast.supervisor, assessment=a, period="2026Q1")
    assert queries.run_get(actor=cast.clerk_a, run_id=run.pk) == run  # a participant sees its ranking
    with pytest.raises(NotFound):
        queries.run_get(actor=cast.outsider, run_id=run.pk)


def test_supervision_metrics_are_registered():
    names = set(metrics.names())
    for n in (
        "supervision.task_completion_rate",
        "supervision.overdue_tasks",
        "supervision.open_findings",
        "supervision.study_hours",
        "supervision.coverage",
    ):
        assert n in names
    assert metrics.get("supervision.overdue_tasks").higher_is_better is False
    assert metrics.get("supervision.open_findings").higher_is_better is False
    assert metrics.get("supervision.study_hours").subject == "person"
    assert metrics.get("supervision.unit_study_hours").subject == "unit"


def test_finding_and_task_metrics(cast, world):
    q1 = (date(2026, 1, 1), date(2026, 3, 31))
    q2 = (date(2026, 4, 1), date(2026, 6, 30))
    ids = [cast.root.pk, cast.county_a.pk, cast.county_b.pk]
    assert metrics.read("supervision.overdue_tasks", ids, *q1) == {
        cast.root.pk: 1,
        cast.county_a.pk: 1,
        cast.county_b.pk: 0,
    }
    assert metrics.read("supervision.inspection_findings", ids, *q2) == {
        cast.root.pk: 3,
        cast.county_a.pk: 2,
        cast.county_b.pk: 1,
    }
    assert metrics.read("supervision.open_findings", ids, *q2)[cast.root.pk] == 2

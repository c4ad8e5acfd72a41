from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import translation

from yangguang.core import metrics
from yangguang.services import actions, sweeps
from yangguang.services.models import Card, Case, LightEvent, Notification

TZ = ZoneInfo("Asia/Shanghai")


def at(d: date, h=20):
    return datetime(d.year, d.month, d.day, h, tzinfo=TZ)


def _open_case(cast, svc, name="甲", accepted=date(2025, 3, 3)):
    case, _ = actions.case_submit(
        actor=cast.clerk_a, item_id=svc.item.pk, applicant_name=name, at=at(accepted, 9)
    )
    return actions.case_accept(actor=cast.clerk_a, case_id=case.pk, on=accepted)


def test_sweep_records_each_change_once_and_notifies(cast, svc):
    case = _open_case(cast, svc)
    assert case.due_on == date(2025, 3, 10)
    r = sweeps.tick(at(date(2025, 3, 5)))
    assert r["cases"]["light_changes"] == 0
    r = sweeps.tick(at(date(2025, 3, 7)))  # Friday: one working day left -> yellow
    assert r["cases"]["light_changes"] == 1
    assert sweeps.tick(at(date(2025, 3, 7)))["cases"]["light_changes"] == 0  # idempotent
    r = sweeps.tick(at(date(2025, 3, 11)))
    assert r["cases"] == {
        "open_cases": 1,
        "light_changes": 1,
        "yellow_cards": 1,
        "red_cards": 0,
        "notifications": 2,  # one digest each for the handler and the supervisor
    }
    assert all(
        "2 条" in n.text and "红灯" in n.text and "黄牌" in n.text
        for n in Notification.objects.filter(created_at=at(date(2025, 3, 11)))
    )
    with translation.override("en"):  # worded at read, in the reader's language
        assert all(
            n.message.startswith("E-supervision: 2 reminders on 1 cases")
            and "red light" in n.message
            and "one yellow card" in n.message
            for n in Notification.objects.filter(created_at=at(date(2025, 3, 11)))
        )
    notified = set(Notification.objects.values_list("person__code", flat=True))
    assert notified == {"P-clerk_a", "P-boss-a"}  # the handler and the unit's supervisor
    assert list(LightEvent.objects.filter(case=case).order_by("id").values_list("old", "new")) == [
        ("green", "yellow"),
        ("yellow", "red"),
    ]
    r = sweeps.tick(at(date(2025, 3, 14)))  # red for 3 working days past due -> red card
    assert r["cases"]["red_cards"] == 1 and r["cases"]["light_changes"] == 0
    assert sweeps.tick(at(date(2025, 3, 17)))["cases"]["red_cards"] == 0
    assert sorted(Card.objects.filter(case=case).values_list("level", flat=True)) == ["red", "yellow"]


def test_concurrent_claim_only_once(cast, svc):
    case = _open_case(cast, svc)
    first = sweeps._claim("services_case", "light_state", "red", "green", [case.pk])
    second = sweeps._claim("services_case", "light_state", "red", "green", [case.pk])
    assert first == [case.pk] and second == []


def test_yellow_days_configurable(cast, svc):
    actions.settings_update(actor=cast.admin, unit_id=cast.county_a.pk, yellow_days=3)
    _open_case(cast, svc)
    r = sweeps.tick(at(date(2025, 3, 5)))  # due 10th: 3 working days left -> yellow with k=3
    assert r["cases"]["light_changes"] == 1


def test_paused_case_has_no_light(cast, svc):
    case = _open_case(cast, svc)
    actions.case_pause(
        actor=cast.clerk_a, case_id=case.pk, kind="testing", reason="检测", on=date(2025, 3, 4)
    )
    assert sweeps.tick(at(date(2025, 3, 20)))["cases"]["open_cases"] == 0


def test_overdue_inquiry_and_hotline_light_up(cast, svc):
    from yangguang.orgs.models import Person, Post

    inq = actions.inquiry_log(actor=cast.clerk_a, asker_name="游客", question="怎么办证")
    r = sweeps.tick(at(date(2099, 1, 1)))
    assert r["inquiries"]["light_changes"] == 1
    inq.refresh_from_db()
    assert inq.light_state == "red"
    liaison = Person.objects.create(code="P-li", name="联络员", unit=cast.county_a)
    Post.objects.create(person=liaison, unit=cast.county_a, role="liaison")
    o = actions.hotline_log(actor=cast.clerk_a, kind="help", caller_name="市民", content="求助")
    actions.hotline_dispatch(
        actor=cast.clerk_a, order_id=o.pk, unit_id=cast.county_a.pk, liaison_id=liaison.pk
    )
    r = sweeps.tick(at(date(2099, 1, 1)))
    assert r["hotline"]["light_changes"] == 1
    assert Notification.objects.filter(person=liaison).exists()


def test_metrics_registered_and_read(cast, svc):
    names = metrics.names()
    for n in [
        "services.on_time_rate",
        "services.early_rate",
        "services.same_day_rate",
        "services.overdue_count",
        "services.avg_workdays",
        "services.return_rate",
        "services.satisfaction",
        "services.received",
        "services.completed",
        "services.hotline_on_time_rate",
        "services.hotline_satisfaction",
        "services.person_on_time_rate",
        "services.hotline_liaison_on_time_rate",
    ]:
        assert n in names, n
    assert metrics.get("services.overdue_count").higher_is_better is False
    assert metrics.get("services.person_on_time_rate").subject == "person"
    assert metrics.get("services.hotline_on_time_rate").subject == "unit"

    on_time = _open_case(cast, svc, "甲")
    actions.case_complete(
        actor=cast.clerk_a, case_id=on_time.pk, result="approved", document_no="1", on=date(2025, 3, 5)
    )
    late = _open_case(cast, svc, "乙")
    actions.case_complete(
        actor=cast.clerk_a, case_id=late.pk, result="approved", document_no="2", on=date(2025, 3, 12)
    )
    _open_case(cast, svc, "丙")  # still open, overdue by the end of the year
    ids = [cast.root.pk, cast.county_a.pk, cast.county_b.pk]
    y = (date(2025, 1, 1), date(2025, 12, 31))
    assert metrics.read("services.on_time_rate", ids, *y) == {ids[0]: 50.0, ids[1]: 50.0, ids[2]: None}
    assert metrics.read("services.received", ids, *y) == {ids[0]: 3, ids[1]: 3, ids[2]: 0}
    assert metrics.read("services.completed", ids, *y)[ids[1]] == 2
    assert metrics.read("services.overdue_count", ids, *y)[ids[1]] == 2
    assert metrics.read("services.early_rate", ids, *y)[ids[1]] == 50.0
    assert metrics.read("services.avg_workdays", ids, *y)[ids[1]] == (2 + 7) / 2
    # a window rating
    actions.rating_window(actor=cast.clerk_a, case_id=late.pk, level=4)
    actions.rating_window(actor=cast.clerk_a, case_id=on_time.pk, level=1)
    today = date.today()
    assert metrics.read("services.satisfaction", ids, date(2025, 1, 1), today)[ids[1]] == 50.0
    pid = cast.clerk_a.person.pk
    assert metrics.read("services.person_on_time_rate", [pid], *y) == {pid: 50.0}
    assert Case.objects.filter(status="completed").count() == 2


def test_counters_rebuilt_from_cases_match_the_incremental_ones(cast, svc):
    from yangguang.services import queries, rollup
    from yangguang.services.models import CaseDay

    a = _open_case(cast, svc, "甲")
    actions.case_complete(
        actor=cast.clerk_a, case_id=a.pk, result="approved", document_no="1", on=date(2025, 3, 12)
    )
    b = _open_case(cast, svc, "乙")
    actions.case_return(actor=cast.clerk_a, case_id=b.pk, reason="撤回")
    actions.rating_window(actor=cast.clerk_a, case_id=a.pk, level=5)
    today = date.today()
    paths = [cast.root.path, cast.county_a.path]
    before = queries.figures_for_paths(paths, date(2025, 1, 1), today)
    fields = ["unit_id", "handler_id", "day", *rollup.COUNTERS]
    incremental = sorted(CaseDay.objects.values_list(*fields))
    rollup.rebuild()
    assert sorted(CaseDay.objects.values_list(*fields)) == incremental
    assert queries.figures_for_paths(paths, date(2025, 1, 1), today) == before
    assert (
        before[cast.county_a.path]["return_rate"] == 50.0
        and before[cast.county_a.path]["satisfaction"] == 0.0
    )

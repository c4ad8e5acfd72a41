"""`/`: the public front door for a visitor, the workbench once signed in; the metrics page."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from yangguang.portal import workbench

TZ = ZoneInfo("Asia/Shanghai")
CODE = re.compile(r"\b[a-z]+\.[a-z_]+\b")  # a metric or workbench key such as services.on_time_rate


@pytest.fixture
def cases(cast):
    """A published item at 甲县, one case overdue since 2025 and one waiting for acceptance."""
    from yangguang.services import actions

    item = actions.item_create(
        actor=cast.admin, unit_id=cast.county_a.pk, code="TA-0001", name="个体工商户营业执照核发",
        promised_limit=5, statutory_limit=15,
    )  # fmt: skip
    actions.item_submit(actor=cast.admin, item_id=item.pk)
    actions.item_publish(actor=cast.admin, item_id=item.pk)
    old, _code = actions.case_submit(
        actor=cast.clerk_a, item_id=item.pk, applicant_name="张三", at=datetime(2025, 3, 3, 9, tzinfo=TZ)
    )
    actions.case_accept(actor=cast.clerk_a, case_id=old.pk, on=date(2025, 3, 3))
    actions.case_submit(actor=cast.clerk_a, item_id=item.pk, applicant_name="李四")
    return item


def _texts(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S))


def test_visitor_gets_the_front_door_with_one_search_box(client, cast, cases):
    r = client.get("/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="front-search"' in html and 'name="q"' in html
    search = re.search(r'<form class="searchbox"[^>]*action="([^"]+)"[^>]*method="get"', html)
    assert search and search.group(1).endswith("/public/search/")
    for name, args in (
        ("portal:services_public:catalogue", ()),
        ("portal:services_public:lookup", ()),
        ("portal:services_public:item", (cases.pk,)),
        ("portal:disclosure_public:track", ()),
        ("portal:disclosure_public:catalogue", ()),
        ("portal:contests_public:bulletins", ()),
        ("portal:supervision_public:inspections", ()),
        ("portal:services_public:ratings", ()),
        ("portal:exams_public:sign_in", ()),
        ("login", ()),
    ):
        assert f'"{reverse(name, args=args)}"' in html, name
    assert "<h1>工作台</h1>" not in html and 'href="/services/"' not in html  # no workbench, no staff menu
    assert '<a class="brand" href="/">' in html  # the logo leads back here, not to the login page


def test_public_page_is_the_same_front_door(client, cast):
    assert client.get("/public/").templates[0].name == "portal/home.html"


def test_signed_in_person_gets_the_workbench_with_counts(client_of, cast, cases):
    html = client_of(cast.clerk_a).get("/").content.decode()
    assert "<h1>工作台</h1>" in html
    overdue = re.search(r'data-key="services.cases_overdue">.*?<span class="count">(\d+)</span>', html, re.S)
    waiting = re.search(
        r'data-key="services.cases_to_accept">.*?<span class="count">(\d+)</span>', html, re.S
    )
    assert overdue and overdue.group(1) == "1"
    assert waiting and waiting.group(1) == "1"
    assert "/services/cases/?light=red" in html
    assert not CODE.search(_texts(html)), CODE.search(_texts(html))


def test_workbench_counts_stay_in_scope(cast, cases):
    today = timezone.localdate()
    mine = {r["key"]: r["count"] for r in workbench.rows(cast.clerk_a, today)}
    other = {r["key"]: r["count"] for r in workbench.rows(cast.clerk_b, today)}
    boss = {r["key"]: r["count"] for r in workbench.rows(cast.supervisor, today)}
    assert mine["services.cases_overdue"] == 1 and mine["services.cases_to_accept"] == 1
    assert other["services.cases_overdue"] == 0 and other["services.cases_to_accept"] == 0
    assert boss["services.cases_overdue"] == 1  # the prefecture sees its counties
    # nothing to do: the row is counted but not listed
    assert not any(
        r["key"] == "services.cases_overdue" for g in workbench.todo(cast.clerk_b, today) for r in g["rows"]
    )


def test_every_domain_answers_the_workbench(cast):
    rows = workbench.rows(cast.supervisor, timezone.localdate())
    assert {r["domain"] for r in rows} >= {"services", "disclosure", "supervision"}
    assert all(r["count"] is not None for r in rows)  # no domain failed
    assert all(r["href"].startswith("/") for r in rows)


def test_a_failing_domain_does_not_take_the_workbench_down(client_of, cast, monkeypatch):
    from yangguang.disclosure import queries

    def boom(actor, today):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(queries, "workbench_counts", boom)
    r = client_of(cast.clerk_a).get("/")
    assert r.status_code == 200 and 'data-key="disclosure.error"' in r.content.decode()


def test_metrics_page_has_names_units_and_no_codes(client, client_of, cast):
    assert client.get("/metrics/").status_code == 302  # staff only
    html = client_of(cast.clerk_a).get("/metrics/").content.decode()
    text = _texts(html)
    assert "按时办结率" in text and "%" in text and "越高越好" in text and "越低越好" in text
    assert not CODE.search(text), CODE.search(text)
    main = _texts(re.search(r"<main.*?</main>", html, re.S).group(0))
    english = re.findall(r"[A-Za-z]{3,}", main)  # e.g. a domain's docstring shown as a description
    assert not english, english[:5]
    # every domain says what its metrics count (supervision's were English docstrings, so hidden)
    assert "期内到期的任务中，按期完成的比例。" in text and "本单位在岗人员期内人均学习培训学时。" in text

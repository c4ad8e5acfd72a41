"""The workbench counts against the demo world (built once for tests/demo): every demo login's rows,
counted again here straight from the tables, and shown on `/` with their Chinese labels."""

import re

from django.db.models import Q
from django.utils import timezone

from yangguang.portal import workbench

from .conftest import LOGINS


def _paths(user, roles=None) -> list[str]:
    from yangguang.orgs.models import Post

    posts = Post.objects.filter(person__user=user)
    if roles:
        posts = posts.filter(role__in=roles)
    return [p.unit.path for p in posts.select_related("unit")]


def _under(paths, field) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


def check_workbench_counts_match_the_demo_tables(demo_users: dict, client_of) -> None:
    from yangguang.contests.models import Event
    from yangguang.disclosure.models import Request
    from yangguang.exams.models import Exam
    from yangguang.services.models import Case, FirstInquiry

    demo = demo_users
    today = timezone.localdate()
    assert set(demo) == set(LOGINS)
    seen = {}
    for name, user in demo.items():
        rows = {r["key"]: r for r in workbench.rows(user, today)}
        assert all(r["count"] is not None for r in rows.values()), name  # no domain failed
        paths = _paths(user)
        expected = {
            "services.cases_overdue": Case.objects.filter(
                _under(paths, "unit_path"), status="accepted", due_on__lt=today
            ).count(),
            "services.cases_to_accept": Case.objects.filter(
                _under(paths, "unit_path"), status="submitted"
            ).count(),
            "services.inquiries_mine": FirstInquiry.objects.filter(
                owner__user=user, answered_at__isnull=True
            ).count(),
            "disclosure.requests_overdue": Request.objects.filter(
                _under(paths, "unit__path"), due_on__lt=today
            )
            .exclude(status="concluded")
            .count(),
            "contests.events_open": Event.objects.filter(
                _under(_paths(user, ("admin",)), "organiser__path"), status="open"
            ).count(),
            "exams.sitting_open": Exam.objects.filter(
                _under(_paths(user, ("admin",)), "unit__path"), status="open"
            ).count(),
        }
        got = {k: rows[k]["count"] for k in expected}
        assert got == expected, name
        seen[name] = {k: r["count"] for k, r in rows.items() if r["count"]}

        html = client_of(user).get("/").content.decode()
        assert "<h1>工作台</h1>" in html
        for key, count in seen[name].items():
            m = re.search(rf'data-key="{re.escape(key)}">.*?<span class="count">(\d+)</span>', html, re.S)
            assert m and int(m.group(1)) == count, (name, key)
        if not seen[name]:
            assert 'id="todo-empty"' in html
    # the demo world gives the service centre and the prefecture work to do, and the court its open review
    assert seen["centre"].get("services.cases_overdue", 0) > 0
    assert seen["dali"].get("services.cases_overdue", 0) > 0
    assert seen["court"].get("contests.events_open", 0) == 1
    assert seen["jinan"].get("exams.sitting_open", 0) == 1

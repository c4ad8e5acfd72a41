"""Pages that offered the wrong next step: exam stage buttons after publication, and the services tab
bar where 收件 looked like the selected tab (issue 12)."""

import re

import pytest

from yangguang.exams.models import Exam

STAGE = re.compile(r"/exams/\d+/do/(quota_draw|seats|invigilation|papers_assign|open|close|unseal|draw)/")


@pytest.fixture
def world(cast):
    from yangguang.exams.testing import build_world

    return build_world(cast)


@pytest.mark.parametrize(
    "status, offered",
    [
        ("draft", {"quota_draw", "seats", "invigilation", "papers_assign", "open", "draw"}),
        ("open", {"close"}),
        ("grading", {"unseal"}),
        ("published", set()),
    ],
)
def test_exam_page_offers_only_the_steps_its_status_allows(world, cast, client_of, status, offered):
    Exam.objects.filter(pk=world.exam.pk).update(status=status)
    html = client_of(cast.admin).get(f"/exams/{world.exam.pk}/").content.decode()
    assert {m.group(1) for m in STAGE.finditer(html)} == offered


def test_services_tabs_mark_the_page_and_new_case_is_an_action(cast, client_of):
    html = client_of(cast.clerk_a).get("/services/cases/").content.decode()
    nav = re.search(r'<nav class="tabs".*?</nav>', html, re.S).group(0)
    current = re.findall(r'<a class="([^"]+)" href="([^"]+)" aria-current="page"', nav)
    assert current == [("tab", "/services/cases/")]
    new_case = re.search(r'<a class="([^"]+)" href="/services/cases/new/"', nav)
    assert new_case and "tab" not in new_case.group(1).split() and "primary" not in new_case.group(1)

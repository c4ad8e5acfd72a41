"""Issue 16 item 1: drawing papers with a bad or missing blueprint is the page's error, not a 500."""

import pytest
from django.contrib.messages import get_messages


@pytest.mark.parametrize(
    "posted",
    [
        {},
        {"blueprint": ""},
        {"blueprint": "abc"},
        {"blueprint": "999999"},
        {"blueprint": "99999999999999999999999"},
    ],
)
def test_draw_without_a_good_blueprint_says_so(world, client_of, posted):
    c = client_of(world.setter)
    c.raise_request_exception = True
    r = c.post(f"/exams/{world.exam.pk}/do/draw/", posted)
    assert r.status_code == 302, r.status_code
    assert [m.level_tag for m in get_messages(r.wsgi_request)] == ["error"]

"""The public layout's fixed parts are rendered once per process for anonymous visitors ({% memo %},
issue 15), and nothing per request or per person leaks through them; the record page's one-statement
read shows what the record holds."""

import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from yangguang.core.templatetags import memo
from yangguang.disclosure.categories import ensure
from yangguang.disclosure.models import Attachment, Disclosure, Publication

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_memo():
    memo.clear()
    yield
    memo.clear()


def _csrf(html: str) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)


def _next(html: str) -> str:
    return re.search(r'name="next" value="([^"]*)"', html).group(1)


def test_each_anonymous_request_gets_its_own_path_and_no_token(cast):
    a, b = Client(enforce_csrf_checks=True), Client()
    r1 = a.get("/public/services/")
    first = r1.content.decode()
    second = b.get("/public/services/?page=2").content.decode()
    assert memo._MEMO, "the layout was memoised"
    assert _next(first) == "/public/services/" and _next(second) == "/public/services/?page=2"
    # A visitor's page is the same for every visitor: no token in it, no CSRF cookie set by it …
    for html in (first, second):
        assert "X-CSRFToken" not in html and "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in r1.cookies
    # … and the language switch on it works without one.
    r = a.post("/i18n/setlang/", {"language": "en", "next": "/public/services/"})
    assert r.status_code == 302 and r.cookies["django_language"].value == "en"


def test_a_visitor_with_a_session_and_staff_still_get_their_own_token(cast):
    c = Client()
    c.cookies["sessionid"] = "not-a-session"  # not the lean path: the session is looked up
    one, two = (c.get("/public/services/").content.decode() for _ in range(2))
    assert _csrf(one) and _csrf(two)
    staff = Client()
    staff.force_login(cast.clerk_a)
    assert _csrf(staff.get("/public/services/").content.decode())


def test_the_active_entry_and_the_language_are_part_of_the_key(cast):
    c = Client()
    front = c.get("/").content.decode()
    other = c.get("/public/services/").content.decode()
    active = 'class="active" aria-current="page">'
    assert active + "公开" in front.replace("\n", "") or active in front
    assert front.count('aria-current="page"') == 1 and other.count('aria-current="page"') == 0
    c.cookies["django_language"] = "en"
    english = c.get("/public/services/").content.decode()
    assert "Log in" in english and "Log in" not in other


def test_a_signed_in_persons_layout_is_never_memoised(cast):
    anon = Client().get("/public/services/").content.decode()
    c = Client()
    c.force_login(cast.clerk_a)
    mine = c.get("/public/services/").content.decode()
    who = '<span class="who">clerk_a</span>'
    assert who in mine and who not in anon
    assert who not in Client().get("/public/services/").content.decode()  # nor served to the next


def test_the_record_page_shows_its_channels_attachments_and_validity(cast):
    cat = next(iter(ensure().values()))
    d = Disclosure.objects.create(
        unit=cast.county_a, category=cat, title="洱海保护条例", body="<p>正文</p>", doc_number="大政发〔2025〕3号",
        formed_on=date(2025, 3, 1), due_on=date(2025, 3, 1), status="published", published_on=date(2025, 3, 2),
        validity="repealed", validity_changed_on=date(2025, 6, 1), validity_reason="已被新条例取代",
    )  # fmt: skip
    Publication.objects.create(
        disclosure=d, unit=cast.county_a, channel="gazette", issue="第3期", published_on=d.published_on
    )
    Publication.objects.create(
        disclosure=d, unit=cast.county_a, channel="website", published_on=d.published_on
    )
    a = Attachment(disclosure=d, name="条例全文.pdf")
    a.file.save("t.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    html = Client().get(f"/public/disclosure/r/{d.pk}/").content.decode()
    assert "大政发〔2025〕3号" in html and cast.county_a.name in html and cat.name in html
    assert "政府公报 第3期" in html.replace("\n", "") or "第3期" in html
    assert "gazette" not in html and "website" not in html and "repealed" not in html  # labels, not codes
    assert "已被新条例取代" in html and "2025-06-01" in html
    assert "条例全文.pdf" in html and a.file.url in html
    assert Client().get(f"/public/disclosure/r/{2**63}/").status_code == 404

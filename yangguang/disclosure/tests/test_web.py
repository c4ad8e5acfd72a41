"""Staff pages, public pages, feeds, the DCAT catalogue and the API, end to end over HTTP."""

import json
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from yangguang.disclosure import actions
from yangguang.disclosure.models import Disclosure, Request

from .test_records import make, through_chain


@pytest.fixture
def published(cast, cats, frozen):
    a = make(cast, cats, title="大理州洱海保护条例实施细则", doc_number="大政发〔2025〕12号")
    b = make(cast, cats, title="内部会议纪要", audience="internal")
    through_chain(cast, cats, [a, b])
    return Disclosure.objects.get(pk=a.pk), Disclosure.objects.get(pk=b.pk)


def test_staff_pages_render(cast, cats, frozen, published, client_of):
    c = client_of(cast.clerk_a)
    r = actions.request_file(
        actor=cast.clerk_a, unit=cast.county_a, applicant_kind="natural", applicant_name="杨某", content="x"
    )
    pages = [
        reverse("disclosure:home"),
        reverse("disclosure:records"),
        reverse("disclosure:records") + "?late=1&q=洱海",
        reverse("disclosure:record", args=[published[0].pk]),
        reverse("disclosure:record_new"),
        reverse("disclosure:lists"),
        reverse("disclosure:list", args=[published[0].disclosure_list_id]),
        reverse("disclosure:requests"),
        reverse("disclosure:request", args=[r.pk]),
        reverse("disclosure:request_new"),
        reverse("disclosure:report") + "?unit=TA&year=2025",
        reverse("disclosure:categories"),
    ]
    for url in pages:
        resp = c.get(url)
        assert resp.status_code == 200, url
    assert "洱海" in c.get(reverse("disclosure:records") + "?q=洱海").content.decode()


def test_staff_pages_are_scoped(cast, cats, frozen, published, client_of):
    c = client_of(cast.clerk_b)
    assert c.get(reverse("disclosure:record", args=[published[0].pk])).status_code == 404
    assert c.get(reverse("disclosure:list", args=[published[0].disclosure_list_id])).status_code == 404
    assert c.get(reverse("disclosure:report") + "?unit=TA&year=2025").status_code == 404
    assert Client().get(reverse("disclosure:home")).status_code == 302  # login required


def test_staff_request_flow_over_http(cast, frozen, client_of):
    c = client_of(cast.clerk_a)
    resp = c.post(reverse("disclosure:request_new"), {
        "unit": "TA", "applicant_kind": "organisation", "org_type": "commercial", "applicant_name": "某公司",
        "content": "招标文件", "channel": "letter", "submitted_on": "2025-12-01", "signed_on": "2025-12-03",
    })  # fmt: skip
    r = Request.objects.get()
    assert resp.status_code == 302 and r.received_on == date(2025, 12, 3)
    url = reverse("disclosure:request_act", args=[r.pk, "conclude"])
    c.post(url, {"outcome": "withheld.process", "on": "2025-12-10"})  # no reason: refused, nothing changed
    assert Request.objects.get().status == "open"
    c.post(url, {"outcome": "withheld.process", "reason": "属于过程性信息", "on": "2025-12-10"})
    assert Request.objects.get().outcome == "withheld.process"
    resp = c.get(reverse("disclosure:request_letter", args=[r.pk]))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")


def test_staff_review_chain_over_http(cast, cats, frozen, client_of):
    c, boss = client_of(cast.clerk_a), client_of(cast.admin_a)
    c.post(
        reverse("disclosure:record_new"),
        {
            "unit": "TA",
            "category": "licensing",
            "title": "许可决定",
            "formed_on": "2025-12-01",
            "audience": "public",
        },
    )
    d = Disclosure.objects.get()
    c.post(reverse("disclosure:lists"), {"unit": "TA", "period": "2025-12"})
    lst = d.unit.disclosure_lists.get()
    c.post(reverse("disclosure:list_act", args=[lst.pk, "add"]), {"records": [d.pk]})
    c.post(
        reverse("disclosure:list_act", args=[lst.pk, "publish"]),
        {"on": "2025-12-12", "channels": ["website"]},
    )
    assert Disclosure.objects.get().status == "listed"  # refused: not approved
    c.post(reverse("disclosure:list_act", args=[lst.pk, "submit"]))
    boss.post(reverse("disclosure:list_act", args=[lst.pk, "review"]), {"secrecy_checked": "1", "note": "ok"})
    boss.post(reverse("disclosure:list_act", args=[lst.pk, "approve"]), {"note": "会议"})
    c.post(
        reverse("disclosure:list_act", args=[lst.pk, "publish"]),
        {"on": "2025-12-12", "channels": ["website", "gazette"], "issue": "第12期"},
    )
    d.refresh_from_db()
    assert d.status == "published" and d.publications.count() == 2


def test_public_catalogue_search_and_record(published):
    c = Client()
    resp = c.get(reverse("portal:disclosure_public:catalogue"), {"q": "洱海"})
    body = resp.content.decode()
    assert resp.status_code == 200 and "洱海保护条例" in body and "内部会议纪要" not in body
    assert "内部会议纪要" not in c.get(reverse("portal:disclosure_public:catalogue")).content.decode()
    assert (
        "洱海"
        not in c.get(reverse("portal:disclosure_public:catalogue"), {"q": "不存在的词"})
        .content.decode()
        .split("<tbody>")[1]
    )
    assert (
        c.get(
            reverse("portal:disclosure_public:catalogue"), {"category": "licensing", "unit": "TZ"}
        ).status_code
        == 200
    )
    assert c.get(reverse("portal:disclosure_public:record", args=[published[0].pk])).status_code == 200
    assert (
        c.get(reverse("portal:disclosure_public:record", args=[published[1].pk])).status_code == 404
    )  # internal audience
    assert c.get(reverse("portal:disclosure_public:reports"), {"unit": "TA", "year": 2025}).status_code == 200


def test_unpublished_records_never_reach_the_public(cast, cats, frozen):
    d = make(cast, cats, title="草稿文件")
    c = Client()
    assert c.get(reverse("portal:disclosure_public:record", args=[d.pk])).status_code == 404
    assert "草稿文件" not in c.get(reverse("portal:disclosure_public:catalogue")).content.decode()
    assert json.loads(c.get(reverse("portal:disclosure_public:dcat")).content)["dcat:dataset"] == []


def test_feeds(published):
    c = Client()
    rss = c.get(reverse("portal:disclosure_public:rss", args=["licensing"]))
    assert rss.status_code == 200 and b"<rss" in rss.content and "洱海保护条例".encode() in rss.content
    assert "内部会议纪要".encode() not in rss.content
    atom = c.get(reverse("portal:disclosure_public:atom", args=["licensing"]))
    assert atom.status_code == 200 and b"http://www.w3.org/2005/Atom" in atom.content
    assert c.get(reverse("portal:disclosure_public:rss", args=["nope"])).status_code == 404


def test_dcat_modified_since(published):
    c = Client()
    data = c.get(reverse("portal:disclosure_public:dcat")).json()
    assert (
        len(data["dcat:dataset"]) == 1
        and data["dcat:dataset"][0]["dct:title"] == "大理州洱海保护条例实施细则"
    )
    since = data["next_modified_since"]
    assert (
        c.get(reverse("portal:disclosure_public:dcat"), {"modified_since": since}).json()["dcat:dataset"]
        == []
    )
    assert (
        len(
            c.get(reverse("portal:disclosure_public:dcat"), {"modified_since": "2025-01-01"}).json()[
                "dcat:dataset"
            ]
        )
        == 1
    )
    assert c.get(reverse("portal:disclosure_public:dcat"), {"modified_since": "yesterday"}).status_code == 400


def test_public_request_form_and_tracking(cast, frozen):
    c = Client()
    assert c.get(reverse("portal:disclosure_public:request")).status_code == 200
    resp = c.post(
        reverse("portal:disclosure_public:request"),
        {"unit": "TA", "applicant_kind": "natural", "applicant_name": "市民", "content": ""},
    )
    assert "Describe the information" in resp.content.decode() or "请描述" in resp.content.decode()
    assert not Request.objects.exists()
    resp = c.post(
        reverse("portal:disclosure_public:request"),
        {"unit": "TA", "applicant_kind": "natural", "applicant_name": "市民", "content": "公交线路"},
        follow=True,
    )
    r = Request.objects.get()
    assert r.query_code in resp.content.decode() and r.number in resp.content.decode()
    track = reverse("portal:disclosure_public:track")
    assert "公交" not in c.get(track, {"number": r.number, "code": "BADCODE1"}).content.decode()
    page = c.get(track, {"number": r.number, "code": r.query_code})
    assert page.status_code == 200
    body = page.content.decode()  # the due date explained: received, 20 working days, the due date
    assert 'id="clock-lines"' in body and "《政府信息公开条例》第三十三条第二款" in body and "+20" in body
    assert r.due_on.isoformat() in body


def test_public_pages_are_rate_limited(settings, cats):
    settings.PUBLIC_RATE_LIMIT = 3
    c = Client()
    codes = [c.get(reverse("portal:disclosure_public:catalogue")).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429


def test_api(cast, cats, frozen, published, client_of):
    c = client_of(cast.clerk_a)
    assert "/api/v1/disclosure/records" in Client().get("/api/v1/openapi.json").json()["paths"]
    r = c.post(
        "/api/v1/disclosure/records",
        {"unit": "TA", "category": "licensing", "title": "API记录", "formed_on": "2025-12-01"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    r = c.post(
        "/api/v1/disclosure/records",
        {"unit": "TA", "category": "licensing", "title": "未来", "formed_on": "2026-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["code"] == "formed_in_future"
    lst = c.post(
        "/api/v1/disclosure/lists", {"unit": "TA", "period": "2025-12"}, content_type="application/json"
    ).json()
    c.post(f"/api/v1/disclosure/lists/{lst['id']}/items", {"records": [rid]}, content_type="application/json")
    r = c.post(
        f"/api/v1/disclosure/lists/{lst['id']}/publish",
        {"on": "2025-12-12", "channels": ["website"]},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["code"] == "not_approved"
    assert client_of(cast.clerk_b).get(f"/api/v1/disclosure/records/{rid}").status_code == 404
    rep = c.get("/api/v1/disclosure/reports/TA/2025").json()
    assert rep["checks"]["ok"] and rep["table_3"]["columns"][0] == "自然人"
    # public API: filing is idempotent with a key; tracking needs the code
    anon = Client()
    body = {"unit": "TA", "applicant_kind": "natural", "applicant_name": "市民", "content": "预算"}
    f1 = anon.post(
        "/api/v1/disclosure/public/requests", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    f2 = anon.post(
        "/api/v1/disclosure/public/requests", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert f1.status_code == 201 and f1.json() == f2.json() and Request.objects.count() == 1
    num, code = f1.json()["number"], f1.json()["query_code"]
    tracked = anon.get(f"/api/v1/disclosure/public/requests/{num}", {"code": code}).json()
    assert tracked["status"] == "open"
    assert [ln["days"] for ln in tracked["clock"]["lines"]] == [0, 20] and tracked["clock"]["total"] == 20
    assert tracked["clock"]["due"] == tracked["due_on"]
    assert anon.get(f"/api/v1/disclosure/public/requests/{num}", {"code": "NOPE"}).status_code == 404
    cat = anon.get("/api/v1/disclosure/public/catalogue", {"q": "洱海"}).json()
    assert [x["title"] for x in cat["records"]] == ["大理州洱海保护条例实施细则"]
    assert anon.get("/api/v1/disclosure/records").status_code == 401
    rid2 = Request.objects.get().pk
    resp = c.post(
        f"/api/v1/disclosure/requests/{rid2}/extend",
        {"days": 30, "reason": "x"},
        content_type="application/json",
    )
    assert resp.status_code in (400, 403)


def test_cached_catalogue_is_retired_by_a_publication(cast, cats, frozen, django_capture_on_commit_callbacks):
    c = Client()
    url = reverse("portal:disclosure_public:catalogue")
    assert "新发布的决定" not in c.get(url).content.decode()  # now cached
    d = make(cast, cats, title="新发布的决定")
    with django_capture_on_commit_callbacks(execute=True):
        through_chain(cast, cats, [d])
    assert "新发布的决定" in c.get(url).content.decode()


def test_catalogue_gives_each_visitor_their_own_page_and_token(cast, published, client_of):
    url = reverse("portal:disclosure_public:catalogue")
    # A visitor without a session gets the page with no token at all; the language switch needs none.
    lean = Client(enforce_csrf_checks=True)
    html = lean.get(url).content.decode()
    assert "csrfmiddlewaretoken" not in html and "洱海保护条例" in html
    assert lean.post(reverse("set_language"), {"language": "en", "next": url}).status_code == 302
    a, b = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for c in (a, b):
        c.cookies["sessionid"] = "none"  # a session to look up: the page carries the visitor's token
        html = c.get(url).content.decode()  # the second reads the cached body
        assert "洱海保护条例" in html
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
        r = c.post(
            reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": tokens[-1]}
        )
        assert r.status_code == 302
    assert tokens[0] != tokens[1]
    staff = client_of(cast.clerk_a).get(url).content.decode()
    assert "clerk_a" in staff
    assert "clerk_a" not in Client().get(url).content.decode()


def test_a_visitors_record_and_catalogue_are_the_engines_bytes(cast, published):
    """core.visitorpages serves a visitor's layout from pieces; under DEBUG the engine renders it."""
    from django.test import override_settings

    from yangguang.core import visitorpages

    public = published[0]
    for lang in ("zh-hans", "en"):
        visitorpages.clear()
        for url in (
            f"/public/disclosure/r/{public.pk}/",
            "/public/disclosure/",
            "/public/disclosure/?q=<洱海>",
        ):
            c = Client()
            c.cookies["django_language"] = lang
            fast, again = c.get(url), c.get(url)
            with override_settings(DEBUG=True):
                slow = c.get(url)
            assert fast.status_code == slow.status_code == 200, url
            assert fast.content == again.content == slow.content, url
        assert visitorpages._SHELLS
    assert Client().get(f"/public/disclosure/r/{published[1].pk}/").status_code == 404  # internal


def test_public_form_resent_with_the_same_key_files_once(cast, frozen):
    c = Client()
    body = {
        "unit": "TA",
        "applicant_kind": "natural",
        "applicant_name": "市民",
        "content": "公交线路",
        "idempotency_key": "k-1",
    }
    first = c.post(reverse("portal:disclosure_public:request"), body, follow=True)
    again = Client().post(reverse("portal:disclosure_public:request"), body, follow=True)
    r = Request.objects.get()
    assert r.query_code in first.content.decode() and r.query_code in again.content.decode()


def test_a_reused_key_with_other_content_never_returns_someone_elses_code(cast, frozen):
    url = "/api/v1/disclosure/public/requests"
    body = {"unit": "TA", "applicant_kind": "natural", "applicant_name": "市民甲", "content": "预算"}
    mine = Client().post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1").json()
    other = (
        Client()
        .post(
            url,
            body | {"applicant_name": "市民乙"},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="k1",
        )
        .json()
    )
    assert mine["query_code"] != other["query_code"] and Request.objects.count() == 2

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from yangguang.services import actions
from yangguang.services.models import Case, Rating


def _case(cast, svc, done=False):
    case, code = actions.case_submit(actor=cast.clerk_a, item_id=svc.item.pk, applicant_name="王五")
    if done:
        actions.case_accept(actor=cast.clerk_a, case_id=case.pk)
        actions.case_complete(actor=cast.clerk_a, case_id=case.pk, result="approved", document_no="D-1")
    return Case.objects.get(pk=case.pk), code


def test_staff_pages_render(cast, svc, client_of):
    case, _ = _case(cast, svc, done=True)
    c = client_of(cast.clerk_a)
    for name, args in [
        ("services:home", []),
        ("services:cases", []),
        ("services:case_new", []),
        ("services:case", [case.pk]),
        ("services:items", []),
        ("services:inquiries", []),
        ("services:rectifications", []),
        ("services:hotline", []),
        ("services:notifications", []),
        ("services:card", [cast.clerk_a.person.pk]),
    ]:
        r = c.get(reverse(name, args=args))
        assert r.status_code == 200, name
    admin = client_of(cast.admin)
    for name, args in [
        ("services:item", [svc.item.pk]),
        ("services:item_new", []),
        ("services:item_import", []),
        ("services:settings", []),
    ]:
        assert admin.get(reverse(name, args=args)).status_code == 200, name
    r = admin.get(reverse("services:dashboard_export") + f"?unit={cast.county_a.pk}")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    r = admin.get(reverse("services:item_export"))
    assert r.status_code == 200


def test_dashboard_shows_figures(cast, svc, client_of):
    _case(cast, svc, done=True)
    r = client_of(cast.supervisor).get(reverse("services:home") + f"?unit={cast.root.pk}")
    assert r.status_code == 200
    body = r.content.decode()
    assert "甲县" in body and "100.0%" in body


def test_window_flow_through_views(cast, svc, client_of):
    c = client_of(cast.clerk_a)
    r = c.post(reverse("services:case_new"), {"item": svc.item.pk, "applicant_name": "李四"})
    assert r.status_code == 302
    case = Case.objects.get(applicant_name="李四")
    for verb, data in [
        ("accept", {}),
        ("step", {"step": "审核"}),
        ("pause", {"kind": "expert", "reason": "专家评审", "applicant_told": "1"}),
        ("resume", {}),
        ("complete", {"result": "approved", "document_no": "X-1"}),
        ("rate", {"level": "2"}),
    ]:
        r = c.post(reverse("services:case_act", args=[case.pk, verb]), data)
        assert r.status_code == 302, (verb, r.content[:300])
    case.refresh_from_db()
    assert case.status == "completed" and case.ratings.get().channel == "window"


def test_other_county_case_is_404_in_views(cast, svc, client_of):
    case, _ = _case(cast, svc)
    c = client_of(cast.clerk_b)
    assert c.get(reverse("services:case", args=[case.pk])).status_code == 404
    assert c.post(reverse("services:case_act", args=[case.pk, "accept"])).status_code == 404
    case.refresh_from_db()
    assert case.status == "submitted"
    assert client_of(cast.clerk_a).get(reverse("services:case", args=[case.pk + 999])).status_code == 404


def test_illegal_transition_in_view_is_refused(cast, svc, client_of):
    case, _ = _case(cast, svc)
    r = client_of(cast.clerk_a).post(
        reverse("services:case_act", args=[case.pk, "complete"]), {"result": "approved"}
    )
    assert r.status_code == 409
    case.refresh_from_db()
    assert case.status == "submitted"


def test_public_catalogue_search_in_chinese(cast, svc, client):
    r = client.get(reverse("portal:services_public:catalogue") + "?q=营业执照")
    body = r.content.decode()
    assert r.status_code == 200 and "个体工商户营业执照核发" in body and "户籍证明" not in body
    r = client.get(reverse("portal:services_public:item", args=[svc.item.pk]))
    assert r.status_code == 200 and "身份证" in r.content.decode()
    draft = actions.item_revise(actor=cast.admin, item_id=svc.item.pk)
    assert client.get(reverse("portal:services_public:item", args=[draft.pk])).status_code == 404


def test_public_lookup_and_rating(cast, svc, client):
    case, code = _case(cast, svc, done=True)
    other, _other_code = _case(cast, svc)
    url = reverse("portal:services_public:lookup")
    r = client.post(url, {"number": case.number, "code": code})
    body = r.content.decode()
    assert case.number in body and other.number not in body and "王五" not in body
    r = client.post(url, {"number": case.number, "code": "x" + code})
    assert case.number not in r.content.decode().split('id="lookup-error"')[1]
    r = client.post(url, {"number": case.number, "code": code, "level": "5", "text": "等太久"})
    assert 'id="rating-thanks"' in r.content.decode()
    rating = Rating.objects.get(case=case)
    assert rating.channel == "web" and rating.rectification.status == "open"
    r = client.post(url, {"number": case.number, "code": code, "level": "1"})
    assert Rating.objects.filter(case=case).count() == 1
    # a wrong code cannot rate
    client.post(
        url, {"number": other.number, "code": "000000" if _other_code != "000000" else "1", "level": "1"}
    )
    assert not Rating.objects.filter(case=other).exists()
    assert client.get(reverse("portal:services_public:ratings")).status_code == 200


@override_settings(PUBLIC_RATE_LIMIT=3)
def test_public_lookup_is_rate_limited(cast, svc, client):
    url = reverse("portal:services_public:lookup")
    codes = [client.post(url, {"number": "x", "code": "y"}).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    assert client.get(reverse("portal:services_public:catalogue")).status_code == 200  # its own bucket


def test_inquiry_and_hotline_views(cast, svc, client_of):
    from yangguang.orgs.models import Person, Post

    c = client_of(cast.clerk_a)
    r = c.post(reverse("services:inquiries"), {"asker_name": "游客", "question": "公积金怎么提取？"})
    assert r.status_code == 302
    liaison = Person.objects.create(code="P-li", name="联络员甲", unit=cast.county_a)
    Post.objects.create(person=liaison, unit=cast.county_a, role="liaison")
    r = c.post(
        reverse("services:hotline"), {"kind": "complaint", "caller_name": "市民", "content": "窗口态度差"}
    )
    assert r.status_code == 302
    from yangguang.services.models import FirstInquiry, HotlineOrder

    inq = FirstInquiry.objects.get()
    assert c.post(reverse("services:inquiry_answer", args=[inq.pk]), {"answer": "已告知"}).status_code == 302
    o = HotlineOrder.objects.get()
    assert (
        c.post(
            reverse("services:hotline_act", args=[o.pk, "dispatch"]), {"liaison": liaison.pk, "limit_days": 3}
        ).status_code
        == 302
    )
    assert (
        c.post(reverse("services:hotline_act", args=[o.pk, "answer"]), {"answer": "已处理"}).status_code
        == 302
    )
    assert c.post(reverse("services:hotline_act", args=[o.pk, "callback"]), {"level": "1"}).status_code == 302
    o.refresh_from_db()
    assert o.status == "closed" and o.on_time is True
    assert (
        client_of(cast.clerk_b)
        .post(reverse("services:hotline_act", args=[o.pk, "answer"]), {"answer": "x"})
        .status_code
        == 404
    )


@pytest.mark.parametrize("day", [date(2025, 3, 3)])
def test_dashboard_period_arguments(cast, svc, client_of, day):
    r = client_of(cast.admin).get(reverse("services:home") + f"?unit={cast.county_a.pk}&start={day}&end=bad")
    assert r.status_code == 200


def test_chinese_translation_is_complete():
    import re
    from pathlib import Path

    from django.utils import translation
    from django.utils.translation import gettext

    po = (Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po").read_text(
        encoding="utf-8"
    )
    entries = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"', po, re.M)
    assert len(entries) > 400 and all(zh for _en, zh in entries)
    with translation.override("zh-hans"):
        assert gettext("Case lookup") == "办件查询"
        assert gettext("On-time completion rate") == "按时办结率"


def test_public_online_application_once_per_form(cast, svc):
    from django.test import Client

    from yangguang.services.models import Case

    c = Client()
    url = f"/public/services/items/{svc.item.pk}/apply/"
    page = c.get(url).content.decode()
    key = page.split('name="key" value="')[1].split('"')[0]
    r1 = c.post(url, {"key": key, "name": "王五", "phone": "138"})
    r2 = c.post(url, {"key": key, "name": "王五", "phone": "138"})  # the same form sent twice
    assert Case.objects.filter(applicant_name="王五", channel="online").count() == 1
    number = r1.content.decode().split('id="case-number">')[1].split("<")[0]
    code = r1.content.decode().split('id="query-code">')[1].split("<")[0]
    assert number in r2.content.decode()
    r = c.post("/public/services/lookup/", {"number": number, "code": code})
    assert number in r.content.decode()
    bad = c.post(url, {"key": "other", "name": ""})
    assert bad.status_code == 200 and 'role="alert"' in bad.content.decode()
    assert Case.objects.filter(channel="online").count() == 1


def _item_form(cast, **over):
    form = {k: "" for k in actions.ITEM_FIELDS if k not in ("materials", "steps")}
    form.update(
        unit=cast.county_a.pk,
        code="TA-0900",
        name="林木采伐许可",
        item_type="license",
        mode="promised",
        statutory_limit="20",
        promised_limit="10",
        materials="申请书|原件|1|是",
        steps="受理\n审查\n决定",
    )
    form.update(over)
    return form


def test_item_form_saves_with_the_statutes_extension_limit_left_blank(cast, client_of):
    from yangguang.services.models import ServiceItem

    r = client_of(cast.admin).post(reverse("services:item_new"), _item_form(cast))
    assert r.status_code == 302
    item = ServiceItem.objects.get(code="TA-0900")
    assert item.extension_limit is None and item.promised_limit == 10


def test_item_form_takes_an_own_extension_limit_only_with_its_legal_basis(cast, client_of):
    from yangguang.services.models import ServiceItem

    c = client_of(cast.admin)
    refused = c.post(reverse("services:item_new"), _item_form(cast, extension_limit="30"))
    assert refused.status_code == 400 and not ServiceItem.objects.filter(code="TA-0900").exists()
    ok = c.post(
        reverse("services:item_new"), _item_form(cast, extension_limit="30", extension_basis="某条例第十二条")
    )
    assert ok.status_code == 302
    item = ServiceItem.objects.get(code="TA-0900")
    assert (item.extension_limit, item.extension_basis) == (30, "某条例第十二条")

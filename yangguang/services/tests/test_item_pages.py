"""The public item guide as a stored page (issue 15): rendered at publish per language, served from one
query, never stale, never for an item that is not published now."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from yangguang.orgs import actions as orgs_actions
from yangguang.services import actions, itempages
from yangguang.services.models import PublicItemPage, ServiceItem


def _url(item_id):
    return reverse("portal:services_public:item", args=[item_id])


def _get(client, item_id, lang="zh-hans"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(_url(item_id))


def _direct(item_id, lang, template="services/_six.html"):
    item = ServiceItem.objects.select_related("unit").get(pk=item_id)
    with translation.override(lang):
        return render_to_string(template, {"item": item})


def _joint_item(cast):
    item = actions.item_create(
        actor=cast.admin,
        unit_id=cast.county_a.pk,
        code="TA-0009",
        name="建设项目联合审批",
        mode="joint",
        promised_limit=10,
        fee_standard="每件10元",
        basis="《行政许可法》\n第二十六条",
        joint_unit_ids=[cast.county_b.pk],
    )
    actions.item_submit(actor=cast.admin, item_id=item.pk)
    return actions.item_publish(actor=cast.admin, item_id=item.pk)


def test_publishing_stores_each_language_as_the_template_renders_it(cast, svc, client):
    item = _joint_item(cast)
    rows = dict(PublicItemPage.objects.filter(item=item).values_list("language", "html"))
    assert set(rows) == {"zh-hans", "en"}
    for lang in ("zh-hans", "en"):
        assert rows[lang] == _direct(item.pk, lang, itempages.BODY)
        r = _get(client, item.pk, lang)
        page = r.content.decode()
        assert r.status_code == 200 and r.headers["Content-Language"] == lang
        assert _direct(item.pk, lang) in page  # the six publics, byte for byte
        assert f"<title>{item.name} · " in page
    zh, en = _get(client, item.pk).content.decode(), _get(client, item.pk, "en").content.decode()
    assert "办事程序" in zh and "乙县" in zh and "每件10元" in zh and "第二十六条" in zh
    assert "Procedure" in en and "办事程序" not in en and "Joint units" in en


def test_a_stored_page_is_one_query(cast, svc, client):
    with CaptureQueriesContext(connection) as seen:
        assert _get(client, svc.item.pk).status_code == 200
    ours = [  # besides the rate limit's count (in the database without Redis) and its savepoint
        q["sql"] for q in seen.captured_queries if "ratecount" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]
    assert len(ours) == 1, ours
    assert "services_publicitempage" in ours[0] and "services_serviceitem" in ours[0]


def test_a_new_version_shows_on_the_next_request_and_the_old_one_is_gone(cast, svc, client):
    assert "个体工商户营业执照核发" in _get(client, svc.item.pk).content.decode()
    draft = actions.item_revise(actor=cast.admin, item_id=svc.item.pk)
    actions.item_update(actor=cast.admin, item_id=draft.pk, name="个体工商户登记", place="三楼12号窗口")
    assert _get(client, draft.pk).status_code == 404  # a draft is not public
    assert "三楼12号窗口" not in _get(client, svc.item.pk).content.decode()  # the published one stays
    actions.item_submit(actor=cast.admin, item_id=draft.pk)
    actions.item_publish(actor=cast.admin, item_id=draft.pk)
    page = _get(client, draft.pk).content.decode()
    assert "个体工商户登记" in page and "三楼12号窗口" in page
    assert _get(client, svc.item.pk).status_code == 404  # superseded: withdrawn at once
    assert not PublicItemPage.objects.filter(item_id=svc.item.pk).exists()


def test_a_withdrawn_item_is_404_even_with_its_page_still_stored(cast, svc, client):
    assert _get(client, svc.item.pk).status_code == 200
    ServiceItem.objects.filter(pk=svc.item.pk).update(status="superseded")  # no signal, no stamp
    assert PublicItemPage.objects.filter(item_id=svc.item.pk).exists()
    assert _get(client, svc.item.pk).status_code == 404
    assert _get(client, svc.item.pk, "en").status_code == 404


def test_another_units_unpublished_item_is_404_for_everyone(cast, svc, client, client_of):
    other = actions.item_create(actor=cast.admin, unit_id=cast.county_b.pk, code="TB-0001", name="乙县草稿")
    assert _get(client, other.pk).status_code == 404
    assert client_of(cast.clerk_a).get(_url(other.pk)).status_code == 404
    actions.item_submit(actor=cast.admin, item_id=other.pk)
    assert _get(client, other.pk).status_code == 404  # in review is not public either
    assert not PublicItemPage.objects.filter(item_id=other.pk).exists()


@pytest.mark.parametrize("item_id", [0, 99999999, 2**63, 10**30])
def test_missing_or_out_of_range_ids_are_404(cast, svc, client, item_id):
    assert _get(client, item_id).status_code == 404


def test_renaming_the_unit_shows_on_the_next_request(cast, svc, client):
    assert cast.county_a.name in _get(client, svc.item.pk).content.decode()
    orgs_actions.unit_update(actor=cast.admin, unit=cast.county_a, name="甲县人民政府政务服务中心")
    for lang in ("zh-hans", "en"):
        assert "甲县人民政府政务服务中心" in _get(client, svc.item.pk, lang).content.decode()
    row = PublicItemPage.objects.get(item=svc.item, language="zh-hans")
    assert "甲县人民政府政务服务中心" in row.html  # stored again, not rendered per visit


def test_renaming_the_unit_without_signals_is_caught_by_the_stamp(cast, svc, client):
    _get(client, svc.item.pk)
    from yangguang.orgs.models import Unit

    Unit.objects.filter(pk=cast.county_a.pk).update(name="甲县新名", updated_at=timezone.now())
    assert "甲县新名" in _get(client, svc.item.pk).content.decode()


def test_renaming_a_joint_unit_shows_on_the_next_request(cast, svc, client):
    item = _joint_item(cast)
    assert cast.county_b.name in _get(client, item.pk).content.decode()
    orgs_actions.unit_update(actor=cast.admin, unit=cast.county_b, name="乙县行政审批局")
    assert "乙县行政审批局" in _get(client, item.pk).content.decode()


def test_joint_units_changed_outside_the_actions_drop_the_page(cast, svc, client):
    _get(client, svc.item.pk)
    svc.item.joint_units.add(cast.county_b)
    assert not PublicItemPage.objects.filter(item=svc.item).exists()
    assert cast.county_b.name in _get(client, svc.item.pk).content.decode()


def test_an_item_edited_in_place_is_rendered_again(cast, svc, client):
    _get(client, svc.item.pk)
    item = ServiceItem.objects.get(pk=svc.item.pk)
    item.hours = "周一至周五 9:00-17:00（午间不休）"
    item.save()  # bypasses the actions: only the item's stamp tells
    assert "午间不休" in _get(client, svc.item.pk).content.decode()


def test_a_page_from_another_build_is_rendered_again_not_served(cast, svc, client):
    PublicItemPage.objects.filter(item=svc.item).update(build="old-build", html="<p>STALE</p>")
    page = _get(client, svc.item.pk).content.decode()
    assert "STALE" not in page and "身份证" in page
    row = PublicItemPage.objects.get(item=svc.item, language="zh-hans")
    assert row.build == itempages.build() and row.html == _direct(svc.item.pk, "zh-hans", itempages.BODY)


def test_a_page_older_than_its_item_is_rendered_again(cast, svc, client):
    PublicItemPage.objects.filter(item=svc.item).update(html="<p>STALE</p>")
    assert "STALE" in _get(client, svc.item.pk).content.decode()  # stamps hold: served as stored
    ServiceItem.objects.filter(pk=svc.item.pk).update(updated_at=timezone.now())
    assert "STALE" not in _get(client, svc.item.pk).content.decode()


def test_a_missing_page_is_rendered_on_first_visit(cast, svc, client):
    PublicItemPage.objects.all().delete()
    assert "身份证" in _get(client, svc.item.pk, "en").content.decode()
    assert set(PublicItemPage.objects.filter(item=svc.item).values_list("language", flat=True)) == {
        "zh-hans",
        "en",
    }


def test_the_build_follows_the_templates_and_catalogues(settings):
    first = itempages.build(refresh=True)
    assert itempages.build() == first
    assert any(p.name == "django.mo" and "zh_Hans" in str(p) for p in itempages._catalogues())
    settings.MEDIA_URL = "/files/"
    try:
        assert itempages.build(refresh=True) != first
    finally:
        settings.MEDIA_URL = "/media/"
        itempages.build(refresh=True)


def test_the_command_renders_every_published_item_again(cast, svc, client):
    draft = actions.item_create(actor=cast.admin, unit_id=cast.county_a.pk, code="TA-0003", name="草稿")
    PublicItemPage.objects.all().delete()
    PublicItemPage.objects.create(
        item=draft,
        language="en",
        html="x",
        build="b",
        item_updated=draft.updated_at,
        unit_updated=draft.updated_at,
    )
    call_command("services", "pages")
    stored = set(PublicItemPage.objects.values_list("item_id", "language"))
    assert stored == {(i, lang) for i in (svc.item.pk, svc.instant.pk) for lang in ("zh-hans", "en")}


def test_a_visitors_pages_from_pieces_are_the_engines_bytes(cast, svc):
    """core.visitorpages serves a visitor's item guide, catalogue and search from stored pieces; under
    DEBUG every page goes through the template engine: the bytes are the same."""
    from django.test import Client, override_settings

    from yangguang.core import visitorpages

    item = _joint_item(cast)
    urls = [
        _url(item.pk),
        _url(item.pk) + '?from=<x>&q="1"',
        "/public/services/",
        "/public/services/?theme=<x>&page=2",
        "/public/search/?q=联合审批",
        "/public/search/",
    ]
    for lang in ("zh-hans", "en"):
        visitorpages.clear()
        for url in urls:
            c = Client()
            c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
            fast, again = c.get(url), c.get(url)
            with override_settings(DEBUG=True):
                slow = c.get(url)
            assert fast.status_code == slow.status_code == 200, url
            assert fast.content == again.content == slow.content, url
        assert visitorpages._SHELLS, "the pieces were used"
    assert "建设项目联合审批" in Client().get("/public/services/").content.decode()

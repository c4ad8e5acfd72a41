from django.db.models import Count

from yangguang.services.models import Case, HotlineOrder, PublicItemPage, Rectification, ServiceItem


def test_demo_is_idempotent_and_realistic(db):
    from yangguang.orgs import demo as orgs_demo
    from yangguang.services import demo

    orgs_demo.build()
    first = demo.build()
    assert first["items"] == 140
    # every published item's public guide is stored in both languages (bulk_create bypassed the actions)
    assert first["item_pages"] == 140
    assert PublicItemPage.objects.filter(item__status="published").count() == 2 * 140
    assert ServiceItem.objects.filter(status="published").values("unit").distinct().count() == 26
    n = Case.objects.count()
    assert 1500 < n < 6000
    statuses = dict(Case.objects.values_list("status").annotate(n=Count("id")))
    assert statuses["completed"] > n * 0.7
    assert {"accepted", "paused", "returned", "refused"} <= set(statuses)
    assert Case.objects.filter(on_time=False).exists() and Case.objects.filter(joint=True).exists()
    assert Rectification.objects.filter(status="rectified").exists()
    assert HotlineOrder.objects.count() > 50
    assert ServiceItem.objects.filter(name="个体工商户营业执照核发").exists()
    again = demo.build()
    assert again["cases"] == "kept" and Case.objects.count() == n and ServiceItem.objects.count() == 140

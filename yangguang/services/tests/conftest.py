from datetime import date

import pytest


@pytest.fixture
def svc(cast):
    """A published item at 甲县 (promised 5 working days) and a joint item with 乙县 as co-unit."""
    from yangguang.orgs.models import Person, Post
    from yangguang.services import actions

    item = actions.item_create(
        actor=cast.admin,
        unit_id=cast.county_a.pk,
        code="TA-0001",
        name="个体工商户营业执照核发",
        item_type="license",
        promised_limit=5,
        statutory_limit=15,
        result_name="营业执照",
        materials=[{"name": "身份证"}, {"name": "经营场所证明"}],
        steps=["受理", "审核", "发证"],
        keywords="营业执照 个体户",
        theme="开办企业",
    )
    actions.item_submit(actor=cast.admin, item_id=item.pk)
    actions.item_publish(actor=cast.admin, item_id=item.pk)
    instant = actions.item_create(
        actor=cast.admin, unit_id=cast.county_a.pk, code="TA-0002", name="户籍证明", promised_limit=0
    )
    actions.item_submit(actor=cast.admin, item_id=instant.pk)
    actions.item_publish(actor=cast.admin, item_id=instant.pk)
    boss = Person.objects.create(code="P-boss-a", name="甲主任", unit=cast.county_a)
    Post.objects.create(person=boss, unit=cast.county_a, role="supervisor")

    class S:
        pass

    s = S()
    s.item, s.instant, s.boss = item, instant, boss
    s.monday = date(2025, 3, 3)
    return s

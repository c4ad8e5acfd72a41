"""The public catalogue's rows (one pass, services/templatetags/catalogue.py): every cell escaped, the
limit and fee in words, the filter options marked for the chosen department (issue 15)."""

import pytest
from django.test import Client

from yangguang.core.templatetags import memo
from yangguang.services.models import ServiceItem

pytestmark = pytest.mark.django_db


def test_cells_are_escaped_and_worded(cast):
    memo.clear()
    ServiceItem.objects.create(
        code="X-1", name='<script>alert("x")</script>&证', unit=cast.county_a, status="published",
        theme="<i>主题</i>", promised_limit=0, fee_standard="",
    )  # fmt: skip
    ServiceItem.objects.create(
        code="X-2", name="营业执照核发", unit=cast.county_a, status="published", promised_limit=5,
        fee_standard="每件10元",
    )  # fmt: skip
    html = Client().get("/public/services/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;证" in html
    assert "<i>主题</i>" not in html and "&lt;i&gt;主题&lt;/i&gt;" in html
    assert (
        '<td data-label="承诺时限">当场办结</td>' in html and '<td data-label="收费标准">不收费</td>' in html
    )
    assert '<td data-label="收费标准">每件10元</td>' in html  # on a phone the cell names its column
    assert "5 个工作日" in html or "5个工作日" in html
    chosen = Client().get(f"/public/services/?unit={cast.county_a.pk}").content.decode()
    assert f'<option value="{cast.county_a.pk}" selected>' in chosen
    assert (
        f'<option value="{cast.county_a.pk}" selected>'
        not in Client().get("/public/services/").content.decode()
    )

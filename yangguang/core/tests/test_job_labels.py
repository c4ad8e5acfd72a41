"""A job's kind is shown in words on its pages and in the API, never as its code (issue 12's rule)."""

import pytest
from django.utils import translation

from yangguang.core import jobs
from yangguang.core.models import Job

pytestmark = pytest.mark.django_db


def test_every_kind_has_words_in_both_languages():
    for kind in jobs.kinds():
        with translation.override("zh-hans"):
            zh = jobs.kind_label(kind)
        with translation.override("en"):
            en = jobs.kind_label(kind)
        assert zh != kind and en != kind and zh != en, kind
        assert not any(c.isascii() and c.isalpha() for c in zh), (kind, zh)


def test_the_job_pages_and_api_show_the_words(cast, client_of):
    job = Job.objects.create(kind="disclosure.report_export", owner=cast.admin, params={})
    c = client_of(cast.admin)
    for url in (f"/jobs/{job.pk}/", "/jobs/"):
        html = c.get(url).content.decode()
        assert "导出年度报告" in html and "disclosure.report_export" not in html
    data = c.get(f"/api/v1/jobs/{job.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["kind"] == "disclosure.report_export" and data["kind_label"] == "Annual report export"

"""A visitor's page from stored pieces (core.visitorpages, issue 15) is byte for byte the page the
template engine renders for the same request; a fill the template filters is refused, never served."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.test import RequestFactory, override_settings
from django.utils import translation
from django.utils.safestring import mark_safe

from yangguang.core import visitorpages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh():
    visitorpages.clear()
    yield
    visitorpages.clear()


def _visitor(path: str):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pieces_make_the_templates_bytes_for_any_fill_and_path(cast, language):
    fills = [
        ("/public/services/items/7/", '营业执照 <办理> & "变更"', "<p>正文 1</p>"),
        ('/public/services/items/8/?from=<search>&q="x"', "O'Brien 的申请", "<p>正文 2 &amp; 3</p>"),
        ("/public/services/items/9/", "", ""),
    ]
    with translation.override(language):
        for path, name, body in fills:
            request = _visitor(path)
            mine = visitorpages.render(request, "services/public/item.html", name=name, body=mark_safe(body))
            engine = render(
                _visitor(path), "services/public/item.html", {"name": name, "body": mark_safe(body)}
            )
            assert mine.content == engine.content
    assert len(visitorpages._SHELLS) == 1, "one rendering per template and language, reused"


def test_a_signed_in_request_and_debug_go_through_the_engine(cast):
    request = _visitor("/public/services/items/1/")
    request.user = cast.clerk_a
    request._yg_lean = False
    visitorpages.render(request, "services/public/item.html", name="x", body="y")
    with override_settings(DEBUG=True):
        visitorpages.render(
            _visitor("/public/services/items/1/"), "services/public/item.html", name="x", body="y"
        )
    assert not visitorpages._SHELLS


def test_a_fill_the_template_filters_is_refused(tmp_path, settings):
    (tmp_path / "filtered.html").write_text(
        '{% extends "portal/base.html" %}{% block content %}{{ name|upper }}{% endblock %}'
    )
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    with override_settings(TEMPLATES=templates):
        with pytest.raises(ImproperlyConfigured, match="filtered"):
            visitorpages.render(_visitor("/public/x/"), "filtered.html", name="a")

"""A 红黄绿灯 light is never told by colour alone: the dot carries its words in the page's language."""

from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template('{% load labels %}{% light code %}|{% light code id="case-light" %}')


def render(code, lang):
    with translation.override(lang):
        return TEMPLATE.render(Context({"code": code}))


def test_each_light_says_what_it_means_in_both_languages():
    assert "红灯 超期" in render("red", "zh-hans") and "Red: overdue" in render("red", "en")
    assert "黄灯 临近" in render("yellow", "zh-hans") and "Yellow: due soon" in render("yellow", "en")
    assert "绿灯 正常" in render("green", "zh-hans") and "Green: on time" in render("green", "en")
    assert 'class="light red" id="case-light"' in render("red", "zh-hans")


def test_no_light_or_an_unknown_code_shows_nothing():
    assert render("", "zh-hans") == "|" and render("paused", "zh-hans") == "|"
    assert render("<b>", "en") == "|"

"""`{% load labels %}` … `{{ case.channel|label:"services.channel" }}`, `{{ roles|labels:"contests.permission" }}`."""

import re

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, pgettext_lazy

from yangguang.core import labels as registry

register = template.Library()


@register.filter
def label(code, kind):
    return registry.label(code, kind)


@register.filter
def labels(codes, kind):
    return registry.labels(codes, kind)


_HAN = "\u3400-\u9fff\uf900-\ufaff"
_FULL = {",": "，", ";": "；", ":": "："}
_ASCII_BY_HAN = re.compile(rf"(?<=[{_HAN}])([,;:]) ?|([,;:]) ?(?=[{_HAN}])")


@register.filter(is_safe=True)
def zh_punct(text):
    """Free text stored with ASCII , ; : beside Chinese (a rule's name and expression) shown with ，；：
    on a Chinese page; other languages see it unchanged."""
    if text is None or not (get_language() or "").startswith("zh"):
        return text
    return _ASCII_BY_HAN.sub(lambda m: _FULL[m.group(1) or m.group(2)], str(text))


# A light is never told by colour alone (WCAG 1.4.1): the dot carries its words in the page's language.
LIGHT_TEXT = {
    "red": pgettext_lazy("light", "Red: overdue"),
    "yellow": pgettext_lazy("light", "Yellow: due soon"),
    "green": pgettext_lazy("light", "Green: on time"),
}


@register.simple_tag
def light(code, id=""):
    """`{% light case.light %}`: the 红黄绿灯 dot with its words; nothing for no light or a paused clock."""
    text = LIGHT_TEXT.get(code)
    if text is None:
        return ""
    if id:
        return format_html(
            '<span class="light {}" id="{}"><span class="light-text">{}</span></span>', code, id, text
        )
    return format_html('<span class="light {}"><span class="light-text">{}</span></span>', code, text)

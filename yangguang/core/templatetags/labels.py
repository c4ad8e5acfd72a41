"""`{% load labels %}` … `{{ case.channel|label:"services.channel" }}`, `{{ roles|labels:"contests.permission" }}`."""

import re

from django import template
from django.utils.translation import get_language

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

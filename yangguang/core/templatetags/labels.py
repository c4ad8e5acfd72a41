"""`{% load labels %}` … `{{ case.channel|label:"services.channel" }}`, `{{ roles|labels:"contests.permission" }}`."""

from django import template

from yangguang.core import labels as registry

register = template.Library()


@register.filter
def label(code, kind):
    return registry.label(code, kind)


@register.filter
def labels(codes, kind):
    return registry.labels(codes, kind)

"""`{% load memo %}` … `{% memo "topbar" nav_key %}…{% endmemo %}`: the layout's fixed parts rendered
once per process for anonymous visitors (issue 15).

The public pages' header, navigation and head links are the same for every visitor in one language:
two dozen `{% url %}`, `{% trans %}` and `{% static %}` lookups that cost more than the page's own data.
For an anonymous request the block is rendered once per (page template, language, the tag's arguments)
and the string reused; a signed-in user's layout (names, permissions, messages) is always rendered live.
Nothing per request may sit inside a memo: the CSRF token and the request's path stay outside.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_MEMO: dict[tuple, str] = {}
MAX_ENTRIES = 512  # templates × languages × nav states × versions: bounded; when full, start afresh


class MemoNode(template.Node):
    def __init__(self, nodelist, name: str, args):
        self.nodelist, self.name, self.args = nodelist, name, args

    def render(self, context):
        request = context.get("request")
        user = getattr(request, "user", None)
        if user is None or user.is_authenticated:
            return self.nodelist.render(context)
        # The top-level template names the block overrides the memo holds ({% block nav %} …).
        origin = getattr(getattr(context, "template", None), "origin", None)
        key = (
            self.name,
            getattr(origin, "name", ""),
            get_language(),
            *(a.resolve(context) for a in self.args),
        )
        found = _MEMO.get(key)
        if found is None:
            found = self.nodelist.render(context)
            if len(_MEMO) >= MAX_ENTRIES:  # old versions' entries pile up: drop them all
                _MEMO.clear()
            _MEMO[key] = found
        return mark_safe(found)


@register.tag
def memo(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% memo name [key …] %} needs a name")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, bits[1], [parser.compile_filter(b) for b in bits[2:]])


def clear() -> None:
    """Forget every memo (tests that change settings the layout reads, e.g. SITE_NAME)."""
    _MEMO.clear()

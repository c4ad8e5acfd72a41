"""A visitor's public page without the template engine on every visit (issue 15).

On a lean request (`middleware.is_lean`: a visitor's GET of the public site, no session) the layout
around a page is the same for every visitor in one language: no user, no messages, no CSRF token.
`render(request, template, **fills)` renders the template once per process and key (template,
language, year, navigation state) with a marker in place of each fill and of the request's path, and
keeps the text between the markers; a visit joins those pieces with its own fills, escaped as the
template escapes them (a safe string as it is). The bytes are those `django.shortcuts.render` makes
for the same request (tested); any other request, and every request under DEBUG (templates edited
while the server runs), goes to `django.shortcuts.render`.

A fill must be printed as it is (`{{ name }}`), never filtered or tested: the markers would not come
through and the page is refused at its first rendering (ImproperlyConfigured), never served wrong.
"""

from __future__ import annotations

import re
from html import escape

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as django_render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

from .middleware import is_lean

_PATH = "path"  # the request's full path (the language switch's `next`)
_MARK = re.compile(r"yg7mark([a-z_]+)7end")
MAX_ENTRIES = 256
_SHELLS: dict[tuple, tuple[str, ...]] = {}


def _marker(name: str) -> str:
    return f"yg7mark{name}7end"


class _MarkedRequest(HttpRequest):
    """The visit's request as the layout sees it, with a stand-in for its full path."""

    full_path = ""

    def get_full_path(self, force_append_slash=False):
        return self.full_path


def _render(request, template_name: str, names, value) -> str:
    marked = _MarkedRequest()
    marked.method = request.method
    marked.path, marked.path_info = request.path, request.path_info
    marked.META = {k: v for k, v in request.META.items() if k in ("SERVER_NAME", "SERVER_PORT")}
    marked.user = AnonymousUser()
    marked._yg_lean = True
    marked.full_path = value(_PATH)
    return render_to_string(template_name, {n: mark_safe(value(n)) for n in names}, request=marked)  # noqa: S308


def _shell(request, template_name: str, names: tuple[str, ...], key: tuple) -> tuple[str, ...]:
    found = _SHELLS.get(key)
    if found is None:
        parts = _MARK.split(_render(request, template_name, names, _marker))  # text, name, text, …
        # The pieces must make the page for any fill: checked once with every fill empty (a fill
        # filtered, truncated or tested by the template would leave a trace or a difference).
        empty = _render(request, template_name, names, lambda n: "")
        if "yg7mark" in "".join(parts[0::2]).lower() or "".join(parts[0::2]) != empty:
            raise ImproperlyConfigured(f"{template_name}: a fill is filtered or tested; print it plainly")
        found = tuple(parts)
        if len(_SHELLS) >= MAX_ENTRIES:
            _SHELLS.clear()
        _SHELLS[key] = found
    return found


def render(request, template_name: str, **fills) -> HttpResponse:
    """The page `template_name` with `fills` in its context, for a lean request from the stored
    pieces; otherwise through the template engine with the same context."""
    if settings.DEBUG or not is_lean(request):
        return django_render(request, template_name, fills)
    from .context import nav_key

    key = (template_name, get_language(), timezone.localdate().year, nav_key(request.path), tuple(fills))
    parts = _shell(request, template_name, tuple(fills), key)
    values = {n: v if isinstance(v, SafeData) else escape(str(v)) for n, v in fills.items()}
    values[_PATH] = escape(request.get_full_path())
    out = [parts[0]]
    for i in range(1, len(parts), 2):
        out.append(values[parts[i]])
        out.append(parts[i + 1])
    return HttpResponse("".join(out))


def clear() -> None:
    _SHELLS.clear()

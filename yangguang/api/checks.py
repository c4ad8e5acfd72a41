"""Request checks every API operation gets before it runs (core of issue 16 item 1).

A whole number beyond 64 bits cannot be an id, a page or a year: the database would fail on it (a
500). Such a number in the path, the query string, a form field or a JSON body is refused with the
API's JSON error (400, `out_of_range`) before any operation sees it; so is a `page` past
core.pagination.MAX_PAGE, whichever pagination class the list uses.
"""

from __future__ import annotations

import json
import re

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError
from yangguang.core.pagination import MAX_PAGE

INT64_MAX = 2**63 - 1
_DIGITS = re.compile(r"-?\d+")
# Free text may hold any digits (a search box); everything else that is all digits is a number.
TEXT_PARAMS = {"q"}
JSON_BODY_LIMIT = 2 * 1024 * 1024


class _OutOfRange(Exception):
    def __init__(self, where: str):
        self.where = where


def too_big(text: str) -> bool:
    """An integer literal outside the signed 64-bit range (judged by length first: no huge int())."""
    s = text.strip()
    if not _DIGITS.fullmatch(s):
        return False
    digits = s.lstrip("-").lstrip("0")
    if len(digits) != 19:
        return len(digits) > 19
    return int(digits) > INT64_MAX + (1 if s.startswith("-") else 0)


def _values_too_big(value: str) -> bool:
    return any(too_big(part) for part in value.split(","))


def _check_json(body: bytes) -> None:
    def parse_int(literal: str) -> int:
        if too_big(literal):
            raise _OutOfRange("body")
        return int(literal)

    try:
        json.loads(body, parse_int=parse_int)
    except (ValueError, RecursionError):
        return  # not JSON: the operation's own validation answers


def out_of_range(request) -> str | None:
    """Where a beyond-64-bit number was sent ("path", "query", "form", "body"), or None."""
    for segment in request.path.split("/"):
        if too_big(segment):
            return "path"
    for key, values in request.GET.lists():
        if key not in TEXT_PARAMS and any(_values_too_big(v) for v in values):
            return "query"
    page = request.GET.get("page", "")
    if page.isdigit() and (len(page) > 12 or int(page) > MAX_PAGE):
        # Lists paginated with ninja's own class take any page; its OFFSET would overflow.
        return "page"
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        ctype = request.content_type or ""
        if ctype == "application/json" or ctype.endswith("+json"):
            length = int(request.META.get("CONTENT_LENGTH") or 0)
            if 0 < length <= JSON_BODY_LIMIT:
                try:
                    _check_json(request.body)
                except _OutOfRange as e:
                    return e.where
        elif ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            try:
                fields = list(request.POST.lists())
            except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
                return None  # the operation answers these itself
            for key, values in fields:
                if key not in TEXT_PARAMS and any(_values_too_big(v) for v in values):
                    return "form"
    return None


class ApiRequestChecks:
    """Middleware, for /api/ only: refuse beyond-64-bit numbers with the JSON error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            where = out_of_range(request)
            if where:
                err = DomainError(
                    "out_of_range",
                    _("A number in the request is too large."),
                    {"where": where, "max": INT64_MAX},
                )
                return JsonResponse(err.as_dict(), status=400, json_dumps_params={"ensure_ascii": False})
        return self.get_response(request)

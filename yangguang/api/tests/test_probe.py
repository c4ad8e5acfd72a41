"""The cross-unit probe (issue 16, "in CI from now on"): for every API operation and every staff page
whose path names an object id, another unit's object answers exactly as a missing one — same status,
same body — so a scoped user learns nothing about objects outside their units.

The world is the fuzz's (objects of every domain, mostly at 甲县); the prober is 乙县's clerk. Each
path is tried with the small ids the world uses; wherever the prober is not answered 200, the answer
must equal the answer for an id that does not exist.
"""

from __future__ import annotations

import re

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from .test_fuzz import _world

MISSING = 987654321
IDS = range(1, 13)
_CSRF = re.compile(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


def _client(user) -> Client:
    c = Client()
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


def _same(a, b) -> bool:
    """Same status and body, but for the per-request CSRF token and the page's own path (the
    language switch returns to it)."""

    def norm(r):
        return _CSRF.sub(rb"\1", r.content).replace(r.wsgi_request.get_full_path().encode(), b"PATH")

    return a.status_code == b.status_code and norm(a) == norm(b)


def _api_paths(admin) -> list[tuple[str, str, list[str]]]:
    spec = admin.get("/api/v1/openapi.json").json()
    out = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            ints = [
                p["name"]
                for p in op.get("parameters", [])
                if p["in"] == "path" and p.get("schema", {}).get("type") == "integer"
            ]
            others = [p for p in op.get("parameters", []) if p["in"] == "path" and p["name"] not in ints]
            if ints and not others and method in ("get", "post"):
                out.append((method, path, ints))
    return out


def _page_paths() -> list[str]:
    """Staff pages (not the public site, the API, the admin) whose route takes an int."""
    out = []

    def walk(patterns, prefix):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and "<int:" in route:
                if not route.startswith(("api/", "public/", "admin/", "bench/", "^")):
                    out.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return out


def _fill(template: str, value) -> str:
    path = re.sub(r"{\w+}", str(value), template)
    return re.sub(r"<int:\w+>", str(value), path)


def test_another_units_object_answers_as_a_missing_one(cast):
    _world(cast)
    prober, admin = _client(cast.clerk_b), _client(cast.admin)
    leaks, foreign_seen = [], 0
    for method, template, _ints in _api_paths(admin):
        send = (
            (lambda c, u: c.get(u))
            if method == "get"
            else (lambda c, u: c.post(u, {}, content_type="application/json"))
        )
        missing = send(prober, _fill(template, MISSING))
        for i in IDS:
            r = send(prober, _fill(template, i))
            if r.status_code == 200:
                continue
            if not _same(r, missing):
                leaks.append((method.upper(), _fill(template, i), r.status_code, missing.status_code))
            elif method == "get" and admin.get(_fill(template, i)).status_code == 200:
                foreign_seen += 1
    for template in _page_paths():
        missing = prober.get(_fill(template, MISSING))
        for i in IDS:
            r = prober.get(_fill(template, i))
            if r.status_code == 200:
                continue
            if not _same(r, missing):
                leaks.append(("PAGE", _fill(template, i), r.status_code, missing.status_code))
            elif admin.get(_fill(template, i)).status_code == 200:
                foreign_seen += 1
    assert leaks == []
    assert foreign_seen >= 20  # the probe met real foreign objects, not only missing ones

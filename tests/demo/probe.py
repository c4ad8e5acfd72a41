"""The cross-unit probe (issue 16, "in CI from now on"): for every API operation and every staff page
whose path names an object id, another unit's object answers exactly as a missing one — same status,
same body — so a scoped user learns nothing about objects outside their units.

The world is the demo's. Two demo people probe it: `clerk`, a window clerk of 大理市政务服务中心 (a
handler, scoped to one window), and `jinan`, the administrator of 人民银行济南分行 — each meets the
objects of the demo's other units (大理州's counties and departments, the bank branches, the court).
Each path is tried with the lowest ids of the demo's tables; wherever the prober is not answered 200,
the answer must equal the answer for an id that does not exist.
"""

from __future__ import annotations

import re

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

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


# A page route's other parameters, filled with a value its view accepts (an export's format).
OTHER = {"<str:fmt>": "xlsx"}
# An operation on an object with no GET of its own: where the prober may see it (model, field, GET).
VIA = {"blueprint_id": ("exams.Blueprint", "exam_id", "/api/v1/exams/exams/{}")}


def _fill(template: str, value) -> str:
    path = re.sub(r"{\w+}", str(value), template)
    for converter, filler in OTHER.items():
        path = path.replace(converter, filler)
    return re.sub(r"<int:\w+>", str(value), path)


def _visible(prober, gets: set[str], template: str, value) -> bool:
    """May the prober see the object a POST names? (Then a refusal other than 404 tells nothing new:
    a 403 for a visible object, a 409 for its own in the wrong state.) The object's own GET — the
    path cut after its id — or the GET of the object it belongs to."""
    from django.apps import apps

    m = re.match(r"(.*?{(\w+)})", template)
    if m and m.group(1) in gets:
        return prober.get(_fill(m.group(1), value)).status_code == 200
    if m and m.group(2) in VIA:
        label, field, parent = VIA[m.group(2)]
        owner = apps.get_model(label).objects.filter(pk=value).values_list(field, flat=True).first()
        return owner is not None and prober.get(parent.format(owner)).status_code == 200
    return False


def _witness():
    """A system administrator, made for the probe (rolled back): sees every unit's objects, so an id it
    is answered 200 for is a real object."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create(username="probe-witness", is_superuser=True, is_staff=True)


WHO = ("clerk", "jinan")


def check_another_units_object_answers_as_a_missing_one(demo_users: dict, who: str) -> None:
    prober, admin = _client(demo_users[who]), _client(_witness())
    leaks, foreign_seen, own_seen = [], 0, 0
    api_paths = _api_paths(admin)
    gets = {template for method, template, _ints in api_paths if method == "get"}
    for method, template, _ints in api_paths:
        send = (
            (lambda c, u: c.get(u))
            if method == "get"
            else (lambda c, u: c.post(u, {}, content_type="application/json"))
        )
        missing = send(prober, _fill(template, MISSING))
        for i in IDS:
            r = send(prober, _fill(template, i))
            if r.status_code == 200:
                own_seen += 1
                continue
            if not _same(r, missing):
                if method == "post" and _visible(prober, gets, template, i):
                    own_seen += 1
                    continue
                leaks.append((method.upper(), _fill(template, i), r.status_code, missing.status_code))
            elif method == "get" and admin.get(_fill(template, i)).status_code == 200:
                foreign_seen += 1
    for template in _page_paths():
        missing = prober.get(_fill(template, MISSING))
        for i in IDS:
            r = prober.get(_fill(template, i))
            if r.status_code == 200:
                own_seen += 1
                continue
            if not _same(r, missing):
                leaks.append(("PAGE", _fill(template, i), r.status_code, missing.status_code))
            elif admin.get(_fill(template, i)).status_code == 200:
                foreign_seen += 1
    assert leaks == [], "\n".join(map(str, leaks))
    # the probe met real objects of other units (answered as missing) and of the prober's own or public
    assert foreign_seen >= 50
    assert own_seen > 0

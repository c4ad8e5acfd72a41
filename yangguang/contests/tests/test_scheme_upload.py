"""Issue 16 items 1 and 4: a scheme upload is checked for permission before it is parsed, parsed within
bounds (core.safeyaml), and a file that is not UTF-8 is the form's error, never a 500."""

import time

from django.core.files.uploadedfile import SimpleUploadedFile

from yangguang.contests.models import Competition

from .test_actions import SCHEME

LIMITS = {"yaml_too_large", "yaml_too_many_aliases"}
# Nine levels of ten aliases each: a billion strings once expanded.
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


def _upload(client, data: bytes):
    return client.post("/contests/import-scheme/", {"file": SimpleUploadedFile("s.yaml", data)})


def test_non_utf8_scheme_file_is_a_form_error(cast, client_of):
    r = _upload(client_of(cast.admin), "code: 县区\nname: 竞赛\n".encode("gb18030"))
    assert r.status_code == 400, r.status_code
    assert r.context["error"]["code"] == "yaml_not_utf8"


def test_nested_aliases_refused_for_an_admin_without_building_them(cast, client_of):
    t = time.perf_counter()
    r = _upload(client_of(cast.admin), LAUGHS.encode())
    assert r.status_code == 400 and r.context["error"]["code"] in LIMITS
    assert time.perf_counter() - t < 2
    api = client_of(cast.admin).post(
        "/api/v1/contests/competitions", {"scheme": LAUGHS}, content_type="application/json"
    )
    assert api.status_code == 400 and api.json()["code"] in LIMITS


def test_who_may_not_define_competitions_is_refused_before_parsing(cast, client_of, monkeypatch):
    from yangguang.core import safeyaml

    def parse(*a, **kw):
        raise AssertionError("parsed before the permission check")

    monkeypatch.setattr(safeyaml, "load", parse)
    for user in (cast.clerk_a, cast.viewer_a1, cast.outsider):
        r = _upload(client_of(user), LAUGHS.encode())
        assert r.status_code == 403, (user, r.status_code)
        api = client_of(user).post(
            "/api/v1/contests/competitions", {"scheme": LAUGHS}, content_type="application/json"
        )
        assert api.status_code == 403 and api.json()["code"] == "forbidden"


def test_a_scheme_that_is_yaml_text_inside_yaml_is_not_parsed_twice(cast, client_of):
    quoted = "'" + LAUGHS.replace("'", "''") + "'"
    r = client_of(cast.admin).post(
        "/api/v1/contests/competitions", {"scheme": quoted}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["code"] == "bad_scheme"


def test_a_good_scheme_still_imports_from_a_file(cast, client_of):
    r = _upload(client_of(cast.admin), SCHEME.encode("utf-8-sig"))
    assert r.status_code == 302, r.content[:300]
    assert Competition.objects.filter(code="county-race").exists()
